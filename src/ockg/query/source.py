"""Where `ockg query` runs a query, and over which graphs.

The release keeps asserted facts and the reasoner's conclusions in separate named graphs. A query
reads the asserted graphs (every article's and the ontology's) as its default graph, so a
symmetric relation stated once comes back once; with `inferred` it also reads
<https://w3id.org/ockg/graph/inferred>. The embedded store is given the graphs directly; an
endpoint gets them as the SPARQL 1.1 protocol's default-graph-uri parameters, after listing the
project's graphs it holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, QueryResultsFormat, QueryTriples, Store

from ockg.errors import InputError, Location
from ockg.names import GRAPH, INFERRED_GRAPH
from ockg.query import endpoint
from ockg.store import load_files, refuse_service

GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def default_graphs(names: list[str], inferred: bool, where: str) -> list[str]:
    """The project's graphs among names that a query reads: all but the inferred one, unless asked for."""
    ours = sorted(n for n in names if n.startswith(GRAPH))
    if inferred and INFERRED_GRAPH.value not in ours:
        raise InputError.at(None, f"--inferred: {where} has no graph <{INFERRED_GRAPH.value}> (run `ockg reason`)")
    return [n for n in ours if inferred or n != INFERRED_GRAPH.value]


@dataclass
class Embedded:
    """An in-memory Oxigraph store holding the release."""

    store: Store
    graphs: list[NamedNode | BlankNode | DefaultGraph]

    @classmethod
    def open(cls, release: Path, shown: str, inferred: bool = False) -> Embedded:
        store = load_files([release])
        names = default_graphs([g.value for g in store.named_graphs() if isinstance(g, NamedNode)], inferred, shown)
        return cls(store, [NamedNode(n) for n in names])

    def select(self, text: str, form: str = "SELECT", shown: str | None = None) -> bytes:
        """SPARQL JSON results of a SELECT or ASK query over the chosen graphs; a syntax error is
        reported at shown, the query's file."""
        del form  # the embedded engine reads the form from the text
        refuse_service(text, shown or "query")  # an embedded query never reaches the network
        try:
            if self.graphs:
                solutions = self.store.query(text, default_graph=self.graphs)
            else:  # a release without named graphs: everything is the default graph
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
        answer = json.loads(endpoint.select(url, GRAPHS_QUERY, timeout=timeout))
        names = [row["g"]["value"] for row in answer["results"]["bindings"] if row["g"]["type"] == "uri"]
        return cls(url, timeout, default_graphs(names, inferred, url))

    def select(self, text: str, form: str = "SELECT", shown: str | None = None) -> bytes:
        del shown  # the endpoint's answer says what is wrong
        return endpoint.select(self.url, text, timeout=self.timeout, form=form, graphs=self.graphs)


Source = Embedded | Remote
