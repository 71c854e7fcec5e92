"""What HermiT is given: the published ontology as it is, and the shortcut facts.

- The ontology is the one the build publishes as ontology.ttl: ockg.ttl, alignment.ttl and
  vocabularies.ttl, unchanged. It is OWL 2 DL (the tests run the OWL API's profile check on it):
  the external terms the alignment uses are declared, and the date ranges are ockg datatypes.
- The facts are the shortcut triples (rdf:type and ockg: properties) about agents, places,
  events, routes and quantities. The claim layer is left out: its rdf:subject / rdf:predicate /
  rdf:object reification puns properties as individuals, and claims, quotes, selectors and
  articles state provenance, not facts about the world.
- Literals of xsd:date, xsd:gYear and xsd:gYearMonth are left out of the facts: OWL 2 DL allows
  only the datatypes of its datatype map in data (the profile check reports any other), and
  HermiT implements that map alone. No axiom of the ontology is about dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store, Triple

from ockg.names import DEF, ID, PREFIXES, RDF
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


def ontology(files: list[Path]) -> list[Triple]:
    """The ontology's triples, all of them: what the build writes to ontology.ttl."""
    return [q.triple for q in load_terms(files).quads]


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
