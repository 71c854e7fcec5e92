"""Stage 4, `ockg validate` and `ockg qc`: the release checked against shapes/ and queries/checks/.

Takes dist/ (or any RDF files), SHACL shapes (shapes/, or any file or folder) and queries/checks/*.rq.
Gives a report per result with the mapping line to fix, and the exit code a CI job needs: 0 when
no result reaches the --fail-on severity, 1 when one does, 2 on bad input (bad shapes included).

Two engines: `shacl` (the default, engine.py) and `pyshacl`, the reference the tests hold it to.
With an ontology, it is merged into the data graph and RDFS inference runs (dist/ockg.ttl already
carries the ontology, so the shapes see the concept schemes and declarations whichever files are
validated); without one, the data is validated as it is, as the W3C test suite expects.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from ockg.config import Paths
from ockg.validate import data, engine, report, sarif, shacl, shapes
from ockg.validate.progress import Progress
from ockg.validate.severity import Severity

FORMATS = ("human", "turtle", "json", "sarif")
ENGINES = ("shacl", "pyshacl")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="validate dist/ockg.ttl (or any RDF) against SHACL shapes",
                       description="Validate RDF files (default dist/ockg.ttl with dist/ontology.ttl) against "
                       "SHACL shapes (default shapes/), with RDFS inference when an ontology is given, and "
                       "report each result with the mapping file and line to fix.")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="RDF files to validate together (.ttl, .nt, .trig, .nq, .jsonld; default dist/ockg.ttl)")
    p.add_argument("--shapes", type=Path, metavar="FILE|DIR",
                   help="a shapes file (with the local files it owl:imports) or a folder of *.ttl (default shapes/)")
    p.add_argument("--ontology", action="append", type=Path, metavar="FILE",
                   help="ontology graph, repeatable; turns on RDFS inference (default dist/ontology.ttl when "
                   "no FILE is given, else none)")
    p.add_argument("--format", choices=FORMATS, default="human",
                   help="human: summary, then results grouped by the claim to fix (default); turtle: the "
                   "sh:ValidationReport; json and sarif: see shapes/README.md")
    p.add_argument("--fail-on", choices=[s.word for s in Severity], default="violation",
                   help="exit 1 when a result has this severity or worse (default violation)")
    p.add_argument("--max-per-shape", type=int, metavar="N",
                   help="human format: list at most N results of each shape, count the rest")
    p.add_argument("--engine", choices=ENGINES, default="shacl",
                   help="shacl: fast, the default; pyshacl: the reference implementation, same results, "
                   "about 50 times slower")
    p.set_defaults(run=_run, standalone=lambda args: bool(args.files and args.shapes))


def _run(args: argparse.Namespace, paths: Paths) -> int:
    files: list[Path] = args.files or [paths.dist / "ockg.ttl"]
    ontology: list[Path] = args.ontology or ([] if args.files else [paths.dist / "ontology.ttl"])
    fail_on = Severity.named(args.fail_on)
    with Progress() as progress, tempfile.TemporaryDirectory(prefix="ockg-validate-") as tmp:
        progress.step("reading the shapes")
        source = args.shapes or paths.root / "shapes"
        shape_graph = shapes.load(source, paths.shown(source))
        shapes.check(shape_graph)
        progress.step(f"reading {len(files) + len(ontology)} RDF files")
        merged = Path(tmp) / "data.nt"
        graph_report = validate(args.engine, files, ontology, shape_graph, merged, paths.shown, progress.step)
        results = shacl.read_report(graph_report)
        progress.step(f"writing the report of {len(results)} results")
        if args.format == "turtle":
            print(report.as_turtle(graph_report, results, fail_on), end="")
        else:
            print(_written(args, results, data.View(merged), shape_graph, fail_on), end="")
    return 1 if report.fails(results, fail_on) else 0


def validate(engine_name: str, files: list[Path], ontology: list[Path], shape_graph: shapes.Shapes, merged: Path,
             shown: Callable[[Path], str] = str, step: Callable[[str], None] = lambda _: None) -> Graph:
    """The sh:ValidationReport of the files (with the ontology merged in and RDFS inference, if
    any) by the engine named; writes the merged data to `merged`, which the reports read."""
    everything = [*files, *ontology]
    store = data.merge(everything, [shown(f) for f in everything], merged, type_predicates=bool(ontology))
    if engine_name == "shacl":
        return engine.validate(merged, store, shape_graph, inference=bool(ontology), step=step)
    graph = shacl.read_graph(files, [shown(f) for f in files])
    if not ontology:
        return shacl.pyshacl_engine(graph, shape_graph.graph, None)
    ontology_graph = shacl.read_graph(ontology, [shown(f) for f in ontology])
    return shacl.pyshacl_engine(graph + ontology_graph, shape_graph.graph, ontology_graph)


def _written(args: argparse.Namespace, results: list[shacl.Result], view: data.View, shape_graph: shapes.Shapes,
             fail_on: Severity) -> str:
    if args.format == "json":
        return report.as_json(results, view, shape_graph.graph, fail_on)
    if args.format == "sarif":
        return sarif.document(results, view, shape_graph)
    return report.human(results, view, shape_graph.graph, fail_on, args.max_per_shape)
