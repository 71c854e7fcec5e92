"""`ockg reason`: HermiT on the seed KG, the inferred graph, and the clashes it must catch."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest

from conftest import MINI, ROOT, copy_project, ockg, require
from ockg.config import Paths
from ockg.reason import clashes, owlinput
from ockg.reason.axioms import index
from ockg.store import load_files

FIXTURES = ROOT / "tests" / "fixtures" / "reason"
MINI_SEEDS = MINI / "seeds" / "text"
INFERRED = "https://w3id.org/ockg/graph/inferred"
PREFIXES = """
PREFIX ockg: <https://w3id.org/ockg/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX person: <https://w3id.org/ockg/id/person/>
PREFIX org: <https://w3id.org/ockg/id/org/>
PREFIX place: <https://w3id.org/ockg/id/place/>
"""


def java() -> None:
    require(shutil.which("java") is not None, "Java is not installed (HermiT needs it)")


def release(project: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(path=str(project / "dist" / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    return store


def ask(store: pyoxigraph.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query, use_default_graph_as_union=True))


def names(store: pyoxigraph.Store, query: str) -> set[str]:
    return {str(row[0].value).rsplit("/", 1)[1]
            for row in store.query(PREFIXES + query, use_default_graph_as_union=True)}


@pytest.fixture(scope="module")
def reasoned(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the built seed KG after `ockg reason`, and that run."""
    java()
    project = tmp_path_factory.mktemp("reasoned") / "project"
    shutil.copytree(built, project)
    return project, ockg(project, "reason")


def test_seed_kg_is_consistent(reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, result = reasoned
    assert result.returncode == 0, result.stderr
    ontology = len(owlinput.ontology(Paths(project).ontology))
    assert result.stdout.startswith(f"consistent: the published ontology ({ontology} triples) and ")
    assert result.stdout.splitlines()[-1] == (f"wrote dist/inferred.ttl and the graph <{INFERRED}> in dist/ockg.trig "
                                              "and dist/ockg.nq; updated dist/void.ttl")
    assert (project / "dist" / "inferred.ttl").is_file()


def test_leaders_of_criminal_organizations_are_inferred_crime_bosses(
        reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    store = release(reasoned[0])
    assert ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ person:gerson-galvez-calle a ockg:CrimeBoss }} }}")
    leaders = names(store, f"""SELECT DISTINCT ?p WHERE {{
        ?p a ockg:Person ; ockg:leads ?g . ?g a/rdfs:subClassOf* ockg:CriminalOrganization
        FILTER NOT EXISTS {{ GRAPH <{INFERRED}> {{ ?p ockg:leads ?g }} }} }}""")
    bosses = names(store, f"SELECT ?p WHERE {{ GRAPH <{INFERRED}> {{ ?p a ockg:CrimeBoss }} }}")
    assert bosses == leaders
    assert "gerson-galvez-calle" in bosses


def test_a_rivalry_stated_one_way_is_queryable_both_ways(
        reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    store = release(reasoned[0])
    assert ask(store, "ASK { person:carlos-macdowell-villacorta ockg:rivalOf person:gerson-galvez-calle }")
    assert ask(store, f"""ASK {{ GRAPH <{INFERRED}> {{
        person:gerson-galvez-calle ockg:rivalOf person:carlos-macdowell-villacorta }} }}""")
    one_way = names(store, """SELECT ?a WHERE { ?a ockg:rivalOf ?b FILTER NOT EXISTS { ?b ockg:rivalOf ?a } }""")
    assert one_way == set()


def test_places_are_located_in_what_contains_what_contains_them(
        reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    store = release(reasoned[0])
    assert ask(store, """ASK { place:lima-international-airport ockg:locatedIn place:lima .
                                place:lima ockg:locatedIn place:peru }""")
    assert ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ place:lima-international-airport ockg:locatedIn place:peru }} }}")
    missing = names(store, """SELECT ?a WHERE { ?a ockg:locatedIn/ockg:locatedIn ?c
                                                FILTER NOT EXISTS { ?a ockg:locatedIn ?c } }""")
    assert missing == set()


def test_chains_inverses_sub_properties_and_superclasses_are_written_out(
        reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    store = release(reasoned[0])
    for fact in ("org:cerbellon-family-clan ockg:operatesIn place:peru",  # operates in Lima, located in Peru
                 "org:barrio-king ockg:ledBy person:gerson-galvez-calle",  # inverse of leads
                 "person:gerson-galvez-calle ockg:memberOf org:barrio-king",  # leads is a sub-property of memberOf
                 "person:keiko-fujimori ockg:relativeOf person:alberto-fujimori",  # childOf, sub-property
                 "place:panama a ockg:TransitCountry",  # "using Panama and Mexico as transit countries"
                 "person:ollanta-humala a ockg:Official"):  # inferred a corrupt official, so an official
        assert ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ {fact} }} }}"), fact
    # Routes that start in Peru pass places in Peru; that does not make Peru a transit country.
    assert not ask(store, f"ASK {{ GRAPH <{INFERRED}> {{ place:peru a ockg:TransitCountry }} }}")


def test_inferred_graph_holds_only_new_triples(built: Path,
                                               reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    dist = reasoned[0] / "dist"
    quads = list(pyoxigraph.parse(path=str(dist / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG))
    inferred = {q.triple for q in quads if q.graph_name.value == INFERRED}
    asserted = {q.triple for q in quads if q.graph_name.value != INFERRED}
    assert len(inferred) > 100
    assert inferred & asserted == set()
    assert inferred == {q.triple for q in pyoxigraph.parse(path=str(dist / "inferred.ttl"),
                                                           format=pyoxigraph.RdfFormat.TURTLE)}
    built_quads = set(pyoxigraph.parse(path=str(built / "dist" / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG))
    assert {q for q in quads if q.graph_name.value != INFERRED} == built_quads
    assert set(pyoxigraph.parse(path=str(dist / "ockg.nq"), format=pyoxigraph.RdfFormat.N_QUADS)) == set(quads)
    trivial = {"http://www.w3.org/2002/07/owl#Thing", "http://www.w3.org/2002/07/owl#NamedIndividual"}
    assert not [t for t in inferred if t.object.value in trivial or t.subject == t.object]


def test_void_gives_the_size_of_every_file_after_reasoning(
        reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    dist = reasoned[0] / "dist"
    store = load_files([dist / "void.ttl"])
    sizes = {str(row[0].value).rsplit("/", 1)[1]: int(row[1].value) for row in store.query("""
        SELECT ?url ?size WHERE { ?d <http://www.w3.org/ns/dcat#downloadURL> ?url ;
                                     <http://www.w3.org/ns/dcat#byteSize> ?size }""")}
    assert sizes == {p.name: p.stat().st_size for p in dist.iterdir() if p.name not in ("void.ttl", "SHA256SUMS")}
    assert "inferred.ttl" in sizes


def test_reasoning_again_gives_byte_identical_files(reasoned: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    dist = reasoned[0] / "dist"
    before = {name: (dist / name).read_bytes() for name in ("inferred.ttl", "ockg.trig", "ockg.nq", "void.ttl")}
    result = ockg(reasoned[0], "reason")
    assert result.returncode == 0, result.stderr
    assert result.stdout == reasoned[1].stdout
    assert {name: (dist / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in dist.iterdir() if p.name.startswith(".")) == []


def test_no_clash_pattern_fires_on_the_consistent_seed_kg(built: Path) -> None:
    """The patterns must not blame facts HermiT accepts: on the seed KG they find nothing."""
    facts = owlinput.facts(load_files([built / "dist" / "ockg.ttl"])).triples
    assert len(facts) > 1000
    assert clashes.candidates(index(owlinput.ontology(Paths(built).ontology)), facts) == []


def build_fixture(tmp_path: Path, mapping: str) -> Path:
    project = copy_project(tmp_path / "project", MINI)
    shutil.copy(FIXTURES / mapping, project / "mappings" / "t01_fixture.yaml")
    result = ockg(project, "build", seeds=MINI_SEEDS)
    assert result.returncode == 0, result.stderr
    return project


CLASHES = {
    "person-and-organization.yaml": [
        "person:alice-example is both ockg:Organization and ockg:Person, but ockg:Organization and ockg:Person "
        "are disjoint",
        "  axiom: ockg:Person owl:disjointWith ockg:Organization",
        "  - person:alice-example a ockg:Organization   [mappings/t01_fixture.yaml:14]",
        "      makes it ockg:Organization",
        "  - person:alice-example a ockg:Person   [mappings/t01_fixture.yaml:5]",
        "      makes it ockg:Person",
    ],
    "own-rival.yaml": [
        "person:alice-example is linked to itself by ockg:rivalOf",
        "  axiom: ockg:rivalOf a owl:IrreflexiveProperty",
        "  - person:alice-example ockg:rivalOf person:alice-example   [mappings/t01_fixture.yaml:13]",
        "      links it to itself by ockg:rivalOf",
    ],
    "place-leads.yaml": [
        "place:testville is both ockg:City and ockg:Agent, but ockg:Place and ockg:Agent are disjoint",
        "  axiom: [] a owl:AllDisjointClasses ; owl:members ( ockg:Agent ockg:Place ockg:Event ockg:Route "
        "ockg:Quantity ockg:Claim ockg:Article )",
        "  - place:testville a ockg:City   [mappings/t01_fixture.yaml:9]",
        "      makes it ockg:City (ockg:City rdfs:subClassOf ockg:Place)",
        "  - place:testville ockg:leads org:example-gang   [mappings/t01_fixture.yaml:18]",
        "      makes it ockg:Agent (ockg:leads rdfs:domain ockg:Agent)",
    ],
}


@pytest.mark.parametrize("mapping", sorted(CLASHES))
def test_clash_names_individual_axiom_and_mapping_lines(tmp_path: Path, mapping: str) -> None:
    java()
    project = build_fixture(tmp_path, mapping)
    result = ockg(project, "reason")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("inconsistent: the facts in work/ockg.ttl contradict the ontology.")
    expected = CLASHES[mapping]
    assert lines[2:2 + len(expected)] == expected
    assert not (project / "dist" / "inferred.ttl").exists()


def test_a_clash_no_pattern_knows_is_found_by_bisection(tmp_path: Path) -> None:
    java()
    project = copy_project(tmp_path / "project", MINI)
    result = ockg(project, "reason", str(FIXTURES / "measure-not-a-string.ttl"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines()[2:6] == [
        "HermiT finds this fact inconsistent on its own; no known clash pattern matches, so check against the "
        "axioms on its terms",
        "  axiom: ockg:measure a owl:DatatypeProperty; ockg:measure rdfs:domain ockg:Quantity; "
        "ockg:measure rdfs:range xsd:string",
        '  - quantity:cocaine-seized-in-testville ockg:measure "12"^^xsd:integer   [mappings/t01_fixture.yaml:42]',
        "",
    ]
    assert not (project / "dist").exists()  # only the release gets inferred files


def test_a_class_that_can_have_no_member_fails(mini: Path) -> None:
    java()
    with (mini / "ontology" / "ockg.ttl").open("a", encoding="utf-8") as ontology:
        ontology.write('\nockg:PlacePerson a owl:Class ; rdfs:subClassOf ockg:Person , ockg:Place ;\n'
                       '    rdfs:label "place person"@en ; skos:definition "Cannot exist."@en .\n')
    result = ockg(mini, "reason")
    assert (result.returncode, result.stderr) == (
        1, "ockg reason: these classes can have no member, the ontology contradicts itself: ockg:PlacePerson\n")
    assert not (mini / "dist" / "inferred.ttl").exists()


def test_without_a_build_one_line_and_exit_2(tmp_path: Path) -> None:
    java()
    project = copy_project(tmp_path / "project", MINI)
    result = ockg(project, "reason")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{project / 'work' / 'ockg.ttl'}: file not found (run `ockg build` first)\n"


def test_without_java_one_line_and_exit_2(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", MINI)
    result = ockg(project, "reason", env={"PATH": str(tmp_path)})  # a PATH with no java on it
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("ockg reason: 'java' not found on PATH; HermiT needs a Java runtime "
                             "(e.g. apt-get install default-jre-headless)\n")


def test_every_term_has_a_label_and_a_definition() -> None:
    """Every ockg term; the external terms ockg.ttl declares for OWL 2 DL are documented by their vocabularies."""
    store = load_files([ROOT / "ontology" / "ockg.ttl"])
    missing = names(store, """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?t WHERE {
          VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }
          ?t a ?kind FILTER(STRSTARTS(STR(?t), "https://w3id.org/ockg/def/"))
          FILTER NOT EXISTS { ?t rdfs:label ?l FILTER(lang(?l) = "en") ?t skos:definition ?d } }""")
    assert missing == set()


def test_ontology_keeps_to_owl2_dl_on_non_simple_properties() -> None:
    """A transitive or chained property (or one above such) must stay out of the axioms that need simple ones."""
    store = load_files([ROOT / "ontology" / "ockg.ttl"])
    offending = names(store, """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT DISTINCT ?p WHERE {
          { ?q a owl:TransitiveProperty } UNION { ?q owl:propertyChainAxiom ?chain }
          ?q (rdfs:subPropertyOf|owl:inverseOf|^owl:inverseOf)* ?p .
          { ?p a ?forbidden VALUES ?forbidden { owl:IrreflexiveProperty owl:AsymmetricProperty
              owl:FunctionalProperty owl:InverseFunctionalProperty } }
          UNION { ?r owl:onProperty ?p ; ?cardinality ?n
                  VALUES ?cardinality { owl:cardinality owl:minCardinality owl:maxCardinality
                      owl:qualifiedCardinality owl:minQualifiedCardinality owl:maxQualifiedCardinality } }
          UNION { ?r owl:onProperty ?p ; owl:hasSelf ?self }
          UNION { ?p owl:propertyDisjointWith ?other } UNION { ?other owl:propertyDisjointWith ?p } }""")
    assert offending == set()
