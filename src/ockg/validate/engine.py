"""The default SHACL engine: `shacl`, a maintained SHACL Core and SHACL-SPARQL validator in Rust.

It replaced a hand-written engine that passed 62 of the 121 W3C validation tests (and answered 29
others wrongly, without a word); `shacl` passes 120, and the one it gets wrong (a subquery that
drops $this) shapes.check refuses before it runs. On the seed KG it gives pySHACL's results in
0.3 s against 13 s. The shapes graph goes to it as one N-Triples document (it follows no
owl:imports), the data as the merged N-Triples file data.merge writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shacl as rust_shacl
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, serialize
from rdflib import XSD, Graph

from ockg.errors import InputError, Location
from ockg.validate import data, literals, rdfs, sparql
from ockg.validate.shacl import SH
from ockg.validate.shapes import Shapes

DEACTIVATED, SPARQL = NamedNode(str(SH.deactivated)), NamedNode(str(SH.sparql))
TRUE = Literal("true", datatype=NamedNode(str(XSD.boolean)))


def validate(merged: Path, store: Store, shapes: Shapes, inference: bool, whole_graph: bool = True,
             step: Callable[[str], None] = lambda _: None) -> Graph:
    """The sh:ValidationReport of the merged data (with the RDFS closure when `inference`).

    The SPARQL constraints sparql.py can run over the whole graph run first on `store` (the same
    data, closed here when `inference`); the engine checks the rest. `whole_graph=False` leaves
    them all to the engine, which the tests hold the store to."""
    statements = _statements(shapes)
    graph = Graph()
    for q in statements:
        graph.add((data.lexical(q.subject), data.lexical(q.predicate), data.lexical(q.object)))  # type: ignore[arg-type]
    fidelity = literals.scan(merged)
    jobs = sparql.runnable(sparql.plan(graph), fidelity) if whole_graph else []
    if inference and jobs:
        step("RDFS closure on Oxigraph")
        rdfs.close(store)
    step(f"{len(jobs)} SPARQL constraints, each once over the whole graph on Oxigraph")
    found, done = sparql.run(jobs, store, fidelity, graph)
    step("the other constraints in the engine")
    compiled = _compile(shapes, sparql.without(statements, done))
    try:
        report = compiled.validate_file(str(merged), inference="rdfs" if inference else "none")
    except ValueError as exc:
        raise InputError.at(Location(_shown(shapes)), f"cannot run the shapes: {_one_line(exc)}") from None
    result = Graph().parse(data=report.serialize("ntriples"), format="nt")  # rdflib reads it 2x faster than Turtle
    sparql.add(found, result)
    return result


def _compile(shapes: Shapes, statements: list[Quad]) -> rust_shacl.Shapes:
    text = serialize(statements, format=RdfFormat.N_TRIPLES)
    assert text is not None  # serialize returns the bytes when given no output
    try:
        return rust_shacl.Shapes.from_text(text.decode(), format="ntriples")
    except ValueError as exc:
        raise InputError.at(_culprit(shapes), _one_line(exc)) from None


def _statements(shapes: Shapes) -> list[Quad]:
    """The shapes files' statements, read with Oxigraph: rdflib would rewrite literals
    ("1"^^xsd:boolean as true, which SHACL reads differently). SPARQL constraints with
    sh:deactivated true are left out (SHACL 5.3 ignores them; the engine would run them)."""
    statements = data.read([path for path, _ in shapes.files], [shown for _, shown in shapes.files])
    off = {t.subject for t in statements if t.predicate == DEACTIVATED and t.object == TRUE}
    return [t for t in statements if not (t.predicate == SPARQL and t.object in off)]


def _culprit(shapes: Shapes) -> Location:
    """The shape the engine cannot compile, found by compiling each subject's description alone
    (its error names no shape); only the shapes graph's location when none fails alone."""
    graph = shapes.graph
    for subject in sorted(set(graph.subjects()), key=str):
        alone = Graph()
        pending = [subject]
        while pending:
            node = pending.pop()
            for p, o in graph.predicate_objects(node):
                alone.add((node, p, o))
                if (o, None, None) in graph and o not in alone.subjects():
                    pending.append(o)
        try:
            rust_shacl.Shapes.from_text(alone.serialize(format="nt"), format="ntriples")
        except ValueError:
            return shapes.where(subject)
    return Location(_shown(shapes))


def _shown(shapes: Shapes) -> str:
    return shapes.files[0][1] if len(shapes.files) == 1 else "shapes"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
