"""Validation results for people and for tools: grouped text, JSON, or the sh:ValidationReport.

The text report points each result back to the mapping file and line that produced it (from the
ockg:mappingFile / ockg:mappingLine of the claims about the focus node), because curators fix
data in mappings/*.yaml, never in the release.
"""

from __future__ import annotations

import json
import re
from itertools import groupby

from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ockg.names import DEF, PREFIXES
from ockg.validate import severity
from ockg.validate.severity import Severity
from ockg.validate.shacl import SH, SHAPES, Result, compact
from ockg.validate.triples import View

OCKG = Namespace(DEF)
OA = Namespace(PREFIXES["oa"])
SHOWN_SOURCES = 5  # mapping lines listed per result in the text report


def fails(results: list[Result], fail_on: Severity) -> bool:
    return severity.fails([r.severity for r in results], fail_on)


def sources(data: View, result: Result) -> list[str]:
    """file:line of the claims behind the focus node, else behind the value (a quote, a term)."""
    for node in (result.focus, result.value):
        if isinstance(node, URIRef):
            claims = _claims_behind(data, node, result.predicate)
            places = {(str(file), int(str(line))) for c in claims
                      for file, line in [(data.value(c, OCKG.mappingFile), data.value(c, OCKG.mappingLine))]
                      if file is not None and line is not None}
            if places:
                return [f"{file}:{line}" for file, line in sorted(places)]
    return []


def _claims_behind(data: View, node: URIRef, predicate: URIRef | None) -> list[Node]:
    """The claims to fix for a node: itself if it is a claim; the claims about it (those stating
    the result's property, else its declaration); the claims a quote or selector backs; the
    claims that use it as property or class."""
    if (node, RDF.type, OCKG.Claim) in data:
        return [node]
    about = list(data.subjects(RDF.subject, node))
    for wanted in (predicate, RDF.type):
        stating = [c for c in about if wanted is not None and (c, RDF.predicate, wanted) in data]
        if stating:
            return stating
    if about:
        return about
    quotes = [node, *data.subjects(OA.hasSelector, node)]
    backed = [c for q in quotes for c in data.subjects(OCKG.evidence, q)]
    if backed:
        return backed
    using = [*data.subjects(RDF.predicate, node),
             *(c for c in data.subjects(RDF.object, node) if (c, RDF.predicate, RDF.type) in data)]
    return using or list(data.subjects(RDF.object, node))


def label(data: View, node: Node) -> str | None:
    labels = [*data.objects(node, SKOS.prefLabel), *data.objects(node, RDFS.label),
              *data.objects(node, DCTERMS.title)]
    english = [lbl for lbl in labels if isinstance(lbl, Literal) and lbl.language == "en"]
    return str((english or labels)[0]) if labels else None


def shape_name(shapes: Graph, shape: Node) -> str:
    name = shapes.value(shape, SH.name) or shapes.value(shape, RDFS.label)
    return "" if name is None else str(name)


def human(results: list[Result], data: View, shapes: Graph, fail_on: Severity) -> str:
    """Results grouped by shape, worst first, each with its focus node, path, value, message and
    the mapping lines to fix; then one summary line."""
    out: list[str] = []
    for (level, shape), grouped in groupby(results, key=lambda r: (r.severity, r.shape)):
        items = list(grouped)
        shared = len({r.message for r in items}) == 1
        name = shape_name(shapes, shape)
        out.append(f"{level.word.capitalize()}: {compact(shape)}{f' ({name})' if name else ''}, {len(items)} "
                   f"result{'' if len(items) == 1 else 's'}")
        if shared:
            out.append(f"  {items[0].message}")
        for r in items:
            focus = label(data, r.focus)
            out.append(f"  - {focus + ' ' if focus else ''}<{r.focus}>" if isinstance(r.focus, URIRef)
                       else f"  - {compact(r.focus)}")
            if r.path:
                out.append(f"    path: {re.sub(r'<([^>]*)>', lambda m: compact(URIRef(m[1])), r.path)}")
            if r.value is not None and r.value != r.focus:
                out.append(f"    value: {compact(r.value)}")
            if not shared:
                out.append(f"    {r.message}")
            found = sources(data, r)
            if found:
                more = f" and {len(found) - SHOWN_SOURCES} more" if len(found) > SHOWN_SOURCES else ""
                out.append(f"    fix at: {', '.join(found[:SHOWN_SOURCES])}{more}")
        out.append("")
    out.append(severity.summary([r.severity for r in results], fail_on, "conforms", "does not conform"))
    return "\n".join(out) + "\n"


def as_json(results: list[Result], data: View, shapes: Graph, fail_on: Severity) -> str:
    """The JSON report documented in shapes/README.md."""
    document = {
        "conforms": not fails(results, fail_on),
        "failOn": fail_on.word,
        "counts": severity.counts([r.severity for r in results]),
        "results": [{
            "severity": r.severity.word,
            "shape": str(r.shape),
            "shapeName": shape_name(shapes, r.shape),
            "component": str(r.component),
            "focus": str(r.focus),
            "focusLabel": label(data, r.focus),
            "path": r.path,
            "value": None if r.value is None else r.value.n3(),
            "message": r.message,
            "sources": sources(data, r),
        } for r in results],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def as_turtle(report: Graph, results: list[Result], fail_on: Severity) -> str:
    """The engine's sh:ValidationReport, with sh:conforms decided at the --fail-on level, as
    `pyshacl --allow-warnings` / `--allow-infos` do."""
    for node in report.subjects(RDF.type, SH.ValidationReport):
        report.set((node, SH.conforms, Literal(not fails(results, fail_on))))
    report.bind("sh", SH)
    report.bind("ockgsh", SHAPES)
    return report.serialize(format="turtle")


def report_graph(results: list[Result], shapes: Graph) -> Graph:
    """An sh:ValidationReport of the results, as pySHACL writes one: each result with its focus
    node, path (copied from the shape), value, severity, shape, component and message."""
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    for r in results:
        node = BNode()
        report.add((root, SH.result, node))
        for p, o in ((RDF.type, SH.ValidationResult), (SH.focusNode, r.focus), (SH.sourceShape, r.shape),
                     (SH.resultSeverity, SH[r.severity.word.capitalize()]),
                     (SH.sourceConstraintComponent, r.component), (SH.resultMessage, Literal(r.message)),
                     (SH.value, r.value), (SH.resultPath, r.predicate or _copy(shapes, r.shape, report))):
            if o is not None:
                report.add((node, p, o))
    return report


def _copy(shapes: Graph, shape: Node, report: Graph) -> Node | None:
    """The shape's sh:path, with the blank nodes it is made of copied into the report."""
    path = shapes.value(shape, SH.path)
    pending = [path] if isinstance(path, BNode) else []
    while pending:
        node = pending.pop()
        for p, o in shapes.predicate_objects(node):
            report.add((node, p, o))
            if isinstance(o, BNode):
                pending.append(o)
    return path

