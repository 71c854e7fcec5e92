"""Stage 1, `ockg build` and `ockg check`: the sources made into RDF.

Takes ontology/, seeds/catalogue.yaml, mappings/*.yaml and the article texts (OCKG_SEEDS).
Gives work/: every release format of the asserted graphs, the ontology and the VoID description,
then has ockg.release assemble dist/ from it. `check` verifies the same and writes nothing.
"""

from __future__ import annotations

import argparse

from ockg.build.dataset import build, compile_dataset
from ockg.config import Paths


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
    compiled, triples = build(paths, progress=args.progress)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(compiled.entities.items()))
    print(f"built {paths.shown(paths.dist)}/: {compiled.articles} articles, "
          f"{sum(compiled.entities.values())} entities ({kinds}), {compiled.claims} claims, "
          f"{compiled.quotes} quotes, {triples} triples")
    return 0


def _check(args: argparse.Namespace, paths: Paths) -> int:
    compiled = compile_dataset(paths)
    print(f"ok: {compiled.articles} article texts match the catalogue; {compiled.quotes} quotes "
          f"behind {compiled.claims} claims occur verbatim at their offsets")
    return 0
