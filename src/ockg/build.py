"""`ockg build`: ontology + catalogue + mappings -> dist/, atomically and deterministically."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pyoxigraph import Quad, Triple

from . import emit, serialize
from .catalogue import Article, load_catalogue, read_texts
from .config import Paths
from .errors import InputError, Location
from .mapping import Entity, Resolver, collect_entities, load_documents
from .names import ONTOLOGY_GRAPH
from .terms import load_terms
from .void import void_triples

RELEASE_FILES = ("ontology.ttl", "ockg.ttl", "ockg.trig", "ockg.nt", "ockg.jsonld", "void.ttl")


@dataclass
class Compiled:
    """The whole dataset in memory, plus what the summary reports."""

    quads: list[Quad]
    articles: int
    entities: Counter[str] = field(default_factory=Counter)
    claims: int = 0
    quotes: int = 0


def compile_dataset(paths: Paths, progress: bool = False) -> Compiled:
    """Read every source, check every reference and quote, and emit all quads."""
    terms = load_terms(paths.ontology)
    articles = load_catalogue(paths.catalogue, paths.shown(paths.catalogue))
    files = paths.mappings
    documents = load_documents(files, [paths.shown(f) for f in files], articles)
    texts = read_texts(articles, paths.seeds)
    entities = collect_entities(documents, terms)
    _check_voices(articles, entities)
    compiled = Compiled(serialize.canonical(terms.quads), len(articles))
    compiled.entities.update(e.iri.value.split("/")[-2] for e in entities.values())
    for article in articles.values():
        compiled.quads.extend(emit.article_quads(article, entities))
    compiled.quads.extend(emit.entity_quads(entities.values()))
    resolver = Resolver(terms, entities, articles, texts)
    problems: list[tuple[Location | None, str]] = []
    spans = set()
    for n, doc in enumerate(documents, 1):
        try:
            claims = resolver.claims(doc)
        except InputError as exc:
            problems += exc.problems
            continue
        for claim in claims:
            compiled.quads.extend(emit.claim_quads(claim, texts))
            spans.update(claim.evidence)
        compiled.claims += len(claims)
        if progress and n % 100 == 0:
            print(f"  mapped {n}/{len(documents)} files", file=sys.stderr, flush=True)
    if problems:
        raise InputError(problems)
    compiled.quotes = len(spans)
    return compiled


def _check_voices(articles: dict[str, Article], entities: dict[str, Entity]) -> None:
    problems: list[tuple[Location | None, str]] = []
    for article in articles.values():
        for role in ("publisher", "author"):
            slug = getattr(article, role)
            if slug is not None and slug not in entities:
                problems.append((article.location, f"{role} '{slug}' of {article.id} is not an "
                                 "entity declared in any mapping file"))
    if problems:
        raise InputError(problems)


def write_release(compiled: Compiled, folder: Path) -> int:
    """Write every release file into folder; returns the number of distinct triples."""
    quads = serialize.sort_quads(compiled.quads)
    triples = serialize.triples_of(quads)
    ontology = serialize.triples_of(q for q in quads if q.graph_name == ONTOLOGY_GRAPH)
    serialize.write_turtle(ontology, folder / "ontology.ttl")
    serialize.write_turtle(triples, folder / "ockg.ttl")
    serialize.write_trig(quads, folder / "ockg.trig")
    serialize.write_ntriples(triples, folder / "ockg.nt")
    serialize.write_jsonld(quads, folder / "ockg.jsonld")
    serialize.write_turtle(void_of(folder, triples), folder / "void.ttl")
    return len(triples)


def void_of(folder: Path, triples: list[Triple]) -> list[Triple]:
    """The VoID of the release files in folder: `ockg reason` redoes it once it adds inferred.ttl."""
    files = [folder / name for name in (*RELEASE_FILES[:-1], "inferred.ttl") if (folder / name).exists()]
    return sorted(void_triples(triples, files, version("ockg")), key=str)


def build(paths: Paths, progress: bool = False) -> tuple[Compiled, int]:
    """Compile, write into a fresh folder, then swap it for dist/: a failure leaves dist/ as it was."""
    compiled = compile_dataset(paths, progress)
    paths.dist.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dist-", dir=paths.dist.parent))
    try:
        triples = write_release(compiled, staging)
        _swap(staging, paths.dist)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return compiled, triples


def _swap(staging: Path, dist: Path) -> None:
    old = dist.with_name(f".{dist.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if dist.exists():
        dist.rename(old)
    staging.rename(dist)
    shutil.rmtree(old, ignore_errors=True)
