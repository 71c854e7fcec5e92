"""HermiT's answers written out in full: property values and types a SPARQL query can match.

HermiT (through owlready2's sync_reasoner with infer_property_values) reports the values of each
property's own node in its property hierarchy: the instances of super-properties, inverses and
symmetric counterparts are implied by that hierarchy, not listed (HermiT confirms, for
instance, that childOf(a, b) entails relativeOf(a, b), but does not print the latter), and
owlready2 keeps a value only when neither it nor its inverse is in its world. So the values are
closed under the OWL 2 RL rules for the axioms the ontology uses: rdfs:subPropertyOf
(prp-spo1), owl:propertyChainAxiom (prp-spo2), owl:inverseOf (prp-inv1/2),
owl:SymmetricProperty (prp-symp) and owl:TransitiveProperty (prp-trp).

Likewise HermiT gives each individual's most specific types only: a corrupt official is not
said to be an official. The superclasses of inferred types are added, except those the
individual's asserted types already give through the told class hierarchy (a person is an
agent: that is no news). Every added triple is entailed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pyoxigraph import BlankNode, NamedNode, Triple

from ockg.names import OWL, RDF, RDFS
from ockg.reason.axioms import index

Pair = tuple[NamedNode, NamedNode]


def close(ontology: list[Triple], values: set[Triple]) -> set[Triple]:
    """The object property values between named individuals among values, and all they entail.

    ontology may hold other triples too (facts, say): only its property axioms are read.
    """
    rules = _Rules(ontology)
    known = {(t.predicate, t.subject, t.object) for t in values if t.predicate in rules.object_properties
             and isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode)}
    while True:
        pairs: dict[NamedNode, set[Pair]] = {}
        for p, s, o in known:
            pairs.setdefault(p, set()).add((s, o))
        derived = set(rules.apply(pairs)) - known
        if not derived:
            return {Triple(s, p, o) for p, s, o in known}
        known |= derived


def supertypes(ontology: list[Triple], asserted: set[Triple], inferred: set[Triple]) -> set[Triple]:
    """Types entailed through the superclasses of inferred types and not given by asserted ones."""
    told = index(ontology).parents
    hierarchy = {cls: set(parents) for cls, parents in told.items()}
    for t in inferred:
        if t.predicate == RDFS.subClassOf and isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode):
            hierarchy.setdefault(t.subject, set()).add(t.object)
    types: dict[NamedNode, tuple[set[NamedNode], set[NamedNode]]] = {}
    for source, t in [*((0, t) for t in asserted), *((1, t) for t in inferred)]:
        if t.predicate == RDF.type and isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode):
            types.setdefault(t.subject, (set(), set()))[source].add(t.object)
    added = set()
    for individual, (given, found) in types.items():
        known = _ancestors(told, given)
        for cls in _ancestors(hierarchy, found) - known - found - {OWL.Thing}:
            added.add(Triple(individual, RDF.type, cls))
    return added


def _ancestors(hierarchy: Mapping[NamedNode, Iterable[NamedNode]], classes: set[NamedNode]) -> set[NamedNode]:
    seen, todo = set(classes), list(classes)
    while todo:
        for parent in hierarchy.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


class _Rules:
    def __init__(self, ontology: list[Triple]) -> None:
        self.supers: dict[NamedNode, set[NamedNode]] = {}
        self.counterparts: dict[NamedNode, set[NamedNode]] = {}  # inverses, and a symmetric property itself
        self.transitive: set[NamedNode] = set()
        self.chains: list[tuple[list[NamedNode], NamedNode]] = []
        self.object_properties: set[NamedNode] = set()
        for t in ontology:
            s, p, o = t.subject, t.predicate, t.object
            if not isinstance(s, NamedNode):
                continue
            if p == RDFS.subPropertyOf and isinstance(o, NamedNode):
                self.supers.setdefault(s, set()).add(o)
            elif p == OWL.inverseOf and isinstance(o, NamedNode):
                self.counterparts.setdefault(s, set()).add(o)
                self.counterparts.setdefault(o, set()).add(s)
            elif p == RDF.type and o == OWL.ObjectProperty:
                self.object_properties.add(s)
            elif p == RDF.type and o == OWL.SymmetricProperty:
                self.counterparts.setdefault(s, set()).add(s)
            elif p == RDF.type and o == OWL.TransitiveProperty:
                self.transitive.add(s)
            elif p == OWL.propertyChainAxiom and isinstance(o, BlankNode):
                self.chains.append((_members(ontology, o), s))

    def apply(self, pairs: dict[NamedNode, set[Pair]]) -> Iterator[tuple[NamedNode, NamedNode, NamedNode]]:
        for p, links in pairs.items():
            for s, o in links:
                for q in self.supers.get(p, ()):
                    yield q, s, o
                for q in self.counterparts.get(p, ()):
                    yield q, o, s
            if p in self.transitive:
                for s, o in _join(links, links):
                    yield p, s, o
        for chain, p in self.chains:
            path = pairs.get(chain[0], set())
            for step in chain[1:]:
                path = set(_join(path, pairs.get(step, set())))
            for s, o in path:
                yield p, s, o


def _join(first: set[Pair], second: set[Pair]) -> Iterator[Pair]:
    """(a, c) for every (a, b) in first and (b, c) in second."""
    following: dict[NamedNode, list[NamedNode]] = {}
    for b, c in second:
        following.setdefault(b, []).append(c)
    for a, b in first:
        for c in following.get(b, ()):
            yield a, c


def _members(ontology: list[Triple], head: BlankNode) -> list[NamedNode]:
    """The named members of the RDF list starting at head."""
    first = {t.subject: t.object for t in ontology if t.predicate == RDF.first}
    rest = {t.subject: t.object for t in ontology if t.predicate == RDF.rest}
    members: list[NamedNode] = []
    node: object = head
    while isinstance(node, BlankNode) and node in first:
        item = first[node]
        if isinstance(item, NamedNode):
            members.append(item)
        node = rest.get(node)
    return members
