"""Mapping files to claims: schema check, reference resolution, evidence offsets.

Two passes over the files. The first collects every entity declaration and every claim id, so a
file may refer to an entity another file declares and link its claims (`contradicts`, `restates`)
to claims of another file; the second resolves each file's facts into Claims. Problems are
collected per file and raised together, each with the file, line and column to fix.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from ockg.build import literals, schemas, yamlpos
from ockg.build.catalogue import Article
from ockg.build.quotes import Key, Quotes, Span
from ockg.errors import InputError, Location
from ockg.names import OCKG, RDF, XSD, individual
from ockg.terms import Terms

Term = NamedNode | Literal
LINKS = ("contradicts", "restates")  # qualifiers that link an entry's claims to the claims of another entry

Fact = tuple[str, Any, tuple[str, ...]]
_NOWHERE = "not declared in any mapping file"
_NOWHERE_OR_CONCEPT = "not declared in any mapping file, nor a concept in ontology/vocabularies.ttl"
# A location worked out only if a problem is reported there: finding a position costs more than checking
# the entry, and most entries have no problem.
Where = Callable[[], Location]


@dataclass(frozen=True)
class Entity:
    slug: str
    iri: NamedNode
    cls: NamedNode
    label: str
    article: str
    location: Location


@dataclass(eq=False)
class Entry:
    """What the claims of one entry of a mapping file share: their quotes, source and circumstances.

    Linked claims (contradicted, restated) are given by key: a claim's IRI is
    https://w3id.org/ockg/id/claim/{key}.
    """

    evidence: list[Span]
    by: NamedNode
    certainty: NamedNode
    file: str
    line: int
    role: str | None = None
    start: Literal | None = None
    end: Literal | None = None
    note: str | None = None
    contradicts: list[str] = field(default_factory=list)
    restates: list[str] = field(default_factory=list)


@dataclass
class Claim:
    """One fact as one article states it: the n-ary node behind each shortcut triple."""

    key: str
    article: str
    subject: NamedNode
    predicate: NamedNode
    object: Term
    entry: Entry


@dataclass
class Document:
    """One loaded mapping file."""

    path: str
    data: dict[str, Any]
    positions: yamlpos.Positions

    @property
    def article(self) -> str:
        return str(self.data["article"])

    def at(self, *path: str | int) -> Location:
        return self.positions.of(path)


class Problems:
    """Collects problems so one run reports them all."""

    def __init__(self) -> None:
        self.items: list[tuple[Location | None, str]] = []

    def add(self, location: Location | None, message: str) -> None:
        self.items.append((location, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)


def load_documents(files: list[Path], shown: list[str], articles: dict[str, Article]) -> list[Document]:
    documents = []
    for path, name in zip(files, shown, strict=True):
        data, positions = yamlpos.load(path, name)
        if data is None:
            raise InputError.at(Location(name), "empty mapping file")
        schemas.check("mapping", data, positions)
        document = Document(name, data, positions)
        if document.article not in articles:
            raise InputError.at(document.at("article"),
                                f"article '{document.article}' is not in seeds/catalogue.yaml")
        if Path(name).stem != document.article:
            raise InputError.at(document.at("article"),
                                f"the file must be named after its article: {document.article}.yaml")
        documents.append(document)
    return documents


def collect_entities(documents: list[Document], terms: Terms) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    problems = Problems()
    for doc in documents:
        for i, item in enumerate(doc.data.get("entities", [])):
            slug, loc = item["id"], doc.at("entities", i, "id")
            if slug in entities:
                problems.add(loc, f"duplicate id '{slug}': first declared at {entities[slug].location}")
                continue
            if slug in terms.concepts:
                problems.add(loc, f"id '{slug}' is already a concept in ontology/vocabularies.ttl")
                continue
            cls = _class(item["class"], terms, lambda: doc.at("entities", i, "class"), problems)  # noqa: B023 (called at once)
            kind = terms.kind_of(cls) if cls is not None else None
            if cls is not None and kind is None:
                problems.add(doc.at("entities", i, "class"),
                             f"class '{item['class']}' is not a kind of agent, place, event, route or quantity")
            if cls is not None and kind is not None:
                entities[slug] = Entity(slug, individual(kind, slug), cls, item["label"], doc.article, loc)
    problems.raise_if_any()
    return entities


def _class(name: str, terms: Terms, where: Where, problems: Problems) -> NamedNode | None:
    cls = terms.classes.get(name)
    if cls is None:
        problems.add(where(), f"unknown class '{name}'{_hint(name, terms.classes)}")
    return cls


def _hint(name: str, known: Any, where: str = "not in the ontology") -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else f" ({where})"


class Resolver:
    """Turns one document's entries into Claims, checking every reference on the way."""

    def __init__(self, terms: Terms, entities: dict[str, Entity], articles: dict[str, Article],
                 quotes: Quotes) -> None:
        self.terms = terms
        self.entities = entities
        self.articles = articles
        self.quotes = quotes
        self.named: dict[str, list[str]] = {}  # claim id -> the keys of its entry's claims, all files

    def name_claims(self, documents: list[Document]) -> None:
        """First pass: every claim id of every file, with the keys of its claims, so any file can link to it.

        Ids are unique across the corpus; problems in the entries themselves are reported by claims().
        """
        problems = Problems()
        first: dict[str, Location] = {}
        for doc in documents:
            for i, item in enumerate(doc.data.get("claims", [])):
                if "id" not in item:
                    continue
                where = doc.at("claims", i, "id")
                if item["id"] in first:
                    problems.add(where, f"duplicate claim id '{item['id']}': first at {first[item['id']]}")
                    continue
                first[item["id"]] = where
                made = self._entry(doc, ("claims", i), item, _facts(item["says"]), Problems())
                self.named[item["id"]] = [claim.key for claim in made]
        problems.raise_if_any()

    def claims(self, doc: Document) -> list[Claim]:
        problems = Problems()
        claims: list[Claim] = []
        for i, item in enumerate(doc.data.get("entities", [])):
            facts = [("type", item["class"], ("class",)), *_facts(item.get("says", {}))]
            claims += self._entry(doc, ("entities", i), {**item, "about": item["id"]}, facts, problems)
        for i, item in enumerate(doc.data.get("claims", [])):
            made = self._entry(doc, ("claims", i), item, _facts(item["says"]), problems)
            claims += made
            self._link(doc, i, item, made, problems)
        self._refuse_duplicates(doc, claims, problems)
        problems.raise_if_any()
        return claims

    def _entry(self, doc: Document, path: tuple[str, int], item: dict[str, Any],
               facts: list[Fact], problems: Problems) -> list[Claim]:
        subject = self._entity(item["about"], lambda: doc.at(*path, "about"), problems)
        evidence = self._evidence(doc, path, item["quote"], problems)
        by = self._by(doc, path, item.get("by"), problems)
        start = self._date(doc, path, "from", item.get("from"), problems)
        end = self._date(doc, path, "until", item.get("until"), problems)
        certainty = individual("certainty", item.get("certainty", "reported"))
        pairs = [self._fact(lambda: doc.at(*path, *under), key, value, problems)  # noqa: B023 (called at once)
                 for key, value, under in facts]
        if subject is None or evidence is None or by is None:
            return []
        entry = Entry(evidence, by, certainty, doc.path, doc.at(*path).line, item.get("role"), start, end,
                      item.get("note"))
        return [Claim(_claim_key(doc.article, subject, predicate, obj, entry), doc.article, subject.iri, predicate,
                      obj, entry) for predicate, obj in filter(None, pairs)]

    def _fact(self, where: Where, key: str, value: Any,
              problems: Problems) -> tuple[NamedNode, Term] | None:
        if key == "type":
            cls = _class(str(value), self.terms, where, problems)
            return (RDF.type, cls) if cls is not None else None
        prop = self.terms.properties.get(key)
        if prop is None:
            problems.add(where(), f"unknown property '{key}'{_hint(key, self.terms.properties)}")
            return None
        try:
            obj = self._object(prop, value)
        except ValueError as exc:
            problems.add(where(), f"{key}: {exc}")
            return None
        return prop.iri, obj

    def _object(self, prop: Any, value: Any) -> Term:
        if prop.is_object:
            slug = str(value)
            if slug in self.entities:
                if prop.scheme is not None:
                    raise ValueError(f"'{slug}' is an entity; this property takes a concept")
                return self.entities[slug].iri
            concept = self.terms.concepts.get(slug)
            if concept is None:
                raise ValueError(f"unknown entity or concept '{slug}'"
                                 f"{_hint(slug, [*self.entities, *self.terms.concepts], _NOWHERE_OR_CONCEPT)}")
            if prop.scheme is not None and self.terms.concept_scheme.get(concept) != prop.scheme:
                raise ValueError(f"concept '{slug}' is not in the scheme {prop.scheme.value}")
            return concept
        return _literal(prop.range, value)

    def _entity(self, slug: str, where: Where, problems: Problems) -> Entity | None:
        entity = self.entities.get(slug)
        if entity is None:
            problems.add(where(), f"unknown entity '{slug}'{_hint(slug, self.entities, _NOWHERE)}")
        return entity

    def _by(self, doc: Document, path: tuple[str, int], slug: str | None,
            problems: Problems) -> NamedNode | None:
        voice = slug or self.articles[doc.article].voice
        if voice is None:
            problems.add(doc.at(*path), "no 'by': the article has no author or publisher to default to")
            return None
        where = (lambda: doc.at(*path, "by")) if slug else (lambda: self.articles[doc.article].location)
        entity = self._entity(voice, where, problems)
        return entity.iri if entity else None

    def _date(self, doc: Document, path: tuple[str, int], key: str, raw: Any,
              problems: Problems) -> Literal | None:
        if raw is None:
            return None
        try:
            return literals.partial_date(raw)
        except ValueError as exc:
            problems.add(doc.at(*path, key), str(exc))
            return None

    def _evidence(self, doc: Document, path: tuple[str, int], raw: Any,
                  problems: Problems) -> list[Span] | None:
        items = raw if isinstance(raw, list) else [raw]
        spans = []
        for j, item in enumerate(items):
            key = _key(doc.article, item)
            under = ("quote", j) if isinstance(raw, list) else ("quote",)
            span = self._find(key, lambda: doc.at(*path, *under), problems)  # noqa: B023 (called at once)
            if span is not None:
                spans.append(span)
        return spans if len(spans) == len(items) else None

    def _find(self, key: Key, where: Where, problems: Problems) -> Span | None:
        if key.article not in self.articles:
            problems.add(where(), f"article '{key.article}' is not in seeds/catalogue.yaml")
            return None
        try:
            return self.quotes.find(key)
        except ValueError as exc:
            problems.add(where(), str(exc))
            return None

    def _link(self, doc: Document, i: int, item: dict[str, Any], made: list[Claim], problems: Problems) -> None:
        """The claims item lists under `contradicts` and `restates`, in this file or another."""
        for link in LINKS:
            for j, other in enumerate(item.get(link, [])):
                where = doc.at("claims", i, link, j)
                if other == item["id"]:
                    problems.add(where, f"claim '{other}' lists itself under '{link}'")
                elif other not in self.named:
                    problems.add(where, f"unknown claim id '{other}'{_hint(other, self.named)}")
                else:
                    for entry in {claim.entry for claim in made}:
                        getattr(entry, link).extend(self.named[other])

    def _refuse_duplicates(self, doc: Document, claims: list[Claim], problems: Problems) -> None:
        seen: dict[str, Claim] = {}
        for claim in claims:
            first = seen.setdefault(claim.key, claim)
            if first is not claim:
                problems.add(Location(doc.path, claim.entry.line),
                             f"{_show(claim)} is stated again with the same by, certainty, period and role "
                             f"(first at line {first.entry.line}): state it once and list both quotes")


def _key(article: str, item: str | dict[str, Any]) -> Key:
    """A quote item of a mapping file: its words, or {quote, article (default: the file's), occurrence}."""
    if isinstance(item, str):
        return Key(article, item, None)
    return Key(item.get("article", article), item["quote"], item.get("occurrence"))


def _show(claim: Claim) -> str:
    local = claim.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    obj = claim.object.value.rsplit("/", 1)[-1]
    return f"'{claim.subject.value.rsplit('/', 1)[-1]} {local} {obj}'"


def _facts(says: dict[str, Any]) -> list[Fact]:
    """(property, value, path under the entry) for every value; lists give one fact each."""
    return [(key, v, ("says", key)) for key, value in says.items()
            for v in (value if isinstance(value, list) else [value])]


def _literal(range_: NamedNode | None, value: Any) -> Literal:
    if range_ == XSD.decimal:
        return literals.decimal(value)
    if range_ == OCKG.partialDate:
        return literals.partial_date(value)
    if range_ == OCKG.gregorianYear:
        return literals.year(value)
    if range_ in (XSD.nonNegativeInteger, XSD.positiveInteger):
        return literals.integer(value, range_.value.rsplit("#", 1)[1])
    if not isinstance(value, str):
        raise ValueError(f"{value!r} must be text")
    return Literal(value)


def _claim_key(article: str, subject: Entity, predicate: NamedNode, obj: Term, entry: Entry) -> str:
    """Stable across edits that move the entry: derived from the fact, its article and its account.

    The account is who states it (by), how firmly (certainty), for which period and in which role:
    the same fact from two sources, or from one source once as reported and once as suspected
    "while behind bars", is two claims (corroboration, conflict, or a change over time).
    """
    account = (entry.by.value, entry.certainty.value, str(entry.start or ""), str(entry.end or ""), entry.role or "")
    key = "\n".join((article, subject.iri.value, predicate.value, str(obj), *account))
    return hashlib.sha256(key.encode()).hexdigest()[:16]
