"""Load YAML keeping the line and column of every node, so errors can point into the file.

PyYAML's composer gives nodes with marks; we build plain Python values from them and a table
from each value's path (keys and list indexes) to its position. Duplicate keys are an error,
not a silent overwrite, and timestamps stay strings so dates keep the precision they were
written with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ockg.errors import InputError, Location

PathKey = tuple[str | int, ...]
_STR = "tag:yaml.org,2002:str"
_SCALARS: dict[str, type] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (it keeps the same marks and is an order of magnitude faster), with a shortcut
    for the commonest scalar: one whose first character starts no implicit type (null, bool, number,
    timestamp...) is a string, which the full resolver would find after trying each candidate."""

    _starts = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value[:1] not in self._starts:
            return _STR
        resolved: str = super().resolve(kind, value, implicit)
        return resolved


class Positions:
    """Where each value of a loaded document stands in its file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._at: dict[PathKey, tuple[int, int]] = {}

    def of(self, path: PathKey) -> Location:
        """The location of the value at path, or of its nearest recorded ancestor."""
        while path and path not in self._at:
            path = path[:-1]
        line, column = self._at.get(path, (1, 1))
        return Location(self.file, line, column)


def load(path: Path, shown_as: str) -> tuple[Any, Positions]:
    """Parse one YAML file; syntax errors become InputError at the offending line."""
    positions = Positions(shown_as)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_Loader)
    except OSError as exc:
        raise InputError.at(Location(shown_as), f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError.at(Location(shown_as), f"not UTF-8 text: {exc.reason}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        loc = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
        raise InputError.at(loc, f"malformed YAML: {exc.problem}") from None
    if node is None:
        return None, positions
    return _value(node, (), positions), positions


def _value(node: yaml.Node, path: PathKey, positions: Positions) -> Any:
    mark = node.start_mark
    positions._at[path] = (mark.line + 1, mark.column + 1)
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else _scalar(node)
    if kind is yaml.MappingNode:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError.at(_loc(positions, key_node), "mapping keys must be plain words")
            if key in result:
                raise InputError.at(_loc(positions, key_node), f"duplicate key '{key}'")
            result[key] = _value(value_node, (*path, key), positions)
        return result
    return [_value(item, (*path, i), positions) for i, item in enumerate(node.value)]


def _scalar(node: yaml.Node) -> Any:
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in {"true", "yes", "on"}
    convert = _SCALARS.get(node.tag)
    if convert is not None:
        try:
            return convert(node.value.replace("_", ""))
        except ValueError:
            return node.value
    return node.value


def _loc(positions: Positions, node: yaml.Node) -> Location:
    return Location(positions.file, node.start_mark.line + 1, node.start_mark.column + 1)
