"""The data graph as the ockg SHACL engine reads it: the triples of some RDF files, indexed by predicate.

Files are read with Oxigraph's parser, which keeps every literal as written (Oxigraph's *store*
would turn xsd:nonNegativeInteger into xsd:integer, which the shapes check), and named graphs are
merged, as pySHACL merges them. Every SHACL path and target in shapes/ names its predicate, so two
maps per predicate (subject to objects, object to subjects) answer every look-up the engine makes.
"""

from __future__ import annotations

from collections.abc import Iterator, KeysView
from functools import cache
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse
from rdflib import XSD, URIRef
from rdflib.term import Node

from ockg.store import parsing, rdf_format

Term = NamedNode | BlankNode | Literal
Triple = tuple[Term, NamedNode, Term]
NOTHING: frozenset[Term] = frozenset()


class Triples:
    """A set of triples with subject and object look-ups per predicate. Subjects may be literals:
    RDFS inference types literals too (rdfs3, rdfs4b), as it does in pySHACL."""

    def __init__(self) -> None:
        self.forward: dict[NamedNode, dict[Term, set[Term]]] = {}
        self.backward: dict[NamedNode, dict[Term, set[Term]]] = {}
        self.size = 0

    def add(self, s: Term, p: NamedNode, o: Term) -> bool:
        """Add one triple; True if it was not there yet."""
        objects = self.forward.setdefault(p, {}).setdefault(s, set())
        if o in objects:
            return False
        objects.add(o)
        self.backward.setdefault(p, {}).setdefault(o, set()).add(s)
        self.size += 1
        return True

    def objects(self, s: Term, p: NamedNode) -> set[Term] | frozenset[Term]:
        return self.forward.get(p, {}).get(s, NOTHING)

    def subjects(self, p: NamedNode, o: Term) -> set[Term] | frozenset[Term]:
        return self.backward.get(p, {}).get(o, NOTHING)

    def subjects_of(self, p: NamedNode) -> KeysView[Term]:
        return self.forward.get(p, {}).keys()

    def objects_of(self, p: NamedNode) -> KeysView[Term]:
        return self.backward.get(p, {}).keys()

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self.objects(s, p)

    def __iter__(self) -> Iterator[Triple]:
        for p, by_subject in self.forward.items():
            for s, objects in by_subject.items():
                for o in objects:
                    yield s, p, o

    def __len__(self) -> int:
        return self.size


def read(files: list[Path], shown: list[str]) -> Triples:
    """The union of the triples of every file, each error naming its file (and line, where the
    parser gives one)."""
    triples = Triples()
    for path, name in zip(files, shown, strict=True):
        fmt = rdf_format(path, name)
        with parsing(name):
            _add_file(triples, path, fmt)
    return triples


def _add_file(triples: Triples, path: Path, fmt: RdfFormat) -> None:
    """Blank node labels are scoped to their file, as RDF says and rdflib parses them; Oxigraph's
    parser keeps a written label such as _:b0 as it is, which would merge nodes of two files."""
    fresh: dict[BlankNode, BlankNode] = {}
    for quad in parse(path=str(path), format=fmt):
        s, o = quad.subject, quad.object
        if isinstance(s, BlankNode):
            s = fresh.setdefault(s, BlankNode())
        if isinstance(o, BlankNode):
            o = fresh.setdefault(o, BlankNode())
        triples.add(s, quad.predicate, o)


def ox(node: Node) -> Term:
    """A shapes-graph term as the data graph holds it."""
    if isinstance(node, URIRef):
        return NamedNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return Literal(str(node), language=node.language)
        return Literal(str(node), datatype=NamedNode(str(node.datatype or XSD.string)))
    return BlankNode(str(node))


@cache
def lexical(term: Term) -> rdflib.term.Identifier:
    """A data term as rdflib (and so pySHACL) reads it: xsd:string literals carry no datatype."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


class View:
    """The triples through the rdflib Graph methods the validation report reads (labels, the
    claims behind a node), so one report serves both engines."""

    def __init__(self, triples: Triples) -> None:
        self.triples = triples

    def value(self, s: Node, p: URIRef) -> Node | None:
        found = sorted(self.objects(s, p), key=str)
        return found[0] if found else None

    def objects(self, s: Node, p: URIRef) -> list[Node]:
        return [lexical(o) for o in self.triples.objects(ox(s), NamedNode(str(p)))]

    def subjects(self, p: URIRef, o: Node) -> list[Node]:
        return [lexical(s) for s in self.triples.subjects(NamedNode(str(p)), ox(o))]

    def __contains__(self, triple: tuple[Node, URIRef, Node]) -> bool:
        s, p, o = triple
        return (ox(s), NamedNode(str(p)), ox(o)) in self.triples

