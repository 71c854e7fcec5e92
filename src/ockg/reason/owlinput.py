"""What HermiT is given: the core ontology and the shortcut facts, nothing it cannot reason over.

- The ontology is ontology/ockg.ttl alone: alignment.ttl ties ockg terms to external vocabularies
  that are not loaded (their terms would be undeclared), and vocabularies.ttl only lists SKOS
  concepts.
- The facts are the shortcut triples (rdf:type and ockg: properties) about agents, places,
  events, routes and quantities. The claim layer is left out: its rdf:subject / rdf:predicate /
  rdf:object reification puns properties as individuals, and claims, quotes, selectors and
  articles state provenance, not facts about the world.
- HermiT supports only the OWL 2 datatype map, which has no xsd:date, xsd:gYear or
  xsd:gYearMonth: literals of those types are dropped, and so are the ontology's axioms about
  them (ranges on ockg:date or ockg:year, the ockg:partialDate definition).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

from ockg.names import DEF, ID, PREFIXES, RDF, RDFS
from ockg.terms import KINDS, load_terms

_XSD, _RDF = PREFIXES["xsd"], PREFIXES["rdf"]
# https://www.w3.org/TR/owl2-syntax/#Datatype_Maps, plus RDF 1.1's rdf:langString
SUPPORTED_DATATYPES = frozenset(
    [_XSD + name for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp")]
    + [_RDF + "PlainLiteral", _RDF + "XMLLiteral", _RDF + "langString",
       PREFIXES["rdfs"] + "Literal", PREFIXES["owl"] + "real", PREFIXES["owl"] + "rational"])
FACT_KINDS = frozenset(kind for _, kind in KINDS)


def ontology(path: Path) -> list[Triple]:
    """The ontology's triples without those about unsupported datatypes."""
    triples = [q.triple for q in load_terms([path]).quads]
    datatypes = {t.subject for t in triples if t.predicate == RDF.type and t.object == RDFS.Datatype}
    datatypes |= {t.object for t in triples if isinstance(t.object, NamedNode) and t.object.value.startswith(_XSD)}
    unsupported = {d for d in datatypes if isinstance(d, NamedNode) and d.value not in SUPPORTED_DATATYPES}
    dropped = {t for t in triples if t.subject in unsupported or t.object in unsupported}
    dropped |= _described_by(dropped, triples)
    return [t for t in triples if t not in dropped]


@dataclass(frozen=True)
class Facts:
    triples: list[Triple]  # sorted, so every run feeds HermiT the same file
    unsupported: int  # literals left out: their datatype is outside the OWL 2 datatype map


def facts(store: Store) -> Facts:
    """The shortcut facts about individuals, without literals HermiT cannot read."""
    kept, unsupported = set(), set()
    for quad in store.quads_for_pattern(None, None, None):
        s, p, o = quad.subject, quad.predicate, quad.object
        if not (isinstance(s, NamedNode) and _kind(s) in FACT_KINDS):
            continue
        if p != RDF.type and not p.value.startswith(DEF):
            continue
        if isinstance(o, Literal) and o.datatype.value not in SUPPORTED_DATATYPES:
            unsupported.add(quad.triple)
            continue
        kept.add(quad.triple)
    return Facts(sorted(kept, key=str), len(unsupported))


def _kind(iri: NamedNode) -> str:
    return iri.value.removeprefix(ID).split("/", 1)[0] if iri.value.startswith(ID) else ""


def _described_by(dropped: set[Triple], triples: list[Triple]) -> set[Triple]:
    """The triples describing blank nodes that only dropped triples point to, recursively."""
    by_subject: dict[BlankNode, list[Triple]] = {}
    for t in triples:
        if isinstance(t.subject, BlankNode):
            by_subject.setdefault(t.subject, []).append(t)
    owned: set[Triple] = set()
    todo = [t.object for t in dropped if isinstance(t.object, BlankNode)]
    while todo:
        for t in by_subject.pop(todo.pop(), []):
            owned.add(t)
            if isinstance(t.object, BlankNode):
                todo.append(t.object)
    return owned
