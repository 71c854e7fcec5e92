"""The data graph: RDF files merged into one N-Triples file for the engine, and read back for reports.

Files are read with Oxigraph's parser, which keeps every literal as written (Oxigraph's *store*
would turn xsd:nonNegativeInteger into xsd:integer, which the shapes check), relative IRIs are
resolved against each file's own location, named graphs are merged (as pySHACL merges them) and
blank node labels are scoped to their file, as RDF says: Oxigraph's parser keeps a written label
such as _:b0 as it is, which would join the nodes of two files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Triple, parse, serialize
from rdflib import XSD, URIRef
from rdflib.term import Node

from ockg.store import parsing, rdf_format

Term = NamedNode | BlankNode | Literal
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_PROPERTY = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Property")


def merge(files: list[Path], shown: list[str], target: Path, type_predicates: bool = False) -> Store:
    """Write the union of the files' triples to target as N-Triples, each parse error naming its
    file, and return them loaded in an Oxigraph store (for the SHACL-SPARQL constraints: its
    literals are Oxigraph's canonical forms, see literals.py; the file keeps them as written).

    With type_predicates, every predicate used is also typed rdf:Property: the RDFS rule rdf1,
    which the default engine's RDFS inference leaves out and pySHACL's applies (shapes find the
    predicates in use through it). Only the asserted triples' predicates: those RDFS inference
    adds are rdf:type, rdfs:subClassOf, rdfs:subPropertyOf and super-properties the ontology declares.
    The triples go through Oxigraph's parser and writer without a Python loop over them (a million
    triples took 7 s that way), except a file's named graphs, which are merged one quad at a time."""
    formats = [rdf_format(path, name) for path, name in zip(files, shown, strict=True)]
    with target.open("wb") as out:
        for path, name, fmt in zip(files, shown, formats, strict=True):
            with parsing(name):
                serialize(_statements(path, fmt), out, RdfFormat.N_TRIPLES)
    store = Store()
    store.bulk_load(path=str(target), format=RdfFormat.N_TRIPLES)
    if type_predicates:
        solutions = store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
        assert isinstance(solutions, QuerySolutions)
        used = sorted((row[0] for row in solutions), key=str)
        typings = [Triple(p, RDF_TYPE, RDF_PROPERTY) for p in used if isinstance(p, NamedNode)]
        with target.open("ab") as out:
            serialize(typings, out, RdfFormat.N_TRIPLES)
        store.extend(Quad(t.subject, t.predicate, t.object) for t in typings)
    return store


def read(files: list[Path], shown: list[str]) -> list[Quad]:
    """Every statement of the files (a few thousand: the shapes), named graphs merged."""
    found: list[Quad] = []
    for path, name in zip(files, shown, strict=True):
        fmt = rdf_format(path, name)
        with parsing(name):
            found.extend(_statements(path, fmt))
    return found


def _statements(path: Path, fmt: RdfFormat) -> Iterable[Quad]:
    """The file's statements with its blank nodes renamed apart (RDF scopes a label to its file;
    Oxigraph's parser would keep _:b0 as written and join the nodes of two files). A Turtle or
    N-Triples file's quads are all in the default graph, which N-Triples accepts as they are; a
    dataset's are moved there one by one."""
    quads = parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
    if fmt in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES):
        return quads
    return (Quad(q.subject, q.predicate, q.object) for q in quads)


def ox(node: Node) -> Term:
    """An rdflib term as Oxigraph holds it."""
    if isinstance(node, URIRef):
        return NamedNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return Literal(str(node), language=node.language)
        return Literal(str(node), datatype=NamedNode(str(node.datatype or XSD.string)))
    return BlankNode(str(node))


def lexical(term: Term) -> rdflib.term.Identifier:
    """An Oxigraph term as rdflib (and so pySHACL) reads it: xsd:string literals carry no datatype."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


class View:
    """The merged data through the rdflib Graph methods the report reads (labels, the claims
    behind a node). An Oxigraph store: the report looks up a few nodes per result, and loading
    a million triples into it takes seconds where rdflib would take minutes."""

    def __init__(self, merged: Path) -> None:
        self.store = Store()
        self.store.bulk_load(path=str(merged), format=RdfFormat.N_TRIPLES)

    def value(self, s: Node, p: URIRef) -> Node | None:
        found = sorted(self.objects(s, p), key=str)
        return found[0] if found else None

    def objects(self, s: Node, p: URIRef) -> list[Node]:
        subject = ox(s)
        if isinstance(subject, Literal):
            return []
        return [lexical(q.object) for q in self.store.quads_for_pattern(subject, NamedNode(str(p)), None)
                if not isinstance(q.object, Triple)]

    def subjects(self, p: URIRef, o: Node) -> list[Node]:
        return [lexical(q.subject) for q in self.store.quads_for_pattern(None, NamedNode(str(p)), ox(o))
                if not isinstance(q.subject, Triple)]

    def __contains__(self, triple: tuple[Node, URIRef, Node]) -> bool:
        s, p, o = triple
        subject = ox(s)
        if isinstance(subject, Literal):
            return False
        return any(True for _ in self.store.quads_for_pattern(subject, NamedNode(str(p)), ox(o)))
