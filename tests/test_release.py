"""dist/ has one writer, the release assembly, and killing it never leaves a mix or a temporary file."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pyoxigraph
import pytest
import yaml

from conftest import MINI, ROOT, copy_project, ockg
from ockg.names import PREFIXES

ASSEMBLE = ("from ockg.config import Paths\nfrom ockg.release.assemble import assemble, locked\n"
            "paths = Paths.discover()\nwith locked(paths):\n    assemble(paths)\n")
KILLS = 24


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def consistent(dist: Path) -> None:
    """Every file dist/void.ttl lists is there with the size and SHA-256 it gives, SHA256SUMS gives the
    SHA-256 of every other file, and nothing else is there."""
    void = pyoxigraph.Store()
    void.load(path=str(dist / "void.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    listed = {str(row["name"].value).rsplit("/", 1)[-1]: (int(row["size"].value), row["sha256"].value)
              for row in void.query(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#> SELECT * "
        "{ ?d dcat:downloadURL ?name ; dcat:byteSize ?size ; spdx:checksum [ spdx:algorithm "
        "spdx:checksumAlgorithm_sha256 ; spdx:checksumValue ?sha256 ] }")}
    sums = {name: digest for digest, name in (line.split("  ") for line in
                                              (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines())}
    assert {p.name for p in dist.iterdir()} == {*listed, "void.ttl", "SHA256SUMS"}
    assert sums == {name: digest for name, digest in digests(dist).items() if name != "SHA256SUMS"}
    assert listed == {name: ((dist / name).stat().st_size, sums[name]) for name in listed}


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
        time.sleep(span * 1.5 * n / KILLS)  # past the end too: a loaded machine runs it slower than measured
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


def test_ockg_release_packs_dist_into_a_versioned_archive_byte_for_byte(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "mini", MINI)
    assert ockg(project, "build", seeds=tmp_path / "no-texts").returncode == 0
    first = ockg(project, "release")
    assert (first.returncode, first.stdout) == (0, "wrote release/: ockg-0.1.0.tar.gz, 7 release files, SHA256SUMS\n")
    again = ockg(project, "release", "--out", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    release = project / "release"
    assert digests(release) == digests(tmp_path / "again")
    with tarfile.open(release / "ockg-0.1.0.tar.gz") as tar:
        packed = {m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest() for m in tar.getmembers()}  # type: ignore[union-attr]
    assert packed == {f"ockg-0.1.0/{name}": digest for name, digest in digests(project / "dist").items()}
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=release, capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stdout.count(": OK\n") == 8, check.stdout + check.stderr


def test_the_void_says_who_publishes_when_and_where_each_file_is_downloaded(mini: Path) -> None:
    void = pyoxigraph.Store()
    void.load(path=str(mini / "dist" / "void.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    [row] = void.query("""PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT * { <https://w3id.org/ockg/dataset> dcterms:issued ?issued ; dcterms:modified ?modified ;
                   dcat:landingPage ?page ; dcat:version ?version ; dcterms:publisher/foaf:name ?publisher }""")
    assert [row[k].value for k in ("issued", "modified", "page", "version", "publisher")] == [
        "2026-11-22", "2026-12-02", "https://github.com/OWNER/ockg", "0.1.0", "The ockg project"]
    urls = {str(r["url"].value) for r in void.query(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?url { ?d dcat:downloadURL ?url }")}
    files = {p.name for p in (mini / "dist").iterdir()} - {"void.ttl", "SHA256SUMS"}
    assert urls == {f"https://github.com/OWNER/ockg/releases/download/v0.1.0/{name}" for name in files}


def test_the_release_workflow_publishes_make_release_on_a_tag() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as true
    runs = [step.get("run", "") for step in workflow["jobs"]["release"]["steps"]]
    assert "make release" in runs
    assert any('gh release upload "$GITHUB_REF_NAME" release/*' in run for run in runs)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nrelease: all\n\t$(OCKG) release\n" in makefile
