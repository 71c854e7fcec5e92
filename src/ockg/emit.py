"""Claims, entities and catalogue entries as RDF 1.1, one named graph per article.

Each fact is written twice on purpose: as a claim node that carries its provenance (RDF
reification vocabulary, PROV-O and a Web Annotation selector pair) and as the plain shortcut
triple, so simple queries stay simple. No blank nodes: every node has an IRI, which keeps the
output deterministic and lets any store merge releases.

Terms are built as N-Triples text for the streaming writer (serialize.py).
"""

from __future__ import annotations

from pyoxigraph import NamedNode

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
    individual_iri,
)
from .serialize import Graph, iri, term, text, typed

CONTEXT = 32  # characters of oa:prefix / oa:suffix kept around each quote

A, LABEL, NON_NEGATIVE = term(RDF.type), term(SKOS.prefLabel), term(XSD.nonNegativeInteger)
_CLAIM, _ACCORDING_TO, _CERTAINTY = term(OCKG.Claim), term(OCKG.accordingTo), term(OCKG.certainty)
_SUBJECT, _PREDICATE, _OBJECT = term(RDF.subject), term(RDF.predicate), term(RDF.object)
_MAPPING_FILE, _MAPPING_LINE, _POSITIVE = term(OCKG.mappingFile), term(OCKG.mappingLine), term(XSD.positiveInteger)
_DERIVED_FROM, _EVIDENCE, _CONTRADICTS = term(PROV.wasDerivedFrom), term(OCKG.evidence), term(OCKG.contradicts)
_ROLE, _START_DATE, _END_DATE, _NOTE = term(OCKG.role), term(OCKG.startDate), term(OCKG.endDate), term(OCKG.note)
_SPECIFIC_RESOURCE, _HAS_SOURCE, _HAS_SELECTOR = term(OA.SpecificResource), term(OA.hasSource), term(OA.hasSelector)
_TEXT_QUOTE_SELECTOR, _EXACT = term(OA.TextQuoteSelector), term(OA.exact)
_PREFIX, _SUFFIX = term(OA.prefix), term(OA.suffix)
_TEXT_POSITION_SELECTOR, _START, _END = term(OA.TextPositionSelector), term(OA.start), term(OA.end)


def article_iri(article_id: str) -> str:
    return iri(individual_iri("article", article_slug(article_id)))


class Emitter:
    """Builds the graph of each article in turn.

    Two graphs can share only two kinds of triples: a fact several articles state, and the description
    of a quote that claims of several articles cite. Everything else (the article, its entities' labels,
    its claims) is about nodes minted for that one article. So the emitter remembers the facts already
    written, and is told which quotes no earlier graph described: that is how each triple reaches the
    union of all graphs (ockg.ttl, ockg.nt) once.
    """

    def __init__(self, entities: dict[str, Entity], texts: dict[str, str]) -> None:
        self.entities = entities
        self.texts = texts
        self.facts: set[str] = set()

    def graph(self, article: Article, labels: list[Entity], claims: list[Claim], new_spans: set[Span]) -> Graph:
        """The article's graph: its catalogue entry, the labels of the entities it declares, its claims."""
        graph = Graph(iri(article_graph(article.id)))
        self._article(graph, article)
        for e in labels:
            graph.add(term(e.iri), LABEL, text(e.label, "en"))
        described: set[Span] = set()
        for claim in claims:
            self._claim(graph, claim, described, new_spans)
        return graph

    def _article(self, graph: Graph, article: Article) -> None:
        pairs = [(A, term(OCKG.Article)), (LABEL, text(article.label, "en")),
                 (term(OCKG.fileName), text(article.file)), (term(OCKG.sha256), text(article.sha256)),
                 (term(OCKG.textLength), typed(str(article.length), NON_NEGATIVE))]
        if article.title:
            pairs.append((term(DCTERMS.title), text(article.title, "en")))
        if article.publisher in self.entities:
            pairs.append((term(DCTERMS.publisher), term(self.entities[article.publisher].iri)))
        if article.author in self.entities:
            pairs.append((term(DCTERMS.creator), term(self.entities[article.author].iri)))
        if article.date:
            pairs.append((term(DCTERMS.issued), term(partial_date(article.date))))
        if article.url:
            pairs.append((term(SCHEMA.url), term(NamedNode(article.url))))
        if article.licence:
            pairs.append((term(DCTERMS.license), term(NamedNode(article.licence))))
        pairs += [(term(OCKG.dateSource), text(article.sources["date"])),
                  (term(OCKG.licenceNote), text(article.sources["licence"]))]
        graph.describe(article_iri(article.id), pairs)

    def _claim(self, graph: Graph, claim: Claim, described: set[Span], new_spans: set[Span]) -> None:
        s, p, o = term(claim.subject), term(claim.predicate), term(claim.object)
        fact = f"{s} {p} {o}"
        graph.add(s, p, o, fact not in self.facts)
        self.facts.add(fact)
        pairs = [(A, _CLAIM), (_SUBJECT, s), (_PREDICATE, p), (_OBJECT, o), (_ACCORDING_TO, term(claim.by)),
                 (_CERTAINTY, term(claim.certainty)), (_MAPPING_FILE, text(claim.file)),
                 (_MAPPING_LINE, typed(str(claim.line), _POSITIVE))]
        sources = sorted({claim.article, *(e.article for e in claim.evidence)})
        pairs += [(_DERIVED_FROM, article_iri(a)) for a in sources]
        for span in claim.evidence:
            pairs.append((_EVIDENCE, _quote_iri(span)))
            if span not in described:
                described.add(span)
                self._selectors(graph, span, span in new_spans)
        if claim.role:
            pairs.append((_ROLE, text(claim.role)))
        if claim.start:
            pairs.append((_START_DATE, term(claim.start)))
        if claim.end:
            pairs.append((_END_DATE, term(claim.end)))
        if claim.note:
            pairs.append((_NOTE, text(claim.note)))
        pairs += [(_CONTRADICTS, term(other)) for other in claim.contradicts]
        graph.describe(term(claim.iri), pairs)

    def _selectors(self, graph: Graph, span: Span, fresh: bool) -> None:
        base = f"{article_slug(span.article)}-{span.start}-{span.end}"
        quote = iri(individual_iri("quote", base))
        exact = iri(individual_iri("selector", base + "-exact"))
        position = iri(individual_iri("selector", base + "-position"))
        source = self.texts[span.article]
        graph.describe(quote, [(A, _SPECIFIC_RESOURCE), (_HAS_SOURCE, article_iri(span.article)),
                               (_HAS_SELECTOR, exact), (_HAS_SELECTOR, position)], fresh)
        graph.describe(exact, [(A, _TEXT_QUOTE_SELECTOR), (_EXACT, text(span.exact)),
                               (_PREFIX, text(source[max(0, span.start - CONTEXT):span.start])),
                               (_SUFFIX, text(source[span.end:span.end + CONTEXT]))], fresh)
        graph.describe(position, [(A, _TEXT_POSITION_SELECTOR), (_START, typed(str(span.start), NON_NEGATIVE)),
                                  (_END, typed(str(span.end), NON_NEGATIVE))], fresh)


def _quote_iri(span: Span) -> str:
    return iri(individual_iri("quote", f"{article_slug(span.article)}-{span.start}-{span.end}"))
