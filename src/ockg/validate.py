"""`ockg validate`: SHACL validation of the release."""

from __future__ import annotations

import argparse

from .config import Paths
from .errors import InputError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="validate dist/ockg.ttl against the SHACL shapes",
                       description="validate dist/ockg.ttl against the SHACL shapes")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    raise InputError.at(None, "ockg validate: not implemented yet")
