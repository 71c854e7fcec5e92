"""Stage 4, `ockg validate` and `ockg qc`: the release checked against shapes/ and queries/checks/.

Takes dist/ (or any RDF files), shapes/*.ttl and queries/checks/*.rq.
Gives a report per result with the mapping line to fix, and the exit code a CI job needs.


Two engines give the same results: `ockg` (the default: engine.py, RDFS inference computed once,
Core constraints over predicate indexes, SHACL-SPARQL on Oxigraph) and `pyshacl`, the reference
it is tested against. Exit 0 when no result reaches the --fail-on severity, 1 when one does, 2 on
bad input. The ontology is merged into the data graph as well (dist/ockg.ttl already carries it),
so the shapes see the concept schemes and declarations whichever files are validated.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph

from ockg.config import Paths
from ockg.validate import engine, report, shacl, triples
from ockg.validate.severity import Severity

FORMATS = ("human", "turtle", "json")
ENGINES = ("ockg", "pyshacl")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="validate dist/ockg.ttl against the SHACL shapes",
                       description="Validate RDF files (default dist/ockg.ttl) against the SHACL shapes in "
                       "shapes/, with RDFS inference over the ontology graph, and report each result with "
                       "the mapping file and line to fix.")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="RDF files to validate together (.ttl, .nt, .trig, .nq, .jsonld; default dist/ockg.ttl)")
    p.add_argument("--ontology", action="append", type=Path, metavar="FILE",
                   help="ontology graph, repeatable (default dist/ontology.ttl)")
    p.add_argument("--format", choices=FORMATS, default="human",
                   help="human: grouped by shape (default); turtle: the sh:ValidationReport; "
                   "json: see shapes/README.md")
    p.add_argument("--fail-on", choices=[s.word for s in Severity], default="violation",
                   help="exit 1 when a result has this severity or worse (default violation)")
    p.add_argument("--engine", choices=ENGINES, default="ockg",
                   help="ockg: fast, the default; pyshacl: the reference implementation, same results, "
                   "about 30 times slower")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    files: list[Path] = args.files or [paths.dist / "ockg.ttl"]
    ontology_files: list[Path] = args.ontology or [paths.dist / "ontology.ttl"]
    everything = [*files, *ontology_files]
    fail_on = Severity.named(args.fail_on)
    shapes = shacl.load_shapes(paths.root / "shapes", "shapes")
    graph = triples.read(everything, [paths.shown(f) for f in everything])
    if args.engine == "pyshacl":
        graph_report = _pyshacl_report(files, ontology_files, shapes, paths)
        results = shacl.read_report(graph_report)
    else:
        results = engine.validate(graph, shapes)
        graph_report = report.report_graph(results, shapes)
    data = triples.View(graph)
    if args.format == "turtle":
        print(report.as_turtle(graph_report, results, fail_on), end="")
    elif args.format == "json":
        print(report.as_json(results, data, shapes, fail_on), end="")
    else:
        print(report.human(results, data, shapes, fail_on), end="")
    return 1 if report.fails(results, fail_on) else 0


def _pyshacl_report(files: list[Path], ontology_files: list[Path], shapes: Graph, paths: Paths) -> Graph:
    data = shacl.read_graph(files, [paths.shown(f) for f in files])
    ontology = shacl.read_graph(ontology_files, [paths.shown(f) for f in ontology_files])
    data += ontology
    return shacl.pyshacl_engine(data, shapes, ontology)
