"""`ockg qc`: each check's exact rows on a small release, the profile, the CLI and the seed KG."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, ockg
from ockg.store import load_files
from ockg.validate import qc

# A tiny release: ontology terms, entities and claims, each there to trip (or not trip) one check.
RELEASE = """
@prefix ockg: <https://w3id.org/ockg/def/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix person: <https://w3id.org/ockg/id/person/> .
@prefix org: <https://w3id.org/ockg/id/org/> .
@prefix claim: <https://w3id.org/ockg/id/claim/> .
@prefix article: <https://w3id.org/ockg/id/article/> .
@prefix unit: <https://w3id.org/ockg/id/unit/> .

<https://w3id.org/ockg/graph/ontology> {
  ockg:Person a owl:Class ; rdfs:label "person"@en ; skos:definition "A human being."@en .
  ockg:Organization a owl:Class ; rdfs:label "organization"@en ; skos:definition "A group."@en .
  ockg:Undefined a owl:Class ; rdfs:label "undefined"@en .
  ockg:unlabelled a owl:ObjectProperty ; rdfs:label ""@en ; skos:definition "Has an empty label."@en .
  ockg:memberOf a owl:ObjectProperty ; rdfs:label "member of"@en ; skos:definition "Belongs to."@en .
  ockg:alias a owl:DatatypeProperty ; rdfs:label "alias"@en ; skos:definition "Another name."@en .
  unit:kg a skos:Concept ; skos:prefLabel "kilogram"@en ; skos:definition "The kilogram."@en .
  unit:bare a skos:Concept ; skos:definition "A concept without a label."@en .
}

<https://w3id.org/ockg/graph/a1> {
  article:a1 a ockg:Article ; skos:prefLabel "One"@en ; ockg:fileName "a1.txt" ; ockg:sha256 "00" ;
      ockg:textLength 10 ; ockg:dateSource "Stated." ; ockg:licenceNote "None." .
  person:jose a ockg:Person ; skos:prefLabel "José Pérez"@en ; ockg:memberOf org:kings .
  person:pepe a ockg:Person ; skos:prefLabel "Pepe"@en ; ockg:alias "jose PEREZ" ; ockg:memberOf org:kings .
  org:kings a ockg:Organization ; skos:prefLabel "Kings of the Port"@en .
  org:king a ockg:Organization ; skos:prefLabel "King of the Port"@en .
  person:loner a ockg:Person ; skos:prefLabel "Loner"@en .
  person:voice a ockg:Person ; skos:prefLabel "Voice"@en .
  person:unclaimed a ockg:Person ; skos:prefLabel "Unclaimed"@en ; ockg:memberOf org:king .

  claim:1 a ockg:Claim ; rdf:subject person:jose ; rdf:predicate rdf:type ; rdf:object ockg:Person ;
      prov:wasDerivedFrom article:a1 .
  claim:2 a ockg:Claim ; rdf:subject person:jose ; rdf:predicate ockg:memberOf ; rdf:object org:kings ;
      prov:wasDerivedFrom article:a1 , article:a2 ; ockg:accordingTo person:voice .
  claim:3 a ockg:Claim ; rdf:subject person:pepe ; rdf:predicate ockg:memberOf ; rdf:object org:kings ;
      prov:wasDerivedFrom article:a1 .
  claim:4 a ockg:Claim ; rdf:subject person:loner ; rdf:predicate rdf:type ; rdf:object ockg:Person ;
      prov:wasDerivedFrom article:a1 .
  claim:5 a ockg:Claim ; rdf:subject org:king ; rdf:predicate rdf:type ; rdf:object ockg:Organization ;
      prov:wasDerivedFrom article:a1 .
  claim:6 a ockg:Claim ; rdf:subject org:king ; rdf:predicate ockg:alias ; rdf:object "The Kings" ;
      prov:wasDerivedFrom article:a1 .
}

<https://w3id.org/ockg/graph/inferred> {  # what `ockg reason` adds: no claim backs it, and none should
  person:jose ockg:memberOf org:king .
  person:loner a ockg:Organization .
}

<https://w3id.org/ockg/graph/a2> {
  article:a2 a ockg:Article ; skos:prefLabel "Two"@en ; ockg:fileName "a2.txt" ;
      ockg:textLength 10 ; ockg:dateSource "Stated." ; ockg:licenceNote "None." .
  claim:7 a ockg:Claim ; rdf:subject person:pepe ; rdf:predicate ockg:memberOf ; rdf:object org:kings ;
      prov:wasDerivedFrom article:a2 .
}
"""


def nt(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return "<" + {"ockg": "https://w3id.org/ockg/def/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                  "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
                  "person": "https://w3id.org/ockg/id/person/", "org": "https://w3id.org/ockg/id/org/",
                  "unit": "https://w3id.org/ockg/id/unit/", "article": "https://w3id.org/ockg/id/article/",
                  }[prefix] + local + ">"


EXPECTED = {
    "article-graph-without-metadata": [  # article:a2's graph lacks its SHA-256
        ("article:a2", "ockg:sha256", "<https://w3id.org/ockg/graph/a2>"),
    ],
    "term-without-label-or-definition": [
        ("ockg:Undefined", "skos:definition", None),
        ("ockg:unlabelled", "rdfs:label", None),
        ("unit:bare", "skos:prefLabel", None),
    ],
    "duplicate-label": [  # case, accents and a plural -s ignored; each pair once
        ("org:king", "skos:prefLabel", "org:kings"),
        ("person:jose", "skos:prefLabel", "person:pepe"),
    ],
    "entity-without-claim": [  # person:voice is a claim's voice; person:unclaimed has no claim at all
        ("person:loner", "rdf:type", "ockg:Person"),
        ("person:unclaimed", "rdf:type", "ockg:Person"),
    ],
    "single-source-claim": [  # jose memberOf kings rests on a1 and a2, pepe's on two claims
        ("org:king", "ockg:alias", '"The Kings"'),
        ("org:king", "rdf:type", "ockg:Organization"),
        ("person:jose", "rdf:type", "ockg:Person"),
        ("person:loner", "rdf:type", "ockg:Person"),
    ],
    "claim-without-triple": [
        ("org:king", "ockg:alias", '"The Kings"'),
    ],
    "triple-without-claim": [  # not the inferred graph's triples
        ("org:kings", "rdf:type", "ockg:Organization"),
        ("person:pepe", "ockg:alias", '"jose PEREZ"'),
        ("person:pepe", "rdf:type", "ockg:Person"),
        ("person:unclaimed", "ockg:memberOf", "org:king"),
        ("person:unclaimed", "rdf:type", "ockg:Person"),
        ("person:voice", "rdf:type", "ockg:Person"),
    ],
}


def _row(row: tuple[str, str, str | None]) -> dict[str, str | None]:
    return {"entity": nt(row[0]), "property": nt(row[1]),
            "value": None if row[2] is None else row[2] if row[2][0] in '"<' else nt(row[2])}


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A project whose dist/ockg.trig is RELEASE."""
    project = copy_project(tmp_path / "p")
    (project / "dist").mkdir()
    (project / "dist" / "ockg.trig").write_text(RELEASE, encoding="utf-8")
    return project


def test_profile_and_checks_match() -> None:
    checks = qc.load_checks(ROOT / "queries" / "checks", str)
    assert {c.name for c in checks} == set(EXPECTED)
    assert all(c.problem and c.solution for c in checks)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_returns_exactly_the_expected_rows(release: Path, name: str) -> None:
    [check] = [c for c in qc.load_checks(ROOT / "queries" / "checks", str) if c.name == name]
    [outcome] = qc.run_checks(load_files([release / "dist" / "ockg.trig"]), [check])
    got = [{k: None if t is None else str(t) for k, t in zip(qc.COLUMNS, row, strict=True)} for row in outcome.rows]
    assert sorted(got, key=str) == sorted((_row(r) for r in EXPECTED[name]), key=str)


def test_qc_table_and_exit_codes(release: Path) -> None:
    result = ockg(release, "qc")
    assert result.returncode == 1, result.stderr  # the three violation checks find rows
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["violation", "article-graph-without-metadata", "1"]
    assert "    Problem: A claim whose fact is missing from the graph: the triple ?entity ?property ?value " \
           "that the claim reifies (rdf:subject, rdf:predicate, rdf:object) was not written, so queries on " \
           "the plain triples miss a fact the provenance records." in lines
    assert "    org:king  ockg:alias  The Kings" in lines
    assert lines[-1] == "7 checks; rows found: 11 violations, 2 warnings, 6 infos: fails (fail on violation)"


def test_qc_json(release: Path) -> None:
    result = ockg(release, "qc", "--format", "json", "--fail-on", "info")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert (document["passes"], document["failOn"]) == (False, "info")
    assert document["counts"] == {"violation": 11, "warning": 2, "info": 6}
    by_name = {c["check"]: c for c in document["checks"]}
    assert by_name["duplicate-label"]["severity"] == "warning"
    assert by_name["duplicate-label"]["file"] == "queries/checks/duplicate-label.rq"
    assert by_name["duplicate-label"]["rows"] == [_row(r) for r in EXPECTED["duplicate-label"]]


def test_qc_passes_below_the_fail_on_level(release: Path) -> None:
    folder = release / "queries" / "checks"
    profile = (folder / "profile.tsv").read_text(encoding="utf-8").replace("violation\t", "info\t")
    (folder / "profile.tsv").write_text(profile, encoding="utf-8")
    result = ockg(release, "qc", "--fail-on", "warning")
    assert result.returncode == 1  # duplicate-label is a warning
    (folder / "profile.tsv").write_text(profile.replace("warning\t", "info\t"), encoding="utf-8")
    result = ockg(release, "qc", "--fail-on", "warning")
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("rows found: 0 violations, 0 warnings, 19 infos: passes (fail on warning)\n")


@pytest.mark.parametrize(("change", "message"), [
    (lambda f: (f / "extra.rq").write_text("# Problem: x\n# Solution: y\nSELECT * {}\n"),
     "queries/checks/profile.tsv: no severity for extra: add a line SEVERITY<TAB>CHECK for each\n"),
    (lambda f: (f / "profile.tsv").write_text("fatal\tduplicate-label\n"),
     "queries/checks/profile.tsv:1: expected SEVERITY<TAB>CHECK with SEVERITY one of info, warning, "
     "violation, got 'fatal\\tduplicate-label'\n"),
    (lambda f: (f / "duplicate-label.rq").write_text("# Problem: no solution given\nSELECT * {}\n"),
     "queries/checks/duplicate-label.rq:1: the header has no `# Solution:` line\n"),
    (lambda f: (f / "duplicate-label.rq").write_text("# Problem: p\n# Solution: s\nSELECT ?entity {}\n"),
     "queries/checks/duplicate-label.rq: a check must be a SELECT returning ?entity ?property ?value, "
     "in this order\n"),
    (lambda f: (f / "duplicate-label.rq").write_text("# Problem: p\n# Solution: s\nSELECT WHERE\n"),
     "queries/checks/duplicate-label.rq: not a valid SPARQL query: "),
])
def test_bad_checks_are_exit_2_with_the_file(release: Path, change: object, message: str) -> None:
    assert callable(change)
    change(release / "queries" / "checks")
    result = ockg(release, "qc")
    assert result.returncode == 2
    assert result.stderr.startswith(message) and result.stdout == ""


def test_qc_without_a_build_says_so(tmp_path: Path) -> None:
    result = ockg(copy_project(tmp_path / "p"), "qc")
    assert result.returncode == 2
    assert result.stderr == "dist/ockg.trig: file not found (run `ockg build` first)\n"


def test_seed_kg_has_no_violation_row(built: Path) -> None:
    result = ockg(built, "qc", "--format", "json")
    assert result.returncode == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["counts"]["violation"] == 0
    assert {c["check"] for c in document["checks"]} == set(EXPECTED)
