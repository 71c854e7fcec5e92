"""Claims, entities and catalogue entries as RDF 1.1 quads, one named graph per article.

Each fact is written twice on purpose: as a claim node that carries its provenance (RDF
reification vocabulary, PROV-O and a Web Annotation selector pair) and as the plain shortcut
triple, so simple queries stay simple. No blank nodes: every node has an IRI, which keeps the
output deterministic and lets any store merge releases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from .catalogue import Article
from .literals import partial_date
from .mapping import Claim, Entity, Span
from .names import (
    DCTERMS,
    OA,
    OCKG,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
    article_graph,
    article_slug,
    individual,
)

CONTEXT = 32  # characters of oa:prefix / oa:suffix kept around each quote


def article_iri(article_id: str) -> NamedNode:
    return individual("article", article_slug(article_id))


def article_quads(article: Article, entities: dict[str, Entity]) -> Iterator[Quad]:
    g, a = article_graph(article.id), article_iri(article.id)
    yield Quad(a, RDF.type, OCKG.Article, g)
    yield Quad(a, SKOS.prefLabel, Literal(article.label, language="en"), g)
    yield Quad(a, OCKG.fileName, Literal(article.file), g)
    yield Quad(a, OCKG.sha256, Literal(article.sha256), g)
    yield Quad(a, OCKG.textLength, Literal(str(article.length), datatype=XSD.nonNegativeInteger), g)
    if article.title:
        yield Quad(a, DCTERMS.title, Literal(article.title, language="en"), g)
    if article.publisher in entities:
        yield Quad(a, DCTERMS.publisher, entities[article.publisher].iri, g)
    if article.author in entities:
        yield Quad(a, DCTERMS.creator, entities[article.author].iri, g)
    if article.date:
        yield Quad(a, DCTERMS.issued, partial_date(article.date), g)
    if article.url:
        yield Quad(a, SCHEMA.url, NamedNode(article.url), g)
    if article.licence:
        yield Quad(a, DCTERMS.license, NamedNode(article.licence), g)
    yield Quad(a, OCKG.dateSource, Literal(article.sources["date"]), g)
    yield Quad(a, OCKG.licenceNote, Literal(article.sources["licence"]), g)


def entity_quads(entities: Iterable[Entity]) -> Iterator[Quad]:
    """Labels, in the graph of the article that declares each entity (types come from claims)."""
    for e in entities:
        yield Quad(e.iri, SKOS.prefLabel, Literal(e.label, language="en"), article_graph(e.article))


def claim_quads(claim: Claim, texts: dict[str, str]) -> Iterator[Quad]:
    g, c = article_graph(claim.article), claim.iri
    yield Quad(claim.subject, claim.predicate, claim.object, g)
    yield Quad(c, RDF.type, OCKG.Claim, g)
    yield Quad(c, RDF.subject, claim.subject, g)
    yield Quad(c, RDF.predicate, claim.predicate, g)
    yield Quad(c, RDF.object, claim.object, g)
    yield Quad(c, OCKG.accordingTo, claim.by, g)
    yield Quad(c, OCKG.certainty, claim.certainty, g)
    yield Quad(c, OCKG.mappingFile, Literal(claim.file), g)
    yield Quad(c, OCKG.mappingLine, Literal(str(claim.line), datatype=XSD.positiveInteger), g)
    for article in sorted({claim.article, *(s.article for s in claim.evidence)}):
        yield Quad(c, PROV.wasDerivedFrom, article_iri(article), g)
    for span in claim.evidence:
        yield Quad(c, OCKG.evidence, _quote_iri(span), g)
        yield from _selector_quads(span, texts[span.article], g)
    optional = ((OCKG.role, claim.role and Literal(claim.role)), (OCKG.startDate, claim.start),
                (OCKG.endDate, claim.end), (OCKG.note, claim.note and Literal(claim.note)))
    for predicate, value in optional:
        if value:
            yield Quad(c, predicate, value, g)
    for other in claim.contradicts:
        yield Quad(c, OCKG.contradicts, other, g)


def _quote_iri(span: Span) -> NamedNode:
    return individual("quote", f"{article_slug(span.article)}-{span.start}-{span.end}")


def _selector_quads(span: Span, text: str, g: NamedNode) -> Iterator[Quad]:
    q = _quote_iri(span)
    base = f"{article_slug(span.article)}-{span.start}-{span.end}"
    exact, position = individual("selector", base + "-exact"), individual("selector", base + "-position")
    yield Quad(q, RDF.type, OA.SpecificResource, g)
    yield Quad(q, OA.hasSource, article_iri(span.article), g)
    yield Quad(q, OA.hasSelector, exact, g)
    yield Quad(q, OA.hasSelector, position, g)
    yield Quad(exact, RDF.type, OA.TextQuoteSelector, g)
    yield Quad(exact, OA.exact, Literal(span.exact), g)
    yield Quad(exact, OA.prefix, Literal(text[max(0, span.start - CONTEXT):span.start]), g)
    yield Quad(exact, OA.suffix, Literal(text[span.end:span.end + CONTEXT]), g)
    yield Quad(position, RDF.type, OA.TextPositionSelector, g)
    yield Quad(position, OA.start, Literal(str(span.start), datatype=XSD.nonNegativeInteger), g)
    yield Quad(position, OA.end, Literal(str(span.end), datatype=XSD.nonNegativeInteger), g)
