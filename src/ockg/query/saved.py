"""Saved SPARQL queries: the grlc-style `#+` header, and parameters bound as typed RDF terms.

A saved query is a plain SPARQL 1.1 file that runs unchanged on any store; its header is YAML
in `#+` comment lines::

    #+ summary: Every alias of a person
    #+ tags: [people]
    #+ params:
    #+   - name: person
    #+     type: iri
    #+     default: person:gerson-galvez-calle
    #+     description: the person

A parameter names a variable of the query. Its value is parsed into an RDF term of the declared
type and bound with a VALUES block opened at the start of the WHERE group, so every pattern and
FILTER of the group sees it, and the value can never become query syntax: a value that does not
parse as its type is refused before any query is built.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode

from ockg.errors import InputError, Location
from ockg.names import PREFIXES, XSD

HEADER = "#+"
HEADER_KEYS = {"summary", "description", "tags", "params"}
GRLC_KEYS = {"endpoint", "method", "pagination", "enumerate", "defaults", "transform", "endpoint_in_url"}
PARAM_KEYS = {"name", "type", "default", "required", "example", "description", "min", "max"}

# SPARQL tokens that can hide a brace or a keyword: comments, the four string forms, IRIs.
_TOKEN = re.compile(r"""
    (?P<skip>\#[^\r\n]*
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\r\n]|\\.)*" | '(?:[^'\\\r\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<word>[^\W\d][\w.-]*(?::[\w.:%-]*)? | :[\w.:%-]*)
    | (?P<open>[{(]) | (?P<close>[})])
    | (?P<other>[^\s])
    """, re.VERBOSE | re.DOTALL)
_NAME = re.compile(r"[A-Za-z_]\w*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
_CURIE = re.compile(r"([A-Za-z][\w-]*):([\w.-]*)")


def _iri(text: str) -> NamedNode:
    """An absolute IRI, or a prefixed name with one of the project's prefixes (person:caracol)."""
    curie = _CURIE.fullmatch(text)
    if curie and curie.group(1) in PREFIXES:
        text = PREFIXES[curie.group(1)] + curie.group(2)
    if not _IRI.fullmatch(text):
        raise ValueError("is not an absolute IRI (no spaces or <>\"{}|^`\\ allowed)")
    try:
        return NamedNode(text)
    except ValueError as exc:
        raise ValueError(f"is not a valid IRI: {exc}") from None


def _integer(text: str) -> Literal:
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise ValueError("is not an integer")
    return Literal(str(int(text)), datatype=XSD.integer)


def _decimal(text: str) -> Literal:
    if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text):
        raise ValueError("is not a decimal number")
    return Literal(format(Decimal(text), "f"), datatype=XSD.decimal)


def _date(text: str) -> Literal:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError("is not a date (YYYY-MM-DD)") from None
    return Literal(text, datatype=XSD.date)


def _year(text: str) -> Literal:
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError("is not a year (YYYY)")
    return Literal(text, datatype=XSD.gYear)


Term = NamedNode | Literal
TYPES: dict[str, Callable[[str], Term]] = {
    "iri": _iri,
    "string": Literal,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "year": _year,
}
NUMERIC = {"integer", "decimal"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = ""
    default: str | None = None
    required: bool = False
    example: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None

    def term(self, text: str) -> Term:
        """The RDF term for a value; ValueError says why the value is refused."""
        term = TYPES[self.type](text)
        if self.type in NUMERIC:
            value = Decimal(term.value)
            if self.min is not None and value < self.min:
                raise ValueError(f"is below the minimum {self.min}")
            if self.max is not None and value > self.max:
                raise ValueError(f"is above the maximum {self.max}")
        return term

    def usage(self) -> str:
        """How `ockg queries` shows the param: name<type>=default, name<type>! (required) or name<type>?."""
        text = f"{self.name}<{self.type}>"
        if self.default is not None:
            return f"{text}={self.default}"
        return text + ("!" if self.required else "?")


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    shown: str
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword."""
        for kind, value, _, _ in _tokens(self.text):
            if kind == "word" and value.upper() in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
                return value.upper()
        return ""

    @property
    def ordered(self) -> bool:
        """True when the query itself has ORDER BY, so the order of its rows is part of its answer."""
        words = [value.upper() for kind, value, depth, _ in _tokens(self.text) if kind == "word" and depth == 0]
        return any(a == "ORDER" and b == "BY" for a, b in itertools.pairwise(words))

    def examples(self) -> dict[str, str]:
        """Values to run the query with when nobody gives any: the example of each required param."""
        return {p.name: p.example for p in self.params if p.required and p.default is None and p.example}

    def variables(self) -> set[str]:
        """The names of the variables the query text mentions (outside comments and strings)."""
        return {value[1:] for kind, value, _, _ in _tokens(self.text) if kind == "var"}

    def bind(self, given: dict[str, str]) -> str:
        """The query text with every given or default value bound; InputError for a bad value.

        The VALUES block goes on the line of the WHERE group's opening brace, so line numbers in
        the engine's error messages still point into the file.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            names = ", ".join(known) or "none"
            raise InputError.at(None, f"query '{self.name}' has no param '{unknown[0]}' (its params: {names})")
        bound: list[tuple[str, Term]] = []
        for param in self.params:
            text = given.get(param.name, param.default)
            if text is None:
                if param.required:
                    raise InputError.at(None, f"query '{self.name}' needs --param {param.name}=<{param.type}>")
                continue
            try:
                bound.append((param.name, param.term(text)))
            except ValueError as exc:
                raise InputError.at(None, f"param {param.name}: '{text}' {exc}") from None
        if not bound:
            return self.text
        brace = self._where_brace()
        names = " ".join(f"?{name}" for name, _ in bound)
        values = " ".join(str(term) for _, term in bound)
        return f"{self.text[:brace + 1]} VALUES ({names}) {{ ({values}) }}{self.text[brace + 1:]}"

    def _where_brace(self) -> int:
        """Offset of the `{` that opens the WHERE group: the first brace outside any parentheses."""
        for kind, value, depth, offset in _tokens(self.text):
            if kind == "open" and value == "{" and depth == 0:
                return offset
        raise InputError.at(Location(self.shown), "no WHERE group to bind params in")


def _tokens(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, text, nesting depth before the token, offset), skipping comments, strings and IRIs."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "skip":
            continue
        if kind == "close":
            depth -= 1
        yield kind, match.group(), depth, match.start()
        if kind == "open":
            depth += 1


def load(path: Path, shown: str) -> SavedQuery:
    """Read a query file and its header; InputError at the header line for anything malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.at(Location(shown), f"cannot read query: {exc}") from None
    lines = []
    for line in text.splitlines():
        if not line.startswith(HEADER):
            break
        lines.append(line[len(HEADER):].removeprefix(" "))
    try:
        header = yaml.safe_load("\n".join(lines)) if lines else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError.at(Location(shown, mark.line + 1 if mark else 0), f"malformed header: {exc.problem}") from None
    if not isinstance(header, dict):
        raise InputError.at(Location(shown, 1), "the #+ header must be YAML key: value lines")
    query = SavedQuery(path.stem, path, shown, text, **_header(header, Location(shown, 1), lines))
    missing = [p.name for p in query.params if p.name not in query.variables()]
    if missing:
        raise InputError.at(_line_of(lines, shown, missing[0]), f"param '{missing[0]}' is not a variable of the query")
    return query


def _header(header: dict[str, Any], at: Location, lines: list[str]) -> dict[str, Any]:
    unknown = sorted(set(header) - HEADER_KEYS - GRLC_KEYS)
    if unknown:
        raise InputError.at(_line_of(lines, at.file, unknown[0]), f"unknown header key '{unknown[0]}' "
                            f"(known: {', '.join(sorted(HEADER_KEYS))})")
    tags = header.get("tags") or []
    if not isinstance(tags, list):
        tags = [tags]
    params = header.get("params") or []
    if not isinstance(params, list):
        raise InputError.at(_line_of(lines, at.file, "params"), "params must be a list")
    return {"summary": str(header.get("summary") or "").strip(),
            "description": " ".join(str(header.get("description") or "").split()),
            "tags": tuple(str(t) for t in tags),
            "params": tuple(_param(p, lines, at.file) for p in params)}


def _param(entry: Any, lines: list[str], file: str) -> Param:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise InputError.at(Location(file, 1), f"each param needs a name: {entry!r}")
    name = entry["name"]
    at = _line_of(lines, file, name)
    problems = [f"unknown param key '{k}'" for k in sorted(set(entry) - PARAM_KEYS)]
    if not _NAME.fullmatch(name):
        problems.append(f"param name '{name}' must be a SPARQL variable name")
    kind = entry.get("type", "string")
    if kind not in TYPES:
        problems.append(f"param '{name}' has unknown type '{kind}' (known: {', '.join(TYPES)})")
    if problems:
        raise InputError.at(at, problems[0])
    bounds = {k: Decimal(str(entry[k])) for k in ("min", "max") if entry.get(k) is not None}
    if bounds and kind not in NUMERIC:
        raise InputError.at(at, f"param '{name}' is a {kind}: min and max are for numbers")
    default, example = (entry.get(k) for k in ("default", "example"))
    param = Param(name, kind, " ".join(str(entry.get("description") or "").split()),
                  None if default is None else str(default), bool(entry.get("required", False)),
                  None if example is None else str(example), **bounds)
    for key, value in (("default", param.default), ("example", param.example)):
        if value is not None:
            try:
                param.term(value)
            except ValueError as exc:
                raise InputError.at(at, f"{key} of param '{name}': '{value}' {exc}") from None
    return param


def _line_of(lines: list[str], file: str, word: str) -> Location:
    """The header line that first mentions word: a good enough place to point an error at."""
    for number, line in enumerate(lines, 1):
        if re.search(rf"\b{re.escape(word)}\b", line):
            return Location(file, number)
    return Location(file, 1)


def folder(root: Path) -> Path:
    return root / "queries"


def saved_queries(root: Path, shown: Callable[[Path], str]) -> list[SavedQuery]:
    """Every queries/*.rq file (not queries/checks/, which `ockg qc` owns), sorted by name."""
    return [load(path, shown(path)) for path in sorted(folder(root).glob("*.rq"))]


def resolve(name: str, root: Path, shown: Callable[[Path], str]) -> SavedQuery:
    """A saved query by name, or any query file by path."""
    candidate = Path(name)
    if candidate.suffix == ".rq" or candidate.is_file():
        if not candidate.is_file():
            raise InputError.at(None, f"query file '{name}' not found")
        return load(candidate, shown(candidate))
    path = folder(root) / f"{name}.rq"
    if not path.is_file():
        raise InputError.at(None, f"no saved query '{name}' in {shown(folder(root))}/ (see `ockg queries`)")
    return load(path, shown(path))
