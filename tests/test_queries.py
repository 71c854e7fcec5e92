"""Saved queries: their headers, three parsers, their results on the seed KG, real triplestores,
typed parameters, output formats and the errors a user meets."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import NamedNode, Quad
from rdflib.plugins.sparql import prepareQuery
from triplestores import Triplestore, bulk_load, free_port, triplestore, virtuoso  # noqa: F401 (a fixture)

from conftest import ROOT, ockg, require
from ockg.cli import main
from ockg.names import PREFIXES
from ockg.query import endpoint, saved

EXPECTED = ROOT / "tests" / "queries" / "expected"
SAVED = {q.name: q for q in saved.saved_queries(ROOT, str)}
NAMES = sorted(SAVED)
XSD = PREFIXES["xsd"]
Results = dict[str, Any]


@pytest.fixture(scope="session")
def analyst(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built release with the saved queries beside it, as an analyst's checkout has them."""
    project = tmp_path_factory.mktemp("analyst")
    shutil.copytree(built / "ontology", project / "ontology")
    shutil.copytree(built / "dist", project / "dist")
    shutil.copytree(ROOT / "queries", project / "queries", ignore=shutil.ignore_patterns("checks"))
    return project


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(project: Path, *args: str) -> Ran:
    """The real command line, in this process: a new process per run would cost more time in
    imports than the queries take. The tests of what a user sees at exit use `ockg` instead."""
    out, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="")
    with contextlib.chdir(project), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        stdout.flush()
    return Ran(code, out.getvalue().decode("utf-8"), err.getvalue())


def results_of(project: Path, *args: str) -> Results:
    result = run(project, "query", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: Results = json.loads(result.stdout)
    return data


def example_args(name: str) -> list[str]:
    return [arg for key, value in SAVED[name].examples().items() for arg in ("--param", f"{key}={value}")]


@pytest.fixture(scope="session")
def embedded(analyst: Path) -> Callable[[str], Results]:
    """Each saved query's embedded results, computed once per session."""
    cache: dict[str, Results] = {}

    def get(name: str) -> Results:
        if name not in cache:
            cache[name] = results_of(analyst, name, *example_args(name))
        return cache[name]
    return get


def rows(results: Results, ordered: bool) -> list[str]:
    """The solutions as canonical JSON strings, sorted unless the query's order is its answer."""
    canonical = [json.dumps(row, sort_keys=True, ensure_ascii=False) for row in results["results"]["bindings"]]
    return canonical if ordered else sorted(canonical)


def assert_same_results(actual: Results, expected: Results, ordered: bool) -> None:
    assert actual["head"]["vars"] == expected["head"]["vars"]
    assert rows(actual, ordered) == rows(expected, ordered)


def one_line_error(result: Ran | subprocess.CompletedProcess[str]) -> str:
    """A user error: exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------
# The saved queries themselves

def test_saved_queries_answer_the_analyst_questions() -> None:
    assert len(NAMES) >= 15
    for name in ("organization-members", "aliases", "network", "place-control", "routes", "seizures", "arrests",
                 "corruption-links", "corroborated-facts", "single-source-claims", "conflicting-accounts",
                 "timeline", "logistics-nodes", "officials-and-posts", "foreign-actors", "evidence",
                 "statistics"):
        assert name in SAVED
        assert SAVED[name].summary and SAVED[name].description, name
        assert SAVED[name].form == "SELECT", name


def test_every_required_param_has_an_example() -> None:
    for query in SAVED.values():
        for param in query.params:
            if param.required:
                assert param.default is None and param.example, f"{query.name}: {param.name}"


def test_queries_lists_every_saved_query_with_its_params(analyst: Path) -> None:
    result = run(analyst, "queries", "--format", "json")
    assert result.returncode == 0, result.stderr
    listing = {q["name"]: q for q in json.loads(result.stdout)}
    assert sorted(listing) == NAMES
    assert listing["network"]["params"] == [
        {"name": "actor", "type": "iri", "default": "person:gerson-galvez-calle", "required": False, "example": None,
         "description": "the actor at the centre"},
        {"name": "hops", "type": "integer", "default": "2", "required": False, "example": None,
         "description": "how many hops away to look (1 to 3)"}]
    table = run(analyst, "queries").stdout.splitlines()
    assert table[0].split() == ["name", "summary", "params"]
    assert table[-1] == f"({len(NAMES)} rows)"
    assert any(line.startswith("evidence ") and line.endswith(
        "subject<iri>! predicate<iri>? object<iri>?") for line in table)


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_with_rdflib_and_oxigraph(name: str) -> None:
    saved = SAVED[name]
    for text in (saved.text, saved.bind(saved.examples())):
        prepareQuery(text)
        solutions = pyoxigraph.Store().query(text)  # parses, then runs on an empty store
        assert isinstance(solutions, pyoxigraph.QuerySolutions)


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_with_rasqal(name: str) -> None:
    """roqet exits 2 on warnings; the only ones allowed are about params (bound when the query
    runs) and anonymous blank nodes ([]), which it counts as variables used once."""
    require(shutil.which("roqet") is not None, "roqet (Debian rasqal-utils) is not installed")
    saved = SAVED[name]
    allowed = {p.name for p in saved.params}
    for text in (saved.text, saved.bind(saved.examples())):
        result = subprocess.run(["roqet", "-W", "100", "-i", "sparql", "-n", "-e", text],
                                capture_output=True, text=True)
        assert result.returncode in (0, 2), result.stderr
        warnings = re.findall(r"Warning - .*? - Variable (\w+) was", result.stderr)
        assert result.stderr.count("Warning") == len(warnings), result.stderr
        assert {w for w in warnings if not w.startswith("bnodeid")} <= allowed, result.stderr


def test_queries_assume_the_class_depths_of_the_ontology() -> None:
    """corruption-links, officials-and-posts and logistics-nodes match a class or its direct
    subclasses (transitive paths misbehave on Virtuoso 7.2): fail if the ontology grows deeper."""
    graph = rdflib.Graph().parse(ROOT / "ontology" / "ockg.ttl")
    deep = graph.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX ockg: <https://w3id.org/ockg/def/>
        SELECT ?class WHERE {
          ?class rdfs:subClassOf ?middle . ?middle rdfs:subClassOf ?top .
          VALUES ?top { ockg:CriminalOrganization ockg:GovernmentAgency ockg:LogisticsNode } }""")
    assert list(deep) == []


# ---------------------------------------------------------------------------------------------
# Results on the seed KG: the embedded engine against the reviewed expectations, then real stores

@pytest.mark.parametrize("name", NAMES)
def test_embedded_results_match_expected(name: str, embedded: Callable[[str], Results]) -> None:
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    assert_same_results(embedded(name), expected, SAVED[name].ordered)


def test_every_expected_file_belongs_to_a_query() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.json")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_store_answers_like_the_embedded_engine(name: str, triplestore: Triplestore,  # noqa: F811
                                                analyst: Path, embedded: Callable[[str], Results]) -> None:
    remote = results_of(analyst, name, *example_args(name), "--endpoint", triplestore.endpoint)
    assert_same_results(remote, embedded(name), SAVED[name].ordered)


TIES = ["leads", "memberOf", "holdsPost", "worksFor", "bribes", "corruptLink", "protects", "associateOf", "finances",
        "allyOf", "supplies", "providesServicesTo", "hasContractWith", "relativeOf", "siblingOf", "spouseOf",
        "childOf", "parentOf", "owns", "rents", "controls", "operatesIn", "basedIn", "rivalOf", "succeeded",
        "inheritedControlFrom"]
KINDS = ["PoliticalParty", "Legislature", "GovernmentAgency", "LawEnforcementAgency", "CriminalOrganization", "Gang",
         "Conflict", "Seaport"]
ENTITY_KINDS = tuple(f"https://w3id.org/ockg/id/{kind}/" for kind in ("person", "org", "place", "event"))


@pytest.fixture(scope="session")
def dense(analyst: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed KG plus 1,500 random ties among its entities, each with its claim, and random types (a fixed
    seed): the saved queries meet combinations no article states, where a store's planner may go wrong."""
    project = tmp_path_factory.mktemp("dense")
    shutil.copytree(analyst, project, dirs_exist_ok=True)
    trig = project / "dist" / "ockg.trig"
    quads = list(pyoxigraph.parse(path=str(trig), format=pyoxigraph.RdfFormat.TRIG))
    ockg_, rdf, prov = PREFIXES["ockg"], PREFIXES["rdf"], PREFIXES["prov"]

    def named(predicate: str, subjects: bool = False) -> list[NamedNode]:
        found = {q.subject if subjects else q.object for q in quads if q.predicate.value == predicate}
        return sorted((n for n in found if isinstance(n, NamedNode)), key=str)

    entities = [e for e in named(PREFIXES["skos"] + "prefLabel", subjects=True) if e.value.startswith(ENTITY_KINDS)]
    voices, certainties = named(ockg_ + "accordingTo"), named(ockg_ + "certainty")
    articles = named(prov + "wasDerivedFrom")
    graph, random = NamedNode("https://w3id.org/ockg/graph/dense"), Random(20161117)
    for i in range(1500):
        s, p, o = random.choice(entities), NamedNode(ockg_ + random.choice(TIES)), random.choice(entities)
        claim = {rdf + "type": NamedNode(ockg_ + "Claim"), rdf + "subject": s, rdf + "predicate": p, rdf + "object": o,
                 ockg_ + "accordingTo": random.choice(voices), ockg_ + "certainty": random.choice(certainties),
                 prov + "wasDerivedFrom": random.choice(articles)}
        node = NamedNode(f"https://w3id.org/ockg/id/claim/dense-{i}")
        quads += [Quad(s, p, o, graph), *(Quad(node, NamedNode(k), v, graph) for k, v in claim.items())]
        if random.random() < 0.1:
            quads.append(Quad(s, NamedNode(rdf + "type"), NamedNode(ockg_ + random.choice(KINDS)), graph))
    pyoxigraph.serialize(quads, str(trig), pyoxigraph.RdfFormat.TRIG)
    return project


@pytest.fixture(scope="session")
def dense_virtuoso(dense: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Triplestore]:
    """Virtuoso holding the dense data through `ockg load`, as users load it. (Through its bulk loader,
    Virtuoso keeps xsd:nonNegativeInteger, which the embedded store reads as xsd:integer.)"""
    with virtuoso(tmp_path_factory.mktemp("virtuoso-dense")) as store:
        loaded = ockg(dense, "load", "--endpoint", store.endpoint, *store.credentials)
        assert loaded.returncode == 0, loaded.stderr
        yield store


@pytest.mark.parametrize("name", NAMES)
def test_virtuoso_answers_like_the_embedded_engine_on_random_ties(name: str, dense: Path,
                                                                  dense_virtuoso: Triplestore) -> None:
    remote = results_of(dense, name, *example_args(name), "--endpoint", dense_virtuoso.endpoint)
    assert_same_results(remote, results_of(dense, name, *example_args(name)), SAVED[name].ordered)


@pytest.mark.parametrize("args", [
    ("network", "--param", "hops=1"),
    ("network", "--param", "actor=org:barrio-king", "--param", "hops=3"),
    ("search", "--param", "text=GÁLVEZ"),
    ("timeline", "--param", "actor=person:gerson-galvez-calle", "--param", "from=2015", "--param", "until=2016"),
    ("routes", "--param", "place=place:callao", "--param", "commodity=commodity:cocaine"),
    ("logistics-nodes", "--param", "kind=ockg:Seaport"),
    ("place-control", "--param", "place=place:vraem"),
    ("officials-and-posts", "--param", "body=org:dirandro"),
], ids=lambda args: "-".join(args[0::2]))
def test_store_binds_params_like_the_embedded_engine(args: tuple[str, ...], triplestore: Triplestore,  # noqa: F811
                                                    analyst: Path) -> None:
    embedded_rows = results_of(analyst, *args)
    assert embedded_rows["results"]["bindings"]
    remote = results_of(analyst, *args, "--endpoint", triplestore.endpoint)
    assert_same_results(remote, embedded_rows, SAVED[args[0]].ordered)


def test_loading_again_replaces_each_graph(triplestore: Triplestore, analyst: Path) -> None:  # noqa: F811
    result = ockg(analyst, "load", "--endpoint", triplestore.endpoint, *triplestore.credentials)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("loaded 6 graphs (")
    assert f"{triplestore.endpoint} counts the same triples in each graph" in result.stdout


def test_virtuoso_bulk_loads_the_nquads_dump(built: Path, tmp_path: Path) -> None:
    """The README's way past one machine: dist/ockg.nq through Virtuoso's bulk loader, every graph whole."""
    dump = built / "dist" / "ockg.nq"
    expected: dict[str, int] = {}
    for quad in pyoxigraph.parse(path=str(dump), format=pyoxigraph.RdfFormat.N_QUADS):
        expected[quad.graph_name.value] = expected.get(quad.graph_name.value, 0) + 1
    with virtuoso(tmp_path) as store:
        bulk_load(store, tmp_path, dump)
        answer = json.loads(endpoint.select(store.endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/ockg/graph/')) } GROUP BY ?g"))
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in answer["results"]["bindings"]}
    assert len(expected) == 6
    assert counts == expected


@pytest.mark.parametrize("triplestore", ["virtuoso"], indirect=True)  # Oxigraph has no authentication
def test_load_with_a_wrong_password_is_refused(triplestore: Triplestore, analyst: Path) -> None:  # noqa: F811
    result = ockg(analyst, "load", "--endpoint", triplestore.endpoint, "--user", "dba", "--password", "wrong",
                 "--digest")
    assert "401" in one_line_error(result)


# ---------------------------------------------------------------------------------------------
# Parameters: typed terms, never query text

def test_hops_is_bound_as_a_number(analyst: Path) -> None:
    near = results_of(analyst, "network", "--param", "hops=1")["results"]["bindings"]
    wider = results_of(analyst, "network")["results"]["bindings"]
    assert near and {row["distance"]["value"] for row in near} == {"1"}
    assert near == [row for row in wider if row["distance"]["value"] == "1"]
    assert len(wider) > len(near)


def test_prefixed_names_and_full_iris_bind_the_same_term(analyst: Path) -> None:
    short = results_of(analyst, "aliases", "--param", "actor=person:geraldo-oropeza")
    full = results_of(analyst, "aliases", "--param", f"actor={PREFIXES['person']}geraldo-oropeza")
    assert short == full
    assert {row["name"]["value"] for row in short["results"]["bindings"]} >= {"Tony Montana"}


def test_every_param_type_becomes_a_typed_term(analyst: Path, tmp_path: Path) -> None:
    query = tmp_path / "types.rq"
    query.write_text("#+ summary: echo typed params\n#+ params:\n"
                     + "".join(f"#+   - {{name: {t}, type: {t}}}\n" for t in saved.TYPES)
                     + f"SELECT {' '.join('?' + t for t in saved.TYPES)} WHERE {{ }}\n")
    values = {"iri": "org:dea", "string": 'a "quoted" {text}', "integer": "-7", "decimal": "2.50",
              "date": "2016-04-30", "year": "2016"}
    row = results_of(analyst, str(query), *[a for k, v in values.items() for a in ("--param", f"{k}={v}")])
    assert row["results"]["bindings"] == [{
        "iri": {"type": "uri", "value": PREFIXES["org"] + "dea"},
        "string": {"type": "literal", "value": 'a "quoted" {text}'},
        "integer": {"type": "literal", "value": "-7", "datatype": XSD + "integer"},
        "decimal": {"type": "literal", "value": "2.5", "datatype": XSD + "decimal"},
        "date": {"type": "literal", "value": "2016-04-30", "datatype": XSD + "date"},
        "year": {"type": "literal", "value": "2016", "datatype": XSD + "gYear"}}]


def test_binding_opens_the_where_group_with_typed_values() -> None:
    saved = SAVED["network"]
    brace = saved.text.index("WHERE {") + len("WHERE {")
    values = f' VALUES (?actor ?hops) {{ (<{PREFIXES["person"]}gerson-galvez-calle> "3"^^<{XSD}integer>) }}'
    assert saved.bind({"hops": "3"}) == saved.text[:brace] + values + saved.text[brace:]


@pytest.mark.parametrize(("args", "message"), [
    (("network", "--param", "actor=person:a b"), "param actor: 'person:a b' is not an absolute IRI"),
    (("network", "--param", "actor=http://x/a>b"), "is not an absolute IRI"),
    (("network", "--param", 'actor=http://x/"a'), "is not an absolute IRI"),
    (("network", "--param", "actor=http://x/{a}"), "is not an absolute IRI"),
    (("network", "--param", "actor=http://x/a|b"), "is not an absolute IRI"),
    (("network", "--param", "actor=http://x/a^b"), "is not an absolute IRI"),
    (("network", "--param", "actor=http://x/a`b"), "is not an absolute IRI"),
    (("network", "--param", "actor=http://x/a\\b"), "is not an absolute IRI"),
    (("network", "--param", "actor=http://x/a,b> } ; DROP ALL #"), "is not an absolute IRI"),
    (("network", "--param", "actor=gerson-galvez-calle"), "is not an absolute IRI"),
    (("network", "--param", "hops=2) } ; DROP ALL #"), "param hops: '2) } ; DROP ALL #' is not an integer"),
    (("network", "--param", "hops=1.5"), "is not an integer"),
    (("network", "--param", "hops=two"), "is not an integer"),
    (("network", "--param", "hops=4"), "param hops: '4' is above the maximum 3"),
    (("network", "--param", "hops=0"), "is below the minimum 1"),
    (("timeline", "--param", "from=15"), "param from: '15' is not a year (YYYY)"),
], ids=lambda value: "" if isinstance(value, str) else value[2])
def test_values_that_break_out_of_their_term_are_refused(analyst: Path, args: tuple[str, ...],
                                                          message: str) -> None:
    assert message in one_line_error(run(analyst, "query", *args))


def test_a_user_sees_one_line_and_exit_2(analyst: Path) -> None:
    """The same checks through a separate process, as a user runs it."""
    line = one_line_error(ockg(analyst, "query", "network", "--param", "hops=1 } ; DROP ALL #"))
    assert line == "param hops: '1 } ; DROP ALL #' is not an integer"
    assert one_line_error(ockg(analyst, "query", "nope")) == "no saved query 'nope' in queries/ (see `ockg queries`)"


def test_a_string_param_stays_a_literal(analyst: Path) -> None:
    injected = results_of(analyst, "search", "--param", 'text=") } UNION { ?entity ?p ?o } #')
    assert injected["results"]["bindings"] == []
    found = results_of(analyst, "search", "--param", "text=gálvez")["results"]["bindings"]
    assert {row["entity"]["value"] for row in found} >= {PREFIXES["person"] + "gerson-galvez-calle"}


@pytest.mark.parametrize(("args", "message"), [
    (("nope",), "no saved query 'nope' in queries/ (see `ockg queries`)"),
    (("missing.rq",), "query file 'missing.rq' not found"),
    (("evidence",), "query 'evidence' needs --param subject=<iri>"),
    (("network", "--param", "depth=2"), "query 'network' has no param 'depth' (its params: actor, hops)"),
    (("network", "--param", "hops"), "--param 'hops' must be NAME=VALUE"),
    (("network", "--param", "hops=1", "--param", "hops=2"), "--param hops is given twice"),
    (("network", "--endpoint", "ftp://example.org/q"), "endpoint 'ftp://example.org/q' is not an http(s) URL"),
], ids=lambda value: "" if isinstance(value, str) else "-".join(value))
def test_usage_errors_are_one_line(analyst: Path, args: tuple[str, ...], message: str) -> None:
    assert one_line_error(run(analyst, "query", *args)) == message


def test_an_unreachable_endpoint_is_one_line(analyst: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    line = one_line_error(ockg(analyst, "query", "aliases", "--endpoint", url))
    assert line.startswith(f"cannot reach endpoint {url}: ")
    line = one_line_error(ockg(analyst, "load", "--endpoint", url))
    assert line.startswith(f"cannot reach {url[:-len('/sparql')]}/sparql-graph-crud: ")


@pytest.mark.parametrize(("args", "message"), [
    (("--endpoint", "http://127.0.0.1:1/sparql", "--user", "dba"), "--user and --password go together"),
    (("--endpoint", "http://127.0.0.1:1/elsewhere"), "cannot tell the Graph Store Protocol URL of endpoint"),
])
def test_load_usage_errors_are_one_line(analyst: Path, args: tuple[str, ...], message: str) -> None:
    assert message in one_line_error(run(analyst, "load", *args))


# ---------------------------------------------------------------------------------------------
# Output formats

def test_every_output_format_carries_the_same_solutions(analyst: Path) -> None:
    args = ("query", "aliases", "--param", "actor=person:geraldo-oropeza")
    data = results_of(analyst, *args[1:])
    assert data["head"]["vars"] == ["actor", "actorLabel", "kind", "name", "articles"]
    solutions = data["results"]["bindings"]
    assert [row["name"]["value"] for row in solutions] == ["Gerald Oropeza", "Tony Montana"]

    text = run(analyst, *args, "--format", "csv").stdout
    assert text.startswith("actor,actorLabel,kind,name,articles\r\n")  # CRLF, as SPARQL 1.1 CSV says
    table = list(csv.reader(io.StringIO(text)))
    assert table[1:] == [[row[v]["value"] for v in data["head"]["vars"]] for row in solutions]

    tsv = run(analyst, *args, "--format", "tsv").stdout
    assert tsv.splitlines()[0] == "?actor\t?actorLabel\t?kind\t?name\t?articles"
    assert tsv.splitlines()[1] == (f'<{PREFIXES["person"]}geraldo-oropeza>\t"Geraldo Oropeza"@en\t"alias"\t'
                                   '"Gerald Oropeza"\t1')
    parsed = pyoxigraph.parse_query_results(tsv, pyoxigraph.QueryResultsFormat.TSV)
    assert len(list(parsed)) == len(solutions)

    shown = run(analyst, *args).stdout.splitlines()
    assert shown[0].split() == data["head"]["vars"]
    assert shown[2].split() == ["person:geraldo-oropeza", "Geraldo", "Oropeza", "alias", "Gerald", "Oropeza", "1"]
    assert shown[-1] == "(2 rows)"


# ---------------------------------------------------------------------------------------------
# Query files given by path

@pytest.mark.parametrize(("text", "message"), [
    ("#+ summary: [unclosed\nSELECT * WHERE { }\n", "bad.rq:1: malformed header"),
    ("#+ summary: x\n#+ author: me\nSELECT * WHERE { }\n", "bad.rq:2: unknown header key 'author'"),
    ("#+ params:\n#+   - {name: who, type: iri}\nSELECT * WHERE { }\n",
     "bad.rq:2: param 'who' is not a variable of the query"),
    ("#+ params:\n#+   - {name: n, type: number}\nSELECT ?n WHERE { }\n", "param 'n' has unknown type 'number'"),
    ("#+ params:\n#+   - {name: n, type: integer, default: x}\nSELECT ?n WHERE { }\n",
     "bad.rq:2: default of param 'n': 'x' is not an integer"),
    ("SELECT * WHERE { ?s ?p }\n", "bad.rq: SPARQL syntax error"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", "bad.rq: ockg query runs SELECT and ASK queries, not CONSTRUCT"),
])
def test_a_bad_query_file_points_at_its_line(analyst: Path, tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.rq").write_text(text)
    assert message in one_line_error(run(analyst, "query", str(tmp_path / "bad.rq")))


def test_help_works_for_every_command(analyst: Path) -> None:
    for command in ("queries", "query", "load"):
        result = run(analyst, command, "--help")
        assert result.returncode == 0 and result.stdout.startswith(f"usage: ockg {command}"), result.stderr
