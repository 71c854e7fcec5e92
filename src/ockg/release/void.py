"""VoID and DCAT description of a release: counts, partitions, licence and distributions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from ockg.names import BASE, DCAT, DCTERMS, RDF, VOID, XSD
from ockg.serialize import Stats

DATASET = NamedNode(BASE + "dataset")
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
    ".owl": "application/rdf+xml",
    ".html": "text/html",
}
LICENCE = NamedNode("https://creativecommons.org/licenses/by/4.0/")
# the files the VoID describes, when present: every release file but void.ttl itself
DUMPS = ("ontology.ttl", "ontology.owl", "ontology.html", "ockg.ttl", "ockg.trig", "ockg.nt", "ockg.nq", "ockg.jsonld",
         "context.jsonld", "inferred.ttl")
_FILES = f"{BASE}dataset/distribution/"


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def description(stats: Stats, version: str) -> Iterator[Triple]:
    """The dataset: what it is, its licence and version, and its counts (over the union of all graphs)."""
    d = DATASET
    yield Triple(d, RDF.type, VOID.Dataset)
    yield Triple(d, RDF.type, DCAT.Dataset)
    yield Triple(d, DCTERMS.title, Literal("Organized Crime Knowledge Graph", language="en"))
    yield Triple(d, DCTERMS.description, Literal(
        "Facts about Peruvian drug trafficking mapped from news articles, each tied to a verbatim "
        "quote. The quotes remain their publishers' and are included as short citations.",
        language="en"))
    yield Triple(d, DCTERMS.license, LICENCE)
    yield Triple(d, DCAT.version, Literal(version))
    yield Triple(d, VOID.uriSpace, Literal(BASE + "id/"))
    yield Triple(d, VOID.vocabulary, NamedNode(BASE + "def/"))
    yield Triple(d, VOID.triples, _count(stats.triples))
    yield Triple(d, VOID.distinctSubjects, _count(len(stats.subjects)))
    yield Triple(d, VOID.distinctObjects, _count(len(stats.objects)))
    yield from _partitions(stats)


def _partitions(stats: Stats) -> Iterator[Triple]:
    yield Triple(DATASET, VOID.properties, _count(len(stats.properties)))
    yield Triple(DATASET, VOID.classes, _count(len(stats.classes)))
    for kind, counts, key, size in (("class", stats.classes, VOID["class"], VOID.entities),
                                    ("property", stats.properties, VOID.property, VOID.triples)):
        for term, n in sorted(counts.items()):
            if not term.startswith("<"):
                continue
            node = NamedNode(term[1:-1])
            part = NamedNode(f"{BASE}dataset/{kind}-partition/{_slug(node.value)}")
            yield Triple(DATASET, VOID.classPartition if kind == "class" else VOID.propertyPartition, part)
            yield Triple(part, key, node)
            yield Triple(part, size, _count(n))


def _slug(iri: str) -> str:
    for sep in ("#", "/"):
        iri = iri.replace(sep, "-")
    return "".join(c for c in iri.split("://", 1)[-1] if c.isalnum() or c in "-._").strip("-")


def distributions(folder: Path) -> Iterator[Triple]:
    """The release files present in folder, each with its media type and size in bytes."""
    for name in DUMPS:
        if (folder / name).exists():
            yield from _distribution(folder / name)


def _distribution(path: Path) -> Iterator[Triple]:
    dist = NamedNode(_FILES + path.name)
    yield Triple(DATASET, DCAT.distribution, dist)
    yield Triple(dist, RDF.type, DCAT.Distribution)
    yield Triple(dist, DCAT.downloadURL, NamedNode(f"{BASE}release/{path.name}"))
    yield Triple(dist, DCAT.mediaType, NamedNode(
        "https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[path.suffix]))
    yield Triple(dist, DCAT.byteSize, Literal(str(path.stat().st_size), datatype=XSD.nonNegativeInteger))
    if path.name.startswith("ockg."):
        yield Triple(DATASET, VOID.dataDump, NamedNode(f"{BASE}release/{path.name}"))
