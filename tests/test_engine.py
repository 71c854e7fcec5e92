"""The ockg SHACL engine against pySHACL, the reference: the same results, field by field, and a
clear refusal of the SHACL features it does not implement. (test_validate.py runs every fixture's
expectations on both engines.)"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
import rdflib
from pyshacl.inference import CustomRDFSSemantics
from rdflib import Graph
from test_validate import BASE, INVALID, ONTOLOGY, run_engine

from ockg.errors import InputError
from ockg.validate import engine, rdfs, shacl, triples

SHAPE_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


def test_both_engines_give_the_same_results_on_every_fixture(shapes: Graph, ontology: Graph) -> None:
    """Every field compared: severity, shape, focus, path, value, constraint component and message."""
    ours = run_engine("ockg", [BASE, *INVALID], shapes, ontology)
    assert len(ours) > 100
    assert ours == run_engine("pyshacl", [BASE, *INVALID], shapes, ontology)


def test_rdfs_inference_adds_what_owlrl_adds_for_pyshacl() -> None:
    files = [BASE, *INVALID[:10], *ONTOLOGY]
    graph = triples.read(files, [p.name for p in files])
    rdfs.infer(graph)
    ours = {tuple(triples.lexical(t) for t in triple) for triple in graph}
    reference = shacl.read_graph(files, [p.name for p in files])
    owlrl.DeductiveClosure(CustomRDFSSemantics).expand(reference)

    def named(found: set[tuple[rdflib.term.Node, ...]]) -> set[tuple[rdflib.term.Node, ...]]:
        return {t for t in found if not any(isinstance(n, rdflib.BNode) for n in t)}
    assert named(ours) == named(set(reference)) and len(ours) == len(reference)


@pytest.mark.parametrize(("shape", "refusal"), [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
     "shapes: the ockg engine does not implement http://www.w3.org/ns/shacl#closed (shape http://example.org/S); "
     "run `ockg validate --engine pyshacl`"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .",
     "shapes: the ockg engine does not implement the path <http://example.org/p>*; "
     "run `ockg validate --engine pyshacl`"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:T . "
     "ex:T a sh:NodeShape ; sh:sparql [ sh:select 'SELECT $this WHERE { }' ] .",
     "shapes: the ockg engine runs SHACL-SPARQL constraints only on shapes with targets, not on "
     "http://example.org/T (use --engine pyshacl)"),
])
def test_what_the_engine_does_not_implement_is_refused(tmp_path: Path, shape: str, refusal: str) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/x> a <http://example.org/C> .\n")
    shapes = Graph().parse(data=SHAPE_PREFIXES + shape, format="turtle")
    with pytest.raises(InputError) as caught:
        engine.validate(triples.read([data], ["data.ttl"]), shapes)
    assert str(caught.value) == refusal
