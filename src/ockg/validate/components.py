"""The SHACL Core constraint components the ockg shapes use, each decided as pySHACL decides it.

A component is built once per shape from its parameters and then called per focus node with the
focus node's value nodes; it yields one Failure per validation result (the value node, or None
where the result has no sh:value, and the constraint component). Literal semantics (ill-typed
literals, value comparisons, lexical forms) come from rdflib, as in pySHACL, through `lexical`.
Components not listed in BUILDERS are refused by the shapes loader, never silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Protocol

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib import RDF, RDFS, XSD, Graph, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.term import Node

from ockg.validate.triples import Term, Triples, lexical, ox

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
Failure = tuple[Term | None, URIRef]


class Context(Protocol):
    graph: Triples

    def conforms(self, node: Node, term: Term) -> bool: ...


Check = Callable[[Context, Term, Collection[Term]], Iterator[Failure]]
Builder = Callable[[Graph, Node, Node], Check]


def _each(component: URIRef, ok: Callable[[Term], bool]) -> Check:
    """A component that judges each value node on its own and reports the failing ones."""
    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        return ((v, component) for v in values if not ok(v))
    return check


def _class(shapes: Graph, shape: Node, param: Node) -> Check:
    wanted = ox(param)

    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        types = ctx.graph.forward.get(NamedNode(str(RDF.type)), {})
        return ((v, SH.ClassConstraintComponent) for v in values
                if isinstance(v, Literal) or wanted not in types.get(v, ()))
    return check


def _datatype(shapes: Graph, shape: Node, param: Node) -> Check:
    return _each(SH.DatatypeConstraintComponent, lambda v: _has_datatype(lexical(v), URIRef(str(param))))


def _has_datatype(v: rdflib.term.Identifier, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent: ill-typed literals fail, and so do values whose
    Python value is not of the datatype's type (for the types rdflib converts)."""
    if not isinstance(v, rdflib.Literal):
        return False
    if v.datatype == rule:
        return v.ill_typed is not True and _value_fits(v.value, rule)
    if rule == RDFS.Literal or (rule == RDFS.Datatype and v.datatype):
        return True
    if rule == XSD.string and v.datatype is None and v.language is None:
        return _value_fits(v.value, rule)
    return rule == RDF.langString and bool(v.language) and _value_fits(v.value, rule)


VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


def _value_fits(value: object, rule: URIRef) -> bool:
    kind = VALUE_TYPES.get(rule)
    return kind is None or isinstance(value, kind)


NODE_KINDS = {
    NamedNode: (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
    BlankNode: (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    Literal: (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)}


def _node_kind(shapes: Graph, shape: Node, param: Node) -> Check:
    return _each(SH.NodeKindConstraintComponent, lambda v: param in NODE_KINDS[type(v)])


def _count(component: URIRef, ok: Callable[[int, int], bool]) -> Builder:
    def build(shapes: Graph, shape: Node, param: Node) -> Check:
        bound = _number(param)

        def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
            if not ok(len(values), bound):
                yield None, component
        return check
    return build


def _number(param: Node) -> int:
    value = param.value if isinstance(param, rdflib.Literal) else None
    if not isinstance(value, int):
        raise ValueError(f"expected an integer, not {param}")
    return value


def _text(v: Term) -> str:
    """The string pySHACL's string-based components look at."""
    term = lexical(v)
    if isinstance(term, rdflib.Literal) and term.value is not None and term.datatype in (None, RDF.langString,
                                                                                           XSD.string):
        return str(term.value)
    return str(term)


def _length(component: URIRef, ok: Callable[[int, int], bool]) -> Builder:
    """sh:minLength and sh:maxLength: blank nodes fail, except that a minimum of 0 passes anything."""
    def build(shapes: Graph, shape: Node, param: Node) -> Check:
        bound = _number(param)
        if component == SH.MinLengthConstraintComponent and bound == 0:
            return lambda ctx, focus, values: iter(())
        return _each(component, lambda v: not isinstance(v, BlankNode) and ok(len(_text(v)), bound))
    return build


def _pattern(shapes: Graph, shape: Node, param: Node) -> Check:
    if (shape, SH.flags, None) in shapes:
        raise ValueError("sh:flags")
    matcher = re.compile(str(param))
    return _each(SH.PatternConstraintComponent,
                 lambda v: not isinstance(v, BlankNode) and matcher.search(_text(v)) is not None)


def _language_in(shapes: Graph, shape: Node, param: Node) -> Check:
    wanted = {str(tag).lower() for tag in RdfList(shapes, param)}

    def ok(v: Term) -> bool:
        tag = v.language.lower() if isinstance(v, Literal) and v.language else None
        return tag is not None and ("*" in wanted or tag in wanted or tag.split("-")[0] in wanted)
    return _each(SH.LanguageInConstraintComponent, ok)


def _unique_lang(shapes: Graph, shape: Node, param: Node) -> Check:
    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        tags = [v.language.lower() for v in values if isinstance(v, Literal) and v.language]
        for _tag in sorted({t for t in tags if tags.count(t) > 1}):
            yield None, SH.UniqueLangConstraintComponent
    if not (isinstance(param, rdflib.Literal) and param.value is True):
        return lambda ctx, focus, values: iter(())
    return check


def _range(component: URIRef, ok: Callable[[int], bool]) -> Builder:
    """sh:minInclusive and sh:maxInclusive: rdflib's literal order, strings only against strings."""
    def build(shapes: Graph, shape: Node, param: Node) -> Check:
        if not isinstance(param, rdflib.Literal):
            raise ValueError(f"expected a literal, not {param}")

        def fits(v: Term) -> bool:
            term = lexical(v)
            if not isinstance(term, rdflib.Literal) or isinstance(term.value, str) != isinstance(param.value, str):
                return False
            try:
                return ok(_order_of(term, param))
            except (TypeError, NotImplementedError):
                return False
        return _each(component, fits)
    return build


def _order_of(a: rdflib.Literal, b: rdflib.Literal) -> int:
    """-1, 0 or 1, as pySHACL orders two literals: rdflib's literal order, except that datetimes
    and times compare by value (rdflib would force a total order on them)."""
    if a.eq(b):
        return 0
    if isinstance(a.value, (datetime, time)):
        return 0 if a.value == b.value else 1 if a.value > b.value else -1
    return 1 if a > b else -1


def _has_value(shapes: Graph, shape: Node, param: Node) -> Check:
    wanted = ox(param)

    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        if wanted not in values:
            yield None, SH.HasValueConstraintComponent
    return check


def _pair(component: URIRef, report: Callable[[set[Term], set[Term]], set[Term]]) -> Builder:
    """sh:equals and sh:disjoint: the value nodes against the focus node's values of a property."""
    def build(shapes: Graph, shape: Node, param: Node) -> Check:
        other = NamedNode(str(param))

        def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
            return ((v, component) for v in report(set(values), set(ctx.graph.objects(focus, other))))
        return check
    return build


def _order(component: URIRef, ok: Callable[[object, object], bool]) -> Builder:
    """sh:lessThan and sh:lessThanOrEquals: one result per value node and other value out of order;
    IRIs and strings compare as strings, and only with strings."""
    def build(shapes: Graph, shape: Node, param: Node) -> Check:
        other = NamedNode(str(param))

        def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
            for v in values:
                mine_is_text, mine = _comparable(v)
                for w in ctx.graph.objects(focus, other):
                    theirs_is_text, theirs = _comparable(w)
                    if mine_is_text != theirs_is_text or not ok(mine, theirs):
                        yield v, component
        return check
    return build


def _comparable(v: Term) -> tuple[bool, object]:
    """Whether pySHACL compares the term as a string, and what it compares (an rdflib Literal is a
    str subclass, hence the flag)."""
    term = lexical(v)
    if isinstance(term, rdflib.BNode):
        raise ValueError("cannot compare a blank node")
    if isinstance(term, URIRef):
        return True, str(term)
    if isinstance(term, rdflib.Literal) and isinstance(term.value, str):
        return True, term.value
    return False, term


def _node(shapes: Graph, shape: Node, param: Node) -> Check:
    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        return ((v, SH.NodeConstraintComponent) for v in values if not ctx.conforms(param, v))
    return check


def _not(shapes: Graph, shape: Node, param: Node) -> Check:
    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        return ((v, SH.NotConstraintComponent) for v in values if ctx.conforms(param, v))
    return check


def _or(shapes: Graph, shape: Node, param: Node) -> Check:
    members = list(RdfList(shapes, param))

    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        return ((v, SH.OrConstraintComponent) for v in values if not any(ctx.conforms(m, v) for m in members))
    return check


def _qualified(shapes: Graph, shape: Node, param: Node) -> Check:
    """sh:qualifiedValueShape with sh:qualifiedMinCount and/or sh:qualifiedMaxCount."""
    if (shape, SH.qualifiedValueShapesDisjoint, rdflib.Literal(True)) in shapes:
        raise ValueError("sh:qualifiedValueShapesDisjoint")
    low, high = (shapes.value(shape, p) for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount))
    least = None if low is None else _number(low)
    most = None if high is None else _number(high)

    def check(ctx: Context, focus: Term, values: Collection[Term]) -> Iterator[Failure]:
        if not values and (least is None or least < 1):
            return
        count = sum(1 for v in values if ctx.conforms(param, v))
        if most is not None and count > most:
            yield None, SH.QualifiedMaxCountConstraintComponent
        if least is not None and count < least:
            yield None, SH.QualifiedMinCountConstraintComponent
    return check


BUILDERS: dict[URIRef, Builder] = {
    SH["class"]: _class,
    SH.datatype: _datatype,
    SH.nodeKind: _node_kind,
    SH.minCount: _count(SH.MinCountConstraintComponent, lambda n, bound: n >= bound),
    SH.maxCount: _count(SH.MaxCountConstraintComponent, lambda n, bound: n <= bound),
    SH.minLength: _length(SH.MinLengthConstraintComponent, lambda n, bound: n >= bound),
    SH.maxLength: _length(SH.MaxLengthConstraintComponent, lambda n, bound: n <= bound),
    SH.pattern: _pattern,
    SH.languageIn: _language_in,
    SH.uniqueLang: _unique_lang,
    SH.minInclusive: _range(SH.MinInclusiveConstraintComponent, lambda order: order >= 0),
    SH.maxInclusive: _range(SH.MaxInclusiveConstraintComponent, lambda order: order <= 0),
    SH.hasValue: _has_value,
    SH.equals: _pair(SH.EqualsConstraintComponent, lambda mine, theirs: mine ^ theirs),
    SH.disjoint: _pair(SH.DisjointConstraintComponent, lambda mine, theirs: mine & theirs),
    SH.lessThan: _order(SH.LessThanConstraintComponent, lambda a, b: a < b),  # type: ignore[operator]
    SH.lessThanOrEquals: _order(SH.LessThanOrEqualsConstraintComponent, lambda a, b: a <= b),  # type: ignore[operator]
    SH.node: _node,
    SH["not"]: _not,
    SH["or"]: _or,
    SH.qualifiedValueShape: _qualified,
}
# Parameters read by the builders above, or by the engine itself (shape structure and reporting).
COMPANIONS = {SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.flags}
