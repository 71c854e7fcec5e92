"""The quote lock: a build without the article texts, and quotes that are new, changed or ambiguous."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_build import digests

from conftest import MINI, ROOT, ockg, seeds_dir

MINI_SEEDS = MINI / "seeds" / "text"
MAPPING = "mappings/t01_fixture.yaml"
LOCK = "seeds/quotes.lock.json"


def edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_committed_lock_says_what_the_texts_say() -> None:
    """A mapping change committed without the lock the build rewrote fails here (and in `ockg check`)."""
    result = ockg(ROOT, "check", seeds=seeds_dir())
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_texts_the_lock_gives_the_same_release(mini: Path, tmp_path: Path) -> None:
    from_texts = digests(mini / "dist")
    result = ockg(mini, "build", seeds=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == f"quotes from {LOCK} (no text in {tmp_path}): t01_fixture"
    assert digests(mini / "dist") == from_texts
    check = ockg(mini, "check", seeds=tmp_path)
    assert (check.returncode, check.stdout.splitlines()[1]) == (
        0, f"quotes from {LOCK} (no text in {tmp_path}): t01_fixture")


def test_the_lock_is_json_with_one_quote_per_line_in_text_order() -> None:
    text = (MINI / LOCK).read_text(encoding="utf-8")
    quotes = json.loads(text)["articles"]["t01_fixture"]["quotes"]
    lines = [line.strip().rstrip(",") for line in text.splitlines() if line.strip().startswith('{"start"')]
    assert [json.loads(line) for line in lines] == quotes
    assert [(q["start"], q["end"]) for q in quotes] == sorted((q["start"], q["end"]) for q in quotes)
    source = (MINI_SEEDS / "t01_fixture.txt").read_text(encoding="utf-8")
    for q in quotes:
        assert source[q["start"]:q["end"]] == q["quote"]
        assert source[:q["start"]].endswith(q["prefix"]) and source[q["end"]:].startswith(q["suffix"])


def test_a_stale_lock_fails_check_and_the_build_rewrites_it(mini: Path) -> None:
    edit(mini, MAPPING, "quote: leads the Example Gang", "quote: the Example Gang")
    check = ockg(mini, "check", seeds=MINI_SEEDS)
    assert check.returncode == 1
    assert check.stderr.strip() == f"{LOCK} is out of date: `ockg build` rewrites it (then commit it)"
    before = (mini / LOCK).read_text(encoding="utf-8")
    build = ockg(mini, "build", seeds=MINI_SEEDS)
    assert build.returncode == 0, build.stderr
    assert build.stdout.splitlines()[2] == f"{LOCK} rewritten: commit it with the mapping files"
    after = (mini / LOCK).read_text(encoding="utf-8")
    assert '"quote": "leads the Example Gang"' in before and '"quote": "leads the Example Gang"' not in after
    assert ockg(mini, "check", seeds=MINI_SEEDS).returncode == 0
    again = ockg(mini, "build", seeds=MINI_SEEDS)
    assert len(again.stdout.splitlines()) == 2  # nothing to rewrite


def test_occurrence_picks_one_of_a_repeated_quote(mini: Path) -> None:
    edit(mini, MAPPING, "quote: the Example Gang in Testville", "quote: {quote: Testville, occurrence: 2}")
    result = ockg(mini, "build", seeds=MINI_SEEDS)
    assert result.returncode == 0, result.stderr
    lock = json.loads((mini / LOCK).read_text(encoding="utf-8"))["articles"]["t01_fixture"]["quotes"]
    assert [q for q in lock if "occurrence" in q] == [
        {"start": 85, "end": 94, "occurrence": 2, "quote": "Testville", "prefix": 'Ace", leads the Example Gang in ',
         "suffix": ".\nPolice seized 12 kilos of coca"}]
    assert "<https://w3id.org/ockg/id/quote/t01-fixture-85-94>" in (mini / "dist" / "ockg.nt").read_text()


BAD = [
    ("repeated quote", True, "quote: the Example Gang in Testville", "quote: Testville",
     "mappings/t01_fixture.yaml:16:12: quote occurs more than once in article t01_fixture (at offsets 0, 85, "
     "133): quote a longer passage, or say which with {quote: ..., occurrence: N}: 'Testville'"),
    ("occurrence past the last", True, "quote: the Example Gang in Testville",
     "quote: {quote: in Testville, occurrence: 3}",
     "mappings/t01_fixture.yaml:16:12: occurrence 3, but the quote occurs 2 time(s) in article t01_fixture: "
     "'in Testville'"),
    ("occurrence zero", True, "quote: the Example Gang in Testville", "quote: {quote: in Testville, occurrence: 0}",
     "mappings/t01_fixture.yaml:16:12: entities/2/quote: 0 is less than the minimum of 1"),
    ("new quote, no text", False, "quote: the Example Gang in Testville", "quote: Example Gang in Testville",
     f"mappings/t01_fixture.yaml:16:12: quote is new or changed since {LOCK}, and the text of article "
     "t01_fixture is not there to check it against (set OCKG_SEEDS): 'Example Gang in Testville'"),
    ("new occurrence, no text", False, "quote: the Example Gang in Testville",
     "quote: {quote: the Example Gang in Testville, occurrence: 1}",
     f"mappings/t01_fixture.yaml:16:12: quote is new or changed since {LOCK}, and the text of article "
     "t01_fixture is not there to check it against (set OCKG_SEEDS): 'the Example Gang in Testville'"),
    ("lock of another text, no text", False, '"sha256": "05475a', '"sha256": "15475a',
     f"seeds/catalogue.yaml:3:5: {LOCK} was made from another text of t01_fixture (sha256 15475a9634ae9dfd88eb7"
     "91e9d6db67b17513ebfecee28f6fa048ec56212d021): build with its text to rewrite the lock"),
    ("malformed lock, no text", False, '"length": 164,', '"length": 164',
     f"{LOCK}:4:113: malformed JSON: Expecting ',' delimiter"),
    ("lock against its schema, no text", False, '"length": 164,', '"length": "164",',
     f"{LOCK}:4:109: articles/t01_fixture/length: '164' is not of type 'integer'"),
    ("article ids equal but for case and '_'", True, "    length: 164\n", "    length: 164\n" + (
        MINI / "seeds" / "catalogue.yaml").read_text(encoding="utf-8").split("articles:\n")[1].split("dataset:")[0]
        .replace("id: t01_fixture", "id: T01-fixture"),
     "seeds/catalogue.yaml:18:5: article id 'T01-fixture' differs from 't01_fixture' (seeds/catalogue.yaml:3:5) "
     "only by case or '_'/'-': both would get the same IRI"),
]


@pytest.mark.parametrize(("case", "texts", "old", "new", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_quotes_exit_2_with_file_and_line(mini: Path, tmp_path: Path, case: str, texts: bool, old: str,
                                              new: str, message: str) -> None:
    before = digests(mini / "dist")
    file = LOCK if '"' in old else "seeds/catalogue.yaml" if "length" in old else MAPPING
    edit(mini, file, old, new)
    result = ockg(mini, "build", seeds=MINI_SEEDS if texts else tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.strip() == message
    assert digests(mini / "dist") == before
