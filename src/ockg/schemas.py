"""JSON Schema validation of loaded YAML, with each error placed at its line and column."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from .errors import InputError, Location
from .yamlpos import Positions


@cache
def validator(name: str) -> Draft202012Validator:
    text = resources.files("ockg").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def check(name: str, document: Any, positions: Positions) -> None:
    """Raise InputError listing every schema violation of document, sorted by position."""
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
