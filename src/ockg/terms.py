"""The ontology as the build needs it: which classes, properties and concepts exist.

The ontology files are the one source of truth: a mapping may use a class or a property only if
ockg.ttl declares it, and a concept only if vocabularies.ttl does. Each individual's IRI kind
(person, org, place, ...) follows from its class's place in the hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from ockg.errors import InputError, Location
from ockg.names import DEF, OCKG, ONTOLOGY_GRAPH, OWL, RDF, RDFS, SKOS

# Kind of an individual's IRI, by the top class it falls under (checked in this order).
KINDS: tuple[tuple[str, str], ...] = (
    ("Person", "person"),
    ("Organization", "org"),
    ("Agent", "agent"),
    ("Place", "place"),
    ("Event", "event"),
    ("Route", "route"),
    ("Quantity", "quantity"),
)


@dataclass(frozen=True)
class Property:
    iri: NamedNode
    is_object: bool
    range: NamedNode | None
    scheme: NamedNode | None


@dataclass
class Terms:
    """Look-up tables built from the ontology quads."""

    quads: list[Quad]
    classes: dict[str, NamedNode] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)
    concepts: dict[str, NamedNode] = field(default_factory=dict)
    concept_scheme: dict[NamedNode, NamedNode] = field(default_factory=dict)
    superclasses: dict[NamedNode, set[NamedNode]] = field(default_factory=dict)
    _kinds: dict[NamedNode, str | None] = field(default_factory=dict)

    def kind_of(self, cls: NamedNode) -> str | None:
        """The IRI kind for instances of cls, or None if cls is under no kind's class (kept per class:
        every entity asks)."""
        if cls not in self._kinds:
            ancestors = self.ancestors(cls)
            self._kinds[cls] = next((kind for name, kind in KINDS if OCKG[name] in ancestors), None)
        return self._kinds[cls]

    def ancestors(self, cls: NamedNode) -> set[NamedNode]:
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in self.superclasses.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


def load_terms(files: list[Path]) -> Terms:
    quads: list[Quad] = []
    for path in files:
        try:
            for q in parse(path=str(path), format=RdfFormat.TURTLE):
                quads.append(Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH))
        except (SyntaxError, OSError) as exc:
            raise InputError.at(Location(str(path)), f"cannot load ontology: {exc}") from None
    return _index(quads)


def _index(quads: list[Quad]) -> Terms:
    terms = Terms(quads)
    types: dict[NamedNode, set[NamedNode]] = {}
    values: dict[tuple[NamedNode, NamedNode], NamedNode] = {}
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        if not isinstance(s, NamedNode) or not isinstance(o, NamedNode):
            continue
        if p == RDF.type:
            types.setdefault(s, set()).add(o)
        elif p == RDFS.subClassOf:
            terms.superclasses.setdefault(s, set()).add(o)
        elif p in (RDFS.range, OCKG.conceptScheme, SKOS.inScheme):
            values[(s, p)] = o
    for iri, kinds in types.items():
        local = iri.value.removeprefix(DEF)
        if OWL.Class in kinds and iri.value.startswith(DEF):
            terms.classes[local] = iri
        elif iri.value.startswith(DEF) and kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            terms.properties[local] = Property(
                iri, OWL.ObjectProperty in kinds, values.get((iri, RDFS.range)),
                values.get((iri, OCKG.conceptScheme)))
        elif SKOS.Concept in kinds:
            slug = iri.value.rsplit("/", 1)[1]
            if slug in terms.concepts:
                raise InputError.at(None, f"concept slug '{slug}' is used by two concepts: "
                                    f"{terms.concepts[slug].value} and {iri.value}")
            terms.concepts[slug] = iri
            scheme = values.get((iri, SKOS.inScheme))
            if scheme is not None:
                terms.concept_scheme[iri] = scheme
    return terms
