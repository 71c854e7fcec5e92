"""HermiT through owlready2: is a set of triples consistent, and what does it entail?

Every call loads the triples into a fresh in-memory owlready2 World (a temporary quadstore,
closed afterwards), so runs share no state and the same input always gives the same answer.
owlready2 writes the world to a temporary N-Triples file and runs HermiT on it in Java.

owlready2 is imported inside the functions: every `ockg` command imports this module through
the CLI, and only `ockg reason` needs owlready2.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from ockg.errors import InputError
from ockg.names import GRAPH
from ockg.reason import closure

# HermiT runs are short: the JVM's optimising compiler and parallel collector cost more than
# they give. Client-only compilation and the serial collector halve a run on the seed KG.
JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
_INPUT = GRAPH + "reasoner-input"
_INFERRED = GRAPH + "inferred"


def require_java() -> None:
    """HermiT is a Java program: without Java there is nothing to run (exit 2, one line)."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise InputError.at(None, f"ockg reason: '{owlready2.JAVA_EXE}' not found on PATH; HermiT needs a "
                            "Java runtime (e.g. apt-get install default-jre-headless)")


def is_consistent(triples: list[Triple]) -> bool:
    return _reason(triples, infer_values=False) is not None


def entailments(triples: list[Triple]) -> set[Triple] | None:
    """What HermiT infers (types, subclasses, object property values), or None if inconsistent.

    HermiT lists each property's own values and each individual's most specific types, and
    leaves the rest to its hierarchies: closure.py writes them out.
    """
    inferred = _reason(triples, infer_values=True)
    if inferred is None:
        return None
    given = set(triples)
    return inferred | closure.close(triples, inferred | given) | closure.supertypes(triples, given, inferred)


def _reason(triples: list[Triple], infer_values: bool) -> set[Triple] | None:
    import owlready2

    world = owlready2.World()
    try:
        data = serialize(triples, format=RdfFormat.N_TRIPLES)
        assert data is not None  # no output file given, so bytes come back
        world.get_ontology(_INPUT).load(fileobj=io.BytesIO(data), format="ntriples")
        inferred = world.get_ontology(_INFERRED)
        try:
            with inferred, _hermit_environment():
                owlready2.sync_reasoner_hermit(world, infer_property_values=infer_values, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return None
        except owlready2.OwlReadyJavaError as exc:
            detail = next((line for line in str(exc).splitlines() if "Exception" in line), str(exc))
            raise InputError.at(None, f"ockg reason: HermiT failed: {detail.strip()}") from None
        return set(_iri_triples(world, inferred.get_triples()))
    finally:
        world.close()


def _iri_triples(world: Any, storids: list[tuple[int, int, object]]) -> Iterator[Triple]:
    """owlready2's (subject, predicate, object) store ids as triples; literals and blank nodes skipped."""
    unabbreviate = world._unabbreviate
    for s, p, o in storids:
        if s > 0 and isinstance(o, int) and o > 0:
            yield Triple(NamedNode(unabbreviate(s)), NamedNode(unabbreviate(p)), NamedNode(unabbreviate(o)))


@contextmanager
def _hermit_environment() -> Iterator[None]:
    """JAVA_OPTIONS for the JVM, and a scratch folder for owlready2's temporary files.

    owlready2 builds the java command line itself, so options go through JAVA_TOOL_OPTIONS. It
    also leaves its input file behind when HermiT finds an inconsistency: a temporary folder,
    removed afterwards, keeps the many runs of a clash search from filling /tmp.
    """
    before, tempdir = os.environ.get("JAVA_TOOL_OPTIONS"), tempfile.tempdir
    os.environ["JAVA_TOOL_OPTIONS"] = f"{before} {JAVA_OPTIONS}" if before else JAVA_OPTIONS
    try:
        with tempfile.TemporaryDirectory(prefix="ockg-hermit-") as scratch:
            tempfile.tempdir = scratch
            yield
    finally:
        tempfile.tempdir = tempdir
        if before is None:
            del os.environ["JAVA_TOOL_OPTIONS"]
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = before
