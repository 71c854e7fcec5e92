"""JSON Schema validation of loaded YAML, with each error placed at its line and column."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

from ockg.build.yamlpos import Positions
from ockg.errors import InputError, Location

if TYPE_CHECKING:  # imported when a document is invalid: jsonschema takes 0.1 s to import
    from jsonschema import Draft202012Validator, ValidationError


@cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("ockg.build").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    inlined: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    return inlined


@cache
def _fast(name: str) -> Callable[[Any], Any]:
    """fastjsonschema compiles the schema to Python: it answers "valid?" far faster than
    jsonschema, so jsonschema runs only on invalid documents, to say where and why."""
    return fastjsonschema.compile(_schema(name))


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(name))


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with local $refs replaced by their definitions.

    Our schemas are not recursive, and resolving a $ref costs more than checking what it names:
    inlining makes validation of large corpora several times faster, with the same errors.
    """
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def check(name: str, document: Any, positions: Positions) -> None:
    """Raise InputError listing every schema violation of document, sorted by position."""
    try:
        _fast(name)(document)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(map(str, e.path)))
    problems: list[tuple[Location | None, str]] = []
    for error in errors:
        where = positions.of(tuple(error.absolute_path))
        path = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append((where, f"{path}: {_message(error)}"))
    if problems:
        problems.sort(key=lambda p: (p[0].line, p[0].column) if p[0] else (0, 0))
        raise InputError(problems)


def _message(error: ValidationError) -> str:
    """One plain sentence; for an anyOf, the reason from the branch that came closest."""
    from jsonschema.exceptions import best_match

    if error.context:
        useful = [e for e in error.context if e.validator != "type"] or list(error.context)
        return _message(best_match(useful))
    instance: Any = error.instance
    schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        return str(error.message).replace("Additional properties are not allowed", "unknown key")
    if error.validator == "maxLength":
        return f"{len(instance)} characters, more than the {schema['maxLength']} allowed"
    if error.validator == "pattern":
        return f"{instance!r} is not {schema.get('description', 'of the form ' + schema['pattern'])}"
    if error.validator == "enum":
        return f"{instance!r} is not one of: {', '.join(map(str, schema['enum']))}"
    return str(error.message)
