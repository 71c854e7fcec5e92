"""`ockg load`: put the release into any SPARQL 1.1 store, one named graph per PUT.

The Graph Store Protocol is the one upload interface every store shares (Oxigraph, Virtuoso,
Fuseki, GraphDB), and PUT replaces a graph, so loading twice gives the same store. Afterwards
the store is asked, through its query endpoint, how many triples each graph holds: a store that
silently dropped or merged triples fails the load (exit 1) instead of answering queries wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse_query_results,
    serialize,
)

from ockg.errors import CheckFailed, InputError, Location
from ockg.query.endpoint import Auth, put_graph, select
from ockg.store import load_files


@dataclass(frozen=True)
class Loaded:
    graphs: int
    triples: int


def load(dataset: Path, endpoint: str, gsp: str, auth: Auth | None, timeout: float) -> Loaded:
    store = load_files([dataset])
    named = sorted(store.named_graphs(), key=str)
    unnamed = [g for g in named if not isinstance(g, NamedNode)]
    if unnamed:
        raise InputError.at(Location(str(dataset)), f"graph {unnamed[0]} has a blank-node name: no URL addresses it")
    graphs: list[NamedNode | None] = [g for g in named if isinstance(g, NamedNode)]
    if any(True for _ in store.quads_for_pattern(None, None, None, DefaultGraph())):
        graphs.insert(0, None)
    sent: dict[str, int] = {}
    for graph in graphs:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph or DefaultGraph())]
        body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        put_graph(gsp, graph.value if graph else None, body, auth, timeout)
        if graph is not None:
            sent[graph.value] = len(triples)
    _verify(endpoint, sent, auth, timeout)
    return Loaded(len(graphs), sum(sent.values()))


def _verify(endpoint: str, sent: dict[str, int], auth: Auth | None, timeout: float) -> None:
    values = " ".join(f"<{g}>" for g in sorted(sent))
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    rows = parse_query_results(select(endpoint, query, auth, timeout), QueryResultsFormat.JSON)
    if not isinstance(rows, QuerySolutions):
        raise InputError.at(None, f"endpoint {endpoint} answered a SELECT query with a boolean")
    counts = {row["g"].value: int(row["n"].value) for row in rows}
    wrong = [f"graph <{g}> holds {counts.get(g, 0)} triples, {n} were sent"
             for g, n in sorted(sent.items()) if counts.get(g, 0) != n]
    if wrong:
        raise CheckFailed(f"{endpoint}: " + "; ".join(wrong))
