"""The release as the site reads it: one embedded Oxigraph store, and look-ups by index.

Every page is made from a handful of pattern look-ups (`quads_for_pattern`), never from a query per
page: a look-up on an indexed store costs microseconds, so the site costs about the same per page at
any size, and only the store grows with the dataset.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store, Triple

from ockg.names import DEF, ID, INFERRED_GRAPH, OA, OCKG, ONTOLOGY_GRAPH, PROV, RDF, RDFS, SKOS
from ockg.store import load_files

Term = NamedNode | BlankNode | Literal | Triple  # the release has no triple terms; typed as pyoxigraph gives
PAGE_KINDS = ("person", "org", "place", "event", "route", "quantity", "commodity", "unit", "certainty",
              "approximation", "mode", "concealment")
# provenance nodes: described on their claim's or article's page, never as facts of an entity
HIDDEN_KINDS = ("claim", "quote", "selector")
CLAIM_LINKS = (RDF.subject, RDF.object)
# properties that take one value: two articles giving two values is a conflict to show side by side
SINGLE_VALUED = {OCKG[name] for name in ("date", "startDate", "endDate", "place", "value", "minValue", "maxValue",
                                         "year", "age", "fullName")}


def text(term: Term) -> str:
    """An IRI, a blank node's label or a literal's lexical form."""
    return str(term) if isinstance(term, Triple) else term.value


def kind(iri: str) -> str:
    """person for https://w3id.org/ockg/id/person/x; '' for anything not an individual."""
    if not iri.startswith(ID):
        return ""
    head, _, _ = iri[len(ID):].partition("/")
    return head


@dataclass(frozen=True)
class Quote:
    iri: str
    exact: str
    start: int
    end: int
    article: str


@dataclass
class Claim:
    """One fact as one article states it, with everything the pages show of it."""

    iri: str
    subject: Term
    predicate: NamedNode
    object: Term
    articles: list[str]  # the article it is drawn from; two when two articles state it in one claim
    by: str
    certainty: str
    quotes: list[Quote] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    qualifiers: list[tuple[NamedNode, Term]] = field(default_factory=list)
    mapping: str = ""

    @property
    def start(self) -> int:
        return min((q.start for q in self.quotes), default=0)


class Release:
    """Look-ups over the release: labels, types, facts and the claims behind them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._labels: dict[str, str] = {}

    @classmethod
    def load(cls, trig: Path) -> Release:
        return cls(load_files([trig]))

    # --- single values -------------------------------------------------------------------------
    def objects(self, s: NamedNode, p: NamedNode) -> list[Term]:
        """The distinct objects of (s, p) over every graph, in a stable order."""
        return sorted({q.object for q in self.store.quads_for_pattern(s, p, None)}, key=str)

    def value(self, s: NamedNode, p: NamedNode) -> str:
        found = self.objects(s, p)
        return text(found[0]) if found else ""

    def label(self, iri: str) -> str:
        """skos:prefLabel, else rdfs:label, else the IRI's last segment; kept once looked up."""
        found = self._labels.get(iri)
        if found is None:
            node = NamedNode(iri)
            found = self.value(node, SKOS.prefLabel) or self.value(node, RDFS.label)
            found = found or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            if len(self._labels) > 100_000:
                self._labels.clear()
            self._labels[iri] = found
        return found

    def types(self, s: NamedNode) -> list[str]:
        return [t.value for t in self.objects(s, RDF.type) if isinstance(t, NamedNode)]

    # --- what a page lists ---------------------------------------------------------------------
    def individuals(self, kinds: tuple[str, ...] = PAGE_KINDS) -> list[str]:
        """Every labelled individual of the given kinds, and the concept schemes, sorted by IRI."""
        found = {text(q.subject) for q in self.store.quads_for_pattern(None, SKOS.prefLabel, None)
                 if isinstance(q.subject, NamedNode) and kind(text(q.subject)) in kinds}
        return sorted(found)

    def articles(self) -> list[str]:
        return sorted(text(q.subject) for q in self.store.quads_for_pattern(None, RDF.type, OCKG.Article))

    def claims_of_article(self, article: str) -> list[str]:
        return [text(q.subject) for q in self.store.quads_for_pattern(None, PROV.wasDerivedFrom, NamedNode(article))
                if kind(text(q.subject)) == "claim"]

    def claim_iris(self) -> Iterator[str]:
        for q in self.store.quads_for_pattern(None, RDF.type, OCKG.Claim):
            yield text(q.subject)

    def terms(self) -> list[str]:
        """Every term the ontology declares under def/."""
        found = {text(q.subject) for q in self.store.quads_for_pattern(None, RDF.type, None, ONTOLOGY_GRAPH)
                 if isinstance(q.subject, NamedNode) and text(q.subject).startswith(DEF) and text(q.subject) != DEF}
        return sorted(found)

    # --- one resource --------------------------------------------------------------------------
    def outgoing(self, s: NamedNode) -> dict[tuple[NamedNode, Term], bool]:
        """Each (predicate, object) of s, and whether only the reasoner says it."""
        found: dict[tuple[NamedNode, Term], bool] = {}
        for q in self.store.quads_for_pattern(s, None, None):
            key = (q.predicate, q.object)
            found[key] = found.get(key, True) and q.graph_name == INFERRED_GRAPH
        return found

    def incoming(self, o: NamedNode) -> dict[tuple[NamedNode, Term], bool]:
        """Each (predicate, subject) pointing at o, but not from provenance nodes (claims, quotes)."""
        found: dict[tuple[NamedNode, Term], bool] = {}
        for q in self.store.quads_for_pattern(None, None, o):
            if self.is_provenance(q.subject):
                continue
            key = (q.predicate, q.subject)
            found[key] = found.get(key, True) and q.graph_name == INFERRED_GRAPH
        return found

    def claims_about(self, node: NamedNode) -> list[Claim]:
        """The claims with node as their subject or their object."""
        iris = {text(q.subject) for p in CLAIM_LINKS for q in self.store.quads_for_pattern(None, p, node)}
        return [self.claim(iri) for iri in sorted(iris)]

    def claim(self, iri: str) -> Claim:
        """A claim with its quotes, attribution and certainty, read from its own triples."""
        node = NamedNode(iri)
        values: dict[NamedNode, list[Term]] = {}
        for q in self.store.quads_for_pattern(node, None, None):
            values.setdefault(q.predicate, []).append(q.object)
        first = {p: v[0] for p, v in values.items()}
        claim = Claim(iri, first[RDF.subject], first[RDF.predicate], first[RDF.object],  # type: ignore[arg-type]
                      sorted(text(a) for a in values[PROV.wasDerivedFrom]), self.label(text(first[OCKG.accordingTo])),
                      self.label(text(first[OCKG.certainty])))
        claim.quotes = sorted((self.quote(text(e)) for e in values.get(OCKG.evidence, ())), key=lambda q: q.start)
        claim.contradicts = sorted(text(o) for o in values.get(OCKG.contradicts, ()))
        claim.notes = sorted(text(o) for o in values.get(OCKG.note, ()))
        claim.qualifiers = sorted(((p, o) for p in (OCKG.role, OCKG.startDate, OCKG.endDate)
                                   for o in values.get(p, ())), key=str)
        line = values.get(OCKG.mappingLine)
        claim.mapping = f"{text(first[OCKG.mappingFile])}:{text(line[0])}" if line else ""
        return claim

    def quote(self, iri: str) -> Quote:
        node = NamedNode(iri)
        exact, start, end = "", 0, 0
        for q in self.store.quads_for_pattern(node, OA.hasSelector, None):
            selector = q.object
            assert isinstance(selector, NamedNode)
            for s in self.store.quads_for_pattern(selector, None, None):
                if s.predicate == OA.exact:
                    exact = text(s.object)
                elif s.predicate == OA.start:
                    start = int(text(s.object))
                elif s.predicate == OA.end:
                    end = int(text(s.object))
        return Quote(iri, exact, start, end, self.value(node, OA.hasSource))

    @staticmethod
    def is_provenance(node: object) -> bool:
        """Claims, quotes and selectors: shown on their own pages, never as facts of an entity."""
        return isinstance(node, NamedNode) and kind(node.value) in HIDDEN_KINDS

    def quads_about(self, s: NamedNode | BlankNode) -> Iterator[Quad]:
        return iter(self.store.quads_for_pattern(s, None, None))
