"""`ockg reason`: OWL reasoning with owlready2 and HermiT."""

from __future__ import annotations

import argparse

from .config import Paths
from .errors import InputError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("reason", help="check consistency and infer with HermiT",
                       description="check consistency and infer with HermiT")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    raise InputError.at(None, "ockg reason: not implemented yet")
