"""The shapes graph: read from a file or folder, checked before any engine runs, and located.

Checked because an engine that skips what it does not understand says "conforms" where the data
does not, the worst answer a validator can give: SHACL-AF and SHACL-JS terms (rules, functions,
node expressions), which neither engine runs here, are refused, and so are the SPARQL queries
the SHACL specification says must be rejected (5.6: MINUS, VALUES, SERVICE, a subquery that
drops $this, a pre-bound variable assigned with AS). SERVICE would also reach the network, which
validation never does. Every refusal is one line naming the shapes file and line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pyparsing import ParseException
from rdflib import OWL, BNode, Graph, URIRef
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from ockg.errors import InputError, Location
from ockg.validate.shacl import SH, SHAPES, read_graph

# The properties of the SHACL vocabulary (https://www.w3.org/ns/shacl.ttl) that belong to SHACL-AF
# and SHACL-JS. Other unknown terms are ignored, as SHACL says (a W3C test uses sh:nodeShape).
ADVANCED = frozenset([
    "annotationProperty", "annotationValue", "annotationVarName", "condition", "construct", "entailment",
    "expression", "filterShape", "intersection", "js", "jsFunctionName", "jsLibrary", "jsLibraryURL", "nodes",
    "object", "predicate", "resultAnnotation", "returnType", "rule", "subject", "union", "update"])
PRE_BOUND = frozenset({"this", "value", "currentShape", "shapesGraph"})
FORBIDDEN = {"MinusGraphPattern": "MINUS", "InlineData": "VALUES", "ValuesClause": "VALUES",
             "ServiceGraphPattern": "SERVICE (validation never reaches the network)"}


@dataclass
class Shapes:
    """The merged shapes graph and the files it was read from, to point at a shape's line."""

    graph: Graph
    files: list[tuple[Path, str]]  # path, as shown
    _texts: dict[Path, list[str]] = field(default_factory=dict)

    def where(self, node: Node) -> Location:
        """The file and line declaring node, or its nearest named ancestor for a blank node."""
        node = self._named(node)
        for path, shown in self.files:
            lines = self._texts.setdefault(path, path.read_text(encoding="utf-8").splitlines())
            spellings = self._spellings(node)
            for number, line in enumerate(lines, 1):
                if any(line.startswith(s) for s in spellings):
                    return Location(shown, number)
        return Location(self.files[0][1] if len(self.files) == 1 else "shapes")

    def _named(self, node: Node) -> Node:
        seen = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            parent = next(iter(self.graph.subjects(None, node)), None)
            if parent is None:
                break
            node = parent
        return node

    def _spellings(self, node: Node) -> list[str]:
        if not isinstance(node, URIRef):
            return []
        found = [f"<{node}>"]
        for prefix, namespace in self.graph.namespaces():
            if node.startswith(namespace) and len(node) > len(namespace):
                found.append(f"{prefix}:{node[len(namespace):]}")
        return found


def load(source: Path, shown: str) -> Shapes:
    """A file with the local files it owl:imports, or every *.ttl of a folder. Imports of
    anything but a local file are not fetched (validation never reaches the network): stderr says so."""
    files = sorted(source.glob("*.ttl")) if source.is_dir() else [source]
    if source.is_dir() and not files:
        raise InputError.at(Location(shown), "no SHACL shapes (*.ttl) found")
    loaded: list[tuple[Path, str]] = []
    pending = [(f, f"{shown}/{f.name}" if source.is_dir() else shown) for f in files]
    graph = Graph()
    while pending:
        path, name = pending.pop(0)
        if path.resolve() in {p.resolve() for p, _ in loaded}:
            continue
        part = read_graph([path], [name])
        graph += part
        for prefix, namespace in part.namespaces():
            graph.bind(prefix, namespace, override=False)
        loaded.append((path, name))
        pending += _imports(part, path, name)
    graph.bind("ockgsh", SHAPES)
    return Shapes(graph, loaded)


def _imports(graph: Graph, path: Path, shown: str) -> list[tuple[Path, str]]:
    found = []
    for target in sorted({str(o) for o in graph.objects(None, OWL.imports)}):
        local = Path(target.removeprefix("file://")) if target.startswith("file://") else None
        if local is not None and local.is_file():
            found.append((local, str(Path(shown).parent / local.name)))
        elif target != path.resolve().as_uri():
            print(f"{shown}: owl:imports <{target}> not fetched (validation reads local files only)",
                  file=sys.stderr)
    return found


def check(shapes: Shapes) -> None:
    """Refuse what no engine here would check."""
    graph = shapes.graph
    for s, p, _ in graph:
        name = str(p)[len(str(SH)):] if str(p).startswith(str(SH)) else None
        if name in ADVANCED:
            raise InputError.at(shapes.where(s), f"sh:{name} is SHACL-AF or SHACL-JS, which `ockg validate` "
                                "does not run; nothing would check it")
    for node in set(graph.subjects(SH.select, None)) | set(graph.subjects(SH.ask, None)):
        for query in (*graph.objects(node, SH.select), *graph.objects(node, SH.ask)):
            problem = sparql_problem(str(query))
            if problem:
                raise InputError.at(shapes.where(node), problem)


def sparql_problem(query: str) -> str | None:
    """Why a SHACL-SPARQL query must be rejected, or None."""
    try:
        tree = parseQuery(re.sub(r"\$PATH\b", "<urn:ockg:path>", query))
    except ParseException as exc:
        return f"SPARQL syntax error in the query: {' '.join(str(exc).split())}"
    for node in _nodes(tree):
        if node.name in FORBIDDEN:
            return f"SHACL-SPARQL queries may not use {FORBIDDEN[node.name]}"
        assigned = node.get("var") if node.name == "Bind" else node.get("evar")
        if assigned is not None and str(assigned) in PRE_BOUND:
            return f"SHACL-SPARQL queries may not assign the pre-bound variable ?{assigned} with AS"
        if node.name == "SubSelect" and "this" not in _projected(node):
            return "a SHACL-SPARQL subquery must name $this in its SELECT (SELECT * may leave it unbound)"
    return None


def _projected(select: CompValue) -> set[str]:
    """The variables a SELECT names (none for SELECT *)."""
    return {str(v.get("var")) for v in select.get("projection") or [] if isinstance(v, CompValue)}


def _nodes(tree: object) -> list[CompValue]:
    found: list[CompValue] = []
    pending = [tree]
    while pending:
        item = pending.pop()
        if isinstance(item, CompValue):
            found.append(item)
            pending.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            pending.extend(item)  # type: ignore[arg-type]
    return found
