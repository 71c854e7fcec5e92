"""Names for IRI params: an analyst writes "Caracol", "coca" or "DEVIDA", not an IRI.

A value that is not an IRI is looked up among the labels, alternative labels, aliases and full
names in the graph, ignoring case, accents and punctuation: first a name equal to it, then names
that contain it as whole words. One thing found is used, and said on stderr; several are listed;
none gives the closest names. An IRI is used only if the graph says something about it, so a
mistyped IRI is an error with suggestions rather than an empty answer. Matching is done here,
not in SPARQL, because stores disagree on accent folding (Virtuoso 7.2 has none).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ockg.errors import InputError
from ockg.names import PREFIXES, curie
from ockg.query.saved import Param, term_of

NAMES_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ockg: <https://w3id.org/ockg/def/>
SELECT ?thing ?naming ?name WHERE {
  VALUES ?naming { skos:prefLabel rdfs:label skos:altLabel ockg:alias ockg:fullName }
  ?thing ?naming ?name .
  FILTER(isIRI(?thing))
}"""
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
SHOWN = 8  # candidates listed at most


def fold(text: str) -> str:
    """A name as compared: no accents, case folded, words separated by single spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", plain.casefold()))


@dataclass
class Thing:
    iri: str
    label: str = ""
    names: set[str] = field(default_factory=set)  # folded

    def shown(self) -> str:
        return f"{curie(NamedNode(self.iri))} ({self.label})" if self.label else curie(NamedNode(self.iri))


Select = Callable[[str, str], bytes]  # (query text, form) -> SPARQL JSON results


class Resolver:
    """Turns IRI param values into IRIs of things in the graph a query runs on."""

    def __init__(self, select: Select) -> None:
        self.select = select
        self._things: dict[str, Thing] | None = None

    def term(self, param: Param, text: str) -> NamedNode:
        try:
            iri = param.term(text)
        except ValueError:
            return self._by_name(param, text)
        assert isinstance(iri, NamedNode)
        if json.loads(self.select(f"ASK {{ <{iri.value}> ?p ?o }}", "ASK"))["boolean"]:
            return iri
        local = re.split(r"[/#:]", iri.value.rstrip("/#"))[-1]
        found = self._matches(param, fold(local)) or self._closest(param, fold(local))
        hint = (f"; did you mean {_listing(found)}?" if found
                else f"; find it with `ockg query search --param text={local}`")
        raise InputError.at(None, f"param {param.name}: {curie(iri)} names nothing in the graph{hint}")

    def _by_name(self, param: Param, text: str) -> NamedNode:
        key = fold(text)
        found = self._matches(param, key)
        if len(found) == 1:
            print(f"{param.name}: '{text}' is {found[0].shown()}", file=sys.stderr)
            return NamedNode(found[0].iri)
        if found:
            lines = [f"param {param.name}: '{text}' names {len(found)} things; give a fuller name or one of these:",
                     *(f"  {thing.shown()}" for thing in found[:SHOWN])]
            if len(found) > SHOWN:
                lines.append(f"  ... and {len(found) - SHOWN} more")
            raise InputError([(None, line) for line in lines])
        closest = self._closest(param, key)
        if not key:
            term_of(param, text)  # nothing to look up: say why the value is no IRI either
        hint = f"; the closest names: {_listing(closest)}" if closest else ""
        raise InputError.at(None, f"param {param.name}: nothing is named '{text}'{hint}")

    def _matches(self, param: Param, key: str) -> list[Thing]:
        """The things named exactly key, or else those with a name holding key as whole words."""
        if not key:
            return []
        things = self._in_scope(param)
        exact = [t for t in things if key in t.names]
        return exact or [t for t in things if any(f" {key} " in f" {name} " for name in t.names)]

    def _closest(self, param: Param, key: str) -> list[Thing]:
        things = self._in_scope(param)
        owners: dict[str, list[Thing]] = {}
        for thing in things:
            for name in thing.names:
                owners.setdefault(name, []).append(thing)
        close = difflib.get_close_matches(key, list(owners), n=5, cutoff=0.6)
        return list({t.iri: t for name in close for t in owners[name]}.values())

    def _in_scope(self, param: Param) -> list[Thing]:
        bases = tuple(PREFIXES[p] for p in param.names)
        return [t for t in self._all().values() if not bases or t.iri.startswith(bases)]

    def _all(self) -> dict[str, Thing]:
        if self._things is None:
            rows = json.loads(self.select(NAMES_QUERY, "SELECT"))["results"]["bindings"]
            things: dict[str, Thing] = {}
            for row in sorted(rows, key=lambda r: (r["thing"]["value"], LABELS.index(r["naming"]["value"])
                                                   if r["naming"]["value"] in LABELS else 9, r["name"]["value"])):
                thing = things.setdefault(row["thing"]["value"], Thing(row["thing"]["value"]))
                thing.names.add(fold(row["name"]["value"]))
                if not thing.label and row["naming"]["value"] in LABELS:
                    thing.label = row["name"]["value"]
            self._things = things
        return self._things


def _listing(things: list[Thing]) -> str:
    shown = ", ".join(t.shown() for t in things[:SHOWN])
    return shown + (f" and {len(things) - SHOWN} more" if len(things) > SHOWN else "")
