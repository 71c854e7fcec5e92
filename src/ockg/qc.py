"""`ockg qc`: ROBOT-style SPARQL quality checks."""

from __future__ import annotations

import argparse

from .config import Paths
from .errors import InputError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("qc", help="run the SPARQL quality checks in queries/checks",
                       description="run the SPARQL quality checks in queries/checks")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    raise InputError.at(None, "ockg qc: not implemented yet")
