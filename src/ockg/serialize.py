"""Release files written as a stream, one named graph at a time: the dataset is never in memory whole.

Terms travel as their N-Triples text (`<iri>`, `_:b0`, `"text"@en`, `"5"^^<...#integer>`). That is the
N-Triples and N-Quads output as it stands, and Turtle, TriG and JSON-LD derive from it with a few string
operations; a pyoxigraph Quad costs about 4 µs to make, more than writing one triple to all five files.
Literal text is escaped by json's encoder: its escapes (\\" \\\\ \\n \\r \\t \\b \\f \\uXXXX) are valid in
N-Triples, Turtle and JSON alike, so one quoted text serves every format.

Output is deterministic without sorting: graphs come in the order they are written, and within a graph
subjects and predicates in the order they were first added.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import Protocol

from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, DefaultGraph, Literal, NamedNode, Quad, Triple

from .names import PREFIXES

XSD_STRING = PREFIXES["xsd"] + "string"
RDF_TYPE = f"<{PREFIXES['rdf']}type>"
_NAMESPACES = {namespace: prefix for prefix, namespace in PREFIXES.items()}
# a conservative, ASCII-only PN_LOCAL: anything else keeps its full <IRI>
_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
# typed literals Turtle writes bare: xsd:integer and xsd:decimal in their plain lexical forms
_BARE = {f"<{PREFIXES['xsd']}integer>": re.compile(r"[+-]?[0-9]+"),
         f"<{PREFIXES['xsd']}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+")}
TAB = "\t"
_TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, language: str | None = None) -> str:
    """A string literal, with a language tag if given."""
    return f"{encode_basestring(value)}@{language}" if language else encode_basestring(value)


def typed(value: str, datatype: str) -> str:
    """A literal of datatype, given as N-Triples text (`<http://...#integer>`)."""
    return f"{encode_basestring(value)}^^{datatype}"


def term(node: NamedNode | BlankNode | Literal | Triple) -> str:
    """A pyoxigraph term as N-Triples text, escaped as this module escapes literals."""
    if isinstance(node, Triple):
        raise ValueError(f"RDF 1.2 triple terms are not written: {node}")
    if isinstance(node, NamedNode):
        return f"<{node.value}>"
    if isinstance(node, BlankNode):
        return f"_:{node.value}"
    if node.language:
        return text(node.value, node.language)
    datatype = node.datatype.value
    return text(node.value) if datatype == XSD_STRING else typed(node.value, f"<{datatype}>")


class Graph:
    """The triples of one graph (name None: the default graph), grouped by subject then predicate, each once.

    Each triple also records whether the union of all graphs (ockg.ttl, ockg.nt) still lacks it. Only the
    caller knows which triples another graph may hold too, so it says: the first add of a triple decides.
    """

    __slots__ = ("name", "subjects")

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.subjects: dict[str, dict[str, dict[str, bool]]] = {}

    def add(self, s: str, p: str, o: str, fresh: bool = True) -> None:
        self.describe(s, ((p, o),), fresh)

    def describe(self, s: str, pairs: Iterable[tuple[str, str]], fresh: bool = True) -> None:
        """Add (s, p, o) for every (p, o) of pairs."""
        predicates = self.subjects.get(s)
        if predicates is None:
            predicates = self.subjects[s] = {}
        for p, o in pairs:
            objects = predicates.get(p)
            if objects is None:
                predicates[p] = {o: fresh}
            elif o not in objects:
                objects[o] = fresh

    def union_part(self) -> Iterator[tuple[str, list[tuple[str, list[str]]]]]:
        """(subject, [(predicate, objects)]) of the triples new to the union, without empty groups."""
        for s, predicates in self.subjects.items():
            kept = [(p, [o for o, fresh in objects.items() if fresh]) for p, objects in predicates.items()]
            kept = [(p, objects) for p, objects in kept if objects]
            if kept:
                yield s, kept

    def whole(self) -> Iterator[tuple[str, list[tuple[str, list[str]]]]]:
        """(subject, [(predicate, objects)]) of every triple."""
        for s, predicates in self.subjects.items():
            yield s, [(p, list(objects)) for p, objects in predicates.items()]


Groups = Iterable[tuple[str, list[tuple[str, list[str]]]]]


class Sink(Protocol):
    """Where graphs go: a release file, or the counts the VoID gives."""

    def write(self, graph: Graph) -> None: ...

    def close(self) -> None: ...


class _File:
    """One output file, written through a large buffer; header and footer frame the graphs."""

    footer = ""

    def __init__(self, path: Path, header: str = "") -> None:
        self._out = path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self._out.write(header)

    def close(self) -> None:
        self._out.write(self.footer)
        self._out.close()


class NTriples(_File):
    """The union of all graphs as N-Triples: each triple once."""

    def write(self, graph: Graph) -> None:
        self._out.write("".join(_lines(graph.union_part(), " .\n")))


class NQuads(_File):
    """Every graph as N-Quads, for the bulk loaders of Virtuoso, QLever and GraphDB."""

    def write(self, graph: Graph) -> None:
        self._out.write("".join(_lines(graph.whole(), f" {graph.name} .\n" if graph.name else " .\n")))


def _lines(groups: Groups, end: str) -> Iterator[str]:
    for s, predicates in groups:
        for p, objects in predicates:
            head = f"{s} {p} "
            for o in objects:
                yield head + o + end


class Turtle(_File):
    """The union of all graphs as Turtle, each subject's triples together within one graph."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _TURTLE_PREFIXES)

    def write(self, graph: Graph) -> None:
        self._out.write("".join(_turtle(graph.union_part(), "")))


class TriG(_File):
    """Every graph as TriG, with the prefixes of Turtle."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _TURTLE_PREFIXES)

    def write(self, graph: Graph) -> None:
        if graph.name is None:
            self._out.write("".join(_turtle(graph.whole(), "")))
        else:
            self._out.write(f"{graph.name} {{\n{''.join(_turtle(graph.whole(), TAB))}}}\n")


def _turtle(groups: Groups, indent: str) -> Iterator[str]:
    names: dict[str, str] = {}  # Turtle text of each term met in this graph

    def name(term: str) -> str:
        found = names.get(term)
        if found is None:
            found = names[term] = _turtle_term(term)
        return found

    between = f" ;\n{indent}\t"
    for s, predicates in groups:
        yield indent + name(s) + " " + between.join(
            ("a" if p == RDF_TYPE else name(p)) + " " + " , ".join(map(name, objects))
            for p, objects in predicates) + " .\n"


def _turtle_term(term: str) -> str:
    """A prefixed name where one fits; integers and decimals bare; anything else as in N-Triples."""
    if term[0] == "<":
        value = term[1:-1]
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        prefix = _NAMESPACES.get(value[:cut])
        return f"{prefix}:{value[cut:]}" if prefix and _LOCAL.fullmatch(value, cut) else term
    if term[-1] != ">":  # blank node, plain or language-tagged literal
        return term
    cut = term.rindex('"^^<') + 1
    bare = _BARE.get(term[cut + 2:])
    if bare is not None and bare.fullmatch(term, 1, cut - 1):
        return term[1:cut - 1]
    return term[:cut + 2] + _turtle_term(term[cut + 2:])


class JsonLd(_File):
    """Every graph as expanded JSON-LD: one array of graph objects, one node object per subject."""

    footer = "\n]\n"

    def __init__(self, path: Path) -> None:
        super().__init__(path, "[")
        self._first = True

    def write(self, graph: Graph) -> None:
        nodes = ",\n".join(_json_node(s, predicates) for s, predicates in graph.whole())
        if not nodes:
            return
        if graph.name is not None:
            nodes = f'{{"@id":"{graph.name[1:-1]}","@graph":[\n{nodes}\n]}}'
        self._out.write(("\n" if self._first else ",\n") + nodes)
        self._first = False


def _json_node(s: str, predicates: list[tuple[str, list[str]]]) -> str:
    values = "".join(f',"{p[1:-1]}":[{",".join(map(_json_value, objects))}]' for p, objects in predicates)
    return f'{{"@id":"{s[1:-1] if s[0] == "<" else s}"{values}}}'


def _json_value(term: str) -> str:
    """IRIs never hold a quote or a backslash, and literal text is already a JSON string."""
    if term[0] == "<":
        return f'{{"@id":"{term[1:-1]}"}}'
    if term[0] == "_":
        return f'{{"@id":"{term}"}}'
    end = term.rindex('"') + 1
    if end == len(term):
        return f'{{"@value":{term}}}'
    if term[end] == "@":
        return f'{{"@language":"{term[end + 1:]}","@value":{term[:end]}}}'
    return f'{{"@type":"{term[end + 3:-1]}","@value":{term[:end]}}}'


class Stats:
    """What the VoID counts, over the union of all graphs: triples, distinct subjects and objects, and the
    triples per class and per property. Only these sets grow with the dataset."""

    def __init__(self) -> None:
        self.triples = 0
        self.subjects: set[str] = set()
        self.objects: set[str] = set()
        self.classes: Counter[str] = Counter()
        self.properties: Counter[str] = Counter()

    def write(self, graph: Graph) -> None:
        for s, predicates in graph.union_part():
            self.subjects.add(s)
            for p, objects in predicates:
                self.triples += len(objects)
                self.properties[p] += len(objects)
                self.objects.update(objects)
                if p == RDF_TYPE:
                    self.classes.update(objects)

    def close(self) -> None:
        """Nothing to release: the counts stay readable."""


def graphs(quads: Iterable[Quad]) -> Iterator[Graph]:
    """Quads as graphs, one per run of quads in the same graph: a TriG file parses to one run per block."""
    graph: Graph | None = None
    for q in quads:
        name = None if isinstance(q.graph_name, DefaultGraph) else term(q.graph_name)
        if graph is None or graph.name != name:
            if graph is not None:
                yield graph
            graph = Graph(name)
        graph.add(term(q.subject), term(q.predicate), term(q.object))
    if graph is not None:
        yield graph


def canonical(quads: Iterable[Quad]) -> list[Quad]:
    """Quads with canonical blank-node labels (RDFC-1.0 as Oxigraph implements it), fully sorted.

    A Dataset's iteration order is not stable across processes, so the result is sorted: this
    is for the ontology, small enough that a full sort costs nothing.
    """
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return sorted(dataset, key=str)


def triples_graph(triples: Iterable[Triple], name: str | None = None) -> Graph:
    """Triples as one graph (by default the default graph), in the order given."""
    graph = Graph(name)
    for t in triples:
        graph.add(term(t.subject), term(t.predicate), term(t.object))
    return graph


def write_turtle(graph: Graph, path: Path) -> None:
    """A Turtle file of one graph: the ontology, the VoID, the inferences."""
    out = Turtle(path)
    out.write(graph)
    out.close()
