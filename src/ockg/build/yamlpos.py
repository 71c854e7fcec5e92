"""Load YAML keeping the line and column of every node, so errors can point into the file.

PyYAML's composer gives nodes with marks; we build plain Python values from them and a table
from each value's path (keys and list indexes) to its position. Duplicate keys are an error,
not a silent overwrite, and timestamps stay strings so dates keep the precision they were
written with. Hostile files are bounded: size, nesting depth and what aliases copy are limited,
each before the work it would cost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ockg import files
from ockg.errors import InputError, Location

PathKey = tuple[str | int, ...]
# The limits on any YAML file read (README, "Reliability"): each is checked before the work it bounds.
MAX_BYTES = 32 * files.MIB  # a catalogue of some 40,000 articles; the largest mapping file is 70 kB
MAX_DEPTH = 64  # levels of nesting; a mapping file needs 6
MAX_COPIED = 10_000  # values copied by aliases, in all, per file
_COMPOSER_SAFE = 2_000  # libyaml's composer recurses in C: far deeper, it overflows the stack
_TOO_DEEP = f"more than {MAX_DEPTH} levels of nesting"
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
    """Parse one YAML file within the limits; every problem becomes InputError at its line."""
    positions = Positions(shown_as)
    data = files.read_bytes(path, shown_as, MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.at(Location(shown_as, data.count(b"\n", 0, exc.start) + 1),
                            f"not UTF-8 text: {exc.reason}") from None
    try:
        if _may_nest_deeper(text, _COMPOSER_SAFE):
            _refuse_deep_nesting(text, shown_as)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise InputError.at(_marked(shown_as, exc.problem_mark), f"malformed YAML: {exc.problem}") from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError.at(_at_byte(shown_as, data, exc.position),
                            f"{exc.reason}: U+{code:04X}") from None
    if node is None:
        return None, positions
    return _Expansion(positions).value(node, (), 0), positions


def _may_nest_deeper(text: str, depth: int) -> bool:
    """Whether text might nest collections more than depth levels deep, by a bound that costs 1 % of
    a parse: each level opens a bracket or takes at least one more character of some line."""
    bound = text.count("[") + text.count("{") + max(map(len, text.splitlines()), default=0) + 2
    return bound > depth


def _refuse_deep_nesting(text: str, shown_as: str) -> None:
    """Read the parser's events (libyaml's parser keeps a stack of its own, so any depth is safe to
    read) and stop at the first collection nested too deep, before anything recurses into it."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError.at(_marked(shown_as, event.start_mark), _TOO_DEEP)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1


def _marked(shown_as: str, mark: Any) -> Location:
    return Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)


def _at_byte(shown_as: str, data: bytes, offset: int) -> Location:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    return Location(shown_as, before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1)


class _Expansion:
    """Plain Python values from the composed nodes, and each one's position, within the limits.

    An alias is a reference to a node composed once; expanding it copies that node. Copies of
    collections count against MAX_COPIED as they are made, so a few hundred bytes of aliases to
    aliases (a "billion laughs") stop after MAX_COPIED values instead of filling the memory, and
    an alias inside the collection it names stops at MAX_DEPTH.
    """

    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.expanded: set[int] = set()  # the collections expanded once: meeting one again is an alias
        self.copying = 0  # how many aliases the value being expanded is inside of
        self.copied = 0

    def value(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        mark = node.start_mark
        self.positions._at[path] = (mark.line + 1, mark.column + 1)
        if self.copying:
            self._count(node)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else _scalar(node)
        if depth >= MAX_DEPTH:
            raise InputError.at(_loc(self.positions, node), _TOO_DEEP)
        alias = id(node) in self.expanded
        self.expanded.add(id(node))
        self.copying += alias
        try:
            return self._mapping(node, path, depth + 1) if kind is yaml.MappingNode else [
                self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        finally:
            self.copying -= alias

    def _mapping(self, node: yaml.Node, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError.at(_loc(self.positions, key_node), "mapping keys must be plain words")
            if key in result:
                raise InputError.at(_loc(self.positions, key_node), f"duplicate key '{key}'")
            result[key] = self.value(value_node, (*path, key), depth)
        return result

    def _count(self, node: yaml.Node) -> None:
        self.copied += 1
        if self.copied > MAX_COPIED:
            raise InputError.at(_loc(self.positions, node), f"aliases copy more than {MAX_COPIED} values "
                                "(YAML anchors and aliases may repeat a little, not multiply a file)")


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
    return _marked(positions.file, node.start_mark)
