"""Validation results for people and for tools: grouped text, JSON, or the sh:ValidationReport.

The text report points each result back to the mapping file and line that produced it (from the
ockg:mappingFile / ockg:mappingLine of the claim asserting the offending value, as `ockg reason`
finds a fact's source), because curators fix data in mappings/*.yaml, never in the release.
"""

from __future__ import annotations

import json
import re
from itertools import groupby

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ockg.names import DEF, PREFIXES
from ockg.validate import severity
from ockg.validate.data import View
from ockg.validate.severity import Severity
from ockg.validate.shacl import SH, SHAPES, Result, compact

OCKG = Namespace(DEF)
OA = Namespace(PREFIXES["oa"])
SHOWN_SOURCES = 5  # mapping lines listed per result in the text report


def fails(results: list[Result], fail_on: Severity) -> bool:
    return severity.fails([r.severity for r in results], fail_on)


def sources(data: View, result: Result) -> list[str]:
    """file:line of the claims to fix: those asserting the offending value; those declaring the
    focus node when a value is missing; else the claims behind the focus node or the value."""
    places = {(str(file), int(str(line))) for c in _claims_behind(data, result)
              for file, line in [(data.value(c, OCKG.mappingFile), data.value(c, OCKG.mappingLine))]
              if file is not None and line is not None}
    return [f"{file}:{line}" for file, line in sorted(places)]


def _claims_behind(data: View, result: Result) -> list[Node]:
    asserting = _asserting(data, result)
    if asserting:
        return asserting
    for node in (result.focus, result.value):
        if isinstance(node, URIRef):
            found = _claims_about(data, node, result.predicate)
            if found:
                return found
    return []


def _asserting(data: View, result: Result) -> list[Node]:
    """The claims stating (focus, path, value), or the focus's declarations when a value is missing."""
    if not isinstance(result.focus, URIRef) or result.predicate is None:
        return []
    about = data.subjects(RDF.subject, result.focus)
    if result.value is None:
        missing = result.component in (SH.MinCountConstraintComponent, SH.QualifiedMinCountConstraintComponent)
        return [c for c in about if (c, RDF.predicate, RDF.type) in data] if missing else []
    return [c for c in about if (c, RDF.predicate, result.predicate) in data
            and (c, RDF.object, result.value) in data]


def _claims_about(data: View, node: URIRef, predicate: URIRef | None) -> list[Node]:
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


def human(results: list[Result], data: View, shapes: Graph, fail_on: Severity,
          max_per_shape: int | None = None) -> str:
    """The summary line; then the results grouped by root cause, the mapping lines to fix (one
    broken claim often fails several shapes), worst first; then those no mapping line explains,
    by shape. --max-per-shape lists at most N results of a shape and counts the rest."""
    out = [severity.summary([r.severity for r in results], fail_on, "conforms", "does not conform")]
    shown, hidden = _capped(results, max_per_shape)
    causes: dict[tuple[str, ...], list[Result]] = {}
    told: set[tuple[Node, str]] = set()  # (shape, message) already printed
    for r in shown:
        causes.setdefault(tuple(sources(data, r)) or ("", str(r.shape)), []).append(r)
    for cause, items in sorted(causes.items(), key=lambda c: (-max(r.severity for r in c[1]), _order(c[0]))):
        count = f"{len(items)} result{'' if len(items) == 1 else 's'}"
        if cause[0]:
            more = f" and {len(cause) - SHOWN_SOURCES} more" if len(cause) > SHOWN_SOURCES else ""
            out += ["", f"fix at {', '.join(cause[:SHOWN_SOURCES])}{more}: {count}"]
        else:
            out += ["", f"no mapping line found: {count}"]
        for shape_results in _by_shape(items):
            out += _shape_lines(shape_results, data, shapes, told)
    if hidden:
        out += ["", f"not listed (--max-per-shape {max_per_shape}):"]
        out += [f"  {n} more of {_shape_title(shapes, shape)}" for shape, n in hidden.items()]
    return "\n".join(out) + "\n"


def _capped(results: list[Result], limit: int | None) -> tuple[list[Result], dict[Node, int]]:
    """The first `limit` results of each shape, and how many of each shape are left out."""
    if limit is None:
        return results, {}
    kept: list[Result] = []
    seen: dict[Node, int] = {}
    for r in results:
        seen[r.shape] = seen.get(r.shape, 0) + 1
        if seen[r.shape] <= limit:
            kept.append(r)
    return kept, {shape: n - limit for shape, n in seen.items() if n > limit}


def _order(cause: tuple[str, ...]) -> tuple[str, int, str]:
    """Mapping lines in file and line order; causes without one last."""
    if not cause[0]:
        return ("\uffff", 0, cause[1])
    file, line = cause[0].rsplit(":", 1)
    return (file, int(line), "")


def _by_shape(items: list[Result]) -> list[list[Result]]:
    return [list(group) for _, group in groupby(items, key=lambda r: (r.severity, r.shape))]


def _shape_title(shapes: Graph, shape: Node) -> str:
    name = shape_name(shapes, shape)
    return f"{compact(shape)}{f' ({name})' if name else ''}"


def _shape_lines(items: list[Result], data: View, shapes: Graph, told: set[tuple[Node, str]]) -> list[str]:
    """One shape's results: its severity and name, the message when all share it (once per
    report), and per result its focus node, path, value (and message)."""
    shared = len({r.message for r in items}) == 1
    out = [f"  {items[0].severity.word.capitalize()}: {_shape_title(shapes, items[0].shape)}"]
    if shared and (items[0].shape, items[0].message) not in told:
        told.add((items[0].shape, items[0].message))
        out.append(f"    {items[0].message}")
    for r in items:
        focus = label(data, r.focus)
        out.append(f"    - {focus + ' ' if focus else ''}<{r.focus}>" if isinstance(r.focus, URIRef)
                   else f"    - {compact(r.focus)}")
        if r.path:
            out.append(f"      path: {re.sub(r'<([^>]*)>', lambda m: compact(URIRef(m[1])), r.path)}")
        if r.value is not None and r.value != r.focus:
            out.append(f"      value: {compact(r.value)}")
        if not shared:
            out.append(f"      {r.message}")
    return out


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
