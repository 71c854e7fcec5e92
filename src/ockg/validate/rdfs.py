"""RDFS inference as pySHACL runs it (`-i rdfs`), computed once, rule by rule, without repeated passes.

pySHACL expands the data graph with owlrl's RDFS closure (no axiomatic triples, no datatype
axioms, no literal same-as rule) by re-reading every triple until a pass adds nothing: at 20 k
triples that costs about 10 s. The same rules evaluated semi-naively (each new triple joined once
with what the graph already holds, through the predicate indexes) give the same least fixpoint in
one pass: rdf1, rdfs2, rdfs3, rdfs5-rdfs12 and owlrl's datatype rule. As in owlrl, rdfs4a/rdfs4b
(every node a rdfs:Resource) apply to the input triples only, and no triple gets a literal predicate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from pyoxigraph import NamedNode

from ockg.names import RDF, RDFS
from ockg.validate.triples import Term, Triple, Triples

TYPE = RDF.type
SUB_PROPERTY = RDFS.subPropertyOf
SUB_CLASS = RDFS.subClassOf
Add = Callable[[Term, Term, Term], None]


def infer(graph: Triples) -> list[Triple]:
    """Add the RDFS closure to `graph` and return the triples it added."""
    added: list[Triple] = []
    queue: deque[Triple] = deque(graph)

    def add(s: Term, p: Term, o: Term) -> None:
        if isinstance(p, NamedNode) and graph.add(s, p, o):
            added.append((s, p, o))
            queue.append((s, p, o))

    nodes = {n for by_subject in graph.forward.values() for n in by_subject}
    nodes.update(n for by_object in graph.backward.values() for n in by_object)
    for node in nodes:  # rdfs4a, rdfs4b
        add(node, TYPE, RDFS.Resource)
    while queue:
        s, p, o = queue.popleft()
        _as_data(graph, add, s, p, o)
        if p == TYPE:
            _as_typing(graph, add, s, o)
        elif p == SUB_CLASS:
            _as_subclass(graph, add, s, o)
        elif p == SUB_PROPERTY:
            _as_subproperty(graph, add, s, o)
        elif p in (RDFS.domain, RDFS.range) and isinstance(s, NamedNode):
            _as_domain_or_range(graph, add, p, s, o)
    return added


def _as_data(graph: Triples, add: Add, s: Term, p: NamedNode, o: Term) -> None:
    """The rules whose data premise is (s p o): rdf1, rdfs2, rdfs3, rdfs7."""
    add(p, TYPE, RDF.Property)
    for domain in list(graph.objects(p, RDFS.domain)):
        add(s, TYPE, domain)
    for range_ in list(graph.objects(p, RDFS.range)):
        add(o, TYPE, range_)
    for super_property in list(graph.objects(p, SUB_PROPERTY)):
        add(s, super_property, o)


def _as_typing(graph: Triples, add: Add, s: Term, kind: Term) -> None:
    """(s rdf:type kind): rdfs6, rdfs8, rdfs10, rdfs12, owlrl's datatype rule, and rdfs9 with the
    typing as its instance premise."""
    if kind == RDF.Property:
        add(s, SUB_PROPERTY, s)
    elif kind == RDFS.Class:
        add(s, SUB_CLASS, RDFS.Resource)
        add(s, SUB_CLASS, s)
    elif kind == RDFS.ContainerMembershipProperty:
        add(s, SUB_PROPERTY, RDFS.member)
    elif kind == RDFS.Datatype:
        add(s, SUB_CLASS, RDFS.Literal)
    for super_class in list(graph.objects(kind, SUB_CLASS)):
        add(s, TYPE, super_class)


def _as_subclass(graph: Triples, add: Add, sub: Term, sup: Term) -> None:
    """(sub rdfs:subClassOf sup): rdfs9 with it as the schema premise, rdfs11 from both sides."""
    for instance in list(graph.subjects(TYPE, sub)):
        add(instance, TYPE, sup)
    for above in list(graph.objects(sup, SUB_CLASS)):
        add(sub, SUB_CLASS, above)
    for below in list(graph.subjects(SUB_CLASS, sub)):
        add(below, SUB_CLASS, sup)


def _as_subproperty(graph: Triples, add: Add, sub: Term, sup: Term) -> None:
    """(sub rdfs:subPropertyOf sup): rdfs7 with it as the schema premise, rdfs5 from both sides."""
    for above in list(graph.objects(sup, SUB_PROPERTY)):
        add(sub, SUB_PROPERTY, above)
    for below in list(graph.subjects(SUB_PROPERTY, sub)):
        add(below, SUB_PROPERTY, sup)
    if isinstance(sub, NamedNode):
        for s, objects in list(graph.forward.get(sub, {}).items()):
            for o in list(objects):
                add(s, sup, o)


def _as_domain_or_range(graph: Triples, add: Add, p: NamedNode, prop: NamedNode, kind: Term) -> None:
    """(prop rdfs:domain kind) or (prop rdfs:range kind): rdfs2/rdfs3 with it as the schema premise."""
    ends = graph.forward if p == RDFS.domain else graph.backward
    for node in list(ends.get(prop, {})):
        add(node, TYPE, kind)
