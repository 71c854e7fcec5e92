"""The published ontology as OWL tools read it: the OWL API's OWL 2 DL profile check (the one
Protégé and ROBOT run), owlready2 and HermiT, on dist/ontology.ttl and dist/ontology.owl as they are.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import owlready2
import pytest
import rdflib
from pyoxigraph import RdfFormat, parse, serialize
from rdflib.compare import isomorphic

from conftest import ROOT, require
from ockg.config import Paths
from ockg.names import DEF
from ockg.reason import owlinput
from ockg.store import load_files

OWLAPI = Path("/usr/share/java")  # where Debian's libowlapi-java puts the OWL API and its dependencies
CHECKER = ROOT / "tests" / "java" / "DlProfile.java"
Check = Callable[[Path], subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def dl_check(tmp_path_factory: pytest.TempPathFactory) -> Check:
    """The checker compiled once: run it on a file to get its violations and exit code."""
    require(shutil.which("javac") is not None and any(OWLAPI.glob("owlapi-distribution*.jar")),
            "the OWL API is not installed (apt-get install libowlapi-java openjdk-17-jdk-headless)")
    classes = tmp_path_factory.mktemp("dlprofile")
    classpath = ":".join(str(jar) for jar in sorted(OWLAPI.glob("*.jar")))
    subprocess.run(["javac", "-d", str(classes), "-cp", classpath, str(CHECKER)], check=True, timeout=300)

    def check(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["java", "-cp", f"{classes}:{classpath}", "DlProfile", str(path)],
                              capture_output=True, text=True, timeout=300)
    return check


def assert_in_dl(result: subprocess.CompletedProcess[str]) -> None:
    assert (result.returncode, result.stdout) == (0, "violations: 0\n"), result.stdout


@pytest.mark.parametrize("name", ["ontology.ttl", "ontology.owl"])
def test_release_ontology_is_owl2_dl(built: Path, dl_check: Check, name: str) -> None:
    assert_in_dl(dl_check(built / "dist" / name))


def test_what_reason_gives_hermit_is_owl2_dl(built: Path, dl_check: Check, tmp_path: Path) -> None:
    """The ontology and the asserted facts, as `ockg reason` puts them together."""
    facts = owlinput.facts(load_files([built / "work" / "ockg.ttl"]))
    triples = owlinput.ontology(Paths(built).ontology) + facts.triples
    serialize(triples, output=str(tmp_path / "input.nt"), format=RdfFormat.N_TRIPLES)
    assert_in_dl(dl_check(tmp_path / "input.nt"))


def test_the_checker_reports_what_is_not_dl(dl_check: Check, tmp_path: Path) -> None:
    """The two faults the ontology had: a date range outside the datatype map, rdf:Statement as a class."""
    (tmp_path / "bad.ttl").write_text(
        "@prefix : <https://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        ": a owl:Ontology . :C a owl:Class ; rdfs:subClassOf <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .\n"
        ":year a owl:DatatypeProperty ; rdfs:range <http://www.w3.org/2001/XMLSchema#gYear> .\n")
    result = dl_check(tmp_path / "bad.ttl")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "violations: 2"
    assert sorted(line.split(" [", 1)[0] for line in lines[:-1]) == [
        "Use of reserved vocabulary for class IRI: rdf:Statement", "Use of undeclared datatype: xsd:gYear"]


def test_ontology_owl_is_ontology_ttl(built: Path) -> None:
    dist = built / "dist"
    assert isomorphic(rdflib.Graph().parse(dist / "ontology.ttl"), rdflib.Graph().parse(dist / "ontology.owl"))


def ockg_terms(path: Path, kind: str) -> set[str]:
    return {str(q.subject) for q in parse(path=str(path), format=RdfFormat.TURTLE)
            if str(q.predicate) == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            and str(q.object) == f"<http://www.w3.org/2002/07/owl#{kind}>" and q.subject.value.startswith(DEF)}


def assert_hermit_consistent(world: owlready2.World, ontology: owlready2.Ontology, release: Path) -> None:
    """owlready2 read every ockg class and property, and HermiT finds the ontology consistent."""
    for kind, found in (("Class", ontology.classes()), ("ObjectProperty", ontology.object_properties()),
                        ("DatatypeProperty", ontology.data_properties())):
        assert {f"<{e.iri}>" for e in found if e.iri.startswith(DEF)} == ockg_terms(release / "ontology.ttl", kind)
    with ontology:
        owlready2.sync_reasoner_hermit(world, debug=0)  # raises if HermiT fails or finds it inconsistent
    assert list(world.inconsistent_classes()) == []


def test_owlready2_loads_ontology_owl_and_hermit_finds_it_consistent(built: Path) -> None:
    require(shutil.which("java") is not None, "Java is not installed (HermiT needs it)")
    world = owlready2.World()
    try:
        ontology = world.get_ontology((built / "dist" / "ontology.owl").as_uri()).load()
        assert ontology.base_iri == DEF
        assert_hermit_consistent(world, ontology, built / "dist")
    finally:
        world.close()


def test_owlready2_holds_ontology_ttl_and_hermit_finds_it_consistent(built: Path) -> None:
    """owlready2 has no Turtle parser (it reads RDF/XML, OWL/XML and N-Triples): the Turtle file
    goes in through owlready2's own rdflib view of its quadstore."""
    require(shutil.which("java") is not None, "Java is not installed (HermiT needs it)")
    world = owlready2.World()
    try:
        ontology = world.get_ontology(DEF)
        store = world.as_rdflib_graph()
        with ontology:
            for triple in rdflib.Graph().parse(built / "dist" / "ontology.ttl"):
                store.add(triple)
        assert_hermit_consistent(world, ontology, built / "dist")
    finally:
        world.close()


def test_no_class_and_property_share_a_label() -> None:
    graph = rdflib.Graph().parse(ROOT / "ontology" / "ockg.ttl")
    labels: dict[str, set[str]] = {}
    for term, label in graph.subject_objects(rdflib.RDFS.label):
        if str(term).startswith(DEF):
            labels.setdefault(str(label), set()).add(str(term).removeprefix(DEF))
    assert {label: terms for label, terms in labels.items() if len(terms) > 1} == {}
