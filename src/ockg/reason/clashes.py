"""Why facts contradict the ontology: the individuals, facts and axioms behind an inconsistency.

HermiT only answers "inconsistent". To tell a curator what to fix:

1. Patterns. The clashes this ontology can produce are looked for directly in the facts: an
   individual in two disjoint classes (through its types, the domains and ranges of the
   properties it takes part in, sub-properties, inverses, symmetry and subclasses), an
   irreflexive property linking an individual to itself, an asymmetric one linking two both
   ways, a functional data property with two different values.
2. Confirmation. The facts of each suspect individual's clashes go to HermiT alone with the
   ontology; only an individual whose facts HermiT finds inconsistent is reported, so a
   mistake in step 1 can never blame innocent facts.
3. Completeness. HermiT checks the facts without those of the confirmed clashes. If they are
   still inconsistent, some clash no pattern knows remains: QuickXplain (Junker 2004), a
   bisection over the facts, finds a set of facts that HermiT finds inconsistent and that is
   consistent without any one of them, and that set is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode, Triple

from ockg.names import OWL, RDF, RDFS, SKOS, XSD, curie
from ockg.reason import hermit
from ockg.reason.axioms import Axioms, Classes, index

MAX_SEARCHES = 3  # bisections after the patterns: each costs dozens of HermiT runs
NUMERIC = frozenset(XSD[name].value for name in (
    "decimal", "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"))
ANNOTATIONS = frozenset({RDFS.label, RDFS.comment, SKOS.definition})


@dataclass(frozen=True)
class Step:
    """One fact behind a clash and what it contributes, with the axioms that make it do so."""

    fact: Triple
    why: str


@dataclass(frozen=True)
class Clash:
    individual: NamedNode | None  # None when a bisection found it: then the facts say who
    what: str
    axiom: str
    steps: tuple[Step, ...]

    @property
    def facts(self) -> frozenset[Triple]:
        return frozenset(step.fact for step in self.steps)


@dataclass(frozen=True)
class Explanation:
    clashes: list[Clash]
    complete: bool  # False when more clashes may remain beyond the searches made


def explain(ontology: list[Triple], facts: list[Triple]) -> Explanation:
    """The clashes behind an inconsistency of ontology + facts, each confirmed by HermiT."""

    def consistent(subset: list[Triple] | frozenset[Triple]) -> bool:
        return hermit.is_consistent(ontology + sorted(subset, key=str))

    clashes: list[Clash] = []
    suspects: dict[NamedNode, list[Clash]] = {}
    for clash in candidates(index(ontology), facts):
        assert clash.individual is not None
        suspects.setdefault(clash.individual, []).append(clash)
    for individual in sorted(suspects, key=str):
        if not consistent(_facts_of(suspects[individual])):
            clashes.extend(suspects[individual])
    rest = sorted(set(facts) - _facts_of(clashes), key=str)
    if clashes and consistent(rest):
        return Explanation(clashes, complete=True)
    if not consistent([]):  # the bisection needs a consistent ontology to start from
        return Explanation([*clashes, Clash(None, "the ontology alone is inconsistent", "ontology/", ())],
                           complete=True)
    for _ in range(MAX_SEARCHES):
        conflict = _minimal_conflict(consistent, rest)
        clashes.append(_unexplained(ontology, conflict))
        rest = [t for t in rest if t not in conflict]
        if consistent(rest):
            return Explanation(clashes, complete=True)
    return Explanation(clashes, complete=False)


def _facts_of(clashes: list[Clash]) -> frozenset[Triple]:
    return frozenset(fact for clash in clashes for fact in clash.facts)


def candidates(axioms: Axioms, facts: list[Triple]) -> list[Clash]:
    """Clashes of the kinds this ontology can produce, found without HermiT, in a stable order."""
    links = list(_links(axioms, facts))
    found: dict[tuple[NamedNode, frozenset[Triple]], Clash] = {}
    for clash in [*_disjoint(axioms, facts, links), *_self_links(axioms, links), *_both_ways(axioms, links),
                  *_two_values(axioms, facts)]:
        assert clash.individual is not None
        found.setdefault((clash.individual, clash.facts), clash)
    return sorted(found.values(), key=lambda c: (str(c.individual), c.axiom, sorted(map(str, c.facts))))


def show(term: object) -> str:
    """A term as a curator reads it: prefixed names, plain literals."""
    if isinstance(term, NamedNode):
        return "a" if term == RDF.type else curie(term)
    if isinstance(term, Literal):
        if term.language:
            return f'"{term.value}"@{term.language}'
        return f'"{term.value}"' if term.datatype == XSD.string else f'"{term.value}"^^{curie(term.datatype)}'
    return str(term)


def show_triple(t: Triple) -> str:
    return f"{show(t.subject)} {show(t.predicate)} {show(t.object)}"


@dataclass(frozen=True)
class _Link:
    """A property value between two individuals: told by a fact, or entailed from it."""

    subject: NamedNode
    prop: NamedNode
    object: NamedNode
    fact: Triple
    via: tuple[str, ...]


@dataclass(frozen=True)
class _Membership:
    """An individual is in (one of) some classes because of a fact and some axioms."""

    individual: NamedNode
    classes: Classes
    fact: Triple
    via: tuple[str, ...]


def _links(axioms: Axioms, facts: list[Triple]) -> Iterator[_Link]:
    """Each fact's property value and those sub-properties, inverses and symmetry entail from it."""
    for fact in facts:
        s, p, o = fact.subject, fact.predicate, fact.object
        if p == RDF.type or not isinstance(s, NamedNode) or not isinstance(o, NamedNode):
            continue
        seen = {(s, p, o)}
        todo = [_Link(s, p, o, fact, ())]
        while todo:  # breadth first: the shortest derivation of each link comes first
            link = todo.pop(0)
            yield link
            follow = [(link.subject, sup, link.object, axiom)
                      for sup, axiom in axioms.superproperties.get(link.prop, {}).items()]
            follow += [(link.object, inverse, link.subject, axiom)
                       for inverse, axiom in axioms.inverses.get(link.prop, {}).items()]
            if axioms.has(link.prop, OWL.SymmetricProperty):
                follow.append((link.object, link.prop, link.subject, f"{curie(link.prop)} a owl:SymmetricProperty"))
            for a, q, b, axiom in sorted(follow, key=str):
                if (a, q, b) not in seen:
                    seen.add((a, q, b))
                    todo.append(_Link(a, q, b, fact, (*link.via, axiom)))


def _memberships(axioms: Axioms, facts: list[Triple], links: list[_Link]) -> Iterator[_Membership]:
    for fact in facts:
        s, o = fact.subject, fact.object
        if isinstance(s, NamedNode) and fact.predicate == RDF.type and isinstance(o, NamedNode):
            yield _Membership(s, Classes(frozenset({o})), fact, ())
        elif isinstance(s, NamedNode) and isinstance(o, Literal):
            for prop, via in _superproperties(axioms, fact.predicate):
                for classes, axiom in axioms.domains.get(prop, []):
                    yield _Membership(s, classes, fact, (*via, axiom))
    for link in links:
        for classes, axiom in axioms.domains.get(link.prop, []):
            yield _Membership(link.subject, classes, link.fact, (*link.via, axiom))
        for classes, axiom in axioms.ranges.get(link.prop, []):
            yield _Membership(link.object, classes, link.fact, (*link.via, axiom))


def _superproperties(axioms: Axioms, prop: NamedNode) -> list[tuple[NamedNode, tuple[str, ...]]]:
    found: list[tuple[NamedNode, tuple[str, ...]]] = [(prop, ())]
    for current, via in found:
        for sup, axiom in sorted(axioms.superproperties.get(current, {}).items(), key=str):
            if all(sup != known for known, _ in found):
                found.append((sup, (*via, axiom)))
    return found


def _disjoint(axioms: Axioms, facts: list[Triple], links: list[_Link]) -> Iterator[Clash]:
    by_individual: dict[NamedNode, list[_Membership]] = {}
    for m in _memberships(axioms, facts, links):
        by_individual.setdefault(m.individual, []).append(m)
    for individual, memberships in by_individual.items():
        memberships.sort(key=lambda m: (len(m.via), str(m.fact), str(m.classes)))
        for i, first in enumerate(memberships):
            for second in memberships[i + 1:]:
                clash = _disjoint_pair(axioms, individual, first, second)
                if clash is not None:
                    yield clash


@dataclass(frozen=True)
class _Witness:
    """Classes a and b, under the declared disjoint classes first and second."""

    a: NamedNode
    b: NamedNode
    first: NamedNode
    second: NamedNode
    axiom: str


def _disjoint_pair(axioms: Axioms, individual: NamedNode, first: _Membership, second: _Membership) -> Clash | None:
    """A clash if every class first allows is disjoint with every class second allows."""
    witnesses = []
    for a in sorted(first.classes.members, key=str):
        for b in sorted(second.classes.members, key=str):
            found = axioms.disjointness(a, b)
            if found is None:
                return None
            witnesses.append(_Witness(a, b, *found))
    steps = []
    sides = ((first, [(w.a, w.first) for w in witnesses]), (second, [(w.b, w.second) for w in witnesses]))
    for membership, ups in sides:
        path = [axiom for cls, up in ups for axiom in axioms.path(cls, up) or []]
        via = "; ".join(dict.fromkeys([*membership.via, *path]))
        steps.append(Step(membership.fact, f"makes it {membership.classes}" + (f" ({via})" if via else "")))
    disjoint = sorted({f"{curie(w.first)} and {curie(w.second)}" for w in witnesses})
    return Clash(individual, f"{curie(individual)} is both {first.classes} and {second.classes}, "
                 f"but {', '.join(disjoint)} are disjoint", "; ".join(sorted({w.axiom for w in witnesses})),
                 tuple(steps))


def _self_links(axioms: Axioms, links: list[_Link]) -> Iterator[Clash]:
    for link in links:
        if link.subject == link.object:
            for kind in (OWL.IrreflexiveProperty, OWL.AsymmetricProperty):
                if axioms.has(link.prop, kind):
                    via = f" ({'; '.join(link.via)})" if link.via else ""
                    yield Clash(link.subject, f"{curie(link.subject)} is linked to itself by {curie(link.prop)}",
                                f"{curie(link.prop)} a {curie(kind)}",
                                (Step(link.fact, f"links it to itself by {curie(link.prop)}{via}"),))


def _both_ways(axioms: Axioms, links: list[_Link]) -> Iterator[Clash]:
    forward = {(link.prop, link.subject, link.object): link for link in reversed(links)}
    for link in links:
        back = forward.get((link.prop, link.object, link.subject))
        if back is None or link.subject == link.object or not axioms.has(link.prop, OWL.AsymmetricProperty):
            continue
        steps = []
        for one in (link, back):
            why = f"gives {curie(one.subject)} {curie(one.prop)} {curie(one.object)} ({'; '.join(one.via)})"
            steps.append(Step(one.fact, why if one.via else ""))
        yield Clash(min(link.subject, link.object, key=str),
                    f"{curie(link.subject)} and {curie(link.object)} are linked both ways by {curie(link.prop)}",
                    f"{curie(link.prop)} a owl:AsymmetricProperty", tuple(steps))


def _two_values(axioms: Axioms, facts: list[Triple]) -> Iterator[Clash]:
    values: dict[tuple[NamedNode, NamedNode], dict[object, Step]] = {}
    for fact in facts:
        if isinstance(fact.subject, NamedNode) and isinstance(fact.object, Literal):
            for prop, via in _superproperties(axioms, fact.predicate):
                if axioms.has(prop, OWL.FunctionalProperty):
                    why = f"gives {curie(prop)} the value {show(fact.object)}" + (f" ({'; '.join(via)})" if via else "")
                    values.setdefault((fact.subject, prop), {}).setdefault(_value(fact.object), Step(fact, why))
    for (individual, prop), steps in values.items():
        if len(steps) > 1:
            yield Clash(individual, f"{curie(individual)} has {len(steps)} different values of {curie(prop)}",
                        f"{curie(prop)} a owl:FunctionalProperty", tuple(steps.values()))


def _value(literal: Literal) -> object:
    """A literal's value as HermiT compares them: 12, 12.0 and "12"^^xsd:integer are one number."""
    if literal.datatype.value in NUMERIC:
        try:
            return Decimal(literal.value).normalize()
        except InvalidOperation:
            pass
    return (literal.value, literal.datatype.value, literal.language)


def _minimal_conflict(consistent: Callable[[list[Triple]], bool], facts: list[Triple]) -> list[Triple]:
    """QuickXplain: facts that are inconsistent together and consistent without any one of them.

    Needs consistent([]) and not consistent(facts). About 2k·log2(n/k) HermiT runs for a
    conflict of k facts among n.
    """

    def search(background: list[Triple], added: bool, candidates: list[Triple]) -> list[Triple]:
        if added and not consistent(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        from_second = search(background + first, True, second)
        from_first = search(background + from_second, bool(from_second), first)
        return from_first + from_second

    return search([], False, facts)


def _unexplained(ontology: list[Triple], conflict: list[Triple]) -> Clash:
    """A conflict no pattern explains, with the ontology's axioms on its terms as a lead."""
    terms = {t.predicate for t in conflict} | {t.object for t in conflict if t.predicate == RDF.type}
    axioms = sorted(show_triple(t) for t in ontology
                    if t.subject in terms and isinstance(t.object, NamedNode) and t.predicate not in ANNOTATIONS)
    what = ("HermiT finds this fact inconsistent on its own" if len(conflict) == 1 else
            f"HermiT finds these {len(conflict)} facts inconsistent together, and consistent without any one of them")
    return Clash(None, f"{what}; no known clash pattern matches, so check against the axioms on its terms",
                 "; ".join(axioms) or "(none stated on these terms)",
                 tuple(Step(fact, "") for fact in sorted(conflict, key=str)))
