"""Saved SPARQL queries: parameters in grlc's convention, bound by substituting typed RDF terms.

A saved query is a plain SPARQL 1.1 file that runs unchanged on any store and that grlc serves
as it is. Its parameters are its variables named the grlc way: ``?_name`` is required,
``?__name`` optional, and a suffix gives the type (``_iri``, ``_integer``, ``_xsd_decimal``,
``_xsd_date``, ``_xsd_gYear``; none: a plain string). Its header is YAML in `#+` comment lines,
grlc's keys plus ``params`` (read by ockg only) for what grlc has no key for::

    #+ summary: Every alias of a person
    #+ tags: [people]
    #+ defaults:
    #+   - actor: https://w3id.org/ockg/id/person/gerson-galvez-calle
    #+ params:
    #+   actor: {description: the person, names: [person, org]}

A value is parsed into an RDF term of the parameter's type and written in place of the
variable, as grlc does, so `ockg query` and grlc send the same text; a value that does not
parse as its type is refused before any query is built, and only the variable's own tokens are
replaced (never text inside strings, IRIs or comments). An optional parameter left out stays an
unbound variable: the queries test it with COALESCE, never BOUND(), which grlc's substitution
would turn into BOUND(<iri>).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode

from ockg.errors import InputError, Location
from ockg.names import PREFIXES, XSD, curie

HEADER = "#+"
HEADER_KEYS = {"summary", "description", "tags", "defaults", "params"}
GRLC_KEYS = {"endpoint", "method", "pagination", "enumerate", "transform", "endpoint_in_url"}
PARAM_KEYS = {"description", "example", "min", "max", "names"}
# grlc adds this prefix before every SELECT of a query that lacks it (subqueries included, which
# breaks them) when it binds an xsd-typed value: a query with such a parameter must declare it.
XSD_PREFIX = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"

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
# grlc's parameter variables: one underscore required, two optional, a name, a type suffix
_PARAM_VAR = re.compile(r"(?P<optional>__?)(?P<name>[A-Za-z0-9]+)(?:_(?P<suffix>\w+))?")
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
# the variable-name suffix of each type, as grlc reads it (no suffix: a plain literal)
SUFFIXES = {"iri": "iri", "": "string", "integer": "integer", "xsd_decimal": "decimal", "xsd_date": "date",
            "xsd_gYear": "year"}
NUMERIC = {"integer", "decimal"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    variable: str  # the query variable without its ?, e.g. _actor_iri
    description: str = ""
    default: str | None = None
    required: bool = False
    example: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    names: tuple[str, ...] = ()  # for an IRI given by name: the project prefixes its IRI may have

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
            return f"{text}={self.shown_default()}"
        return text + ("!" if self.required else "?")

    def shown_default(self) -> str | None:
        """The default as a reader writes it: person:gerson-galvez-calle rather than the full IRI."""
        if self.default is None or self.type != "iri":
            return self.default
        shown = curie(NamedNode(self.default))
        return self.default if shown.startswith("<") else shown


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
        return self._top_level("ORDER", "BY")

    def _top_level(self, *keywords: str) -> bool:
        words = [value.upper() for kind, value, depth, _ in _tokens(self.text) if kind == "word" and depth == 0]
        return any(list(words[i:i + len(keywords)]) == list(keywords) for i in range(len(words)))

    def examples(self) -> dict[str, str]:
        """Values to run the query with when nobody gives any: the example of each required param."""
        return {p.name: p.example for p in self.params if p.required and p.default is None and p.example}

    def variables(self) -> set[str]:
        """The names of the variables the query text mentions (outside comments and strings)."""
        return {value[1:] for kind, value, _, _ in _tokens(self.text) if kind == "var"}

    def values(self, given: dict[str, str]) -> dict[Param, str]:
        """The text of every param that has a value (given, or its default); InputError for unknown
        or missing ones."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            names = ", ".join(known) or "none"
            raise InputError.at(None, f"query '{self.name}' has no param '{unknown[0]}' (its params: {names})")
        chosen: dict[Param, str] = {}
        for param in self.params:
            text = given.get(param.name, param.default)
            if text is None:
                if param.required:
                    raise InputError.at(None, f"query '{self.name}' needs --param {param.name}=<{param.type}>")
                continue
            chosen[param] = text
        return chosen

    def bind(self, given: dict[str, str]) -> str:
        """The query text with every given or default value bound as a term of its type (IRIs as
        IRIs, not names); InputError for a bad value."""
        return self.substitute({param: term_of(param, text) for param, text in self.values(given).items()})

    def substitute(self, terms: dict[Param, Term], limit: int | None = None) -> str:
        """The query text with each param's variable replaced by its term, as grlc does; the
        variables of params without a term stay unbound. With limit, a LIMIT clause at the end."""
        by_variable = {param.variable: str(term) for param, term in terms.items()}
        pieces, last = [], 0
        for kind, value, _, offset in _tokens(self.text):
            if kind == "var" and value[1:] in by_variable:
                pieces += [self.text[last:offset], by_variable[value[1:]]]
                last = offset + len(value)
        text = "".join([*pieces, self.text[last:]])
        if limit is None:
            return text
        if self._top_level("LIMIT"):
            raise InputError.at(Location(self.shown), "the query has its own LIMIT: --limit cannot be added")
        return f"{text.rstrip()}\nLIMIT {limit}\n"


def term_of(param: Param, text: str) -> Term:
    """param.term(text), or InputError naming the param."""
    try:
        return param.term(text)
    except ValueError as exc:
        raise InputError.at(None, f"param {param.name}: '{text}' {exc}") from None


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
    """Read a query file, its header and its params; InputError at the header line for anything malformed."""
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
    unknown = sorted(set(header) - HEADER_KEYS - GRLC_KEYS)
    if unknown:
        raise InputError.at(_line_of(lines, shown, unknown[0]), f"unknown header key '{unknown[0]}' "
                            f"(known: {', '.join(sorted(HEADER_KEYS))})")
    tags = header.get("tags") or []
    query = SavedQuery(path.stem, path, shown, text, str(header.get("summary") or "").strip(),
                       " ".join(str(header.get("description") or "").split()),
                       tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])))
    params = _params(query, header, lines)
    if any(p.type != "iri" and p.type != "string" for p in params) and XSD_PREFIX not in text:
        raise InputError.at(Location(shown), f"a query with a typed param must declare {XSD_PREFIX} "
                            "(grlc inserts it before every SELECT otherwise)")
    return SavedQuery(query.name, path, shown, text, query.summary, query.description, query.tags, params)


def _params(query: SavedQuery, header: dict[str, Any], lines: list[str]) -> tuple[Param, ...]:
    """The params: the query's grlc-style variables, in order of first use, with the header's details."""
    details = header.get("params") or {}
    if not isinstance(details, dict) or not all(isinstance(v, dict) for v in details.values()):
        raise InputError.at(_line_of(lines, query.shown, "params"), "params must map each param name to its details")
    defaults = _defaults(header.get("defaults"), _line_of(lines, query.shown, "defaults"))
    found: dict[str, Param] = {}
    for kind, value, _, _ in _tokens(query.text):
        if kind == "var" and value[1:].startswith("_") and value[1:] not in {p.variable for p in found.values()}:
            param = _param(value, details, defaults, lines, query.shown)
            if param.name in found:
                raise InputError.at(_line_of(lines, query.shown, param.name),
                                    f"param '{param.name}' is named by two variables")
            found[param.name] = param
    for name in (*details, *defaults):
        if name not in found:
            raise InputError.at(_line_of(lines, query.shown, name), f"param '{name}' is not a variable of the query "
                                "(params are variables named the grlc way: ?_name_type, or ?__name_type if optional)")
    return tuple(found.values())


def _defaults(entry: Any, at: Location) -> dict[str, str]:
    """grlc's defaults: a list of one-key mappings, param name to value."""
    if entry is None:
        return {}
    if not isinstance(entry, list) or not all(isinstance(d, dict) and len(d) == 1 for d in entry):
        raise InputError.at(at, "defaults must be a list of 'name: value' entries, as grlc reads them")
    return {str(k): str(v) for d in entry for k, v in d.items()}


def _param(variable: str, details: dict[str, Any], defaults: dict[str, str], lines: list[str], file: str) -> Param:
    match = _PARAM_VAR.fullmatch(variable[1:])
    if variable.startswith("$") or not match or (match.group("suffix") or "") not in SUFFIXES:
        raise InputError.at(Location(file), f"variable {variable} looks like a grlc param but is not one this tool "
                            f"binds (?_name or ?__name, then one of: {', '.join('_' + s for s in SUFFIXES if s)})")
    name, required = match.group("name"), match.group("optional") == "_"
    at = _line_of(lines, file, name)
    entry = details.get(name) or {}
    problems = [f"unknown param key '{k}'" for k in sorted(set(entry) - PARAM_KEYS)]
    kind = SUFFIXES[match.group("suffix") or ""]
    bounds = {k: Decimal(str(entry[k])) for k in ("min", "max") if entry.get(k) is not None}
    if bounds and kind not in NUMERIC:
        problems.append(f"param '{name}' is a {kind}: min and max are for numbers")
    if name in defaults and not required:
        problems.append(f"param '{name}' is optional ({variable}): grlc never sends its default; make it required")
    names = entry.get("names") or []
    if (kind != "iri" and names) or not all(n in PREFIXES for n in names):
        problems.append(f"param '{name}': names must list project prefixes, and only for an IRI param")
    if problems:
        raise InputError.at(at, problems[0])
    example = entry.get("example")
    param = Param(name, kind, variable[1:], " ".join(str(entry.get("description") or "").split()),
                  defaults.get(name), required, None if example is None else str(example), **bounds,
                  names=tuple(names))
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
