"""`ockg build` and `ockg check`: release files, determinism, offsets, and bad input."""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from conftest import MINI, ROOT, copy_project, ockg, require, seeds_dir
from ockg import cli

FORMATS = {
    "ontology.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "ontology.owl": ("xml", pyoxigraph.RdfFormat.RDF_XML),
    "ockg.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "ockg.trig": ("trig", pyoxigraph.RdfFormat.TRIG),
    "ockg.nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "ockg.nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
    "ockg.jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
    "void.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
}
MINI_SEEDS = MINI / "seeds" / "text"
MAPPING = "mappings/t01_fixture.yaml"


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_release_file_parses_with_rdflib_and_pyoxigraph(built: Path, name: str) -> None:
    path = built / "dist" / name
    rdflib_format, oxigraph_format = FORMATS[name]
    dataset = rdflib.Dataset()
    dataset.parse(path, format=rdflib_format)
    oxigraph_count = sum(1 for _ in pyoxigraph.parse(path=str(path), format=oxigraph_format))
    assert oxigraph_count > 100
    assert len(dataset) == oxigraph_count or name.endswith((".trig", ".nq", ".jsonld"))


@pytest.mark.parametrize("name", ["ockg.ttl", "ockg.trig", "ockg.nt", "ockg.nq"])
def test_release_parses_with_raptor(built: Path, name: str) -> None:
    require(shutil.which("rapper") is not None, "rapper (Debian raptor2-utils) is not installed")
    syntax = {"ttl": "turtle", "trig": "trig", "nt": "ntriples", "nq": "nquads"}[name.rsplit(".", 1)[1]]
    result = subprocess.run(["rapper", "-c", "-i", syntax, str(built / "dist" / name)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_union_and_named_graphs_hold_the_same_triples(built: Path) -> None:
    ttl = {tuple(map(str, (t.subject, t.predicate, t.object)))
           for t in pyoxigraph.parse(path=str(built / "dist" / "ockg.ttl"))}
    trig = {tuple(map(str, (q.subject, q.predicate, q.object)))
            for q in pyoxigraph.parse(path=str(built / "dist" / "ockg.trig"))}
    assert ttl == trig


def test_union_files_and_void_count_each_triple_once(built: Path) -> None:
    """The streaming writer trusts the build to say which triples two graphs share: a triple written
    twice to the union would show as a repeated line of ockg.nt and an inflated void:triples."""
    dist = built / "dist"
    lines = (dist / "ockg.nt").read_text(encoding="utf-8").splitlines()
    distinct = {q.triple for q in pyoxigraph.parse(path=str(dist / "ockg.trig"))}
    assert len(lines) == len(set(lines)) == len(distinct)
    void = pyoxigraph.Store()
    void.load(path=str(dist / "void.ttl"))
    counts = {str(s["p"].value).rsplit("#", 1)[1]: int(s["n"].value) for s in void.query(
        "SELECT ?p ?n WHERE { <https://w3id.org/ockg/dataset> ?p ?n "
        "FILTER(?p IN (void:triples, void:distinctSubjects, void:distinctObjects)) }",
        prefixes={"void": "http://rdfs.org/ns/void#"})}
    assert counts == {"triples": len(distinct),
                      "distinctSubjects": len({t.subject for t in distinct}),
                      "distinctObjects": len({t.object for t in distinct})}


def test_nquads_jsonld_and_trig_hold_the_same_quads(built: Path) -> None:
    def quads(name: str) -> set[pyoxigraph.Quad]:
        return set(pyoxigraph.parse(path=str(built / "dist" / name), format=FORMATS[name][1]))

    trig = quads("ockg.trig")
    assert len({q.graph_name for q in trig}) == 6  # the ontology and one per article
    assert quads("ockg.nq") == trig
    assert quads("ockg.jsonld") == trig


def test_dist_is_as_readable_as_any_new_folder(built: Path, tmp_path: Path) -> None:
    """dist/ is published: not the private mode (0700) of a temporary folder."""
    (tmp_path / "new").mkdir()
    assert (built / "dist").stat().st_mode == (tmp_path / "new").stat().st_mode


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = copy_project(tmp_path / "again")
    result = ockg(again, "build", seeds=seeds_dir(), env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    assert digests(again / "dist") == digests(built / "dist")


def test_every_quote_stands_at_its_offsets(built: Path) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(built / "dist" / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    rows = list(store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX ockg: <https://w3id.org/ockg/def/>
        SELECT ?file ?exact ?start ?end WHERE { GRAPH ?g {
          ?q oa:hasSource ?article ; oa:hasSelector ?e, ?p .
          ?e oa:exact ?exact . ?p oa:start ?start ; oa:end ?end . }
          GRAPH ?h { ?article ockg:fileName ?file } }""", use_default_graph_as_union=True))
    assert len(rows) > 200
    texts = {f.name: f.read_text(encoding="utf-8") for f in seeds_dir().glob("*.txt")}
    for row in rows:
        text = texts[row["file"].value]
        start, end = int(row["start"].value), int(row["end"].value)
        assert text[start:end] == row["exact"].value
        assert end - start <= 160


def test_every_claim_has_article_quote_and_shortcut(built: Path) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(built / "dist" / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    missing = list(store.query("""
        PREFIX ockg: <https://w3id.org/ockg/def/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?c WHERE { GRAPH ?g { ?c a ockg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          FILTER NOT EXISTS { ?c prov:wasDerivedFrom ?a ; ockg:evidence ?q ;
                                 ockg:mappingFile ?f ; ockg:mappingLine ?l .
                              ?s ?p ?o } } }"""))
    assert missing == []


def test_summary_and_check(built: Path) -> None:
    result = ockg(built, "check", seeds=seeds_dir())
    assert result.returncode == 0, result.stderr
    ok, sources = result.stdout.splitlines()
    assert re.fullmatch(r"ok: [1-9]\d* quotes behind [1-9]\d* claims stand at their offsets", ok)
    assert sources == ("quotes verified against their text: 000_b9edb38fd6fd730a, 001_9fc8f4543142a43a, "
                       "002_df46045e554322fd, 003_804639371f111cd7, 004_e00f9d7bb1e43201")


def test_missing_texts_without_a_lock_are_listed_and_exit_2(mini: Path, tmp_path: Path) -> None:
    (mini / "seeds" / "quotes.lock.json").unlink()
    result = ockg(mini, "check", seeds=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"seeds/catalogue.yaml:3:5: text of t01_fixture not found at {tmp_path}/t01_fixture.txt and "
        "seeds/quotes.lock.json has no record of it (set OCKG_SEEDS to the folder holding the article texts)")


def test_mini_build_summary(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", MINI)
    result = ockg(project, "build", seeds=MINI_SEEDS)
    assert result.returncode == 0, result.stderr
    summary, sources = result.stdout.splitlines()
    head, _, triples = summary.rpartition(", ")
    assert sources == "quotes verified against their text: t01_fixture"
    assert head == ("built dist/: 1 articles, 6 entities (1 event, 2 org, 1 person, 1 place, 1 quantity), "
                    "14 claims, 7 quotes")
    lines = (project / "dist" / "ockg.nt").read_text(encoding="utf-8").count("\n")
    assert triples == f"{lines} triples"


BAD_INPUTS = [
    ("malformed YAML", MAPPING, "    class: Person\n", "    class: [Person\n",
     "mappings/t01_fixture.yaml:5:10: malformed YAML: did not find expected ',' or ']'"),
    ("unknown class", MAPPING, "class: Gang", "class: Gangs",
     "mappings/t01_fixture.yaml:10:12: unknown class 'Gangs' (did you mean Gang?)"),
    ("unknown property", MAPPING, "      leads: example-gang", "      heads: example-gang",
     "mappings/t01_fixture.yaml:40:14: unknown property 'heads' (did you mean leads?)"),
    ("unknown entity", MAPPING, "      leads: example-gang", "      leads: sample-gang",
     "mappings/t01_fixture.yaml:40:14: leads: unknown entity or concept 'sample-gang' "
     "(did you mean example-gang?)"),
    ("duplicate id", MAPPING, "  - id: testville\n", "  - id: example-gang\n",
     "mappings/t01_fixture.yaml:13:9: duplicate id 'example-gang': first declared at "
     "mappings/t01_fixture.yaml:9:9"),
    ("impossible date", MAPPING, "date: 2020-02-29", "date: 2019-02-29",
     "mappings/t01_fixture.yaml:27:13: date: '2019-02-29' is an impossible date"),
    ("negative quantity", MAPPING, "value: 12", "value: -12",
     "mappings/t01_fixture.yaml:34:14: value: -12 is negative: quantities are never below zero"),
    ("quote not in article", MAPPING, "quote: 12 kilos of cocaine", "quote: 12 kilos of heroin",
     "mappings/t01_fixture.yaml:32:12: quote not found verbatim in article t01_fixture: "
     "'12 kilos of heroin'"),
    ("quote too long", MAPPING, "quote: 12 kilos of cocaine", "quote: " + "x" * 161,
     "mappings/t01_fixture.yaml:32:12: entities/5/quote: 161 characters, more than the 160 "
     "allowed"),
    ("unknown key", MAPPING, "    certainty: confirmed", "    certainty: confirmed\n    sure: yes",
     "mappings/t01_fixture.yaml:38:5: claims/0: unknown key ('sure' was unexpected)"),
    ("wrong hash", "seeds/catalogue.yaml", "sha256: 0", "sha256: 1",
     f"seeds/catalogue.yaml:3:5: {MINI_SEEDS}/t01_fixture.txt has sha256 "
     f"{hashlib.sha256((MINI_SEEDS / 't01_fixture.txt').read_bytes()).hexdigest()}, the catalogue says 1"),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "message"), BAD_INPUTS,
                         ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_reported_with_location_and_leaves_dist(
        mini: Path, case: str, file: str, old: str, new: str, message: str) -> None:
    before = digests(mini / "dist")
    path = mini / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = ockg(mini, "build", seeds=MINI_SEEDS)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert digests(mini / "dist") == before


def test_help_on_every_subcommand() -> None:
    top = ockg(ROOT, "--help")
    assert top.returncode == 0
    [subparsers] = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    commands = sorted(subparsers.choices)
    assert commands == sorted(cli.STAGES)  # each stage registers exactly the subcommands cli routes to it
    for command in commands:
        assert command in top.stdout
        result = ockg(ROOT, command, "--help")
        assert result.returncode == 0 and "usage: ockg " + command in result.stdout


def test_bad_usage_exits_2_with_one_line() -> None:
    result = ockg(ROOT, "frobnicate")
    assert result.returncode == 2
    assert result.stderr.startswith("ockg: argument command: invalid choice: 'frobnicate'")
    assert len(result.stderr.strip().splitlines()) == 1
