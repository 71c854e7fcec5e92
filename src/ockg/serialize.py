"""Deterministic release files: the same quads always give byte-identical output.

Quads are sorted before they are written, blank nodes (only the ontology has any) are renamed
canonically, and Oxigraph's serializers write them: they are fast and stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import CanonicalizationAlgorithm, Dataset, Quad, RdfFormat, Triple, serialize

from .names import PREFIXES


def canonical(quads: Iterable[Quad]) -> list[Quad]:
    """Quads with canonical blank-node labels (RDFC-1.0 as Oxigraph implements it)."""
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return list(dataset)


def sort_quads(quads: Iterable[Quad]) -> list[Quad]:
    unique = set(quads)
    return sorted(unique, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def triples_of(quads: Iterable[Quad]) -> list[Triple]:
    """The union of all graphs, as sorted distinct triples."""
    unique = {Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def write_turtle(triples: list[Triple], path: Path) -> None:
    serialize(triples, str(path), RdfFormat.TURTLE, prefixes=PREFIXES)


def write_ntriples(triples: list[Triple], path: Path) -> None:
    serialize(triples, str(path), RdfFormat.N_TRIPLES)


def write_trig(quads: list[Quad], path: Path) -> None:
    serialize(quads, str(path), RdfFormat.TRIG, prefixes=PREFIXES)


def write_jsonld(quads: list[Quad], path: Path) -> None:
    """Expanded JSON-LD of the whole dataset, indented so diffs stay readable."""
    data = serialize(quads, format=RdfFormat.JSON_LD)
    assert data is not None  # no output file given, so bytes come back
    document = json.loads(data)
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
