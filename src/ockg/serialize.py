"""Deterministic release files: the same quads always give byte-identical output.

Quads are sorted before they are written, blank nodes (only the ontology has any) are renamed
canonically, and Oxigraph's serializers write them: they are fast and stream.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import CanonicalizationAlgorithm, Dataset, Quad, RdfFormat, Triple, serialize

from .names import PREFIXES


def canonical(quads: Iterable[Quad]) -> list[Quad]:
    """Quads with canonical blank-node labels (RDFC-1.0 as Oxigraph implements it), fully sorted.

    A Dataset's iteration order is not stable across processes, so the result is sorted: this
    is for the ontology, small enough that a full sort costs nothing.
    """
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return sorted(dataset, key=str)


def sort_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Distinct quads grouped by graph, then by subject, so Turtle and TriG write each subject once.

    Within a subject the first-seen order stays (the sort is stable): the build emits in a fixed
    order, so the output is deterministic without the cost of ordering every triple.
    """
    return sorted(dict.fromkeys(quads), key=lambda q: (str(q.graph_name), str(q.subject)))


def triples_of(quads: Iterable[Quad]) -> list[Triple]:
    """The union of all graphs as distinct triples, grouped by subject."""
    return sorted(dict.fromkeys(q.triple for q in quads), key=lambda t: str(t.subject))


def write_turtle(triples: list[Triple], path: Path) -> None:
    serialize(triples, str(path), RdfFormat.TURTLE, prefixes=PREFIXES)


def write_ntriples(triples: list[Triple], path: Path) -> None:
    serialize(triples, str(path), RdfFormat.N_TRIPLES)


def write_trig(quads: list[Quad], path: Path) -> None:
    serialize(quads, str(path), RdfFormat.TRIG, prefixes=PREFIXES)


def write_jsonld(quads: list[Quad], path: Path) -> None:
    """Expanded JSON-LD of the whole dataset (graphs as @graph objects), streamed by Oxigraph."""
    serialize(quads, str(path), RdfFormat.JSON_LD)
