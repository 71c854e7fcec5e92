"""`ockg release`: dist/ as the files a GitHub release carries, and one versioned archive of them.

Writes release/: every file of dist/ (the VoID's download URLs name them one by one), the archive
ockg-VERSION.tar.gz holding them all under ockg-VERSION/, and SHA256SUMS covering both. The archive is
byte-identical for the same dist/: names sorted, owner and mode fixed, and every time stamp the
release's dcterms:modified date, never the clock.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Literal, RdfFormat, parse

from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.names import DCAT, DCTERMS
from ockg.release.assemble import CHECKSUMS
from ockg.release.void import DATASET, DUMPS


def write_release(paths: Paths, out: Path) -> Path:
    """Fill out from dist/, replacing an earlier release there (and only that); returns the archive."""
    dist = paths.dist
    if not (dist / CHECKSUMS).is_file():
        raise InputError.at(Location(paths.shown(dist)), f"no {CHECKSUMS}: build the release first (`make`)")
    version, modified = _described(dist / "void.ttl")
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob("ockg-*.tar.gz"), *(out / name for name in (*DUMPS, "void.ttl", CHECKSUMS))]:
        stale.unlink(missing_ok=True)
    files = sorted(dist.iterdir())
    for path in files:
        shutil.copyfile(path, out / path.name)
    archive = out / f"ockg-{version}.tar.gz"
    _archive(files, archive, f"ockg-{version}", int(datetime.fromisoformat(modified).replace(tzinfo=UTC).timestamp()))
    with open(archive, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    sums = (dist / CHECKSUMS).read_text(encoding="utf-8") + f"{digest}  {archive.name}\n"
    (out / CHECKSUMS).write_text(sums, encoding="utf-8")
    return archive


def _described(void: Path) -> tuple[str, str]:
    """The release's version and modification date, as dist/void.ttl gives them."""
    found = {q.predicate: q.object for q in parse(path=str(void), format=RdfFormat.TURTLE)
             if q.subject == DATASET and q.predicate in (DCAT.version, DCTERMS.modified)}
    version, modified = found.get(DCAT.version), found.get(DCTERMS.modified)
    if not isinstance(version, Literal) or not isinstance(modified, Literal):
        raise InputError.at(Location(str(void)), "no dcat:version and dcterms:modified: rebuild the release")
    return version.value, modified.value


def _archive(files: list[Path], archive: Path, folder: str, mtime: int) -> None:
    with open(archive, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path in files:
            info = tarfile.TarInfo(f"{folder}/{path.name}")
            info.size, info.mtime, info.mode = path.stat().st_size, mtime, 0o644
            with open(path, "rb") as f:
                tar.addfile(info, f)
