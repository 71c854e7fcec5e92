"""The README cannot drift: every command it shows with its output is run, and the output compared.

What is run: each ```console block of README.md, in a copy of the project built as `make` builds it
(from the quote lock: no texts needed), with .venv/bin first on PATH (as after `. .venv/bin/activate`).
A line `$ COMMAND` is a command (it goes on over the next lines while its quotes are open or it ends
in a backslash); the lines up to the next command are its output. Every command must exit 0; one
ending in `&` (a server) runs in the background until the block ends. A command with no lines after
it is run, its output not compared. The ```sparql block followed by a table is run on dist/ockg.trig.

How output is compared (the normaliser): exactly, line by line, but
- a line `...` stands for any number of lines left out (before, between or after the lines shown);
- trailing spaces and carriage returns (SPARQL CSV ends lines with CRLF) are ignored;
- a table (a header line over a line of dashes, as `ockg queries` and `ockg query` print) is compared
  cell by cell in the columns the README shows, by header name: an excerpt may leave out columns and
  the dashes, and need not share the real table's column widths;
- the server's port 7878 and folder /tmp/ockg-db are replaced by a free port and a temporary folder.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import pytest
import yaml

from conftest import ROOT, copy_project, ockg, require
from ockg.cli import STAGES

README = (ROOT / "README.md").read_text(encoding="utf-8")
ELLIPSIS = "..."


@dataclass
class Command:
    line: int  # in README.md
    text: str
    expected: list[str] = field(default_factory=list)


def fenced(lang: str) -> Iterator[tuple[int, list[str]]]:
    """(line number of the opening fence, lines) of every ```lang block of the README."""
    lines = README.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == f"```{lang}":
            end = lines.index("```", i + 1)
            yield i + 1, lines[i + 1:end]
            i = end
        i += 1


def _complete(text: str) -> bool:
    if text.endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def commands(start: int, lines: list[str]) -> list[Command]:
    found: list[Command] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = Command(start + i + 1, line[2:])
            while not _complete(command.text):
                i += 1
                command.text += "\n" + lines[i]
            found.append(command)
        else:
            assert found, f"README.md:{start + i + 1}: output before any command"
            found[-1].expected.append(line)
        i += 1
    return found


BLOCKS = list(fenced("console"))


def _table(lines: list[str]) -> tuple[list[str], list[dict[str, str]], list[str]] | None:
    """(columns, rows, lines after the table) of a table whose second line is dashes, else None."""
    if len(lines) < 2 or not re.fullmatch(r"-+( +-+)*", lines[1]):
        return None
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    spans[-1] = (spans[-1][0], 10**6)
    body = [line for line in lines[2:] if not re.fullmatch(r"\(\d+ rows?\)", line)]
    rest = lines[2 + len(body):]
    columns = [lines[0][a:b].strip() for a, b in spans]
    return columns, [{c: row[a:b].strip() for c, (a, b) in zip(columns, spans, strict=True)} for row in body], rest


def _excerpt_table(lines: list[str]) -> tuple[list[str], list[str]]:
    """The columns an excerpt shows, and its lines with each row as its cells joined by ' | '."""
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    columns = header.split()
    out = []
    for line in lines[1:]:
        if line in (ELLIPSIS,) or re.fullmatch(r"\(\d+ rows?\)", line):
            out.append(line)
        elif not re.fullmatch(r"-+( +-+)*", line):
            cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], 10**6], strict=True)]
            out.append(" | ".join(cells))
    return columns, [" | ".join(columns), *out]


def normalised(actual: list[str], expected: list[str]) -> tuple[list[str], list[str]]:
    actual = [line.rstrip("\r").rstrip() for line in actual]
    expected = [line.rstrip() for line in expected]
    table = _table(actual)
    if table is None or not expected or expected[0] == ELLIPSIS:
        return actual, expected
    columns, rows, rest = table
    shown, excerpt = _excerpt_table(expected)
    missing = set(shown) - set(columns)
    assert not missing, f"columns {sorted(missing)} are not in the output's {columns}"
    return [" | ".join(shown), *(" | ".join(row[c] for c in shown) for row in rows), *rest], excerpt


def matches(actual: list[str], expected: list[str]) -> bool:
    """Whether expected is actual with runs of lines left out where it says `...`."""
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line == ELLIPSIS:
            chunks.append([])
        else:
            chunks[-1].append(line)
    if len(chunks) == 1:
        return actual == chunks[0]
    first, *middle, last = chunks  # no `...` before the first: the output starts with it; after the last: ends
    if actual[:len(first)] != first or (last and actual[len(actual) - len(last):] != last):
        return False
    at, end = len(first), len(actual) - len(last)
    for chunk in middle:
        found = next((i for i in range(at, end - len(chunk) + 1) if actual[i:i + len(chunk)] == chunk), None)
        if found is None:
            return False
        at = found + len(chunk)
    return at <= end


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed KG as `make` leaves it, from the quote lock; .venv is the test run's."""
    require(shutil.which("java") is not None, "Java is not installed (ockg reason runs HermiT)")
    folder = copy_project(tmp_path_factory.mktemp("readme"))
    (folder / ".venv").symlink_to(ROOT / ".venv")
    for step in ("build", "reason"):
        result = ockg(folder, step, env={"OCKG_SEEDS": str(folder / "no-texts")})
        assert result.returncode == 0, result.stderr
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.parametrize(("start", "lines"), BLOCKS, ids=[f"README.md:{start}" for start, _ in BLOCKS])
def test_console_block_runs_as_printed(project: Path, tmp_path: Path, start: int, lines: list[str]) -> None:
    substitutions = {"127.0.0.1:7878": f"127.0.0.1:{_free_port()}", "/tmp/ockg-db": str(tmp_path / "db")}
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("OCKG_SEEDS", None)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands(start, lines):
            text = command.text
            for old, new in substitutions.items():
                text = text.replace(old, new)
            if text.rstrip().endswith("&"):
                servers.append(subprocess.Popen(["bash", "-c", text.rstrip()[:-1]], cwd=project, env=env,
                                                stdout=subprocess.DEVNULL, start_new_session=True))
                continue
            run = subprocess.run(["bash", "-c", text], cwd=project, env=env, capture_output=True, text=True,
                                 timeout=300)
            assert run.returncode == 0, f"README.md:{command.line}: exit {run.returncode}\n{run.stderr}"
            if command.expected:
                actual, expected = normalised(run.stdout.splitlines(), command.expected)
                assert matches(actual, expected), (f"README.md:{command.line}: output differs\n--- README\n"
                                                   + "\n".join(expected) + "\n--- actual\n" + "\n".join(actual))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def test_the_reasoning_example_gives_its_table(project: Path) -> None:
    [(start, query)] = list(fenced("sparql"))
    after = README.splitlines()[start + len(query) + 1:]
    table = [line for line in after[:after.index("", 1)] if line.startswith("|")]
    header = [c.strip() for c in table[0].strip("|").split("|")]
    expected = [[c.strip() for c in row.strip("|").split("|")] for row in table[2:]]
    store = pyoxigraph.Store()
    store.load(path=str(project / "dist" / "ockg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    rows = [[row[h].value for h in header] for row in store.query("\n".join(query),
                                                                    use_default_graph_as_union=True)]
    assert rows == expected


def test_the_normaliser_finds_drift() -> None:
    """The comparison is loose only where the module docstring says."""
    output = ["name  size", "----  ----", "a     1", "b     2", "c     3", "(3 rows)"]
    assert matches(*normalised(output, ["name", "a", "...", "c", "(3 rows)"]))
    assert matches(*normalised(output, ["size  name", "2     b", "..."])) is False  # b is not the first row
    assert matches(*normalised(output, ["...", "size  name", "2     b", "..."])) is False  # the header is first
    assert matches(*normalised(output, ["name", "a", "b", "c"])) is False  # the footer left out without `...`
    assert matches(*normalised(["x", "y"], ["x"])) is False
    assert matches(*normalised(["x", "y", "z"], ["x", "...", "z"]))
    assert matches(*normalised(["x\r", "y  "], ["x", "y"]))


def test_pre_commit_hooks_run_real_commands_and_the_snippet_names_them() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        program, command = hook["entry"].split()[:2]
        assert (program, hook["language"]) == ("ockg", "python") and command in STAGES, hook
    [snippet] = [lines for _, lines in fenced("yaml") if any("repo:" in line for line in lines)]
    [repo] = yaml.safe_load("\n".join(snippet))["repos"]
    assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}
    catalogue = yaml.safe_load((ROOT / "seeds" / "catalogue.yaml").read_text(encoding="utf-8"))
    assert repo["repo"] == catalogue["dataset"]["repository"]
    assert repo["rev"] == "main"  # a tag the repository does not have would fail `pre-commit install`
