"""Claims, entities and catalogue entries as RDF 1.1, one named graph per article.

Each fact is written twice on purpose: as a claim node that carries its provenance (RDF
reification vocabulary, PROV-O and a Web Annotation selector pair) and as the plain shortcut
triple, so simple queries stay simple. No blank nodes: every node has an IRI, which keeps the
output deterministic and lets any store merge releases.

Terms are built as N-Triples text for the streaming writer (serialize.py).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from ockg.build.catalogue import Article
from ockg.build.literals import partial_date
from ockg.build.mapping import Claim, Entity, Entry, Span
from ockg.names import (
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
)
from ockg.serialize import Graph, individual, iri, term, text, typed

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
# the predicates every claim has, and those of a quote and its selectors
_CLAIM_CORE = (A, _SUBJECT, _PREDICATE, _OBJECT, _ACCORDING_TO, _CERTAINTY, _MAPPING_FILE, _MAPPING_LINE)
_QUOTE = (A, _HAS_SOURCE, _HAS_SELECTOR, _HAS_SELECTOR)
_EXACT_SELECTOR = (A, _EXACT, _PREFIX, _SUFFIX)
_POSITION_SELECTOR = (A, _START, _END)


def article_iri(article_id: str) -> str:
    return individual("article", article_slug(article_id))


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
        self._named: dict[NamedNode, str] = {}  # entities, classes, properties, concepts: as many as they are
        self._articles: dict[str, tuple[str, str]] = {}  # slug and IRI of each article

    def graph(self, article: Article, labels: list[Entity], claims: list[Claim], new_spans: set[Span]) -> Graph:
        """The article's graph: its catalogue entry, the labels of the entities it declares, its claims."""
        graph = Graph(iri(article_graph(article.id)))
        self._article(graph, article)
        for e in labels:
            graph.add(self._term(e.iri), LABEL, text(e.label, "en"))
        tails: dict[Entry, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        described: dict[Span, str] = {}
        for claim in claims:
            self._claim(graph, claim, tails, described, new_spans)
        return graph

    def _term(self, node: NamedNode | Literal) -> str:
        """The N-Triples text of a term, kept for named nodes, which recur."""
        if not isinstance(node, NamedNode):
            return term(node)
        found = self._named.get(node)
        if found is None:
            found = self._named[node] = term(node)
        return found

    def _slug_and_iri(self, article_id: str) -> tuple[str, str]:
        found = self._articles.get(article_id)
        if found is None:
            found = self._articles[article_id] = (article_slug(article_id), article_iri(article_id))
        return found

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
        graph.describe(self._slug_and_iri(article.id)[1], pairs)

    def _claim(self, graph: Graph, claim: Claim, tails: dict[Entry, tuple[tuple[str, ...], tuple[str, ...]]],
               described: dict[Span, str], new_spans: set[Span]) -> None:
        s, p, o = self._term(claim.subject), self._term(claim.predicate), self._term(claim.object)
        fact = f"{s} {p} {o}"
        graph.add(s, p, o, fact not in self.facts)
        self.facts.add(fact)
        tail = tails.get(claim.entry)
        if tail is None:
            tail = tails[claim.entry] = self._tail(graph, claim, described, new_spans)
        graph.node(individual("claim", claim.key), tail[0], (_CLAIM, s, p, o, *tail[1]))

    def _tail(self, graph: Graph, claim: Claim, described: dict[Span, str],
              new_spans: set[Span]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The predicates of claim's node, and its objects but the first four: what all claims of its entry
        share. Quotes not yet described in graph are described."""
        entry = claim.entry
        predicates = [*_CLAIM_CORE]
        objects = [self._term(entry.by), self._term(entry.certainty), text(entry.file),
                   typed(str(entry.line), _POSITIVE)]
        for article in sorted({claim.article, *(span.article for span in entry.evidence)}):
            predicates.append(_DERIVED_FROM)
            objects.append(self._slug_and_iri(article)[1])
        for span in dict.fromkeys(entry.evidence):
            predicates.append(_EVIDENCE)
            quote = described.get(span)
            if quote is None:
                quote = described[span] = self._quote(graph, span, span in new_spans)
            objects.append(quote)
        optional = ((_ROLE, entry.role and text(entry.role)), (_START_DATE, entry.start and term(entry.start)),
                    (_END_DATE, entry.end and term(entry.end)), (_NOTE, entry.note and text(entry.note)))
        for predicate, value in optional:
            if value:
                predicates.append(predicate)
                objects.append(value)
        for other in dict.fromkeys(entry.contradicts):
            predicates.append(_CONTRADICTS)
            objects.append(individual("claim", other))
        return tuple(predicates), tuple(objects)

    def _quote(self, graph: Graph, span: Span, fresh: bool) -> str:
        """The IRI of span's quote, described in graph with its two selectors."""
        slug, source_iri = self._slug_and_iri(span.article)
        base = f"{slug}-{span.start}-{span.end}"
        quote = individual("quote", base)
        exact, position = individual("selector", base + "-exact"), individual("selector", base + "-position")
        source = self.texts[span.article]
        graph.node(quote, _QUOTE, (_SPECIFIC_RESOURCE, source_iri, exact, position), fresh)
        graph.node(exact, _EXACT_SELECTOR, (_TEXT_QUOTE_SELECTOR, text(span.exact),
                                            text(source[max(0, span.start - CONTEXT):span.start]),
                                            text(source[span.end:span.end + CONTEXT])), fresh)
        graph.node(position, _POSITION_SELECTOR, (_TEXT_POSITION_SELECTOR, typed(str(span.start), NON_NEGATIVE),
                                                  typed(str(span.end), NON_NEGATIVE)), fresh)
        return quote
