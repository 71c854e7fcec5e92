"""`ockg query`, `ockg queries`, `ockg load`: saved SPARQL queries, embedded or remote."""

from __future__ import annotations

import argparse

from .config import Paths
from .errors import InputError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("query", help="run a saved SPARQL query",
                       description="run a saved SPARQL query")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    raise InputError.at(None, "ockg query: not implemented yet")
