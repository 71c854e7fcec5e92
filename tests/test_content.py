"""Cross-article links, likely duplicates and coverage, on two made-up articles (tests/fixtures/pair).

t02 says the Sample Gang controls the port and that Bob Sample (its leader) is Carol Other's
rival; t03 says the gang never controlled the port (contradicts), that the gang and the Other
Clan are rivals (restates the leaders' rivalry at the level of the groups), and reports a
detention of Bob Sample in Testville that is likely t02's arrest under another id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from conftest import ROOT, copy_project, ockg, seeds_dir

PAIR = ROOT / "tests" / "fixtures" / "pair"
TEXTS = PAIR / "seeds" / "text"
LINKS = """
PREFIX ockg: <https://w3id.org/ockg/def/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?link ?from ?to ?property WHERE {
  VALUES ?link { ockg:contradicts ockg:restates }
  ?a ?link ?b .
  ?a prov:wasDerivedFrom ?from ; rdf:predicate ?property .
  ?b prov:wasDerivedFrom ?to .
} ORDER BY ?link"""


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "pair", PAIR)
    result = ockg(project, "build", seeds=TEXTS)
    assert result.returncode == 0, result.stderr
    return project


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "mappings" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_claims_link_to_claims_of_another_article(pair: Path) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(pair / "dist" / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    rows = [tuple(term.value.rsplit("/", 1)[-1] for term in row)
            for row in store.query(LINKS, use_default_graph_as_union=True)]
    assert rows == [("contradicts", "t03-fixture", "t02-fixture", "controls"),
                    ("restates", "t03-fixture", "t02-fixture", "rivalOf")]


LINK_ERRORS = [
    ("itself", "contradicts: [gang-controls-port]", "contradicts: [gang-never-controlled-port]",
     "mappings/t03_fixture.yaml:31:19: claim 'gang-never-controlled-port' lists itself under 'contradicts'"),
    ("unknown", "restates: [bob-and-carol-rivals]", "restates: [bob-and-carol-rival]",
     "mappings/t03_fixture.yaml:24:16: unknown claim id 'bob-and-carol-rival' (did you mean bob-and-carol-rivals?)"),
    ("duplicate", "- id: gangs-rivals", "- id: gang-controls-port",
     "mappings/t03_fixture.yaml:19:9: duplicate claim id 'gang-controls-port': first at "
     "mappings/t02_fixture.yaml:40:9"),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), LINK_ERRORS, ids=[c[0] for c in LINK_ERRORS])
def test_bad_links_are_reported_with_file_and_line(pair: Path, case: str, old: str, new: str, message: str) -> None:
    _edit(pair, "t03_fixture.yaml", old, new)
    result = ockg(pair, "build", seeds=TEXTS)
    assert (result.returncode, result.stderr.splitlines()[0]) == (2, message)


def test_one_fact_as_reported_and_as_suspected_is_two_claims(pair: Path) -> None:
    _edit(pair, "t02_fixture.yaml", "claims:\n", "claims:\n  - about: bob-sample\n    says:\n      leads: sample-gang\n"
          "    quote: the leader of the Sample Gang, in Testville\n    certainty: alleged\n")
    result = ockg(pair, "build", seeds=TEXTS)
    assert result.returncode == 0, result.stderr
    assert ", 21 claims," in result.stdout
    _edit(pair, "t02_fixture.yaml", "    certainty: alleged\n", "")
    result = ockg(pair, "build", seeds=TEXTS)
    assert result.returncode == 2
    assert ("is stated again with the same by, certainty, period and role (first at line 36): state it once and "
            "list both quotes") in result.stderr


def test_qc_flags_the_arrest_mapped_twice_until_a_curator_keeps_them_apart(pair: Path) -> None:
    result = ockg(pair, "qc", "--format", "json")
    [check] = [c for c in json.loads(result.stdout)["checks"] if c["check"] == "likely-duplicate"]
    assert check["rows"] == [{"entity": "<https://w3id.org/ockg/id/event/arrest-of-bob-sample>",
                              "property": "<https://w3id.org/ockg/def/place>",
                              "value": "<https://w3id.org/ockg/id/event/detention-of-bob-sample>"}]
    with (pair / "queries" / "checks" / "likely-duplicate.accepted.tsv").open("a", encoding="utf-8") as accepted:
        accepted.write("event:arrest-of-bob-sample\tevent:detention-of-bob-sample\ttwo arrests, days apart\n")
    result = ockg(pair, "qc", "--format", "json")
    [check] = [c for c in json.loads(result.stdout)["checks"] if c["check"] == "likely-duplicate"]
    assert (check["rows"], check["accepted"]) == ([], 1)


def test_an_accepted_row_needs_a_reason(pair: Path) -> None:
    (pair / "queries" / "checks" / "likely-duplicate.accepted.tsv").write_text(
        "# a header\nevent:arrest-of-bob-sample\tevent:detention-of-bob-sample\n", encoding="utf-8")
    result = ockg(pair, "qc")
    assert result.returncode == 2
    assert result.stderr.startswith("queries/checks/likely-duplicate.accepted.tsv:2: expected ENTITY<TAB>VALUE<TAB>WHY")


def test_coverage_counts_quoted_body_sentences_and_unquoted_mentions(pair: Path) -> None:
    result = ockg(pair, "coverage", "--format", "json", seeds=TEXTS)
    assert result.returncode == 0, result.stderr
    t02, t03 = json.loads(result.stdout)
    # t02's body leaves out the dateline and the SEE ALSO line: four sentences, the last unquoted
    assert (t02["sentences"], t02["quoted"]) == (4, 3)
    assert [p["unquoted"] for p in t02["paragraphs"]] == [[], ["Bob Sample was seen in Testville last year."]]
    assert [(m["paragraph"], m["entity"], m["name"]) for m in t02["mentions"]] == [
        (1, "place:testville", "Testville"), (2, "person:bob-sample", "Bob Sample"),
        (2, "place:testville", "Testville")]
    # t03 has no body bounds: the whole text, dateline included, which its publisher's declaration quotes
    assert (t03["sentences"], t03["quoted"]) == (4, 4)


def test_coverage_summary_comes_first_and_html_marks_sentences(pair: Path) -> None:
    result = ockg(pair, "coverage", seeds=TEXTS)
    assert result.stdout.splitlines()[:5] == [
        "body sentences quoted by some claim: 7 of 8 (87 %)", "",
        "article                sentences quoted  share mentions",
        "t02_fixture                    4      3   75 %        3",
        "t03_fixture                    4      4  100 %        1"]
    page = ockg(pair, "coverage", "--format", "html", seeds=TEXTS).stdout
    assert "<span class='u'>Bob Sample was seen in Testville last year.</span>" in page


def test_coverage_names_an_unknown_article(pair: Path) -> None:
    result = ockg(pair, "coverage", "--article", "t09", seeds=TEXTS)
    assert (result.returncode, result.stderr) == (2, "no article t09 in seeds/catalogue.yaml\n")


def test_the_readme_shows_what_coverage_says_of_the_seed_articles(built: Path) -> None:
    """The README's coverage block (a ```text block: coverage reads the texts, which the README
    test's lock-built project has not) is run here, with the texts."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n$ ockg coverage --summary\n", 1)[1].split("```", 1)[0]
    result = ockg(built, "coverage", "--summary", seeds=seeds_dir())
    assert (result.returncode, result.stdout) == (0, block)
