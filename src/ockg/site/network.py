"""The network view's data: actors (people and organizations) and the relations the claims state
between them, each with the certainties it is stated with and how many articles state it."""

from __future__ import annotations

from typing import Any

from ockg.names import OCKG, PROV, RDF
from ockg.site import links
from ockg.site.release import Release, kind

ACTOR_KINDS = ("person", "org")
QUERY = f"""
SELECT ?s ?p ?o ?certainty ?article WHERE {{
  ?c a <{OCKG.Claim.value}> ; <{RDF.subject.value}> ?s ; <{RDF.predicate.value}> ?p ; <{RDF.object.value}> ?o ;
     <{OCKG.certainty.value}> ?certainty ; <{PROV.wasDerivedFrom.value}> ?article .
  FILTER(isIRI(?o) && ?p != <{RDF.type.value}>)
}}"""


def network(release: Release, page: str) -> dict[str, Any]:
    """Nodes, edges, and the relations and certainties to filter by, for the page at `page`."""
    edges: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for row in release.store.query(QUERY, use_default_graph_as_union=True):  # type: ignore[union-attr]
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if kind(s) in ACTOR_KINDS and kind(o) in ACTOR_KINDS and s != o:
            certainties, articles = edges.setdefault((s, p, o), (set(), set()))
            certainties.add(release.label(row["certainty"].value))
            articles.add(row["article"].value)
    actors = sorted({iri for s, _, o in edges for iri in (s, o)})
    relations = sorted({release.label(p) for _, p, _ in edges})
    return {
        "nodes": [{"id": iri, "label": release.label(iri), "kind": kind(iri), "href": links.href(iri, page)}
                  for iri in actors],
        "edges": [{"source": s, "target": o, "relation": release.label(p), "certainty": sorted(c),
                   "articles": len(a)} for (s, p, o), (c, a) in sorted(edges.items())],
        "relations": relations,
        "certainties": sorted({c for certainties, _ in edges.values() for c in certainties}),
    }
