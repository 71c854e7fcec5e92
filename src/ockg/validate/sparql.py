"""SHACL-SPARQL constraints run on Oxigraph, once per constraint instead of once per focus node.

The engine pre-binds $this and evaluates a constraint's query once per focus node, with its own
SPARQL evaluator: at 300 synthetic articles, 20 of its 23 s went to the nine SPARQL constraints
of shapes/, which Oxigraph answers over the whole graph in about 0.1 s each. So ockg takes from the
engine each SPARQL constraint it can run over the whole graph with the same results, and runs it
on an Oxigraph store of the same data (with the same RDFS closure, rdfs.py) while the engine checks
the rest. A constraint qualifies when:
- its shape is one the engine would validate against its targets alone: a node shape or a property
  shape of one (sh:property) that no other shape refers to, with only Core targets;
- the query can run with $this free (prebinding.py) and never reads $currentShape or $shapesGraph
  or reports ?failure;
- no literal it could read by form is one Oxigraph rewrites (literals.py), or the data has none.
Everything else stays with the engine. Results are written as the engine writes them (SHACL 5.3.2):
sh:focusNode $this, sh:value ?value (else the focus node of a node shape), sh:resultPath ?path
(else the shape's path), the constraint's messages with {?var} filled in (else the shape's
messages as written), the shape's severity. The tests hold the two ways to each other on the
W3C suite and on the seed KG, result by result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal as Mode

from pyoxigraph import BlankNode, NamedNode, Quad, QuerySolutions, Store
from pyoxigraph import Literal as OxLiteral
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from ockg.validate import data, prebinding
from ockg.validate.literals import Fidelity
from ockg.validate.shacl import SH, sparql_path

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
FOCUS = {
    SH.targetClass: "SELECT DISTINCT ?n WHERE {{ ?n <{rdf}type>/<{rdfs}subClassOf>* {t} }}",
    SH.targetSubjectsOf: "SELECT DISTINCT ?n WHERE {{ ?n {t} ?o }}",
    SH.targetObjectsOf: "SELECT DISTINCT ?n WHERE {{ ?s {t} ?n }}",
}
OxTerm = NamedNode | BlankNode | OxLiteral
REPORT = BNode("report")
NESTING = (SH.node, SH["not"], SH.qualifiedValueShape)
ROLES = frozenset({"this", "value", "path"})  # variables whose whole term a result shows
_MESSAGE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Job:
    """One SPARQL constraint of one shape, run over the whole graph."""

    shape: Node
    constraint: Node
    query: str
    algebra: CompValue
    mode: Mode["bound", "constant"]
    path: Node | None  # the shape's sh:path, for a property shape
    severity: Node
    messages: tuple[Literal, ...]
    fill: bool  # the constraint's own messages, whose {?var} SHACL fills in
    target_shapes: tuple[Node, ...]  # the shapes whose targets give the focus nodes


def plan(graph: Graph) -> list[Job]:
    """The SPARQL constraints of the shapes graph that can run over the whole graph."""
    jobs = []
    for shape, constraint in sorted(graph.subject_objects(SH.sparql), key=str):
        targets = _target_shapes(graph, shape)
        query = _query(graph, shape, constraint) if targets else None
        root = prebinding.algebra(query) if query else None
        how = prebinding.mode(root) if root is not None else None
        if query is None or root is None or how is None or not _oxigraph_reads(query):
            continue
        own = tuple(m for m in graph.objects(constraint, SH.message) if isinstance(m, Literal))
        messages = own or tuple(m for m in graph.objects(shape, SH.message) if isinstance(m, Literal))
        jobs.append(Job(shape, constraint, query, root, how, graph.value(shape, SH.path),
                        graph.value(shape, SH.severity) or SH.Violation, messages, bool(own), targets))
    return jobs


def runnable(jobs: list[Job], fidelity: Fidelity) -> list[Job]:
    """The jobs whose query cannot tell the store's literals from the data's (prebinding.py)."""
    if fidelity.exact:
        return jobs
    return [job for job in jobs if not prebinding.reads_changed(job.algebra, fidelity.predicates, fidelity.merged)]


def run(jobs: list[Job], store: Store, fidelity: Fidelity, graph: Graph) -> tuple[Graph, list[Job]]:
    """The validation results of the jobs, each under sh:result of REPORT, and the jobs done.
    A job is not done when a result would need a literal as written that the store cannot give
    back (two were written for its stored form): the engine runs it."""
    report, done = Graph(), []
    for job in jobs:
        found = _results(job, store, fidelity, graph)
        if found is not None:
            report += found
            done.append(job)
    return report, done


def _results(job: Job, store: Store, fidelity: Fidelity, graph: Graph) -> Graph | None:
    report = Graph()
    focus = _focus_nodes(job, store, graph, fidelity)
    solutions = store.query(job.query)
    assert isinstance(solutions, QuerySolutions)
    names = [v.value for v in solutions.variables]
    for row in solutions:
        bound: dict[str, Node] = {}
        texts: dict[str, str] = {}
        for name in names:
            term = row[name]
            if term is None:
                continue
            written = fidelity.written(term, name in ROLES) if isinstance(term, OxLiteral) else term
            if written is None:
                return None
            bound[name], texts[name] = data.lexical(written), written.value
        this = bound.get("this")
        for target in focus if job.mode == "constant" else [this] if this in focus else []:
            _result(report, job, graph, target, bound, texts)
    return report


def add(found: Graph, report: Graph) -> None:
    """The results of `run` added to the engine's report, which no longer conforms if any."""
    node = report.value(None, RDF.type, SH.ValidationReport)
    assert node is not None, "the engine always writes a report node"
    for s, p, o in found:
        report.add((node if s == REPORT else s, p, o))
    if (node, SH.result, None) in report:
        report.set((node, SH.conforms, Literal(False)))


def _result(report: Graph, job: Job, graph: Graph, focus: Node, bound: dict[str, Node], texts: dict[str, str]) -> None:
    result = BNode()
    report.add((REPORT, SH.result, result))
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.focusNode, focus))
    report.add((result, SH.resultSeverity, job.severity))
    report.add((result, SH.sourceShape, job.shape))
    report.add((result, SH.sourceConstraint, job.constraint))
    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    value = bound.get("value", focus if job.path is None else None)
    if value is not None:
        report.add((result, SH.value, value))
    path = bound.get("path")
    if isinstance(path, URIRef):
        report.add((result, SH.resultPath, path))
    elif job.path is not None:
        report.add((result, SH.resultPath, _copy(graph, job.path, report)))
    for message in job.messages:
        text = _fill(str(message), texts) if job.fill else str(message)
        report.add((result, SH.resultMessage, Literal(text, lang=message.language)))


def _fill(message: str, texts: dict[str, str]) -> str:
    """{?var} and {$var} replaced by the value as written (rdflib would show "05"^^xsd:int as 5)."""
    return _MESSAGE_VARIABLE.sub(lambda m: texts.get(m[1], m[0]), message)


def _copy(graph: Graph, path: Node, report: Graph) -> Node:
    """The path's description, copied from the shapes graph into the report."""
    pending = [path]
    seen = set()
    while pending:
        current = pending.pop()
        if not isinstance(current, BNode) or current in seen:
            continue
        seen.add(current)
        for p, o in graph.predicate_objects(current):
            report.add((current, p, o))
            pending.append(o)
    return path


def _focus_nodes(job: Job, store: Store, graph: Graph, fidelity: Fidelity) -> set[Node]:
    found: set[Node] = set()
    for shape in job.target_shapes:
        found.update(graph.objects(shape, SH.targetNode))
        classes = [*graph.objects(shape, SH.targetClass), *([shape] if (shape, RDF.type, RDFS.Class) in graph else [])]
        queries = [(SH.targetClass, c) for c in classes]
        queries += [(kind, p) for kind in (SH.targetSubjectsOf, SH.targetObjectsOf) for p in graph.objects(shape, kind)]
        for kind, term in queries:
            if not isinstance(term, URIRef):
                continue
            text = FOCUS[kind].format(t=term.n3(), rdf=RDF, rdfs=RDFS)
            solutions = store.query(text)
            assert isinstance(solutions, QuerySolutions)
            found.update(data.lexical(w) for row in solutions if (w := _written(row[0], fidelity)) is not None)
    return found


def _written(term: OxTerm, fidelity: Fidelity) -> OxTerm | None:
    """A term of the store as the data wrote it (None: see Fidelity.written)."""
    return fidelity.written(term, True) if isinstance(term, OxLiteral) else term


def _target_shapes(graph: Graph, shape: Node) -> tuple[Node, ...]:
    """The shapes whose targets are the shape's focus nodes, or () when the engine alone knows
    them (the shape is reached through another shape's value nodes, or has a SHACL-AF target)."""
    if _deactivated(graph, shape) or (shape, SH.target, None) in graph or _nested(graph, shape):
        return ()
    parents = list(graph.subjects(SH.property, shape))
    for parent in parents:
        if _refers(graph, parent) or (parent, SH.path, None) in graph:
            return ()
        if _deactivated(graph, parent) or (parent, SH.target, None) in graph:
            return ()
    if graph.value(shape, SH.path) is None and parents:
        return ()
    return (shape, *parents)


def _refers(graph: Graph, shape: Node) -> bool:
    """Whether another shape validates its value nodes against this one."""
    return any((None, p, shape) in graph for p in (SH.property, *NESTING)) or (None, RDF.first, shape) in graph


def _nested(graph: Graph, shape: Node) -> bool:
    """Reached as a shape of value nodes (sh:node, sh:not, sh:qualifiedValueShape, a list of sh:and,
    sh:or or sh:xone), not only as a property shape of a node shape (whose focus nodes it shares)."""
    return any((None, p, shape) in graph for p in NESTING) or (None, RDF.first, shape) in graph


def _deactivated(graph: Graph, node: Node) -> bool:
    return any(isinstance(o, Literal) and o.toPython() is True for o in graph.objects(node, SH.deactivated))


def _oxigraph_reads(query: str) -> bool:
    try:
        Store().query(query)
    except (SyntaxError, ValueError, OSError):
        return False
    return True


def _query(graph: Graph, shape: Node, constraint: Node) -> str | None:
    selects = list(graph.objects(constraint, SH.select))
    if len(selects) != 1 or (constraint, SH.ask, None) in graph:
        return None
    text = str(selects[0])
    if re.search(r"\$PATH\b", text):
        path = graph.value(shape, SH.path)
        if path is None:
            return None
        text = re.sub(r"\$PATH\b", lambda _: sparql_path(graph, path), text)
    return _prefixes(graph, constraint) + text


def _prefixes(graph: Graph, constraint: Node) -> str:
    lines = []
    for source in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(source, SH.declare):
            prefix, namespace = graph.value(declaration, SH.prefix), graph.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def without(statements: list[Quad], jobs: list[Job]) -> list[Quad]:
    """The shapes statements minus the sh:sparql links of the jobs run on the store."""
    taken = {(str(job.shape), str(job.constraint)) for job in jobs}
    sparql = NamedNode(str(SH.sparql))
    return [s for s in statements if s.predicate != sparql or (_label(s.subject), _label(s.object)) not in taken]


def _label(term: object) -> str:
    """What str() of the same term gives in rdflib: the IRI, or the blank node's label."""
    return term.value if isinstance(term, NamedNode | BlankNode) else str(term)
