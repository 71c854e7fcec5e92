"""The results as SARIF 2.1.0, the format code-scanning services read, so a CI run marks the mapping
lines to fix in a pull request.

One rule per shape; each result is located at the mapping lines of the claims to fix (report.sources),
or, when no claim explains it, at the shape's own line (a code-scanning service drops a result
that has no location).
"""

from __future__ import annotations

import json
from typing import Any

from rdflib.term import Node

from ockg.validate.data import View
from ockg.validate.report import shape_name, sources
from ockg.validate.severity import Severity
from ockg.validate.shacl import Result, compact
from ockg.validate.shapes import Shapes

LEVELS = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def document(results: list[Result], data: View, shapes: Shapes) -> str:
    rules = sorted({r.shape for r in results}, key=str)
    index = {shape: i for i, shape in enumerate(rules)}
    run = {
        "tool": {"driver": {"name": "ockg validate", "rules": [_rule(shape, shapes) for shape in rules]}},
        "results": [_result(r, index[r.shape], data, shapes) for r in results],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=1, ensure_ascii=False) + "\n"


def _rule(shape: Node, shapes: Shapes) -> dict[str, Any]:
    name = shape_name(shapes.graph, shape) or compact(shape)
    return {"id": compact(shape), "shortDescription": {"text": name}}


def _result(r: Result, rule: int, data: View, shapes: Shapes) -> dict[str, Any]:
    places = [tuple(place.rsplit(":", 1)) for place in sources(data, r)]
    if not places:
        where = shapes.where(r.shape)
        places = [(where.file, str(where.line or 1))]
    return {
        "ruleId": compact(r.shape), "ruleIndex": rule, "level": LEVELS[r.severity],
        "message": {"text": r.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": file}, "region": {"startLine": int(line)}}}
                      for file, line in places],
        "properties": {"focusNode": str(r.focus), "path": r.path, "value": None if r.value is None else r.value.n3(),
                       "component": str(r.component)},
    }
