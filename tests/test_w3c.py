"""The W3C SHACL test suite (tests/w3c/, core and SPARQL: 121 validation tests) through `ockg
validate`'s default path, compared as the suite defines (tests/w3c/README.md). Zero wrong answers:
a test either gives the expected report or, where the suite expects a failure, exit 2 with one line.
The counts are printed at the end of the run (conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.term import Node

from conftest import ROOT
from ockg.cli import main
from ockg.validate import engine, literals, sparql
from ockg.validate.data import lexical, merge
from ockg.validate.shacl import SH
from ockg.validate.shapes import load

SUITE = ROOT / "tests" / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
KEPT = {SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceConstraint, SH.sourceConstraintComponent,
        SH.sourceShape, SH.value}
TESTS = sorted(p for p in [*SUITE.glob("core/*/*.ttl"), *SUITE.glob("sparql/*/*.ttl")]
               if "sht:Validate" in p.read_text(encoding="utf-8"))


def test_the_suite_has_its_121_tests() -> None:
    assert len(TESTS) == 121


def _file(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _normal(report: Graph, root: Node, messages: set[Node]) -> Graph:
    """What the suite compares: conforms, and per result the kept predicates (the path's blank
    nodes cloned, never shared) plus the messages the expected report names."""
    out = Graph()
    out.add((root, RDF.type, SH.ValidationReport))
    for conforms in report.objects(root, SH.conforms):
        out.add((root, SH.conforms, Literal(conforms.toPython())))
    for result in report.objects(root, SH.result):
        out.add((root, SH.result, result))
        out.add((result, RDF.type, SH.ValidationResult))
        for p, o in report.predicate_objects(result):
            if p == SH.resultPath and isinstance(o, BNode):
                out.add((result, p, _clone(report, o, out)))
            elif p in KEPT or (p == SH.resultMessage and o in messages):
                out.add((result, p, o))
    return out


def _clone(graph: Graph, node: Node, out: Graph) -> BNode:
    copy = BNode()
    for p, o in graph.predicate_objects(node):
        out.add((copy, p, _clone(graph, o, out) if isinstance(o, BNode) else o))
    return copy


@pytest.mark.parametrize("path", TESTS, ids=[str(p.relative_to(SUITE).with_suffix("")) for p in TESTS])
def test_w3c(path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
             record_property: Callable[[str, object], None]) -> None:
    manifest = Graph().parse(path, format="turtle")
    [test] = manifest.subjects(RDF.type, SHT.Validate)
    action, expected = manifest.value(test, MF.action), manifest.value(test, MF.result)
    data, shapes = _file(manifest.value(action, SHT.dataGraph)), _file(manifest.value(action, SHT.shapesGraph))
    code = main(["validate", str(data), "--shapes", str(shapes), "--format", "turtle", "--fail-on", "info"])
    out, err = capsys.readouterr()
    if expected == SHT.Failure:
        assert code == 2 and out == "", err
        assert re.fullmatch(rf".*{re.escape(shapes.name)}:\d+: .+", err.splitlines()[-1]), err
        record_property("w3c", "refused")  # read by conftest's summary, also from pytest-xdist workers
        return
    assert code in (0, 1), err
    report = Graph().parse(data=out, format="turtle")
    [root] = report.subjects(RDF.type, SH.ValidationReport)
    messages = set(manifest.objects(None, SH.resultMessage))
    assert isomorphic(_normal(report, root, messages), _normal(manifest, expected, messages))
    record_property("w3c", "report")
    record_property("w3c_store", _on_store(data, shapes, tmp_path))


def _on_store(data_file: Path, shapes_file: Path, tmp: Path) -> int:
    """How many of the test's SPARQL constraints `ockg validate` ran on Oxigraph (validate/sparql.py)."""
    statements = engine._statements(load(shapes_file, shapes_file.name))
    graph = Graph()
    for q in statements:
        graph.add((lexical(q.subject), lexical(q.predicate), lexical(q.object)))  # type: ignore[arg-type]
    merge([data_file], [data_file.name], tmp / "data.nt")
    return len(sparql.runnable(sparql.plan(graph), literals.scan(tmp / "data.nt")))
