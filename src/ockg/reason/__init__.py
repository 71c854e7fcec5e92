"""Stage 2, `ockg reason`: OWL reasoning with owlready2 and HermiT over what the build wrote.

Takes work/ockg.ttl and the ontology. Gives work/inferred.ttl, then has ockg.release assemble
dist/ with it; or, when inconsistent, the clashes and the mapping lines behind them.

HermiT is given the published ontology unchanged (ockg.ttl, alignment.ttl, vocabularies.ttl) and
the shortcut facts about agents, places, events, routes and quantities (owlinput.py). It is not
given the claim layer (claims, quotes, selectors and articles: RDF reification puns properties
as individuals, and provenance is not a fact about the world), nor literals of xsd:date,
xsd:gYear or xsd:gYearMonth, which OWL 2 DL does not allow in data; so dates take no part in
reasoning.

- Consistent: exit 0. The triples HermiT entails that the input does not assert (and that are
  not trivial, like owl:Thing types) go to work/inferred.ttl; the release assembly then puts them
  in dist/inferred.ttl and, as the named graph <https://w3id.org/ockg/graph/inferred>, into
  dist/ockg.trig and dist/ockg.nq, never mixed with asserted facts.
- Inconsistent: exit 1 with the clashes (clashes.py): the individual, the axioms, the facts,
  and the mapping file and line of the claim behind each fact.

With FILE arguments the command reasons over those files and writes nothing: only the build
(work/ockg.ttl) has a release its inferences belong to.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from pyoxigraph import NamedNode, QuerySolutions, Store, Triple

from ockg import serialize
from ockg.config import Paths, seconds
from ockg.errors import CheckFailed
from ockg.names import BASE, DEF, INFERRED_GRAPH, OWL, PREFIXES, RDF, RDFS, curie
from ockg.reason import clashes, hermit, owlinput
from ockg.reason.clashes import Clash, Explanation, show, show_triple
from ockg.release.assemble import INFERRED, assemble, locked
from ockg.store import load_files

BUILT_IN = (PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"])
TRIVIAL_OBJECTS = frozenset({OWL.Thing, OWL.NamedIndividual, OWL.Ontology})
REFLEXIVE_WHEN_TRIVIAL = frozenset({RDFS.subClassOf, OWL.equivalentClass, OWL.sameAs})
EXAMPLES = 8  # inferred triples shown in the summary
CLASHES_SHOWN = 5  # per individual; the rest are counted
SOURCES_QUERY = """
SELECT ?s ?p ?o ?file ?line WHERE {
  ?claim <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
         <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
         <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
         <https://w3id.org/ockg/def/mappingFile> ?file ;
         <https://w3id.org/ockg/def/mappingLine> ?line .
}"""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reason", help="check consistency and infer with HermiT",
        description="Check the release against the OWL ontology with HermiT (Java required). Consistent: "
        "exit 0, and the new inferred triples go to dist/inferred.ttl and the graph "
        "<https://w3id.org/ockg/graph/inferred> of dist/ockg.trig and dist/ockg.nq. Inconsistent: exit 1 and "
        "the clashing individuals, axioms, facts and their mapping lines. Dates (xsd:date/gYear/gYearMonth) "
        "and the claim layer are not reasoned over.")
    p.add_argument("files", nargs="*", metavar="FILE", type=Path,
                   help="RDF files to reason over instead of dist/ockg.ttl (then nothing is written)")
    p.add_argument("--timeout", type=seconds, default=hermit.TIMEOUT, metavar="SECONDS",
                   help="how long one HermiT run may take before it is stopped (default %(default)s)")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    hermit.require_java()
    with hermit.time_limit(args.timeout):
        if args.files:
            return _reason(args.files, paths, write=False)
        with locked(paths):
            return _reason([paths.work / "ockg.ttl"], paths, write=True)


def _reason(files: list[Path], paths: Paths, write: bool) -> int:
    store = load_files(files)
    if store.contains_named_graph(INFERRED_GRAPH):
        store.remove_graph(INFERRED_GRAPH)  # a previous run's output is not asserted
    ontology = owlinput.ontology(paths.ontology)
    facts = owlinput.facts(store)
    shown = ", ".join(paths.shown(f) for f in files)
    entailed = hermit.entailments(ontology + facts.triples)
    if entailed is None:
        raise CheckFailed(_inconsistent(shown, clashes.explain(ontology, facts.triples), _sources(store)))
    unsatisfiable = sorted(show(t.subject) for t in entailed
                           if t.predicate == OWL.equivalentClass and t.object == OWL.Nothing)
    if unsatisfiable:
        raise CheckFailed(f"ockg reason: these classes can have no member, the ontology contradicts itself: "
                          f"{', '.join(unsatisfiable)}")
    asserted = {q.triple for q in store.quads_for_pattern(None, None, None)}
    new = sorted((t for t in entailed if _is_new(t, asserted)), key=str)
    individuals = {t.subject for t in facts.triples}
    print(f"consistent: the published ontology ({len(ontology)} triples) and {len(facts.triples)} facts about "
          f"{len(individuals)} individuals "
          f"in {shown} (not reasoned over: the claim layer, and {facts.unsupported} literals of datatypes "
          "outside OWL 2, i.e. dates)")
    print(_summary(new))
    if write:
        inferred = paths.work / INFERRED
        temporary = inferred.with_name(f".{INFERRED}.{os.getpid()}")
        serialize.write_turtle(serialize.triples_graph(new), temporary)
        os.replace(temporary, inferred)
        dist = assemble(paths)
        print(f"wrote {paths.shown(dist / INFERRED)} and the graph <{INFERRED_GRAPH.value}> "
              f"in {paths.shown(dist / 'ockg.trig')} and {paths.shown(dist / 'ockg.nq')}; "
              f"updated {paths.shown(dist / 'void.ttl')}")
    return 0


def _is_new(t: Triple, asserted: set[Triple]) -> bool:
    """Entailed, not asserted, in ockg's own terms, and saying something.

    What the alignment entails in external vocabularies (org:memberOf from ockg:memberOf,
    sem:hasPlace from ockg:place) is left out, as the superclasses of asserted types are: one
    RDFS step over the published ontology gives it.
    """
    if t in asserted or not isinstance(t.subject, NamedNode) or not t.subject.value.startswith(BASE):
        return False
    if any(isinstance(x, NamedNode) and not x.value.startswith((BASE, *BUILT_IN)) for x in (t.predicate, t.object)):
        return False
    if t.object in TRIVIAL_OBJECTS or t.object == OWL.Nothing:
        return False
    return not (t.predicate in REFLEXIVE_WHEN_TRIVIAL and t.subject == t.object)


def _summary(new: list[Triple]) -> str:
    types = Counter(show(t.object) for t in new if t.predicate == RDF.type)
    values = Counter(show(t.predicate) for t in new if t.predicate.value.startswith(DEF))
    lines = [f"inferred {len(new)} new triples: {sum(types.values())} types, {sum(values.values())} "
             f"property values, {len(new) - sum(types.values()) - sum(values.values())} ontology axioms"]
    if types:
        lines.append("  types:  " + ", ".join(f"{name} {n}" for name, n in sorted(types.items())))
    if values:
        lines.append("  values: " + ", ".join(f"{name} {n}" for name, n in sorted(values.items())))
    firsts: dict[str, Triple] = {}
    for t in new:  # the first triple of each type and property, types first
        if t.predicate.value.startswith(DEF) or t.predicate == RDF.type:
            firsts.setdefault(show(t.object) if t.predicate == RDF.type else show(t.predicate), t)
    examples = sorted(firsts.values(), key=lambda t: (t.predicate != RDF.type, str(t)))[:EXAMPLES]
    if examples:
        lines.append("  for example:")
        lines += [f"    {show_triple(t)}" for t in examples]
    return "\n".join(lines)


def _sources(store: Store) -> dict[Triple, list[str]]:
    """Where each fact comes from: the mapping file and line of every claim that states it."""
    sources: dict[Triple, set[str]] = {}
    rows = store.query(SOURCES_QUERY)
    assert isinstance(rows, QuerySolutions)  # a SELECT query
    for row in rows:
        fact = Triple(row["s"], row["p"], row["o"])
        sources.setdefault(fact, set()).add(f"{row['file'].value}:{row['line'].value}")
    return {fact: sorted(found, key=_file_line) for fact, found in sources.items()}


def _file_line(source: str) -> tuple[str, int]:
    file, line = source.rsplit(":", 1)
    return file, int(line)


def _inconsistent(shown: str, explanation: Explanation, sources: dict[Triple, list[str]]) -> str:
    found = explanation.clashes
    lines = [f"inconsistent: the facts in {shown} contradict the ontology. HermiT finds the facts listed for "
             "each individual below inconsistent on their own:", ""]
    by_individual: dict[NamedNode | None, list[Clash]] = {}
    for clash in found:
        by_individual.setdefault(clash.individual, []).append(clash)
    for individual, group in by_individual.items():
        common = frozenset.intersection(*(c.facts for c in group))
        if individual is not None and len(group) > 1 and common:
            lines.append(f"{curie(individual)}: {len(group)} clashes, all involving "
                         + "; ".join(show_triple(f) for f in sorted(common, key=str)))
        for clash in group[:CLASHES_SHOWN]:
            lines += _clash_lines(clash, sources)
        if len(group) > CLASHES_SHOWN:
            lines += [f"... and {len(group) - CLASHES_SHOWN} more clashes of {curie(individual) if individual else ''}",
                      ""]
    if not explanation.complete:
        lines.append("More clashes may remain: fix these, rebuild and run `ockg reason` again.")
    lines.append("To fix: correct or remove one fact of each clash where its mapping file states it (or fix "
                 "the axiom if the ontology is wrong), then rebuild and run `ockg reason` again.")
    return "\n".join(lines)


def _clash_lines(clash: Clash, sources: dict[Triple, list[str]]) -> list[str]:
    lines = [clash.what, f"  axiom: {clash.axiom}"]
    for step in clash.steps:
        where = ", ".join(sources.get(step.fact, [])) or "no claim in the input states it"
        lines.append(f"  - {show_triple(step.fact)}   [{where}]")
        if step.why:
            lines.append(f"      {step.why}")
    return [*lines, ""]
