"""The ockg SHACL engine: the results pySHACL gives (`-i rdfs`), in a fraction of its time.

pySHACL spends its time in three places: owlrl's repeated passes for RDFS inference, rdflib's
triple look-ups for every focus node, and re-parsing each SHACL-SPARQL query for every focus node.
Here inference runs once (rdfs.py), Core constraints are decided from two predicate indexes
(triples.py, components.py), and each SPARQL-based constraint runs once on an Oxigraph store over
the whole graph, its rows then matched to the shape's focus nodes. pySHACL stays the reference:
tests/test_engine.py checks that both give the same results on every shape fixture and on the
seed KG, and scripts/bench checks it on each synthetic corpus. Shapes using a feature this engine
does not implement are refused with a message naming it, never half-checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

import rdflib
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import OWL
from rdflib.term import Node

from ockg.errors import InputError, Location
from ockg.validate import rdfs
from ockg.validate.components import BUILDERS, COMPANIONS, SH, Check
from ockg.validate.severity import Severity
from ockg.validate.shacl import Result, severity_of, sparql_path
from ockg.validate.triples import Term, Triples, lexical, ox

Walk = Callable[[Triples, Term], Collection[Term]]
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
STRUCTURE = {*TARGETS, SH.path, SH.property, SH.sparql, SH.severity, SH.message, SH.name, SH.description,
             SH.order, SH.group, SH.defaultValue, SH.deactivated}
TYPE = NamedNode(str(RDF.type))


@dataclass
class Shape:
    node: Node
    severity: Severity
    messages: list[str]
    path: Walk | None = None  # None for a node shape: its value node is the focus node
    path_text: str | None = None  # the path in SPARQL syntax, full IRIs
    predicate: URIRef | None = None  # the path when it is one property
    checks: list[Check] = field(default_factory=list)
    properties: list[Node] = field(default_factory=list)
    sparql: list[Node] = field(default_factory=list)

    def values(self, graph: Triples, focus: Term) -> Collection[Term]:
        return (focus,) if self.path is None else self.path(graph, focus)


def validate(graph: Triples, shapes: Graph) -> list[Result]:
    """Every validation result of `graph` (after RDFS inference, which this adds to it) against
    `shapes`, in read_report's order."""
    rdfs.infer(graph)
    engine = Engine(graph, shapes)
    results = {*engine.core_results(), *engine.sparql_results()}
    return sorted(results, key=Result.key)


def _store(graph: Triples) -> Store:
    """The inferred graph in an Oxigraph store for the SHACL-SPARQL constraints. Oxigraph takes no
    literal subjects: those triples (a literal typed rdfs:Resource or by a property's range) are
    left out, and no ockg constraint could match them."""
    store = Store()
    store.bulk_extend(Quad(s, p, o) for s, p, o in graph if not isinstance(s, Literal))
    return store


class Engine:
    """The shapes of one shapes graph, evaluated over one data graph."""

    def __init__(self, graph: Triples, shapes: Graph) -> None:
        self.graph = graph
        self.shapes = shapes
        self.model: dict[Node, Shape] = {}
        self.memo: dict[tuple[Node, Term], bool] = {}
        self.targeted = sorted({s for t in TARGETS for s in shapes.subjects(t, None)}
                               | {s for s in shapes.subjects(RDF.type, SH.NodeShape) if _is_class(shapes, s)},
                               key=str)

    def shape(self, node: Node) -> Shape:
        if node not in self.model:
            self.model[node] = load_shape(self.shapes, node)
        return self.model[node]

    def focus_nodes(self, node: Node) -> set[Term]:
        """sh:targetClass (instances after inference), sh:targetSubjectsOf, sh:targetObjectsOf,
        sh:targetNode, and the implicit class target of a shape that is also a class."""
        found: set[Term] = set()
        classes = [*self.shapes.objects(node, SH.targetClass), *([node] if _is_class(self.shapes, node) else [])]
        for kind in classes:
            found.update(self.graph.subjects(TYPE, ox(kind)))
        for p in self.shapes.objects(node, SH.targetSubjectsOf):
            found.update(self.graph.subjects_of(NamedNode(str(p))))
        for p in self.shapes.objects(node, SH.targetObjectsOf):
            found.update(self.graph.objects_of(NamedNode(str(p))))
        found.update(ox(n) for n in self.shapes.objects(node, SH.targetNode))
        return found

    def conforms(self, node: Node, term: Term) -> bool:
        """Whether `term` conforms to the shape `node` (for sh:node, sh:not, sh:or and qualified
        value shapes): no failure of any severity, its property shapes included."""
        key = (node, term)
        if key not in self.memo:
            shape = self.shape(node)
            if shape.sparql:
                raise InputError.at(Location("shapes"), f"the ockg engine runs SHACL-SPARQL constraints only on "
                                    f"shapes with targets, not on {node} (use --engine pyshacl)")
            values = shape.values(self.graph, term)
            self.memo[key] = (not any(True for check in shape.checks for _ in check(self, term, values))
                              and all(self.conforms(p, v) for p in shape.properties for v in values))
        return self.memo[key]

    def core_results(self) -> Iterator[Result]:
        for node in self.targeted:
            yield from self._results(node, self.focus_nodes(node))

    def _results(self, node: Node, focus_nodes: Collection[Term]) -> Iterator[Result]:
        """The shape's results, then those of its property shapes, whose focus nodes are its value nodes."""
        shape = self.shape(node)
        reached: set[Term] = set()
        for focus in focus_nodes:
            values = shape.values(self.graph, focus)
            reached.update(values)
            for check in shape.checks:
                for value, component in check(self, focus, values):
                    yield _result(shape, focus, value, component, shape.messages)
        for prop in shape.properties:
            yield from self._results(prop, reached)

    def _sparql_uses(self) -> Iterator[tuple[Shape, Node, set[Term]]]:
        """Each SPARQL constraint with the shape using it and that shape's focus nodes."""
        for node in self.targeted:
            shape = self.shape(node)
            users = [user for user in (shape, *(self.shape(p) for p in shape.properties)) if user.sparql]
            focus_nodes = self.focus_nodes(node) if users else set()
            for user in users:
                for constraint in user.sparql:
                    yield user, constraint, focus_nodes

    def sparql_results(self) -> Iterator[Result]:
        store = None
        for shape, constraint, focus_nodes in self._sparql_uses():
            if store is None:  # not `store or`: an Oxigraph store's truth value counts its quads
                store = _store(self.graph)
            query = self._query_text(shape, constraint)
            messages = _messages(self.shapes, constraint)
            solutions = store.query(query, use_default_graph_as_union=True)
            assert isinstance(solutions, QuerySolutions)
            names = [v.value for v in solutions.variables]
            for row in solutions:
                bound = {name: row[name] for name in names if row[name] is not None}
                yield from _sparql_row(shape, bound, focus_nodes, messages)

    def _query_text(self, shape: Shape, constraint: Node) -> str:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise InputError.at(Location("shapes"), f"SPARQL constraint {constraint} has no sh:select")
        prefixes = [f"PREFIX {self.shapes.value(d, SH.prefix)}: <{self.shapes.value(d, SH.namespace)}>"
                    for source in self.shapes.objects(constraint, SH.prefixes)
                    for d in self.shapes.objects(source, SH.declare)]
        text = str(select)
        if shape.path_text is not None:
            text = text.replace("$PATH", shape.path_text)
        return "\n".join([*prefixes, text])


def _is_class(shapes: Graph, node: Node) -> bool:
    return any((node, RDF.type, kind) in shapes for kind in (RDFS.Class, OWL.Class))


def load_shape(shapes: Graph, node: Node) -> Shape:
    """One shape's parameters, each constraint built into a check; any SHACL parameter this
    engine does not implement is an error."""
    unknown = sorted(str(p) for p in set(shapes.predicates(node, None))
                     if str(p).startswith(str(SH)) and p not in BUILDERS and p not in COMPANIONS
                     and p not in STRUCTURE)
    if unknown or (node, SH.deactivated, rdflib.Literal(True)) in shapes:
        what = ", ".join(unknown) or str(SH.deactivated)
        raise InputError.at(Location("shapes"), f"the ockg engine does not implement {what} (shape {node}); "
                            "run `ockg validate --engine pyshacl`")
    path = shapes.value(node, SH.path)
    shape = Shape(node, severity_of(shapes.value(node, SH.severity)), _messages(shapes, node),
                  properties=sorted(shapes.objects(node, SH.property), key=str),
                  sparql=sorted(shapes.objects(node, SH.sparql), key=str))
    if path is not None:
        shape.path = _walk(shapes, path)
        shape.path_text = sparql_path(shapes, path)
        shape.predicate = path if isinstance(path, URIRef) else None
    for predicate, build in BUILDERS.items():
        for param in shapes.objects(node, predicate):
            try:
                shape.checks.append(build(shapes, node, param))
            except ValueError as exc:
                problem = f"shape {node}: cannot use {predicate} {param}: {exc}"
                raise InputError.at(Location("shapes"), problem) from None
    return shape


def _messages(shapes: Graph, node: Node) -> list[str]:
    return [str(m) for m in shapes.objects(node, SH.message)]


def _walk(shapes: Graph, path: Node) -> Walk:
    """A SHACL property path as a function from a node to its value nodes: a property, an inverse
    property, a sequence or a set of alternatives."""
    if isinstance(path, URIRef):
        p = NamedNode(str(path))
        return lambda graph, node: graph.objects(node, p)
    if (path, RDF.first, None) in shapes:
        steps = [_walk(shapes, step) for step in RdfList(shapes, path)]
        return lambda graph, node: _sequence(graph, steps, node)
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        p = NamedNode(str(inverse))
        return lambda graph, node: graph.subjects(p, node)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        branches = [_walk(shapes, step) for step in RdfList(shapes, alternatives)]
        return lambda graph, node: {v for branch in branches for v in branch(graph, node)}
    raise InputError.at(Location("shapes"), f"the ockg engine does not implement the path {sparql_path(shapes, path)}; "
                        "run `ockg validate --engine pyshacl`")


def _sequence(graph: Triples, steps: list[Walk], node: Term) -> set[Term]:
    reached: set[Term] = {node}
    for step in steps:
        reached = {v for n in reached for v in step(graph, n)}
    return reached


def _result(shape: Shape, focus: Term, value: Term | None, component: URIRef, messages: list[str],
            path: Term | None = None) -> Result:
    predicate = URIRef(path.value) if isinstance(path, NamedNode) else shape.predicate
    return Result(
        severity=shape.severity, shape=shape.node, focus=lexical(focus),
        path=f"<{predicate}>" if isinstance(path, NamedNode) else shape.path_text, predicate=predicate,
        value=None if value is None else lexical(value), component=component,
        message=" ".join(sorted(messages or ["(no sh:message)"])))


def _sparql_row(shape: Shape, bound: dict[str, Term], focus_nodes: set[Term],
                constraint_messages: list[str]) -> Iterator[Result]:
    """The results of one solution: for its ?this, or for every focus node when the query leaves
    ?this unbound (pySHACL pre-binds $this, so such a row holds for each focus node)."""
    this = bound.pop("this", None)
    path = bound.pop("path", None)
    value = bound.pop("value", None)
    for focus in sorted(focus_nodes, key=str) if this is None else [this] if this in focus_nodes else []:
        shown = value if value is not None else (focus if shape.path is None else None)
        names = {**bound, "this": focus, **({"path": path} if path is not None else {}),
                 **({"value": shown} if shown is not None else {})}
        messages = [_fill(m, names) for m in dict.fromkeys([*shape.messages, *constraint_messages])]
        yield _result(shape, focus, shown, SH.SPARQLConstraintComponent, messages, path)


def _fill(message: str, names: dict[str, Term]) -> str:
    """{?name} and {$name} replaced as pySHACL replaces them (rdflib's str() of the term)."""
    for name, term in names.items():
        message = re.sub(f"{{[?$]{name}}}", str(lexical(term)), message)
    return message
