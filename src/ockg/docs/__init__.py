"""Stage `ockg docs`: the ontology's human documentation, made by pyLODE from the published ontology.

Takes work/ontology.ttl (what `ockg build` publishes as dist/ontology.ttl). Gives
work/ontology.html, then has ockg.release assemble dist/ with it. pyLODE is given ockg's own
terms and their axioms: not the SKOS concept schemes (pyLODE would take a skos:ConceptScheme for
the ontology itself) nor the bare declarations of the external terms the alignment uses (they are
documented by their own vocabularies; pyLODE still shows them where ockg terms point to them).
Terms come in alphabetical order, and the members of a union or intersection in the order of their
text, so that the page is the same byte for byte from run to run.

A separate stage, not part of the build: loading pyLODE and its reference ontologies takes longer
than the build itself, and the documentation changes only with the ontology. `ockg build` replaces
work/ whole, so run `ockg docs` after it (`make` does).
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path
from typing import Any

from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.names import DEF
from ockg.release.assemble import DOCS, assemble, locked


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("docs", help="document the ontology in HTML with pyLODE",
                       description="Write dist/ontology.html, the ontology's documentation made by pyLODE "
                       "from the ontology the build published.")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    source = paths.work / "ontology.ttl"
    with locked(paths):
        if not source.is_file():
            raise InputError.at(Location(paths.shown(source)), "file not found (run `ockg build` first)")
        target = paths.work / DOCS
        temporary = target.with_name(f".{DOCS}.{os.getpid()}")
        temporary.write_text(html(source), encoding="utf-8")
        os.replace(temporary, target)
        dist = assemble(paths)
    print(f"wrote {paths.shown(dist / DOCS)}")
    return 0


def html(ontology: Path) -> str:
    """The pyLODE page (its OntPub profile, for OWL ontologies) of ockg's terms in ontology."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    from pylode import OntPub, utils  # importing it sets up the root logger to print its debugging

    root.setLevel(level)
    root.handlers[:] = handlers
    _order_set_members(utils)
    graph = rdflib.Graph()
    for triple in rdflib.Graph().parse(ontology, format="turtle"):
        if isinstance(triple[0], rdflib.BNode) or str(triple[0]).startswith(DEF):
            graph.add(triple)
    # canonical blank node labels: rdflib draws them at random, and a term pointing to one prints it
    page: str = OntPub(ontology=to_canonical_graph(graph), sort_subjects=True).make_html()
    return page


def _order_set_members(utils: Any) -> None:
    """pyLODE 3.3.4 keeps a union's members in a set of HTML elements, ordered by memory address:
    have them joined in the order of their text, so the page is the same byte for byte every run."""
    if getattr(utils.intersperse, "ordered", False):
        return
    unordered = utils.intersperse

    def ordered(items: Any, separator: Any) -> Any:
        return unordered(sorted(items, key=str), separator)

    ordered.ordered = True  # type: ignore[attr-defined]
    utils.intersperse = ordered
