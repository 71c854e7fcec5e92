"""The ontology axioms that can make facts clash, indexed for the clash search (clashes.py).

Only told axioms and what follows from them directly: named superclasses (rdfs:subClassOf,
named equivalents, the named members of an equivalent intersection), disjointness
(owl:disjointWith, owl:AllDisjointClasses), domains and ranges that are a class or a union of
classes, sub-properties, inverses and property characteristics. Each keeps the Turtle-like text
a report cites, so a curator can find it in ontology/ockg.ttl.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, NamedNode, Triple

from ockg.names import OWL, RDF, RDFS, curie

Node = NamedNode | BlankNode


@dataclass(frozen=True)
class Classes:
    """A class or a union of classes: the individual is in one of them."""

    members: frozenset[NamedNode]

    def __str__(self) -> str:
        if len(self.members) == 1:
            return curie(next(iter(self.members)))
        return "[ owl:unionOf ( " + " ".join(sorted(curie(m) for m in self.members)) + " ) ]"


@dataclass
class Axioms:
    parents: dict[NamedNode, dict[NamedNode, str]] = field(default_factory=dict)
    disjoint: list[tuple[frozenset[NamedNode], str]] = field(default_factory=list)
    domains: dict[NamedNode, list[tuple[Classes, str]]] = field(default_factory=dict)
    ranges: dict[NamedNode, list[tuple[Classes, str]]] = field(default_factory=dict)
    superproperties: dict[NamedNode, dict[NamedNode, str]] = field(default_factory=dict)
    inverses: dict[NamedNode, dict[NamedNode, str]] = field(default_factory=dict)
    characteristics: dict[NamedNode, set[NamedNode]] = field(default_factory=dict)

    def has(self, prop: NamedNode, characteristic: NamedNode) -> bool:
        return characteristic in self.characteristics.get(prop, ())

    def path(self, cls: NamedNode, ancestor: NamedNode) -> list[str] | None:
        """The subclass axioms leading from cls up to ancestor ([] if the same), None if none do."""
        seen: dict[NamedNode, list[str]] = {cls: []}
        todo = deque([cls])
        while todo:
            current = todo.popleft()
            if current == ancestor:
                return seen[current]
            for parent, axiom in sorted(self.parents.get(current, {}).items(), key=str):
                if parent not in seen:
                    seen[parent] = [*seen[current], axiom]
                    todo.append(parent)
        return None

    def disjointness(self, a: NamedNode, b: NamedNode) -> tuple[NamedNode, NamedNode, str] | None:
        """Which declared disjoint classes a and b fall under, and the axiom, if any."""
        up_a, up_b = self._ancestors(a), self._ancestors(b)
        for members, axiom in self.disjoint:
            for x in sorted(up_a & members, key=str):
                for y in sorted(up_b & members, key=str):
                    if x != y:
                        return x, y, axiom
        return None

    def _ancestors(self, cls: NamedNode) -> set[NamedNode]:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), {}):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


CHARACTERISTICS = frozenset({OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.IrreflexiveProperty,
                             OWL.FunctionalProperty, OWL.TransitiveProperty})


def index(triples: list[Triple]) -> Axioms:
    graph: dict[Node, dict[NamedNode, list[Node]]] = {}
    for t in triples:
        if not isinstance(t.subject, NamedNode | BlankNode) or not isinstance(t.object, NamedNode | BlankNode):
            continue
        graph.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
    axioms = Axioms()
    object_properties = {s for s, po in graph.items() if OWL.ObjectProperty in po.get(RDF.type, [])}
    for s, po in sorted(graph.items(), key=lambda item: str(item[0])):
        if isinstance(s, NamedNode):
            _term_axioms(axioms, graph, s, po, s in object_properties)
        if OWL.AllDisjointClasses in po.get(RDF.type, []):
            named = [m for head in po.get(OWL.members, []) for m in _items(graph, head) if isinstance(m, NamedNode)]
            axioms.disjoint.append((frozenset(named), "[] a owl:AllDisjointClasses ; owl:members ( "
                                    + " ".join(curie(m) for m in named) + " )"))
    axioms.disjoint.sort(key=lambda item: item[1])  # blank node labels differ between parses
    return axioms


def _term_axioms(axioms: Axioms, graph: dict[Node, dict[NamedNode, list[Node]]], s: NamedNode,
                 po: dict[NamedNode, list[Node]], is_object_property: bool) -> None:
    for o in po.get(RDFS.subClassOf, []):
        if isinstance(o, NamedNode):
            axioms.parents.setdefault(s, {})[o] = f"{curie(s)} rdfs:subClassOf {curie(o)}"
    for o in po.get(OWL.equivalentClass, []):
        if isinstance(o, NamedNode):
            axioms.parents.setdefault(s, {})[o] = f"{curie(s)} owl:equivalentClass {curie(o)}"
            axioms.parents.setdefault(o, {})[s] = f"{curie(s)} owl:equivalentClass {curie(o)}"
            continue
        for head in graph.get(o, {}).get(OWL.intersectionOf, []):
            for member in _items(graph, head):
                if isinstance(member, NamedNode):
                    axioms.parents.setdefault(s, {})[member] = (
                        f"{curie(s)} owl:equivalentClass [ owl:intersectionOf ( {curie(member)} ... ) ]")
    for o in po.get(OWL.disjointWith, []):
        if isinstance(o, NamedNode):
            axioms.disjoint.append((frozenset({s, o}), f"{curie(s)} owl:disjointWith {curie(o)}"))
    for o in po.get(RDFS.domain, []):
        if (classes := _classes(graph, o)) is not None:
            axioms.domains.setdefault(s, []).append((classes, f"{curie(s)} rdfs:domain {classes}"))
    for o in po.get(RDFS.range, []):
        if is_object_property and (classes := _classes(graph, o)) is not None:
            axioms.ranges.setdefault(s, []).append((classes, f"{curie(s)} rdfs:range {classes}"))
    for o in po.get(RDFS.subPropertyOf, []):
        if isinstance(o, NamedNode):
            axioms.superproperties.setdefault(s, {})[o] = f"{curie(s)} rdfs:subPropertyOf {curie(o)}"
    for o in po.get(OWL.inverseOf, []):
        if isinstance(o, NamedNode):
            axioms.inverses.setdefault(s, {})[o] = f"{curie(s)} owl:inverseOf {curie(o)}"
            axioms.inverses.setdefault(o, {})[s] = f"{curie(s)} owl:inverseOf {curie(o)}"
    for o in po.get(RDF.type, []):
        if o in CHARACTERISTICS and isinstance(o, NamedNode):
            axioms.characteristics.setdefault(s, set()).add(o)


def _classes(graph: dict[Node, dict[NamedNode, list[Node]]], node: Node) -> Classes | None:
    """A named class or a union of named classes; None for anything else (a datatype, say)."""
    if isinstance(node, NamedNode):
        return Classes(frozenset({node}))
    for head in graph.get(node, {}).get(OWL.unionOf, []):
        members = _items(graph, head)
        if members and all(isinstance(m, NamedNode) for m in members):
            return Classes(frozenset(m for m in members if isinstance(m, NamedNode)))
    return None


def _items(graph: dict[Node, dict[NamedNode, list[Node]]], head: Node) -> list[Node]:
    """The members of an RDF list."""
    items: list[Node] = []
    while head != RDF.nil and head in graph:
        items.extend(graph[head].get(RDF.first, []))
        head = graph[head].get(RDF.rest, [RDF.nil])[0]
    return items
