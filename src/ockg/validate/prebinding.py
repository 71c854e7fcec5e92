"""When a SHACL-SPARQL query can run once over the whole graph instead of once per focus node.

SHACL (5.3.1) pre-binds $this to each focus node in turn. Running the query once with $this free
and keeping the rows whose $this is a focus node gives the same rows exactly when every use of
$this sees it bound by the pattern it belongs to: $this occurs in a triple pattern joined into the
whole query, and each FILTER, BIND or OPTIONAL condition that reads it applies to a pattern that
binds it. Aggregates and LIMIT would count or cut across focus nodes, so a query with them stays
per focus node; so does a subquery that reads $this. A query that never reads $this (it only
names it in SELECT lists) gives the same rows for every focus node: it runs once, in "constant"
mode. Everything else is left to the engine, which pre-binds.

The analysis works on rdflib's SPARQL algebra (SPARQL 1.1, 18.2) of the query as the engine would
run it ($PATH and prefixes already substituted). `reads_changed` asks a second question for data
with literals Oxigraph rewrites (literals.py): whether the query could look at the form of such a
literal, through a function that reads a term rather than a value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal as Mode

from pyparsing import ParseException
from rdflib import Literal, URIRef, Variable
from rdflib.paths import MulPath, NegatedPath, Path
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern, translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

THIS = Variable("this")
ENGINE_ONLY = frozenset({Variable("currentShape"), Variable("shapesGraph"), Variable("failure")})
PASS = frozenset({"Distinct", "Reduced", "OrderBy", "ToMultiSet"})
# expressions whose value does not depend on a literal's written form, only on its value
BY_VALUE = frozenset({
    "RelationalExpression", "ConditionalAndExpression", "ConditionalOrExpression", "AdditiveExpression",
    "MultiplicativeExpression", "UnaryNot", "UnaryMinus", "UnaryPlus", "Builtin_BOUND", "Builtin_isIRI",
    "Builtin_isBLANK", "Builtin_isLITERAL", "Builtin_isNUMERIC", "Builtin_IF", "Builtin_COALESCE",
    "Builtin_EXISTS", "Builtin_NOTEXISTS", "TrueFilter"})
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Unsafe(Exception):
    """The query cannot run on Oxigraph with the same answer."""


def algebra(query: str) -> CompValue | None:
    """The algebra of a SELECT query, or None when rdflib cannot read it (the engine will say why)."""
    try:
        parsed = translateQuery(parseQuery(query))
    except (ParseException, Exception):  # rdflib's translation raises plain Exceptions too
        return None
    root: CompValue = parsed.algebra
    return root if root.name == "SelectQuery" else None


def mode(root: CompValue) -> Mode["bound", "constant"] | None:
    """How the query can run over the whole graph: "bound" (keep the rows of each focus node),
    "constant" (the same rows for every focus node), or None (only per focus node)."""
    if any(v in ENGINE_ONLY for v in _variables(root)):
        return None
    if THIS not in _reads(root.p):
        return "constant"
    pattern = _top(root.p)
    if pattern is None or THIS not in _certain(pattern):
        return None
    try:
        _check_binding(pattern)
    except Unsafe:
        return None
    return "bound"


def reads_changed(root: CompValue, predicates: frozenset[str], merged: bool) -> bool:
    """Whether the query could read the written form of a literal that is the object of one of
    `predicates` (those with a literal the store rewrites), or name such a literal itself. When
    the store made two written literals one (`merged`), also whether a variable that may hold one
    joins two triple patterns or is made DISTINCT, which could then match what the data does not."""
    try:
        dirty = _dirty(root.p, predicates, frozenset())
        triples = [triple for node in _walk(root) for triple in _triples(node)]  # EXISTS patterns' too
        if any(_typed_constant(term) for triple in triples for term in triple):
            raise Unsafe
        if merged:
            every = [t for triple in triples for t in triple if isinstance(t, Variable)]
            suspects = _dirty_anywhere(root, predicates) - _clean(_top(root.p) or root.p, predicates)
            if any(every.count(v) > 1 for v in suspects) or (dirty and _distinct(root)):
                raise Unsafe
    except Unsafe:
        return True
    return False


def _triples(node: CompValue) -> list[list[object]]:
    return list(node["triples"]) if "triples" in node else []


def _dirty_anywhere(root: CompValue, predicates: frozenset[str]) -> frozenset[Variable]:
    """Every variable some triple pattern of the query could bind to a rewritten literal."""
    found: set[Variable] = set()
    for node in _walk(root):
        if node.name == "BGP":
            found |= _dirty_triples(node.triples, predicates)
        if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            found |= _dirty_anywhere(translateGroupGraphPattern(node.graph), predicates)
    return frozenset(found)


def _distinct(root: CompValue) -> bool:
    return any(node.name in ("Distinct", "Reduced", "Group", "AggregateJoin") for node in _walk(root))


def _top(node: CompValue) -> CompValue | None:
    """The query's pattern under its Project and solution modifiers; None with LIMIT/OFFSET."""
    while node.name in PASS and node.name != "ToMultiSet":
        node = node.p
    if node.name == "Slice":
        return None
    node = node.p if node.name == "Project" else node
    while node.name == "OrderBy":
        node = node.p
    return node


def _certain(node: CompValue) -> frozenset[Variable]:
    """The variables every solution of the pattern binds."""
    name = node.name
    if name == "BGP":
        return frozenset(t for triple in node.triples for t in triple if isinstance(t, Variable))
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "LeftJoin" or name in PASS | {"Filter", "Extend", "Graph", "Slice"}:
        return _certain(node.p1 if name == "LeftJoin" else node.p)
    if name == "Project":
        return _certain(node.p) & frozenset(node.PV)
    return frozenset()


def _check_binding(node: CompValue) -> None:
    """Every expression that reads $this applies to a pattern binding it; no aggregate, no
    subquery reading $this."""
    name = node.name
    if name in ("BGP",):
        return
    if name in ("Group", "AggregateJoin", "Slice", "Minus", "values") or (name == "Project" and THIS in _reads(node.p)):
        raise Unsafe
    if name in ("Filter", "Extend") and THIS in _reads(node.expr) and THIS not in _certain(node.p):
        raise Unsafe
    if name == "LeftJoin" and THIS in _reads(node.expr) and THIS not in _certain(node.p1):
        raise Unsafe
    for key in ("p", "p1", "p2"):
        child = node.get(key)
        if isinstance(child, CompValue):
            _check_binding(child)


def _dirty(node: CompValue, predicates: frozenset[str], outer: frozenset[Variable]) -> frozenset[Variable]:
    """The variables that may hold a rewritten literal in a solution of the pattern (`outer`: those
    of the enclosing solution an EXISTS is evaluated with). Raises Unsafe where one is read."""
    name = node.name
    if name == "BGP":
        return _dirty_triples(node.triples, predicates)
    if name in ("Join", "LeftJoin", "Union"):
        left, right = _dirty(node.p1, predicates, outer), _dirty(node.p2, predicates, outer)
        if name == "Union":
            return left | right
        if name == "LeftJoin":
            found = left | (right - _clean(node.p1, predicates))
            _read(node.expr, found | outer, predicates)
            return found
        return (left | right) - _clean(node.p1, predicates) - _clean(node.p2, predicates)
    if name in PASS | {"Graph", "Slice", "Project", "Filter", "Extend"}:
        found = _dirty(node.p, predicates, outer)
        if name == "Project":
            return found & frozenset(node.PV)
        if name in ("Filter", "Extend"):
            _read(node.expr, found | outer, predicates)
        if name == "Extend" and _reads(node.expr) & (found | outer):
            found |= {node.var}
        return found
    raise Unsafe


def _dirty_triples(triples: list[tuple[object, object, object]], predicates: frozenset[str]) -> frozenset[Variable]:
    """A subject or predicate is never a literal; an object is a rewritten one only through a
    predicate that has one, or through a variable predicate. A path's ends are clean when every
    step is (no zero-length step, which matches any node, and no negated set)."""
    maybe: set[Variable] = set()
    clean: set[Variable] = set()
    for s, p, o in triples:
        if isinstance(p, Path):
            ends_clean = _clean_path(p, predicates)
            for end in (s, o):
                if isinstance(end, Variable):
                    (clean if ends_clean else maybe).add(end)
            continue
        clean.update(t for t in (s, p) if isinstance(t, Variable))
        if isinstance(o, Variable):
            (clean if isinstance(p, URIRef) and str(p) not in predicates else maybe).add(o)
    return frozenset(maybe - clean)


def _clean_path(path: Path, predicates: frozenset[str]) -> bool:
    if isinstance(path, NegatedPath) or (isinstance(path, MulPath) and path.zero):
        return False
    for value in vars(path).values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, URIRef) and str(item) in predicates:
                return False
            if isinstance(item, Path) and not _clean_path(item, predicates):
                return False
    return True


def _clean(node: CompValue, predicates: frozenset[str]) -> frozenset[Variable]:
    """The variables every solution binds through a triple that cannot hold a rewritten literal."""
    name = node.name
    if name == "BGP":
        return _certain(node) - _dirty_triples(node.triples, predicates)
    if name == "Join":
        return _clean(node.p1, predicates) | _clean(node.p2, predicates)
    if name == "Union":
        return _clean(node.p1, predicates) & _clean(node.p2, predicates)
    if name == "LeftJoin" or name in PASS | {"Filter", "Extend", "Graph", "Slice"}:
        return _clean(node.p1 if name == "LeftJoin" else node.p, predicates)
    if name == "Project":
        return _clean(node.p, predicates) & frozenset(node.PV)
    return frozenset()


def _read(expr: object, dirty: frozenset[Variable], predicates: frozenset[str]) -> None:
    """Raise Unsafe if the expression reads the form of a variable that may hold a rewritten literal."""
    for node in _walk(expr, into_exists=False):
        if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            _dirty(translateGroupGraphPattern(node.graph), predicates, dirty)
        elif node.name not in BY_VALUE and _reads(node, inside_exists=False) & dirty:
            raise Unsafe


def _typed_constant(term: object) -> bool:
    return isinstance(term, Literal) and term.datatype is not None and str(term.datatype) != XSD_STRING


def _reads(item: object, inside_exists: bool = True) -> frozenset[Variable]:
    """The variables an algebra node or expression reads (not its _vars or SELECT lists)."""
    found: set[Variable] = set()
    pending = [item]
    while pending:
        current = pending.pop()
        if isinstance(current, Variable):
            found.add(current)
        elif isinstance(current, CompValue):
            if not inside_exists and current.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                continue
            pending.extend(v for k, v in current.items() if k not in ("_vars", "PV"))
        elif isinstance(current, list | tuple):
            pending.extend(current)
    return frozenset(found)


def _variables(item: object) -> frozenset[Variable]:
    return _reads(item) | frozenset(v for node in _walk(item) if "PV" in node for v in node["PV"])


def _walk(item: object, into_exists: bool = True) -> Iterator[CompValue]:
    """Every algebra node or operator below item; with into_exists=False, not those inside an
    EXISTS pattern (an expression's own operators)."""
    pending = [item]
    while pending:
        current = pending.pop()
        if isinstance(current, CompValue):
            yield current
            if into_exists or current.name not in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                pending.extend(v for k, v in current.items() if k != "_vars")
        elif isinstance(current, list | tuple):
            pending.extend(current)
