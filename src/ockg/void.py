"""VoID and DCAT description of a release: counts, partitions, licence and distributions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from .names import BASE, DCAT, DCTERMS, RDF, VOID, XSD

DATASET = NamedNode(BASE + "dataset")
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
}
LICENCE = NamedNode("https://creativecommons.org/licenses/by/4.0/")


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def void_triples(triples: list[Triple], files: list[Path], version: str) -> Iterator[Triple]:
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
    yield Triple(d, VOID.triples, _count(len(triples)))
    yield Triple(d, VOID.distinctSubjects, _count(len({t.subject for t in triples})))
    yield Triple(d, VOID.distinctObjects, _count(len({t.object for t in triples})))
    yield from _partitions(triples)
    for path in files:
        yield from _distribution(path)


def _partitions(triples: list[Triple]) -> Iterator[Triple]:
    classes = Counter(t.object for t in triples if t.predicate == RDF.type)
    properties = Counter(t.predicate for t in triples)
    yield Triple(DATASET, VOID.properties, _count(len(properties)))
    yield Triple(DATASET, VOID.classes, _count(len(classes)))
    for kind, counts, key, size in (("class", classes, VOID["class"], VOID.entities),
                                    ("property", properties, VOID.property, VOID.triples)):
        for term, n in sorted(counts.items(), key=lambda kv: str(kv[0])):
            if not isinstance(term, NamedNode):
                continue
            part = NamedNode(f"{BASE}dataset/{kind}-partition/{_slug(term.value)}")
            yield Triple(DATASET, VOID.classPartition if kind == "class" else VOID.propertyPartition, part)
            yield Triple(part, key, term)
            yield Triple(part, size, _count(n))


def _slug(iri: str) -> str:
    for sep in ("#", "/"):
        iri = iri.replace(sep, "-")
    return "".join(c for c in iri.split("://", 1)[-1] if c.isalnum() or c in "-._").strip("-")


def _distribution(path: Path) -> Iterator[Triple]:
    dist = NamedNode(f"{BASE}dataset/distribution/{path.name}")
    yield Triple(DATASET, DCAT.distribution, dist)
    yield Triple(dist, RDF.type, DCAT.Distribution)
    yield Triple(dist, DCAT.downloadURL, NamedNode(f"{BASE}release/{path.name}"))
    yield Triple(dist, DCAT.mediaType, NamedNode(
        "https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[path.suffix]))
    yield Triple(dist, DCAT.byteSize, Literal(str(path.stat().st_size), datatype=XSD.nonNegativeInteger))
    if path.name.startswith("ockg."):
        yield Triple(DATASET, VOID.dataDump, NamedNode(f"{BASE}release/{path.name}"))
