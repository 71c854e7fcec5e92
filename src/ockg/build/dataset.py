"""`ockg build`: ontology + catalogue + mappings -> work/ (then dist/), atomically and deterministically.

The build streams: each article's graph is written to every release file as soon as its claims are
resolved, then dropped. What stays in memory is what resolution needs across articles (the
entities, the article texts, and the mapping files, each let go of once resolved), what it takes to
write each triple of the union once (the facts and quotes already written), and what the VoID
counts (serialize.Stats: the distinct subjects and objects). All grow linearly with the articles.
"""

from __future__ import annotations

import gc
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pyoxigraph import Quad

from ockg import serialize
from ockg.build import quotes
from ockg.build.catalogue import Article, load_catalogue, read_texts
from ockg.build.context import context
from ockg.build.emit import Emitter
from ockg.build.mapping import Claim, Document, Entity, Resolver, collect_entities, load_documents
from ockg.build.quotes import Lock, Quotes, Span
from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.names import ONTOLOGY_GRAPH
from ockg.release.assemble import assemble, locked, remove_folder, replace_folder, staging_folder
from ockg.release.void import Publication, description
from ockg.terms import Terms, load_terms

# the files every article's graph goes to, with ockg.jsonld (written with the JSON-LD context)
RELEASE_FILES: dict[str, Callable[[Path], serialize.Sink]] = {
    "ockg.ttl": serialize.Turtle, "ockg.trig": serialize.TriG, "ockg.nt": serialize.NTriples,
    "ockg.nq": serialize.NQuads}


@dataclass
class Compiled:
    """What the build's summary reports."""

    articles: int
    entities: Counter[str] = field(default_factory=Counter)
    claims: int = 0
    quotes: int = 0
    verified: list[str] = field(default_factory=list)  # articles whose quotes were found in their text
    locked: list[str] = field(default_factory=list)  # articles whose quotes came from the lock
    lock: Lock = field(default_factory=dict)  # the quote lock as this run found things


@dataclass
class Sources:
    """Everything read and checked before any article is resolved."""

    terms: Terms
    articles: dict[str, Article]
    documents: dict[str, Document]  # by article id
    publication: Publication
    quotes: Quotes
    entities: dict[str, Entity]


def load_sources(paths: Paths) -> Sources:
    """Read every source and collect the entities of all mapping files (resolution needs them all)."""
    with _collector_paused():
        terms = load_terms(paths.ontology)
        articles, publication = load_catalogue(paths.catalogue, paths.shown(paths.catalogue))
        files = paths.mappings
        documents = load_documents(files, [paths.shown(f) for f in files], articles)
        texts = read_texts(articles, paths.seeds)
        lock_name = paths.shown(paths.quote_lock)
        lock = quotes.load(paths.quote_lock, lock_name) if len(texts) < len(articles) else {}
        quotes.check_articles(lock, articles, texts, lock_name, paths.seeds)
        entities = collect_entities(documents, terms)
        _check_voices(articles, entities)
        return Sources(terms, articles, {d.article: d for d in documents}, publication,
                       Quotes(articles, texts, lock, lock_name), entities)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector kept walking the loaded mapping files, hundreds of thousands of objects
    that hold no cycles and live to the end of the build: 5 % of a build's time. It is paused while they
    load, then told to leave them alone (gc.freeze; reference counting still frees them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def compile_dataset(paths: Paths) -> Compiled:
    """Check every reference and quote without writing anything (`ockg check`)."""
    return _stream(load_sources(paths), [])


def resolved(sources: Sources) -> Iterator[tuple[Article, list[Claim]]]:
    """Each article with its claims, resolved one after the other.

    Problems are collected over all files and raised together at the end, so one run reports them all.
    The loaded mapping files are let go of as they are resolved.
    """
    resolver = Resolver(sources.terms, sources.entities, sources.articles, sources.quotes)
    resolver.name_claims(list(sources.documents.values()))
    problems: list[tuple[Location | None, str]] = []
    for article in _articles(sources):
        document = sources.documents.pop(article.id, None)  # resolved once: its memory goes to what follows
        try:
            yield article, resolver.claims(document) if document is not None else []
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)


def _stream(sources: Sources, sinks: list[serialize.Sink], progress: bool = False) -> Compiled:
    """Write each article's graph to sinks as soon as it is resolved."""
    compiled = Compiled(len(sources.articles))
    compiled.entities.update(e.iri.value.split("/")[-2] for e in sources.entities.values())
    emitter = Emitter(sources.entities)
    labels = _labels_by_article(sources.entities)
    spans: set[Span] = set()
    for n, (article, claims) in enumerate(resolved(sources), 1):
        new_spans = {span for claim in claims for span in claim.entry.evidence} - spans
        spans |= new_spans
        graph = emitter.graph(article, labels.get(article.id, []), claims, new_spans)
        for sink in sinks:
            sink.write(graph)
        compiled.claims += len(claims)
        if progress and n % 100 == 0:
            print(f"  wrote {n}/{len(sources.articles)} articles", file=sys.stderr, flush=True)
    compiled.quotes = len(spans)
    compiled.verified, compiled.locked = sources.quotes.sources()
    compiled.lock = sources.quotes.new_lock()
    return compiled


def _articles(sources: Sources) -> Iterator[Article]:
    """Articles in the order of their ids, which is also that of their mapping files."""
    for article_id in sorted(sources.articles):
        yield sources.articles[article_id]


def _labels_by_article(entities: dict[str, Entity]) -> dict[str, list[Entity]]:
    """Each entity is labelled in the graph of the article whose mapping file declares it."""
    labels: dict[str, list[Entity]] = {}
    for e in entities.values():
        labels.setdefault(e.article, []).append(e)
    return labels


def _ontology_graph(quads: list[Quad]) -> serialize.Graph:
    graph = serialize.Graph(serialize.term(ONTOLOGY_GRAPH))
    for q in quads:
        graph.add(serialize.term(q.subject), serialize.term(q.predicate), serialize.term(q.object))
    return graph


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


def write_work(paths: Paths, folder: Path, progress: bool = False) -> tuple[Compiled, int]:
    """Write the build's files into folder; returns the summary and the number of distinct triples.

    void.ttl here is the dataset's description (counts, partitions, licence): the release assembly
    adds the distributions, whose sizes and checksums only the final files have.
    """
    sources = load_sources(paths)
    quads = serialize.canonical(sources.terms.quads)
    ontology = _ontology_graph(quads)
    serialize.write_turtle(ontology, folder / "ontology.ttl")
    serialize.write_rdfxml((q.triple for q in quads), folder / "ontology.owl")
    jsonld = context(sources.terms)
    (folder / "context.jsonld").write_text(json.dumps(jsonld, indent=2) + "\n", encoding="utf-8")
    stats = serialize.Stats()
    with ExitStack() as files:
        sinks: list[serialize.Sink] = [stats, serialize.JsonLd(folder / "ockg.jsonld", serialize.JsonLdContext(jsonld))]
        files.callback(sinks[-1].close)
        for name, kind in RELEASE_FILES.items():
            sinks.append(kind(folder / name))
            files.callback(sinks[-1].close)
        for sink in sinks:
            sink.write(ontology)
        compiled = _stream(sources, sinks, progress)
    void = sorted(description(stats, version("ockg"), sources.publication), key=str)
    serialize.write_turtle(serialize.triples_graph(void), folder / "void.ttl")
    return compiled, stats.triples


def build(paths: Paths, progress: bool = False) -> tuple[Compiled, int, bool]:
    """Write work/ afresh, then assemble dist/ from it: a failure leaves both as they were.

    work/ is replaced whole, so a previous run's inferences (work/inferred.ttl) go with it. When any
    article text was read, the quote lock is rewritten if it no longer says what the build found; the
    last value returned says whether it was.
    """
    with locked(paths):
        staging = staging_folder(paths.work)
        try:
            compiled, triples = write_work(paths, staging, progress)
            replace_folder(staging, paths.work)
        finally:
            remove_folder(staging)
        assemble(paths)
        rewritten = bool(compiled.verified) and quotes.save(compiled.lock, paths.quote_lock)
    return compiled, triples, rewritten
