"""`ockg validate`: SHACL validation of the release against shapes/, with pySHACL.

Exit 0 when no result reaches the --fail-on severity, 1 when one does, 2 on bad input. The
ontology is merged into the data graph as well (dist/ockg.ttl already carries it), so the shapes
see the concept schemes and declarations whichever files are validated.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import shacl, shacl_report
from .config import Paths
from .severity import Severity

FORMATS = ("human", "turtle", "json")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="validate dist/ockg.ttl against the SHACL shapes",
                       description="Validate RDF files (default dist/ockg.ttl) against the SHACL shapes in "
                       "shapes/ with pySHACL, RDFS inference over the ontology graph, and report each "
                       "result with the mapping file and line to fix.")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="RDF files to validate together (.ttl, .nt, .trig, .nq, .jsonld; default dist/ockg.ttl)")
    p.add_argument("--ontology", action="append", type=Path, metavar="FILE",
                   help="ontology graph, repeatable (default dist/ontology.ttl)")
    p.add_argument("--format", choices=FORMATS, default="human",
                   help="human: grouped by shape (default); turtle: the sh:ValidationReport; "
                   "json: see shapes/README.md")
    p.add_argument("--fail-on", choices=[s.word for s in Severity], default="violation",
                   help="exit 1 when a result has this severity or worse (default violation)")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    files: list[Path] = args.files or [paths.dist / "ockg.ttl"]
    ontology_files: list[Path] = args.ontology or [paths.dist / "ontology.ttl"]
    fail_on = Severity.named(args.fail_on)
    shapes = shacl.load_shapes(paths.root / "shapes", "shapes")
    data = shacl.read_graph(files, [paths.shown(f) for f in files])
    ontology = shacl.read_graph(ontology_files, [paths.shown(f) for f in ontology_files])
    data += ontology
    report = shacl.pyshacl_engine(data, shapes, ontology)
    results = shacl.read_report(report)
    if args.format == "turtle":
        print(shacl_report.as_turtle(report, results, fail_on), end="")
    elif args.format == "json":
        print(shacl_report.as_json(results, data, shapes, fail_on), end="")
    else:
        print(shacl_report.human(results, data, shapes, fail_on), end="")
    return 1 if shacl_report.fails(results, fail_on) else 0
