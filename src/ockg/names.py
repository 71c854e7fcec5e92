"""IRIs of the ockg namespaces and of the standard vocabularies the build writes."""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/ockg/"
DEF = BASE + "def/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

PREFIXES: dict[str, str] = {
    "ockg": DEF,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "schema": "https://schema.org/",
    "person": ID + "person/",
    "org": ID + "org/",
    "place": ID + "place/",
    "event": ID + "event/",
    "route": ID + "route/",
    "quantity": ID + "quantity/",
    "claim": ID + "claim/",
    "quote": ID + "quote/",
    "selector": ID + "selector/",
    "article": ID + "article/",
    "commodity": ID + "commodity/",
    "unit": ID + "unit/",
    "certainty": ID + "certainty/",
    "approximation": ID + "approximation/",
    "mode": ID + "mode/",
    "concealment": ID + "concealment/",
}


class Namespace:
    """Attribute access to the terms of one namespace: ``OCKG.leads``."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, local: str) -> NamedNode:
        term = NamedNode(self.base + local)
        setattr(self, local, term)  # later look-ups are plain attribute reads
        return term

    def __getitem__(self, local: str) -> NamedNode:
        return NamedNode(self.base + local)


OCKG = Namespace(DEF)
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
OWL = Namespace(PREFIXES["owl"])
XSD = Namespace(PREFIXES["xsd"])
SKOS = Namespace(PREFIXES["skos"])
DCTERMS = Namespace(PREFIXES["dcterms"])
PROV = Namespace(PREFIXES["prov"])
OA = Namespace(PREFIXES["oa"])
VOID = Namespace(PREFIXES["void"])
DCAT = Namespace(PREFIXES["dcat"])
SCHEMA = Namespace(PREFIXES["schema"])

ONTOLOGY_GRAPH = NamedNode(GRAPH + "ontology")
INFERRED_GRAPH = NamedNode(GRAPH + "inferred")


def individual(kind: str, slug: str) -> NamedNode:
    """The IRI of an individual: https://w3id.org/ockg/id/{kind}/{slug}."""
    return NamedNode(individual_iri(kind, slug))


def individual_iri(kind: str, slug: str) -> str:
    """individual()'s IRI as a string, for the build's writer, which needs no NamedNode."""
    return f"{ID}{kind}/{slug}"


def article_slug(article_id: str) -> str:
    """Article ids are file stems (000_b9ed...); IRIs use hyphens."""
    return article_id.replace("_", "-").lower()


def article_graph(article_id: str) -> str:
    """The IRI of the named graph of an article's catalogue entry, entities and claims."""
    return GRAPH + article_slug(article_id)


def curie(term: NamedNode) -> str:
    """A term as a prefixed name with the longest prefix that fits, else <IRI>: for messages and
    tables. A local part with '/' or '#' would not be a prefixed name, so such IRIs stay whole."""
    for prefix, namespace in _LONGEST_FIRST:
        local = term.value[len(namespace):]
        if term.value.startswith(namespace) and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return f"<{term.value}>"


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def expand(name: str) -> str:
    """A prefixed name with one of the project's prefixes (event:x) as its IRI; an IRI as it is."""
    prefix, colon, local = name.strip().partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if colon and local.startswith("//"):
        return name.strip()
    raise ValueError(f"'{name}' is neither an IRI nor a prefixed name with one of the project's prefixes")
