"""The literals Oxigraph's store rewrites, found before any SHACL-SPARQL query runs on it.

The store keeps a typed literal in a canonical form: "012"^^xsd:integer comes back as "12",
"5"^^xsd:nonNegativeInteger as "5"^^xsd:integer, "1"^^xsd:boolean as "true". The value is kept,
the term is not. A query that only compares values cannot tell, but one that reads a term
(DATATYPE, STR, sameTerm, a result's ?value) can. So before a SHACL-SPARQL constraint runs on the
store, ockg needs to know which literals of the data changed (prebinding.py keeps every query that
could read one of them in the engine), and that no two literals became one (else a join or
DISTINCT could merge them, and a result could not be given back its term as written).

Found by one pass of a regular expression over the merged N-Triples file (written by Oxigraph's
serializer, so one statement per line, typed literals as "lexical"^^<datatype>) and by loading
each distinct typed literal once into a small store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse

# a statement whose object is a typed literal: the predicate, then the literal
_TYPED = re.compile(rb'^\S+ <([^>]*)> ("(?:[^"\\\n]|\\.)*"\^\^<[^>]*>) \.$', re.MULTILINE)
_CHUNK = 1 << 26


@dataclass
class Fidelity:
    """What the store rewrites: each stored form that differs from a written literal, or that
    several written literals share, with the literals written for it."""

    written_as: dict[Literal, list[Literal]] = field(default_factory=dict)  # stored -> as written
    predicates: frozenset[str] = frozenset()  # predicates with such a literal as object

    @property
    def exact(self) -> bool:
        return not self.written_as

    @property
    def merged(self) -> bool:
        """Whether two written literals became one (a join or DISTINCT could then tell)."""
        return any(len(found) > 1 for found in self.written_as.values())

    def written(self, stored: Literal, term: bool) -> Literal | None:
        """The literal as the data wrote it; None when several literals were written for it and
        they differ in what is asked: the `term`, or only its lexical form (a message shows that)."""
        found = self.written_as.get(stored)
        if found is None:
            return stored
        if len(found) == 1 or (not term and len({lit.value for lit in found}) == 1):
            return found[0]
        return None


def scan(merged: Path) -> Fidelity:
    """The typed literals of the N-Triples file that the store would rewrite."""
    by_literal: dict[bytes, set[str]] = defaultdict(set)
    with merged.open("rb") as text:
        rest = b""
        while chunk := text.read(_CHUNK):
            block, _, rest = (rest + chunk).rpartition(b"\n")
            for predicate, literal in _TYPED.findall(block + b"\n"):
                by_literal[literal].add(predicate.decode())
        for predicate, literal in _TYPED.findall(rest):
            by_literal[literal].add(predicate.decode())
    return _compare(by_literal)


def _compare(by_literal: dict[bytes, set[str]]) -> Fidelity:
    literals = list(by_literal)
    document = b"".join(b"<urn:ockg:l:%d> <urn:ockg:p> %s .\n" % (i, lit) for i, lit in enumerate(literals))
    written = {str(q.subject): q.object for q in parse(document, format=RdfFormat.N_TRIPLES)}
    store = Store()
    store.load(document, format=RdfFormat.N_TRIPLES)
    stored = {str(q.subject): q.object for q in store.quads_for_pattern(None, NamedNode("urn:ockg:p"), None)}
    groups: dict[Literal, list[tuple[Literal, set[str]]]] = defaultdict(list)
    for i, lit in enumerate(literals):
        before, after = written[f"<urn:ockg:l:{i}>"], stored.get(f"<urn:ockg:l:{i}>")
        if isinstance(before, Literal) and isinstance(after, Literal):
            groups[after].append((before, by_literal[lit]))
    fidelity = Fidelity()
    predicates: set[str] = set()
    for after, found in groups.items():
        if len(found) > 1 or found[0][0] != after:
            fidelity.written_as[after] = sorted((before for before, _ in found), key=str)
            predicates.update(p for _, ps in found for p in ps)
    fidelity.predicates = frozenset(predicates)
    return fidelity
