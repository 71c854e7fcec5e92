"""A fresh clone, with no article texts anywhere and no configuration, builds the release with `make`.

The clone is of the commit checked out (HEAD): uncommitted changes are not in it. In CI `make` creates
the clone's own .venv, as on a new machine; elsewhere it uses this checkout's .venv (`make VENV=...`),
which saves installing every dependency again and runs the same ockg code on the clone's files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_build import digests

from conftest import IN_CI, ROOT, ockg, require, seeds_dir


def make(clone: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    venv = [] if IN_CI else [f"VENV={ROOT / '.venv'}", "-o", f"{ROOT / '.venv'}/.installed"]
    return subprocess.run(["make", *venv], cwd=clone, env=env, capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of HEAD in an empty folder, made with `make` and no OCKG_SEEDS; returns the clone."""
    require(shutil.which("git") is not None and (ROOT / ".git").exists(), "not a git checkout")
    require(shutil.which("java") is not None, "Java is not installed (make runs ockg reason)")
    folder = tmp_path_factory.mktemp("fresh") / "ockg"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(folder)], check=True)
    subprocess.run(["git", "checkout", "--quiet", head.stdout.strip()], cwd=folder, check=True)
    env = {k: v for k, v in os.environ.items() if k != "OCKG_SEEDS"}
    result = make(folder, env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert not (folder / "seeds" / "text").exists()
    lines = result.stdout.splitlines()
    assert ("quotes from seeds/quotes.lock.json (no text in seeds/text): 000_b9edb38fd6fd730a, "
            "001_9fc8f4543142a43a, 002_df46045e554322fd, 003_804639371f111cd7, 004_e00f9d7bb1e43201") in lines
    assert next(line for line in lines if line.endswith("conforms (fail on violation)")).startswith("0 violations")
    assert "coverage: skipped, it reads the article texts and there are none in seeds/text" in lines
    return folder


def test_make_in_a_clone_without_texts_builds_reasons_and_validates(clone: Path) -> None:
    assert {p.name for p in (clone / "dist").iterdir()} == {
        "SHA256SUMS", "context.jsonld", "inferred.ttl", "ockg.jsonld", "ockg.nq", "ockg.nt", "ockg.trig", "ockg.ttl",
        "ontology.html", "ontology.owl", "ontology.ttl", "site", "void.ttl"}
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=clone,
                            capture_output=True, text=True, check=True)
    assert status.stdout == ""  # the build read the lock and changed no committed file


def test_the_clone_release_is_byte_identical_to_the_release_from_the_texts(clone: Path, tmp_path: Path) -> None:
    seeds = seeds_dir()
    from_lock = digests(clone / "dist")
    with_texts = tmp_path / "with-texts"
    shutil.copytree(clone, with_texts, ignore=shutil.ignore_patterns("dist", "work", ".venv"))
    for step in ("build", "reason", "docs"):
        result = ockg(with_texts, step, seeds=seeds)
        assert result.returncode == 0, result.stderr
    assert "quotes verified against their text: 000_b9edb38fd6fd730a" in ockg(with_texts, "check", seeds=seeds).stdout
    assert digests(with_texts / "dist") == from_lock
