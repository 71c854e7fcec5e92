"""VoID and DCAT description of a release: counts, partitions, licence, publication and distributions.

Everything in it comes from the sources (the catalogue's `dataset:` block, the package version) or
from the files themselves: never from the clock, so that the same sources give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from ockg.names import BASE, DCAT, DCTERMS, RDF, VOID, XSD, Namespace
from ockg.serialize import Stats

SPDX = Namespace("http://spdx.org/rdf/terms#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

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
PUBLISHER = NamedNode(BASE + "dataset/publisher")


@dataclass(frozen=True)
class Publication:
    """Who publishes the dataset, where, and when: the catalogue's `dataset:` block.

    repository is the GitHub repository: its page is the landing page, and the release workflow
    attaches every release file to the release of tag v{version} there.
    """

    publisher: str
    repository: str
    issued: str
    modified: str


def download_url(landing_page: str, version: str, name: str) -> str:
    """Where the release workflow puts a release file: the GitHub release of tag v{version}."""
    return f"{landing_page.rstrip('/')}/releases/download/v{version}/{name}"


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def description(stats: Stats, version: str, publication: Publication) -> Iterator[Triple]:
    """The dataset: what it is, who publishes it and when, its licence and version, and its counts (over
    the union of all graphs)."""
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
    yield Triple(d, DCTERMS.publisher, PUBLISHER)
    yield Triple(PUBLISHER, RDF.type, FOAF.Agent)
    yield Triple(PUBLISHER, FOAF.name, Literal(publication.publisher))
    yield Triple(d, DCTERMS.issued, Literal(publication.issued, datatype=XSD.date))
    yield Triple(d, DCTERMS.modified, Literal(publication.modified, datatype=XSD.date))
    yield Triple(d, DCAT.landingPage, NamedNode(publication.repository))
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


def distributions(folder: Path, described: list[Triple], sha256: dict[str, str]) -> Iterator[Triple]:
    """The release files present in folder, each with its media type, size, SHA-256 and download URL
    (from the landing page and version the description gives)."""
    landing, version = (_value(described, p) for p in (DCAT.landingPage, DCAT.version))
    for name in DUMPS:
        if (folder / name).exists():
            yield from _distribution(folder / name, download_url(landing, version, name), sha256[name])


def _value(described: list[Triple], predicate: NamedNode) -> str:
    """The value the dataset's description gives predicate."""
    found = next(t.object for t in described if t.subject == DATASET and t.predicate == predicate)
    assert isinstance(found, NamedNode | Literal), found
    return found.value


def _distribution(path: Path, url: str, sha256: str) -> Iterator[Triple]:
    dist = NamedNode(_FILES + path.name)
    checksum = NamedNode(f"{_FILES}{path.name}/sha256")
    yield Triple(DATASET, DCAT.distribution, dist)
    yield Triple(dist, RDF.type, DCAT.Distribution)
    yield Triple(dist, DCAT.downloadURL, NamedNode(url))
    yield Triple(dist, DCAT.mediaType, NamedNode(
        "https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[path.suffix]))
    yield Triple(dist, DCAT.byteSize, Literal(str(path.stat().st_size), datatype=XSD.nonNegativeInteger))
    yield Triple(dist, SPDX.checksum, checksum)
    yield Triple(checksum, RDF.type, SPDX.Checksum)
    yield Triple(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    yield Triple(checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary))
    if path.name.startswith("ockg."):
        yield Triple(DATASET, VOID.dataDump, NamedNode(url))
