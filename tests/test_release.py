"""dist/ has one writer, the release assembly, and killing it never leaves a mix or a temporary file."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from conftest import MINI, copy_project, ockg
from ockg.names import PREFIXES

ASSEMBLE = ("from ockg.config import Paths\nfrom ockg.release.assemble import assemble, locked\n"
            "paths = Paths.discover()\nwith locked(paths):\n    assemble(paths)\n")
KILLS = 24


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def consistent(dist: Path) -> None:
    """Every file dist/void.ttl lists is there with the size it gives, and nothing else is."""
    void = pyoxigraph.Store()
    void.load(path=str(dist / "void.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    sizes = {str(row["name"].value).rsplit("/", 1)[-1]: int(row["size"].value) for row in void.query(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?name ?size "
        "{ ?d dcat:downloadURL ?name ; dcat:byteSize ?size }")}
    assert {p.name for p in dist.iterdir()} == {*sizes, "void.ttl"}
    assert {name: (dist / name).stat().st_size for name in sizes} == sizes


def _inferred_graph(text: str) -> str:
    return f"@prefix ockg: <{PREFIXES['ockg']}> .\n{text}\n"


@pytest.fixture
def two_releases(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A built mini project whose dist/ is release A, and whose work/ would assemble release B."""
    project = copy_project(tmp_path / "mini", MINI)
    assert ockg(project, "build", seeds=MINI / "seeds" / "text").returncode == 0
    old = digests(project / "dist")
    (project / "work" / "inferred.ttl").write_text(
        _inferred_graph("<https://w3id.org/ockg/id/person/x> a ockg:Person ."), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", ASSEMBLE], cwd=project, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    new = digests(project / "dist")
    assert new != old and "inferred.ttl" in new
    (project / "work" / "inferred.ttl").unlink()  # work/ now assembles release A again
    return project, old, new


def test_dist_is_one_release_or_the_other_whatever_the_moment_of_a_kill(
        two_releases: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    project, a, b = two_releases
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", ASSEMBLE], cwd=project, check=True)
    span = time.monotonic() - started
    outcomes = set()
    for n in range(KILLS):
        before = digests(project / "dist")
        process = subprocess.Popen([sys.executable, "-c", ASSEMBLE], cwd=project)
        time.sleep(span * n / KILLS)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = digests(project / "dist")
        assert after in (a, b), f"kill {n}: dist/ is a mix"
        consistent(project / "dist")
        outcomes.add("swapped" if after != before else "kept")
        (project / "work" / "inferred.ttl").unlink(missing_ok=True)
        if after == a:  # alternate the target so every kill has an old and a new set to mix
            (project / "work" / "inferred.ttl").write_text(_inferred_graph(
                "<https://w3id.org/ockg/id/person/x> a ockg:Person ."), encoding="utf-8")
    assert outcomes == {"swapped", "kept"}, "the kills missed the swap: widen the window"
    subprocess.run([sys.executable, "-c", ASSEMBLE], cwd=project, check=True)
    assert [p.name for p in project.iterdir() if p.name.startswith(".dist-")] == []  # the next run cleans up


def test_a_killed_build_leaves_work_and_dist_whole(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "mini", MINI)
    env = {**os.environ, "OCKG_SEEDS": str(MINI / "seeds" / "text")}
    assert ockg(project, "build", seeds=MINI / "seeds" / "text").returncode == 0
    release, work = digests(project / "dist"), digests(project / "work")
    for n in range(8):
        process = subprocess.Popen([sys.executable, "-m", "ockg.cli", "build"], cwd=project, env=env,
                                   stdout=subprocess.DEVNULL)
        time.sleep(0.1 * n)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert digests(project / "dist") == release
        assert digests(project / "work") == work
        consistent(project / "dist")


def test_dist_that_is_a_link_keeps_its_link_and_the_target_gets_the_release(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "mini", MINI)
    web = tmp_path / "www" / "ockg"
    web.mkdir(parents=True)
    (project / "dist").symlink_to(web)
    result = ockg(project, "build", seeds=MINI / "seeds" / "text")
    assert result.returncode == 0, result.stderr
    assert (project / "dist").is_symlink() and (project / "dist").resolve() == web.resolve()
    consistent(web)
    assert (web / "ockg.trig").is_file()
