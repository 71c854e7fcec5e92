"""`ockg validate` and the SHACL shapes: every shape caught by a fixture, the seed KG, the CLI.

Invalid fixtures (tests/shapes/invalid/*.ttl) each add one problem to tests/shapes/valid/base.ttl
and name in `# expect: SHAPE FOCUS [VALUE]` lines exactly the results it must produce. All of
them are validated in one run per engine (ockg's and pySHACL, the reference; a pySHACL run costs
2 s, mostly fixed overhead): each fixture introduces its own subjects, which a test checks, so the
results split exactly by fixture.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from conftest import ROOT, copy_project, ockg
from ockg.config import Paths
from ockg.names import PREFIXES
from ockg.validate import engine, shacl, triples
from ockg.validate.shacl import SH, SHAPES, Result

FIXTURES = ROOT / "tests" / "shapes"
BASE = FIXTURES / "valid" / "base.ttl"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
ONTOLOGY = Paths(ROOT).ontology
ONTOLOGY_ARGS = [arg for path in ONTOLOGY for arg in ("--ontology", str(path))]
Expected = tuple[str, str, str | None]  # shape, focus, value (only where the focus is shared)


@dataclass(frozen=True)
class Fixture:
    path: Path
    graph: Graph
    expected: frozenset[Expected]


def load_fixture(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    namespaces = {**PREFIXES, "ockgsh": SHAPES, **dict(re.findall(r"@prefix (\w+): <([^>]*)>", text))}

    def iri(curie: str) -> str:
        if curie.startswith("<"):
            return curie[1:-1]
        prefix, local = curie.split(":", 1)
        return namespaces[prefix] + local

    expected = set()
    for line in text.splitlines():
        match = re.fullmatch(r"# expect: (\S+) (\S+)(?: (\S+))?", line)
        if match:
            shape, focus, value = match.groups()
            expected.add((iri(shape), iri(focus), iri(value) if value else None))
    return Fixture(path, shacl.read_graph([path], [path.name]), frozenset(expected))


@pytest.fixture(scope="session")
def invalid() -> dict[str, Fixture]:
    return {path.stem: load_fixture(path) for path in INVALID}


def run_engine(name: str, files: list[Path], shapes: Graph, ontology: Graph) -> list[Result]:
    """The results of validating the files (with the ontology) with the engine `ockg validate
    --engine NAME` runs."""
    if name == "pyshacl":
        data = shacl.read_graph(files, [p.name for p in files]) + ontology
        return shacl.read_report(shacl.pyshacl_engine(data, shapes, ontology))
    everything = [*files, *ONTOLOGY]
    return engine.validate(triples.read(everything, [p.name for p in everything]), shapes)


@pytest.fixture(scope="session", params=["ockg", "pyshacl"])
def invalid_results(request: pytest.FixtureRequest, shapes: Graph, ontology: Graph) -> list[Result]:
    return run_engine(request.param, [BASE, *INVALID], shapes, ontology)


def _nodes(graph: Graph) -> set[Node]:
    return {n for triple in graph for n in triple if isinstance(n, URIRef)}


@pytest.fixture(scope="session")
def owned(invalid: dict[str, Fixture], ontology: Graph) -> dict[str, set[Node]]:
    """The IRIs each fixture alone mentions: none of base.ttl, the ontology or another fixture."""
    shared = _nodes(shacl.read_graph([BASE], ["base.ttl"])) | _nodes(ontology)
    mentions = {name: _nodes(fixture.graph) for name, fixture in invalid.items()}
    return {name: nodes - shared - set().union(*(m for other, m in mentions.items() if other != name))
            for name, nodes in mentions.items()}


def _attribute(result: Result, owned: dict[str, set[Node]]) -> str | None:
    """The fixture a result belongs to: the one owning its focus node, else its value."""
    for node in (result.focus, result.value):
        for name, nodes in owned.items():
            if node in nodes:
                return name
    return None


def _expected_form(result: Result, nodes: set[Node]) -> Expected:
    shared_focus = result.focus not in nodes
    return (str(result.shape), str(result.focus), str(result.value) if shared_focus else None)


def test_fixtures_own_their_subjects(invalid: dict[str, Fixture], owned: dict[str, set[Node]]) -> None:
    """What a fixture describes is its own, so its results cannot depend on the other fixtures."""
    for name, fixture in invalid.items():
        assert fixture.expected, f"{name}.ttl names no `# expect:` result"
        assert set(fixture.graph.subjects()) <= owned[name], f"{name}.ttl describes a node it shares"


@pytest.mark.parametrize("name", [p.stem for p in INVALID])
def test_invalid_fixture_gives_exactly_the_results_it_names(
        name: str, invalid: dict[str, Fixture], owned: dict[str, set[Node]], invalid_results: list[Result]) -> None:
    got = {_expected_form(r, owned[name]) for r in invalid_results if _attribute(r, owned) == name}
    assert got == invalid[name].expected


def test_every_result_comes_from_an_invalid_fixture(
        owned: dict[str, set[Node]], invalid_results: list[Result]) -> None:
    stray = [r for r in invalid_results if _attribute(r, owned) is None]
    assert stray == []


@pytest.mark.parametrize("name", ["ockg", "pyshacl"])
def test_valid_fixtures_give_no_result(name: str, shapes: Graph, ontology: Graph) -> None:
    assert run_engine(name, sorted((FIXTURES / "valid").glob("*.ttl")), shapes, ontology) == []


def _checked_shapes(shapes: Graph) -> set[Node]:
    """Shapes that can produce results: property shapes, and targeted node shapes with a constraint
    of their own (node shapes that only group property shapes never appear in a report)."""
    grouping = {RDF.type, RDFS.label, RDFS.comment, SH.property, SH.severity, SH.message, SH.name}
    checked = set()
    for shape in set(shapes.subjects()):
        if not isinstance(shape, URIRef) or not shape.startswith(SHAPES):
            continue
        predicates = set(shapes.predicates(shape))
        targeted = any(p.startswith(str(SH) + "target") for p in predicates)
        if (shape, RDF.type, SH.PropertyShape) in shapes or \
                (targeted and {p for p in predicates if not p.startswith(str(SH) + "target")} - grouping):
            checked.add(shape)
    return checked


def test_every_shape_has_an_invalid_fixture(shapes: Graph, invalid: dict[str, Fixture]) -> None:
    named = {URIRef(shape) for fixture in invalid.values() for shape, _, _ in fixture.expected}
    assert _checked_shapes(shapes) - named == set()
    assert named - _checked_shapes(shapes) == set()


def test_every_sparql_constraint_is_exercised(shapes: Graph, invalid_results: list[Result]) -> None:
    """Each named SPARQL constraint of the shared ontology shape fires in some fixture."""
    named = {c for c in shapes.subjects(RDF.type, SH.SPARQLConstraint) if isinstance(c, URIRef)
             and shapes.value(c, SH.message) is not None}
    fired = {r.message for r in invalid_results}
    for constraint in named:
        template = str(shapes.value(constraint, SH.message))
        pattern = ".*".join(re.escape(part) for part in re.split(r"\{[?$]\w+\}", template))
        assert any(re.fullmatch(pattern, m) for m in fired), f"{constraint} never fires"


def test_every_shape_says_what_it_checks_and_how_to_fix_it(shapes: Graph) -> None:
    for shape in _checked_shapes(shapes):
        assert shapes.value(shape, SH.name) or shapes.value(shape, RDFS.label), f"{shape} has no name"
        assert shapes.value(shape, SH.severity) is not None, f"{shape} has no explicit severity"
        sparql = list(shapes.objects(shape, SH.sparql))
        messages = [shapes.value(shape, SH.message), *(shapes.value(c, SH.message) for c in sparql)]
        assert any(isinstance(m, Literal) and len(m) > 30 for m in messages), f"{shape} has no message"


def test_index_imports_every_shape_file() -> None:
    index = Graph().parse(ROOT / "shapes" / "index.ttl")
    imported = {Path(str(o)).name for o in index.objects(None, URIRef("http://www.w3.org/2002/07/owl#imports"))}
    assert imported == {p.name for p in (ROOT / "shapes").glob("*.ttl")} - {"index.ttl"}


# ---- the command line ---------------------------------------------------------------------------

def _validate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return ockg(project, "validate", *args)


def test_human_report_names_shape_focus_value_message_and_mapping_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    fixture = FIXTURES / "invalid" / "claim-bookkeeping.ttl"
    result = _validate(project, str(BASE), str(FIXTURES / "invalid" / "event-after-publication.ttl"),
                       str(fixture), *ONTOLOGY_ARGS)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Violation: ockgsh:DateAfterPublicationShape (event not dated after its article), 1 result" in out
    assert "  - Arrest in the future <https://w3id.org/ockg/id/event/f-future>\n    path: ockg:date\n" \
           "    value: \"2017-07\"^^xsd:gYearMonth\n" in out
    assert "after https://w3id.org/ockg/id/article/t01 was published (2017-06-22)" in out
    assert "    fix at: mappings/t01.yaml:40\n" in out  # the claim stating the event's date
    assert "Violation: ockgsh:ClaimMappingLineShape (claim names its mapping line), 1 result" in out
    assert out.endswith("5 violations, 0 warnings, 0 infos: does not conform (fail on violation)\n")


def test_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    files = [str(BASE), str(FIXTURES / "invalid" / "rival-and-ally.ttl"), *ONTOLOGY_ARGS]
    passing = _validate(project, *files)
    assert passing.returncode == 0, passing.stderr
    assert passing.stdout.endswith("0 violations, 1 warning, 0 infos: conforms (fail on violation)\n")
    failing = _validate(project, *files, "--fail-on", "warning")
    assert failing.returncode == 1
    assert failing.stdout.endswith("0 violations, 1 warning, 0 infos: does not conform (fail on warning)\n")


def test_json_and_turtle_reports(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    files = [str(BASE), str(FIXTURES / "invalid" / "quantity-without-unit.ttl"), *ONTOLOGY_ARGS]
    document = json.loads(_validate(project, *files, "--format", "json").stdout)
    assert document["conforms"] is False and document["failOn"] == "violation"
    assert document["counts"] == {"violation": 1, "warning": 0, "info": 0}
    [result] = document["results"]
    assert result == {
        "severity": "violation", "shape": SHAPES + "QuantityUnitShape", "shapeName": "quantity has one unit",
        "component": str(SH.MinCountConstraintComponent), "focus": "https://w3id.org/ockg/id/quantity/f-unitless",
        "focusLabel": "Unitless", "path": "<https://w3id.org/ockg/def/unit>", "value": None,
        "message": result["message"], "sources": []}
    assert result["message"].startswith("A quantity needs exactly one `unit:`")
    turtle = _validate(project, *files, "--format", "turtle")
    assert turtle.returncode == 1
    report = Graph().parse(data=turtle.stdout, format="turtle")
    [node] = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    [entry] = shacl.read_report(report)
    assert (entry.shape, entry.focus) == (URIRef(SHAPES + "QuantityUnitShape"),
                                          URIRef("https://w3id.org/ockg/id/quantity/f-unitless"))


@pytest.mark.parametrize(("args", "message"), [
    ((), "dist/ockg.ttl: file not found (run `ockg build` first)\n"),
    (("missing.ttl",), "missing.ttl: file not found\n"),
    (("notes.txt",), "notes.txt: unknown RDF file type '.txt'\n"),
    (("--format", "xml"), "argument --format: invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    project = copy_project(tmp_path / "p")
    (project / "notes.txt").write_text("not RDF\n")
    result = _validate(project, *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and result.stdout == ""


def test_unparsable_file_is_reported_with_its_name(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "broken.ttl").write_text("<a> <b> .\n")
    result = _validate(project, "broken.ttl", *ONTOLOGY_ARGS)
    assert result.returncode == 2
    assert result.stderr.startswith("broken.ttl: cannot parse: ") and result.stderr.count("\n") == 1


# ---- the seed KG --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def seed_report(built: Path) -> dict[str, object]:
    result = _validate(built, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


EXPLAINED_WARNINGS: set[str] = set()  # shapes whose warnings on the seed KG shapes/README.md explains


def test_seed_kg_has_no_violation_and_no_unexplained_warning(seed_report: dict[str, object]) -> None:
    results = seed_report["results"]
    assert isinstance(results, list)
    problems = [(r["shape"], r["focus"], r["sources"]) for r in results
                if r["severity"] == "violation"
                or (r["severity"] == "warning" and r["shape"] not in EXPLAINED_WARNINGS)]
    assert problems == []
    assert seed_report["conforms"] is True


PYSHACL = "pyshacl -s shapes/index.ttl -im -e dist/ontology.ttl -i rdfs -w dist/ockg.ttl"


def test_plain_pyshacl_cli_gives_the_same_results(built: Path, seed_report: dict[str, object]) -> None:
    """The command shapes/README.md documents, run as written (with -f turtle to read its results)."""
    assert f"\n{PYSHACL}\n" in (ROOT / "shapes" / "README.md").read_text(encoding="utf-8")
    command = [str(ROOT / ".venv" / "bin" / "pyshacl"), *PYSHACL.split()[1:-1], "-f", "turtle", "dist/ockg.ttl"]
    result = subprocess.run(command, cwd=built, capture_output=True, text=True, timeout=600)
    report = Graph().parse(data=result.stdout, format="turtle")
    [node] = report.subjects(RDF.type, SH.ValidationReport)
    results = seed_report["results"]
    assert isinstance(results, list)
    ours = {(r["severity"], r["shape"], r["focus"], r["path"], r["value"]) for r in results}
    theirs = {(r.severity.word, str(r.shape), str(r.focus), r.path, None if r.value is None else r.value.n3())
              for r in shacl.read_report(report)}
    assert theirs == ours
    assert report.value(node, SH.conforms) == Literal(True)
    assert result.returncode == 0
