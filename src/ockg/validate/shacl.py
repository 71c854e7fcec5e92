"""SHACL validation as a black box: data, shapes and ontology in, a list of Results out.

The engine sits behind one function, `pyshacl_engine`, that returns a standard
sh:ValidationReport graph; `read_report` turns any such graph into comparable Results. A faster
engine can then be added beside pySHACL and checked against it result by result.

Files are parsed with rdflib, as the `pyshacl` command parses them: Oxigraph's store would turn
xsd:positiveInteger and xsd:nonNegativeInteger literals into xsd:integer, which the shapes check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ockg.errors import InputError, Location
from ockg.names import PREFIXES, curie
from ockg.store import rdf_format
from ockg.validate.severity import Severity

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = "https://w3id.org/ockg/shapes/"
RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}


def severity_of(iri: Node | None) -> Severity:
    if iri == SH.Info:
        return Severity.INFO
    return Severity.WARNING if iri == SH.Warning else Severity.VIOLATION


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult, with its path written as a SPARQL property path."""

    severity: Severity
    shape: Node
    focus: Node
    path: str | None  # full IRIs, so results of two engines compare equal
    predicate: URIRef | None  # the path when it is a single property
    value: Node | None
    component: Node
    message: str

    def key(self) -> tuple[int, str, str, str, str]:
        return (-self.severity, str(self.shape), str(self.focus), self.path or "", str(self.value or ""))


def read_graph(files: list[Path], shown: list[str]) -> Graph:
    """The union of the triples of every file (named graphs of TriG and N-Quads files merged)."""
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # ill-typed literals are the shapes' to report
    graph = Graph()
    for path, name in zip(files, shown, strict=True):
        rdf_format(path, name)
        fmt = RDF_FORMATS[path.suffix]
        try:
            if fmt in ("trig", "nquads"):
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                for s, p, o, _ in dataset.quads():
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many unrelated exception types
            raise InputError.at(Location(name), f"cannot parse: {' '.join(str(exc).split())}") from None
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def load_shapes(folder: Path, shown: str) -> Graph:
    """Every shapes/*.ttl file in one graph (index.ttl's owl:imports name the same files)."""
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise InputError.at(Location(shown), "no SHACL shapes (*.ttl) found")
    shapes = read_graph(files, [f"{shown}/{f.name}" for f in files])
    shapes.bind("ockgsh", SHAPES)
    return shapes


def pyshacl_engine(data: Graph, shapes: Graph, ontology: Graph) -> Graph:
    """pySHACL over the data with the ontology mixed in and RDFS inference, as
    `pyshacl -s SHAPES -e ONTOLOGY -i rdfs DATA` runs it. Returns the sh:ValidationReport graph
    with the results of every severity; the caller decides what fails.

    The data graph is left as it was (pySHACL infers on a copy), so callers can still read it.
    pySHACL is imported here, not above: it takes 0.3 s, and only `--engine pyshacl` needs it.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    try:
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    except ReportableRuntimeError as exc:
        report = exc
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure rather than raise it
        raise InputError.at(Location("shapes"), f"pySHACL cannot run the shapes: {report}")
    return report


def read_report(report: Graph) -> list[Result]:
    """The results of an sh:ValidationReport, in a stable order (severity, shape, focus, path).
    Only the report's own sh:result entries: the results nested under them by sh:detail (why a
    value failed an sh:node shape) repeat them."""
    results = []
    for node in report.objects(None, SH.result):
        path = report.value(node, SH.resultPath)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        results.append(Result(
            severity=severity_of(report.value(node, SH.resultSeverity)),
            shape=_required(report, node, SH.sourceShape),
            focus=_required(report, node, SH.focusNode),
            path=None if path is None else sparql_path(report, path),
            predicate=path if isinstance(path, URIRef) else None,
            value=report.value(node, SH.value),
            component=_required(report, node, SH.sourceConstraintComponent),
            message=" ".join(messages)))
    return sorted(set(results), key=Result.key)


def _required(report: Graph, result: Node, predicate: URIRef) -> Node:
    value = report.value(result, predicate)
    if value is None:
        raise InputError.at(None, f"the SHACL engine wrote a result without {compact(predicate)}")
    return value


def sparql_path(graph: Graph, path: Node) -> str:
    """A SHACL property path as SPARQL writes it, with full IRIs: <p>, ^<p>, (<a>/<b>), (<a>|<b>),
    <p>*, <p>+, <p>?."""
    if isinstance(path, URIRef):
        return path.n3()
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(sparql_path(graph, step) for step in Collection(graph, path)) + ")"
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                                (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(sparql_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(graph, step) for step in Collection(graph, alternatives)) + ")"
    return str(path)


def compact(term: Node) -> str:
    """An IRI as a prefixed name when a known prefix fits, else <IRI>; a literal as Turtle writes it."""
    if isinstance(term, Literal):
        text = Literal(str(term)).n3()  # quoted and escaped
        if term.datatype is not None:
            return f"{text}^^{compact(term.datatype)}"
        return f"{text}@{term.language}" if term.language else text
    if not isinstance(term, URIRef):
        return f"_:{term}"
    for prefix, namespace in (("ockgsh", SHAPES), ("sh", str(SH))):
        if term.startswith(namespace):
            return prefix + ":" + term[len(namespace):]
    return curie(NamedNode(str(term)))
