"""dist/ockg.jsonld for JSON developers: compacted with the published @context, and the same quads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import rdflib
from rdflib.compare import isomorphic

GRAPH = "https://w3id.org/ockg/graph/"


def named_graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def assert_same_quads(dataset: rdflib.Dataset, release: Path) -> None:
    """Graph by graph, up to blank-node labels (the ontology's axioms have blank nodes)."""
    trig = rdflib.Dataset()
    trig.parse(release / "ockg.trig", format="trig")
    expected, found = named_graphs(trig), named_graphs(dataset)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if not isomorphic(found[name], expected[name])] == []


def node(document: dict[str, Any], graph: str, identifier: str) -> dict[str, Any]:
    named = next(g for g in document["@graph"] if g["@id"] == GRAPH + graph)
    found: dict[str, Any] = next(n for n in named["@graph"] if n["@id"] == identifier)
    return found


def test_ockg_jsonld_is_compacted_with_the_published_context(built: Path) -> None:
    release = built / "dist"
    document = json.loads((release / "ockg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == json.loads((release / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    arrest = node(document, "000-b9edb38fd6fd730a", "event/arrest-of-caracol")
    assert arrest["@type"] == ["Arrest"]
    assert arrest["target"] == ["person/gerson-galvez-calle"]
    assert arrest["date"] == [{"@type": "xsd:date", "@value": "2016-04-30"}]
    assert node(document, "000-b9edb38fd6fd730a", "person/gerson-galvez-calle")["alias"] == ["Caracol"]


def test_rdflib_reads_ockg_jsonld_as_the_quads_of_ockg_trig(built: Path) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(built / "dist" / "ockg.jsonld", format="json-ld")
    assert_same_quads(dataset, built / "dist")


def test_the_context_round_trips_the_release_through_rdflib(built: Path, tmp_path: Path) -> None:
    """rdflib's own compaction with context.jsonld, read back: the same quads, so the context loses nothing."""
    release = built / "dist"
    context = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    trig = rdflib.Dataset()
    trig.parse(release / "ockg.trig", format="trig")
    (tmp_path / "compacted.jsonld").write_text(trig.serialize(format="json-ld", context=context), encoding="utf-8")
    assert '"@type": "Arrest"' in (tmp_path / "compacted.jsonld").read_text(encoding="utf-8")
    dataset = rdflib.Dataset()
    dataset.parse(tmp_path / "compacted.jsonld", format="json-ld")
    assert_same_quads(dataset, release)
