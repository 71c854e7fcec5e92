"""Shared fixtures: a copy of the project to build in, and the article texts.

Tests never write into the working tree: each builds in a temporary copy of the sources.
Without the article texts (OCKG_SEEDS), tests that need them skip locally and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from ockg.config import Paths
from ockg.validate import shacl
from ockg.validate.shapes import Shapes, load

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip with a reason locally; in CI a missing prerequisite is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI must have this: {reason}")
        pytest.skip(reason)


def seeds_dir() -> Path:
    folder = Path(os.environ.get("OCKG_SEEDS", ROOT / "seeds" / "text"))
    require(folder.is_dir() and any(folder.glob("*.txt")),
            f"article texts not found in {folder} (set OCKG_SEEDS)")
    return folder.resolve()


def copy_project(target: Path, corpus: Path | None = None) -> Path:
    """The ontology, shapes and queries plus either the real catalogue, quote lock and mappings or a
    fixture corpus's."""
    shutil.copytree(ROOT / "ontology", target / "ontology")
    source = corpus or ROOT
    (target / "seeds").mkdir()
    for name in ("catalogue.yaml", "quotes.lock.json"):
        if (source / "seeds" / name).is_file():
            shutil.copy(source / "seeds" / name, target / "seeds" / name)
    shutil.copytree(source / "mappings", target / "mappings",
                    ignore=shutil.ignore_patterns("*.md"))
    for folder in ("shapes", "queries"):  # what `ockg validate` and `ockg qc` read
        shutil.copytree(ROOT / folder, target / folder)
    return target


def ockg(project: Path, *args: str, seeds: Path | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in project, as a user would."""
    environment = {**os.environ, **(env or {})}
    if seeds is not None:
        environment["OCKG_SEEDS"] = str(seeds)
    return subprocess.run([sys.executable, "-m", "ockg.cli", *args], cwd=project,
                          env=environment, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus, built once for the session; returns the project folder."""
    seeds = seeds_dir()
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = ockg(project, "build", seeds=seeds)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def mini(tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the one-article fixture corpus, built once so dist/ exists."""
    project = copy_project(tmp_path / "mini", MINI)
    result = ockg(project, "build", seeds=MINI / "seeds" / "text")
    assert result.returncode == 0, result.stderr
    yield project


@pytest.fixture(scope="session")
def shapes() -> Shapes:
    return load(ROOT / "shapes", "shapes")


@pytest.fixture(scope="session")
def ontology() -> Graph:
    files = Paths(ROOT).ontology
    return shacl.read_graph(files, [str(p) for p in files])



def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many W3C SHACL tests ran and passed through the default engine (tests/test_w3c.py)."""
    found = [dict(report.user_properties)["w3c"] for report in terminalreporter.stats.get("passed", [])
             if "w3c" in dict(report.user_properties)]
    if found:
        refused = found.count("refused")
        on_store = sum(int(dict(report.user_properties).get("w3c_store", 0))
                       for report in terminalreporter.stats.get("passed", []))
        terminalreporter.write_line(
            f"W3C SHACL suite through `ockg validate` (engine shacl, natively, no fallback): {len(found)} tests "
            f"right, {len(found) - refused} with the expected report, {refused} refused as the suite expects; "
            f"{on_store} SPARQL constraints of them ran once over the whole graph on Oxigraph")
