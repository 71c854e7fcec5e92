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
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from conftest import ROOT, copy_project, ockg
from ockg.config import Paths
from ockg.names import PREFIXES
from ockg.validate import ENGINES, shacl, validate
from ockg.validate.shacl import SH, SHAPES, Result
from ockg.validate.shapes import Shapes

FIXTURES = ROOT / "tests" / "shapes"
BASE = FIXTURES / "valid" / "base.ttl"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
FAR = ROOT / "tests" / "fixtures" / "validate" / "far-claim.ttl"
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


def run_engine(name: str, files: list[Path], shapes: Shapes) -> list[Result]:
    """The results of validating the files (with the ontology) with the engine `ockg validate
    --engine NAME` runs, through the function it calls."""
    with tempfile.TemporaryDirectory() as tmp:
        return shacl.read_report(validate(name, files, ONTOLOGY, shapes, Path(tmp) / "data.nt"))


@pytest.fixture(scope="session", params=ENGINES)
def invalid_results(request: pytest.FixtureRequest, shapes: Shapes) -> list[Result]:
    return run_engine(request.param, [BASE, *INVALID], shapes)


def test_the_default_engine_gives_pyshacls_results_on_every_fixture(shapes: Shapes) -> None:
    """Every field compared (severity, shape, focus, path, value, constraint component, message),
    each result as often as it occurs."""
    ours = run_engine("shacl", [BASE, *INVALID], shapes)
    assert len(ours) > 100
    assert ours == run_engine("pyshacl", [BASE, *INVALID], shapes)


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


@pytest.mark.parametrize("name", ENGINES)
def test_valid_fixtures_give_no_result(name: str, shapes: Shapes) -> None:
    assert run_engine(name, sorted((FIXTURES / "valid").glob("*.ttl")), shapes) == []


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


def test_every_shape_has_an_invalid_fixture(shapes: Shapes, invalid: dict[str, Fixture]) -> None:
    named = {URIRef(shape) for fixture in invalid.values() for shape, _, _ in fixture.expected}
    assert _checked_shapes(shapes.graph) - named == set()
    assert named - _checked_shapes(shapes.graph) == set()


def test_every_sparql_constraint_is_exercised(shapes: Shapes, invalid_results: list[Result]) -> None:
    """Each named SPARQL constraint of the shared ontology shape fires in some fixture."""
    graph = shapes.graph
    named = {c for c in graph.subjects(RDF.type, SH.SPARQLConstraint) if isinstance(c, URIRef)
             and graph.value(c, SH.message) is not None}
    fired = {r.message for r in invalid_results}
    for constraint in named:
        template = str(graph.value(constraint, SH.message))
        pattern = ".*".join(re.escape(part) for part in re.split(r"\{[?$]\w+\}", template))
        assert any(re.fullmatch(pattern, m) for m in fired), f"{constraint} never fires"


def test_every_shape_says_what_it_checks_and_how_to_fix_it(shapes: Shapes) -> None:
    graph = shapes.graph
    for shape in _checked_shapes(graph):
        assert graph.value(shape, SH.name) or graph.value(shape, RDFS.label), f"{shape} has no name"
        assert graph.value(shape, SH.severity) is not None, f"{shape} has no explicit severity"
        sparql = list(graph.objects(shape, SH.sparql))
        messages = [graph.value(shape, SH.message), *(graph.value(c, SH.message) for c in sparql)]
        assert any(isinstance(m, Literal) and len(m) > 30 for m in messages), f"{shape} has no message"


def test_index_imports_every_shape_file() -> None:
    index = Graph().parse(ROOT / "shapes" / "index.ttl")
    imported = {Path(str(o)).name for o in index.objects(None, URIRef("http://www.w3.org/2002/07/owl#imports"))}
    assert imported == {p.name for p in (ROOT / "shapes").glob("*.ttl")} - {"index.ttl"}


# ---- the command line ---------------------------------------------------------------------------

def _validate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return ockg(project, "validate", *args)


def test_human_report_summary_first_then_each_claim_to_fix(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    fixture = FIXTURES / "invalid" / "claim-bookkeeping.ttl"
    result = _validate(project, str(BASE), str(FIXTURES / "invalid" / "event-after-publication.ttl"),
                       str(fixture), *ONTOLOGY_ARGS)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert out.startswith("5 violations, 0 warnings, 0 infos: does not conform (fail on violation)\n\n")
    assert "\nfix at mappings/t01.yaml:40: 1 result\n" \
           "  Violation: ockgsh:DateAfterPublicationShape (event not dated after its article)\n" \
           "    Dated 2017-07, after https://w3id.org/ockg/id/article/t01 was published (2017-06-22): " in out
    assert "    - Arrest in the future <https://w3id.org/ockg/id/event/f-future>\n      path: ockg:date\n" \
           "      value: \"2017-07\"^^xsd:gYearMonth\n" in out
    assert "  Violation: ockgsh:ClaimMappingLineShape (claim names its mapping line)\n" in out


def test_fix_at_names_the_claim_asserting_the_value_not_the_declaration(tmp_path: Path) -> None:
    """The gang's declaration (line 3) and its good rivalry (line 120) are far from the claim that
    makes it its own rival (line 250); a missing unit sends the curator to the declaration (300)."""
    project = copy_project(tmp_path / "p")
    result = _validate(project, str(BASE), str(FAR), *ONTOLOGY_ARGS)
    assert result.returncode == 1, result.stderr
    causes = re.findall(r"^fix at (.*): (\d+) results?$", result.stdout, flags=re.MULTILINE)
    assert causes == [("mappings/far.yaml:250", "1"), ("mappings/far.yaml:300", "1")]
    assert "\nfix at mappings/far.yaml:250: 1 result\n  Violation: ockgsh:SelfRelationShape" in result.stdout
    assert "\nfix at mappings/far.yaml:300: 1 result\n  Violation: ockgsh:QuantityUnitShape" in result.stdout


def test_one_root_cause_groups_its_results_and_max_per_shape_caps_the_listing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    files = [str(BASE), *map(str, INVALID), *ONTOLOGY_ARGS]
    full = _validate(project, *files).stdout
    grouped = re.findall(r"^fix at (mappings/t01.yaml:40): (\d+) results?$", full, flags=re.MULTILINE)
    assert len(grouped) == 1 and int(grouped[0][1]) > 1  # several shapes, one claim
    capped = _validate(project, *files, "--max-per-shape", "1").stdout
    assert capped.splitlines()[0] == full.splitlines()[0]  # the summary counts every result
    listed = re.findall(r"^  \w+: (\S+)", capped, flags=re.MULTILINE)
    assert len(listed) == len(set(listed))  # each shape listed once
    assert "\nnot listed (--max-per-shape 1):\n" in capped
    assert re.search(r"^  \d+ more of ockgsh:\w+", capped, flags=re.MULTILINE)


def test_sarif_output_is_valid_sarif_and_marks_the_mapping_lines(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = _validate(project, str(BASE), str(FAR), *ONTOLOGY_ARGS, "--format", "sarif")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    schema = json.loads((ROOT / "tests" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    [run] = document["runs"]
    places = sorted((r["ruleId"], r["level"], loc["physicalLocation"]["artifactLocation"]["uri"],
                     loc["physicalLocation"]["region"]["startLine"])
                    for r in run["results"] for loc in r["locations"])
    assert places == [("ockgsh:QuantityUnitShape", "error", "mappings/far.yaml", 300),
                      ("ockgsh:SelfRelationShape", "error", "mappings/far.yaml", 250)]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        "ockgsh:QuantityUnitShape", "ockgsh:SelfRelationShape"]


def test_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    files = [str(BASE), str(FIXTURES / "invalid" / "rival-and-ally.ttl"), *ONTOLOGY_ARGS]
    passing = _validate(project, *files)
    assert passing.returncode == 0, passing.stderr
    assert passing.stdout.startswith("0 violations, 1 warning, 0 infos: conforms (fail on violation)\n")
    failing = _validate(project, *files, "--fail-on", "warning")
    assert failing.returncode == 1
    assert failing.stdout.startswith("0 violations, 1 warning, 0 infos: does not conform (fail on warning)\n")


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


OUTSIDE_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""


def _outside(tmp_path: Path, data: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`ockg validate` in a folder that is no ockg checkout, as another repository's CI runs it."""
    (tmp_path / "data.ttl").write_text("@prefix ex: <http://example.org/> .\n" + data)
    (tmp_path / "ontology.ttl").write_text("@prefix ex: <http://example.org/> .\n"
                                           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                                           "ex:Author rdfs:subClassOf ex:Person .\n")
    return ockg(tmp_path, "validate", "data.ttl", *args)


def test_outside_a_checkout_with_the_same_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "shapes.ttl").write_text(OUTSIDE_SHAPES)
    assert not (tmp_path / "ontology").exists()
    good = _outside(tmp_path, "ex:ann a ex:Person ; ex:name 'Ann' .\n", "--shapes", "shapes.ttl")
    assert (good.returncode, good.stdout, good.stderr) == (
        0, "0 violations, 0 warnings, 0 infos: conforms (fail on violation)\n", "")
    bad = _outside(tmp_path, "ex:bob a ex:Person .\n", "--shapes", "shapes.ttl")
    assert bad.returncode == 1 and "  - <http://example.org/bob>\n      path: <http://example.org/name>\n" in bad.stdout
    # an Author is a Person only through the ontology: RDFS inference runs when one is given
    author = "ex:cy a ex:Author .\n"
    assert _outside(tmp_path, author, "--shapes", "shapes.ttl").returncode == 0
    assert _outside(tmp_path, author, "--shapes", str(tmp_path), "--ontology", "ontology.ttl").returncode == 1
    missing = _outside(tmp_path, author, "--shapes", "nowhere.ttl")
    assert (missing.returncode, missing.stderr) == (2, "nowhere.ttl: file not found\n")


@pytest.mark.parametrize(("shape", "line", "problem"), [
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ;\n    sh:sparql [ sh:select 'SELECT $this WHERE { SERVICE "
     "<http://127.0.0.1:9/sparql> { $this ?p ?o } }' ] .", 3,
     "SHACL-SPARQL queries may not use SERVICE (validation never reaches the network)"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ;\n    sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p }' ] .", 3,
     "SPARQL syntax error in the query: "),
    ("ex:T a sh:NodeShape .\nex:S a sh:NodeShape ; sh:targetNode ex:a ;\n"
     "    sh:property [ sh:path ex:p ; sh:minCount 'many' ] .", 4,
     "invalid shapes graph: sh:minCount is not a non-negative integer"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ;\n    sh:rule [ a sh:TripleRule ] .", 3,
     "sh:rule is SHACL-AF or SHACL-JS, which `ockg validate` does not run; nothing would check it"),
])
def test_bad_shapes_are_one_line_with_file_and_line_and_exit_2(
        tmp_path: Path, shape: str, line: int, problem: str) -> None:
    (tmp_path / "bad.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                                      "@prefix ex: <http://example.org/> .\n" + shape + "\n")
    result = _outside(tmp_path, "ex:a ex:p 1 .\n", "--shapes", "bad.ttl")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"bad.ttl:{line}: {problem}") and result.stderr.count("\n") == 1


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
