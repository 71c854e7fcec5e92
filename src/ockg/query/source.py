"""Where `ockg query` runs a query, and over which graphs.

The release keeps asserted facts and the reasoner's conclusions in separate named graphs. A query
reads the asserted graphs (every article's and the ontology's) as its default graph, so a
symmetric relation stated once comes back once; with `inferred` it also reads
<https://w3id.org/ockg/graph/inferred>. The embedded store leaves the inferred graph out of the
store and reads the union of the rest (naming 1,001 graphs as the default graph instead made
Oxigraph 100 times slower at 1,000 articles). An endpoint reads its default graph, the union,
unless it holds the inferred graph and inferences are not wanted: then the other graphs are
named as the SPARQL 1.1 protocol's default-graph-uri parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, QueryResultsFormat, QueryTriples, Store

from ockg.errors import InputError, Location
from ockg.names import GRAPH, INFERRED_GRAPH
from ockg.query import endpoint
from ockg.store import load_files, refuse_service

GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
INFERRED_QUERY = f"ASK {{ GRAPH <{INFERRED_GRAPH.value}> {{ ?s ?p ?o }} }}"


def default_graphs(names: list[str], inferred: bool, where: str) -> list[str]:
    """The graphs to name as the default graph: none (the union is right) unless the inferred graph
    is there and not wanted, then every other project graph."""
    ours = sorted(n for n in names if n.startswith(GRAPH))
    has_inferred = INFERRED_GRAPH.value in ours
    if inferred and not has_inferred:
        raise InputError.at(None, f"--inferred: {where} has no graph <{INFERRED_GRAPH.value}> (run `ockg reason`)")
    return [n for n in ours if n != INFERRED_GRAPH.value] if has_inferred and not inferred else []


@dataclass
class Embedded:
    """An in-memory Oxigraph store holding the release (without its inferred graph, unless wanted)."""

    store: Store

    @classmethod
    def open(cls, release: Path, shown: str, inferred: bool = False) -> Embedded:
        store = load_files([release])
        names = [g.value for g in store.named_graphs() if isinstance(g, NamedNode)]
        if default_graphs(names, inferred, shown):
            store.remove_graph(INFERRED_GRAPH)
        return cls(store)

    def select(self, text: str, form: str = "SELECT", shown: str | None = None) -> bytes:
        """SPARQL JSON results of a SELECT or ASK query over the union of the graphs held; a syntax
        error is reported at shown, the query's file."""
        del form  # the embedded engine reads the form from the text
        refuse_service(text, shown or "query")  # an embedded query never reaches the network
        try:
            solutions = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError.at(Location(shown or "query"), f"SPARQL syntax error: {exc}") from None
        if isinstance(solutions, QueryTriples):
            raise InputError.at(Location(shown or "query"), "ockg query runs SELECT and ASK queries only")
        return solutions.serialize(format=QueryResultsFormat.JSON) or b""


@dataclass
class Remote:
    """A SPARQL 1.1 query endpoint holding the release (loaded by `ockg load`)."""

    url: str
    timeout: float
    graphs: list[str]

    @classmethod
    def open(cls, url: str, timeout: float, inferred: bool = False) -> Remote:
        """The endpoint, after asking whether it holds the inferred graph and, only if it does and
        inferences are not wanted, which graphs it holds (a query that reads every quad)."""
        holds = json.loads(endpoint.select(url, INFERRED_QUERY, timeout=timeout, form="ASK"))["boolean"]
        names = []
        if holds and not inferred:
            answer = json.loads(endpoint.select(url, GRAPHS_QUERY, timeout=timeout))
            names = [row["g"]["value"] for row in answer["results"]["bindings"] if row["g"]["type"] == "uri"]
        elif holds:
            names = [INFERRED_GRAPH.value]
        return cls(url, timeout, default_graphs(names, inferred, url))

    def select(self, text: str, form: str = "SELECT", shown: str | None = None) -> bytes:
        del shown  # the endpoint's answer says what is wrong
        return endpoint.select(self.url, text, timeout=self.timeout, form=form, graphs=self.graphs)


Source = Embedded | Remote
