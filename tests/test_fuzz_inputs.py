"""Property: whatever YAML the mapping loader and the catalogue reader are given, `ockg build` exits 0
or 2 with no traceback, and a build that fails leaves dist/ as it was.

The inputs are the fixture corpus's mapping file and catalogue, mutated (bytes cut, repeated or
replaced; YAML punctuation, aliases, tags, control characters and invalid UTF-8 put in) or rewritten
with generated values at random places. The command runs in this process: a few hundred builds of
the one-article corpus take seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, copy_project
from ockg.cli import main

FILES = {name: (MINI / name).read_bytes() for name in ("mappings/t01_fixture.yaml", "seeds/catalogue.yaml")}
PIECES = [b"&a ", b"*a", b"<<: *a\n", b"[", b"]", b"{", b"}", b": ", b"\n- ", b"\n  - ", b"\n    ", b"- - -",
          b"#", b"'", b'"', b"\\n", b"|\n", b">-\n", b"!!python/object:os.system ", b"!!binary ", b"? ",
          b"%YAML 1.1\n", b"---\n", b"...\n", b"\t", b"\x00", b"\x07", b"\x1b[31m", b"\xff", b"\xc3", b"\xef\xbb\xbf",
          "\u2028".encode(), "é".encode(), b"null", b"~", b"2020-02-30", b"0x1F", b"1e999", b".nan", b"-", b"_"]
ODD_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["alice-example", "testville\n", "Person", "2020-02-29", "http://a b", "ace\x07", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the two files with a few byte-level edits."""
    name = draw(st.sampled_from(sorted(FILES)))
    data = FILES[name]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        end = min(len(data), at + draw(st.integers(0, 40)))
        edit = draw(st.sampled_from(["cut", "insert", "repeat", "replace"]))
        if edit == "cut":
            data = data[:at] + data[end:]
        elif edit == "repeat":
            data = data[:end] + data[at:end] * draw(st.integers(1, 50)) + data[end:]
        else:
            piece = draw(st.sampled_from(PIECES) | st.binary(max_size=6))
            data = data[:at] + piece + data[end if edit == "replace" else at:]
    return name, data


@st.composite
def rewritten(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the two files parsed, a generated value put at a random place, and written again."""
    name = draw(st.sampled_from(sorted(FILES)))
    document: Any = yaml.safe_load(FILES[name])
    node = document
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if not isinstance(node[key], dict | list) or draw(st.booleans()):
            node[key] = draw(ODD_VALUES)
            break
        node = node[key]
    return name, yaml.safe_dump(document, allow_unicode=draw(st.booleans())).encode()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def build(project: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build"])
    return code, err.getvalue()


@settings(max_examples=200, deadline=timedelta(seconds=10), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(mutated(), rewritten()))
def test_any_yaml_exits_0_or_2_without_a_traceback_and_a_failure_keeps_dist(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, bytes]) -> None:
    monkeypatch.setenv("OCKG_SEEDS", str(MINI / "seeds" / "text"))
    project = tmp_path / "fuzz"
    if not project.exists():
        copy_project(project, MINI)
        assert build(project) == (0, "")
    before = digests(project / "dist")
    name, data = change
    (project / name).write_bytes(data)
    try:
        code, err = build(project)
    finally:
        for original, content in FILES.items():
            (project / original).write_bytes(content)
    assert code in (0, 2), err
    assert "Traceback" not in err
    assert [p.name for p in project.iterdir() if p.name.startswith((".dist-", ".work-"))] == []
    if code == 2:
        assert err and all(line.strip() for line in err.splitlines())
        assert digests(project / "dist") == before
    else:
        shutil.rmtree(project)  # the next example starts from the fixture's release again
