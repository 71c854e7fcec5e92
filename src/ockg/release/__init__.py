"""Stage 3, the release: dist/, written by one writer only (assemble.py); `ockg release` packs it.

Takes work/ as `ockg build` and `ockg reason` left it.
Gives dist/: the release files, the inferred graph merged into the datasets, VoID with sizes and
checksums, SHA256SUMS. `ockg release` copies dist/ into release/ with a versioned archive of it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ockg.config import Paths


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("release", help="pack dist/ into release/: its files, ockg-VERSION.tar.gz, SHA256SUMS",
                       description="Copy dist/ into a folder (default release/) with a versioned tar.gz archive "
                       "of it and SHA256SUMS: what the release workflow attaches to the GitHub release of a tag.")
    p.add_argument("--out", type=Path, default=None,
                   help="the folder to write (default: release/); an earlier release there is replaced")
    p.set_defaults(run=_release)


def _release(args: argparse.Namespace, paths: Paths) -> int:
    from ockg.release.archive import write_release

    out = args.out or paths.root / "release"
    archive = write_release(paths, out)
    print(f"wrote {paths.shown(out)}/: {archive.name}, {len(list(out.iterdir())) - 2} release files, SHA256SUMS")
    return 0
