"""The RDF documents beside each page (.ttl, .jsonld), and the JSON-LD the page embeds.

An entity's document is what a Linked Data client needs to follow it: its own triples, the triples
pointing at it, the labels of everything it names, and the claims about it with their quotes and
selectors. The texts come from the release's own writers (ockg.serialize), so a page's Turtle is
written as the release files are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad

from ockg import serialize
from ockg.names import OA, SKOS
from ockg.site.release import Claim, Release


class Document:
    """The triples of one page's document, each once (the writer's graph keeps them so), in the order
    first added; quads from any graph go in as triples."""

    def __init__(self) -> None:
        self._graph = serialize.Graph(None)

    def add(self, quads: Iterable[Quad]) -> None:
        term, add = serialize.term, self._graph.add
        for q in quads:
            add(term(q.subject), term(q.predicate), term(q.object))

    def write(self, stem: Path, context: serialize.JsonLdContext) -> str:
        """Write stem.ttl and stem.jsonld (compacted with the release's published @context, as
        dist/ockg.jsonld is); return the JSON-LD for the page to embed."""
        serialize.write_turtle(self._graph, stem.with_suffix(".ttl"))
        sink = serialize.JsonLd(stem.with_suffix(".jsonld"), context)
        sink.write(self._graph)
        sink.close()
        return stem.with_suffix(".jsonld").read_text(encoding="utf-8")


def described(release: Release, node: NamedNode | BlankNode, depth: int = 3) -> Iterator[Quad]:
    """node's triples, and those of the blank nodes it holds (OWL class expressions, lists)."""
    for q in release.quads_about(node):
        yield q
        if isinstance(q.object, BlankNode) and depth:
            yield from described(release, q.object, depth - 1)


def labels(release: Release, nodes: Iterable[object]) -> Iterator[Quad]:
    for node in nodes:
        if isinstance(node, NamedNode):
            yield from release.store.quads_for_pattern(node, SKOS.prefLabel, None)


def claims(release: Release, found: Iterable[Claim]) -> Iterator[Quad]:
    """The triples of each claim, its quotes and their selectors."""
    for claim in found:
        yield from release.quads_about(NamedNode(claim.iri))
        for quote in claim.quotes:
            node = NamedNode(quote.iri)
            yield from release.quads_about(node)
            for selector in release.objects(node, OA.hasSelector):
                if isinstance(selector, NamedNode):
                    yield from release.quads_about(selector)


def entity(release: Release, node: NamedNode, found: list[Claim]) -> Document:
    doc = Document()
    own = list(release.quads_about(node))
    pointing = [q for q in release.store.quads_for_pattern(None, None, node)
                if not release.is_provenance(q.subject)]
    doc.add(own)
    doc.add(pointing)
    doc.add(labels(release, [q.object for q in own] + [q.subject for q in pointing]))
    doc.add(claims(release, found))
    return doc


def claim(release: Release, found: Claim) -> Document:
    doc = Document()
    doc.add(claims(release, [found]))
    doc.add(labels(release, [found.subject, found.object, *map(NamedNode, found.articles)]))
    return doc


def ontology_term(release: Release, node: NamedNode) -> Document:
    doc = Document()
    doc.add(described(release, node))
    return doc

