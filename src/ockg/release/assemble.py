"""The one writer of dist/: the release assembled from work/ and swapped in whole.

`ockg build` writes work/ (every release format of the asserted graphs, the ontology, the VoID
description); `ockg reason` adds work/inferred.ttl, `ockg docs` work/ontology.html. Only this
module writes dist/. It makes the complete new set in a staging folder beside dist/ (the build's
files hard-linked, ockg.trig and ockg.nq streamed again with the inferred graph when there is
one, void.ttl with every file's size and checksum, SHA256SUMS) and exchanges it with dist/ in one
atomic rename. Killed at any point, dist/ is the old set or the new one, never a mix, and never
holds a temporary file. A lock keeps builds from interleaving; staging folders a killed run left
are removed by the next run.
`ockg site` has it republish dist/ with the site written anew (republish()).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse

from ockg import serialize
from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.names import INFERRED_GRAPH
from ockg.release.void import distributions
from ockg.store import parsing

# what `ockg build` leaves in work/; void.ttl there is the description without the distributions
BUILD_FILES = ("ontology.ttl", "ontology.owl", "ockg.ttl", "ockg.trig", "ockg.nt", "ockg.nq", "ockg.jsonld",
               "context.jsonld")
INFERRED = "inferred.ttl"
CHECKSUMS = "SHA256SUMS"  # every file of dist/ but itself, in the format `sha256sum --check` reads
DOCS = "ontology.html"  # from `ockg docs`, when it has run since the build
DATASETS: dict[str, Callable[[Path], serialize.Sink]] = {"ockg.trig": serialize.TriG, "ockg.nq": serialize.NQuads}
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


@contextmanager
def locked(paths: Paths) -> Iterator[None]:
    """Hold the project's build lock: one build, reason or assembly at a time, the others wait."""
    lock = paths.root / ".ockg.lock"
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("ockg: waiting for another build in this project to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def staging_folder(target: Path) -> Path:
    """A fresh folder beside target (same file system, so it can be renamed onto it).

    Made here rather than by tempfile, whose folders are private (0700): a release is published.
    Any staging folder of target already there was left by a killed run: the caller holds the lock.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}-*"):
        remove_folder(stale)
    attempt = 0
    while True:  # a stale folder that resisted removal may bear this process's id
        staging = target.parent / f".{target.name}-{os.getpid()}{f'-{attempt}' if attempt else ''}"
        try:
            staging.mkdir()
            return staging
        except FileExistsError:
            attempt += 1


def remove_folder(folder: Path) -> None:
    """Remove a folder of ours, even one made read-only (a dist/ someone protected with chmod -w).

    What still resists (another user's files in it) is left, and tried again by the next run: it
    never stops a build.
    """
    _writable(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _writable(folder: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                _writable(Path(entry.path))


def replace_folder(staging: Path, target: Path) -> None:
    """Put staging where target is in one atomic step, then remove the old content.

    A target that is a symbolic link (dist/ linked into a web server's folder) keeps its link: the
    folder it points to is what gets replaced, and the link then still shows the new release.
    """
    real = _real(target)
    if real != target and staging.parent != real.parent:
        raise InputError.at(Location(str(target)), f"is a link to {real}: stage beside that folder")
    if not real.exists():
        staging.rename(real)
        return
    _exchange(staging, real)
    remove_folder(staging)  # now the old content


def _exchange(a: Path, b: Path) -> None:
    """renameat2(RENAME_EXCHANGE): both names stay valid, each now naming the other folder."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"cannot swap {a} and {b} atomically: {os.strerror(code)}"
                      + (" (this file system does not support it)" if code == errno.EINVAL else ""))


def release_target(paths: Paths) -> Path:
    """The folder the release goes to: dist/, or the folder dist/ links to."""
    return _real(paths.dist)


def _real(target: Path) -> Path:
    """target, or the folder it links to (which need not exist yet); a loop of links is bad input."""
    if not target.is_symlink():
        return target
    try:
        return target.resolve()
    except (RuntimeError, OSError):  # Python 3.11 says RuntimeError for a loop, later versions OSError
        raise InputError.at(Location(target.name), "is a symbolic link that never reaches a folder "
                            "(a loop of links): remove it or point it at a folder") from None


def assemble(paths: Paths) -> Path:
    """Write dist/ from work/ (the caller holds the lock); returns the folder written."""
    work = paths.work
    missing = [name for name in (*BUILD_FILES, "void.ttl") if not (work / name).is_file()]
    if missing:
        raise InputError.at(Location(paths.shown(work)), f"{', '.join(missing)} missing: run `ockg build` first")
    target = release_target(paths)
    staging = staging_folder(target)
    try:
        _fill(work, staging)
        replace_folder(staging, target)
    finally:
        remove_folder(staging)
    return target


def republish(paths: Paths, folder: str, write: Callable[[Path], None]) -> Path:
    """dist/ again, its files unchanged and dist/FOLDER written anew by write(staging), swapped in whole.

    For what is made from the release rather than from work/ (the site): write reads the release
    files in the staging folder it is given (hard links of dist/'s) and writes staging/FOLDER. A
    build or reason afterwards assembles dist/ without FOLDER, so it never outlives its release.
    """
    with locked(paths):
        target = release_target(paths)
        if not (target / "ockg.trig").is_file():
            raise InputError.at(Location(paths.shown(paths.dist)), "no release here: run `ockg build` first")
        staging = staging_folder(target)
        try:
            for path in sorted(target.iterdir()):
                if path.is_file():
                    link_file(path, staging / path.name)
            write(staging)
            replace_folder(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _fill(work: Path, staging: Path) -> None:
    inferred = work / INFERRED
    for name in BUILD_FILES:
        if not (name in DATASETS and inferred.is_file()):
            link_file(work / name, staging / name)
    if inferred.is_file():
        _with_inferred(work / "ockg.trig", inferred, staging)
        link_file(inferred, staging / INFERRED)
    if (work / DOCS).is_file():
        link_file(work / DOCS, staging / DOCS)
    described = [q.triple for q in _parse(work / "void.ttl", RdfFormat.TURTLE)]
    sha256 = {path.name: _sha256(path) for path in sorted(staging.iterdir())}
    void = sorted([*described, *distributions(staging, described, sha256)], key=str)
    serialize.write_turtle(serialize.triples_graph(void), staging / "void.ttl")
    sha256["void.ttl"] = _sha256(staging / "void.ttl")
    (staging / CHECKSUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(sha256.items())),
                                     encoding="utf-8")


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def link_file(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (no copy of a large file), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _with_inferred(trig: Path, inferred: Path, folder: Path) -> None:
    """Every file with named graphs: the build's graphs, then the reasoner's as <…/graph/inferred>.

    Parsed, not loaded into a Store: Oxigraph's store turns derived integer types into xsd:integer.
    """
    sinks = [kind(folder / name) for name, kind in DATASETS.items()]
    try:
        new = serialize.triples_graph([q.triple for q in _parse(inferred, RdfFormat.TURTLE)],
                                      serialize.term(INFERRED_GRAPH))
        for graph in [*serialize.graphs(_parse(trig, RdfFormat.TRIG)), new]:
            for sink in sinks:
                sink.write(graph)
    finally:
        for sink in sinks:
            sink.close()


def _parse(path: Path, fmt: RdfFormat) -> Iterator[Quad]:
    """The quads of path, as they are read; a syntax error is bad input."""
    with parsing(str(path)):
        yield from parse(path=str(path), format=fmt)
