"""The hand-written writers: every file parses back, with pyoxigraph and rdflib, to the quads written."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

from ockg import serialize

XSD = "http://www.w3.org/2001/XMLSchema#"
OCKG = "https://w3id.org/ockg/def/"
G1, G2 = NamedNode("https://w3id.org/ockg/graph/one"), NamedNode("https://w3id.org/ockg/graph/two")
S = NamedNode("https://w3id.org/ockg/id/person/someone")
TRICKY_TEXTS = ['say "hi"', "back\\slash", "line\nbreak\r\n", "tab\there", "bell\x07 and del\x7f", "é, 中文, 🙂",
                '"""', "ends with \\", "", " .\n", "{braces} and %s and {0}"]
OBJECTS: list[NamedNode | BlankNode | Literal] = [
    *(Literal(t) for t in TRICKY_TEXTS),
    Literal("bonjour", language="fr"), Literal("hello", language="en-GB"),
    Literal("42", datatype=NamedNode(XSD + "integer")), Literal("-7", datatype=NamedNode(XSD + "integer")),
    Literal("007", datatype=NamedNode(XSD + "integer")), Literal("1.50", datatype=NamedNode(XSD + "decimal")),
    Literal("3", datatype=NamedNode(XSD + "nonNegativeInteger")),
    Literal("2016-04", datatype=NamedNode(XSD + "gYearMonth")),
    Literal("x", datatype=NamedNode("http://example.org/datatype#odd")),
    NamedNode(OCKG + "Person"), NamedNode(OCKG), NamedNode("https://w3id.org/ockg/id/place/ends-with."),
    NamedNode("https://w3id.org/ockg/id/place/per%C3%BA"), NamedNode("https://w3id.org/ockg/id/place/a~b"),
    NamedNode("https://w3id.org/ockg/id/place/-dash"), NamedNode("http://example.org/no/prefix"),
    NamedNode("urn:isbn:0451450523"), BlankNode("b0"),
]
FORMATS = {"x.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE), "x.trig": ("trig", pyoxigraph.RdfFormat.TRIG),
           "x.nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES), "x.nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
           "x.jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD)}
# as the build's context does: individuals relative to @base, ockg terms by @vocab, p's values IRIs, q's integers
CONTEXT = serialize.JsonLdContext({"@context": {
    "@base": "https://w3id.org/ockg/id/", "@vocab": OCKG, "ockg": OCKG, "xsd": XSD,
    "p": {"@id": "ockg:p", "@type": "@id"}, "q": {"@id": "ockg:q", "@type": "xsd:integer"}}})
WRITERS = {"x.ttl": serialize.Turtle, "x.trig": serialize.TriG, "x.nt": serialize.NTriples,
           "x.nq": serialize.NQuads, "x.jsonld": lambda path: serialize.JsonLd(path, CONTEXT)}


def graphs() -> list[tuple[serialize.Graph, list[Quad]]]:
    """Two named graphs and the default graph; the second repeats a triple of the first, not new to the union."""
    p, q = serialize.term(NamedNode(OCKG + "p")), serialize.term(NamedNode(OCKG + "q"))
    one = serialize.Graph(serialize.term(G1))
    for o in OBJECTS:
        one.add(serialize.term(S), p, serialize.term(o))
    one.node(serialize.term(BlankNode("b0")), (q, q), (serialize.term(S), serialize.term(OBJECTS[0])))
    one.add(serialize.term(S), p, serialize.term(OBJECTS[0]))  # again: written once
    two = serialize.Graph(serialize.term(G2))
    two.add(serialize.term(S), p, serialize.term(OBJECTS[1]), fresh=False)
    two.add(serialize.term(S), q, serialize.term(OBJECTS[2]))
    default = serialize.Graph(None)
    default.add(serialize.term(S), q, serialize.term(OBJECTS[3]))
    p_node, q_node = NamedNode(OCKG + "p"), NamedNode(OCKG + "q")
    return [
        (one, [*(Quad(S, p_node, o, G1) for o in OBJECTS),
               Quad(BlankNode("b0"), q_node, S, G1), Quad(BlankNode("b0"), q_node, OBJECTS[0], G1)]),
        (two, [Quad(S, p_node, OBJECTS[1], G2), Quad(S, q_node, OBJECTS[2], G2)]),
        (default, [Quad(S, q_node, OBJECTS[3], DefaultGraph())]),
    ]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("written")
    sinks = [kind(folder / name) for name, kind in WRITERS.items()]
    for graph, _ in graphs():
        for sink in sinks:
            sink.write(graph)
    for sink in sinks:
        sink.close()
    return folder


def expected(name: str) -> set[tuple[str, ...]]:
    """The quads a file must hold, as N-Triples texts; union files hold triples, the union once."""
    quads = [q for _, qs in graphs() for q in qs]
    if name.endswith((".ttl", ".nt")):
        return {(str(q.subject), str(q.predicate), str(q.object), "") for q in quads}
    return {(str(q.subject), str(q.predicate), str(q.object), "" if isinstance(q.graph_name, DefaultGraph)
             else str(q.graph_name)) for q in quads}


def as_texts(quads: list[pyoxigraph.Quad]) -> set[tuple[str, ...]]:
    return {(str(q.subject), str(q.predicate), str(q.object),
             "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)) for q in quads}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_pyoxigraph_reads_back_what_was_written(written: Path, name: str) -> None:
    quads = list(pyoxigraph.parse(path=str(written / name), format=FORMATS[name][1]))
    assert as_texts(quads) == expected(name)
    assert len(quads) == len(expected(name)) or name.endswith(".jsonld")  # each line or statement once


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdflib_reads_back_as_many_quads(written: Path, name: str) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(written / name, format=FORMATS[name][0])
    assert len(list(dataset.quads((None, None, None, None)))) == len(expected(name))


def test_turtle_is_readable(written: Path) -> None:
    turtle = (written / "x.ttl").read_text(encoding="utf-8")
    assert turtle.startswith("@prefix ockg: <https://w3id.org/ockg/def/> .\n")
    assert "\nperson:someone ockg:p " in turtle  # prefixed names; a subject's objects of one predicate together
    assert ' , 42 , -7 , 007 , 1.50 , "3"^^xsd:nonNegativeInteger , "2016-04"^^xsd:gYearMonth , ' in turtle
    assert " , <https://w3id.org/ockg/id/place/ends-with.> , " in turtle  # a prefixed name cannot end with "."


def test_writing_again_gives_the_same_bytes(written: Path, tmp_path: Path) -> None:
    """The second time, the texts of terms come from the caches: they must not change a byte."""
    sinks = {name: kind(tmp_path / name) for name, kind in WRITERS.items()}
    for graph, _ in graphs():
        for sink in sinks.values():
            sink.write(graph)
    for name, sink in sinks.items():
        sink.close()
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes()


def test_the_generic_writer_and_the_compiled_one_write_the_same_text() -> None:
    """A shape is written by the generic writer until it has been used WARM times, then by its compiled
    one: the text must not change when it switches."""
    predicates = tuple(f"<{OCKG}p{i % 3}>" for i in range(7))
    objects = tuple(serialize.term(o) for o in OBJECTS[:7])
    shape = serialize.Shape(predicates)
    names = serialize._NAMES.__getitem__
    calls = {"nt": None, "nq": "<https://w3id.org/ockg/graph/one>", "ttl": names}
    texts = {kind: {getattr(shape, kind)("<s>", objects, x) for _ in range(serialize.WARM + 2)}
             for kind, x in calls.items()}
    assert {kind: len(found) for kind, found in texts.items()} == dict.fromkeys(calls, 1)
    assert all(getattr(shape, kind).__code__.co_filename == "<string>" for kind in calls)  # compiled by now


def test_one_subject_with_50000_values_is_written_whole(tmp_path: Path) -> None:
    """The writers once compiled one function per list of predicates: 50,000 values on one subject took
    711 s. Such a subject now goes to the generic writers; the files parse back whole. (Its time is
    measured by `scripts/bench --wide`, not here.)"""
    graph = serialize.Graph(None)
    graph.describe(serialize.term(S), [(f"<{OCKG}alias>", serialize.text(f"alias {i}")) for i in range(50_000)])
    sinks = {"a.nt": serialize.NTriples, "a.ttl": serialize.Turtle,
             "a.jsonld": lambda path: serialize.JsonLd(path, CONTEXT)}
    for name, kind in sinks.items():
        sink = kind(tmp_path / name)
        sink.write(graph)
        sink.close()
    for name, fmt in {"a.nt": pyoxigraph.RdfFormat.N_TRIPLES, "a.ttl": pyoxigraph.RdfFormat.TURTLE,
                      "a.jsonld": pyoxigraph.RdfFormat.JSON_LD}.items():
        assert sum(1 for _ in pyoxigraph.parse(path=str(tmp_path / name), format=fmt)) == 50_000
