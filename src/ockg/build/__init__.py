"""Stage 1, `ockg build` and `ockg check`: the sources made into RDF.

Takes ontology/, seeds/catalogue.yaml, mappings/*.yaml and the article texts (OCKG_SEEDS).
Gives work/: every release format of the asserted graphs, the ontology and the VoID description,
then has ockg.release assemble dist/ from it. `check` verifies the same and writes nothing.
"""

from __future__ import annotations

import argparse

from ockg.build.dataset import Compiled, build, compile_dataset
from ockg.build.quotes import current
from ockg.config import Paths
from ockg.errors import CheckFailed


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("build", help="build dist/ from ontology/, seeds/ and mappings/",
                       description="Build the release: work/ from the sources, then dist/ from work/ "
                       "(atomic: a failed build leaves both as they were).")
    p.add_argument("--progress", action="store_true", help="report progress on stderr")
    p.set_defaults(run=_build)
    p = sub.add_parser("check", help="verify article hashes and that every quote occurs verbatim",
                       description="Check the article texts against the catalogue and every mapping quote "
                       "against its article, without writing anything.")
    p.set_defaults(run=_check)


def _build(args: argparse.Namespace, paths: Paths) -> int:
    compiled, triples, rewritten = build(paths, progress=args.progress)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(compiled.entities.items()))
    print(f"built {paths.shown(paths.dist)}/: {compiled.articles} articles, "
          f"{sum(compiled.entities.values())} entities ({kinds}), {compiled.claims} claims, "
          f"{compiled.quotes} quotes, {triples} triples")
    print(_sources(compiled, paths))
    if rewritten:
        print(f"{paths.shown(paths.quote_lock)} rewritten: commit it with the mapping files")
    return 0


def _check(args: argparse.Namespace, paths: Paths) -> int:
    compiled = compile_dataset(paths)
    print(f"ok: {compiled.quotes} quotes behind {compiled.claims} claims stand at their offsets")
    print(_sources(compiled, paths))
    lock = paths.shown(paths.quote_lock)
    if compiled.verified and not current(compiled.lock, paths.quote_lock):
        raise CheckFailed(f"{lock} is out of date: `ockg build` rewrites it (then commit it)")
    return 0


def _sources(compiled: Compiled, paths: Paths) -> str:
    """Which articles' quotes were checked against their text, and which were taken from the lock."""
    parts = []
    if compiled.verified:
        parts.append(f"verified against their text: {_listed(compiled.verified)}")
    if compiled.locked:
        parts.append(f"from {paths.shown(paths.quote_lock)} (no text in {paths.shown(paths.seeds)}): "
                     f"{_listed(compiled.locked)}")
    return "quotes " + "; ".join(parts)


def _listed(articles: list[str]) -> str:
    """The article ids, or how many there are when the list would not fit a line."""
    return ", ".join(articles) if len(articles) <= 5 else f"{len(articles)} articles"
