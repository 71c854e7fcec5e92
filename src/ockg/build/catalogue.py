"""The seeds catalogue: what each article is, and the check that its text is the one we mapped."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode

from ockg import files
from ockg.build import schemas, yamlpos
from ockg.build.literals import partial_date
from ockg.errors import InputError, Location
from ockg.names import article_slug
from ockg.release.void import Publication

MAX_TEXT = 64 * files.MIB  # an article's text; links are followed (OCKG_SEEDS may be a folder of links)


@dataclass(frozen=True)
class Body:
    """Where an article's body lies in its text: navigation, bylines and boilerplate left out.

    starts and ends are verbatim quotes of the body's first and last words; a line holding one
    of skip is boilerplate inside the body (a "SEE ALSO" teaser). None means the text's edge.
    """

    starts: str | None = None
    ends: str | None = None
    skip: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    id: str
    file: str
    label: str
    title: str | None
    publisher: str | None
    author: str | None
    date: str | None
    url: str | None
    licence: str | None
    sources: dict[str, str]
    sha256: str
    length: int
    location: Location
    body: Body = Body()

    @property
    def voice(self) -> str | None:
        """Whom an unattributed claim is attributed to: the author, else the publisher."""
        return self.author or self.publisher


def load_catalogue(path: Path, shown_as: str) -> tuple[dict[str, Article], Publication]:
    """The articles by id, and what the release says of the dataset (its `dataset:` block)."""
    document, positions = yamlpos.load(path, shown_as)
    schemas.check("catalogue", document, positions)
    dataset = document["dataset"]
    for key in ("issued", "modified"):
        try:
            date.fromisoformat(dataset[key])
        except ValueError:
            raise InputError.at(positions.of(("dataset", key)), f"'{dataset[key]}' is an impossible date") from None
    publication = Publication(dataset["publisher"], dataset["repository"], dataset["issued"], dataset["modified"])
    return _articles(document, positions), publication


def _articles(document: dict[str, Any], positions: yamlpos.Positions) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    folded: dict[str, Article] = {}  # by the id as an IRI spells it: lower case, '-' for '_'
    for i, entry in enumerate(document["articles"]):
        loc = positions.of(("articles", i))
        if entry["id"] in articles:
            raise InputError.at(loc, f"duplicate article id '{entry['id']}'")
        twin = folded.get(article_slug(entry["id"]))
        if twin is not None:
            raise InputError.at(loc, f"article id '{entry['id']}' differs from '{twin.id}' ({twin.location}) only "
                                "by case or '_'/'-': both would get the same IRI")
        if entry["file"] != entry["id"] + ".txt":
            raise InputError.at(positions.of(("articles", i, "file")),
                                f"file must be the article id plus .txt: {entry['id']}.txt")
        if entry["date"] is not None:
            try:
                partial_date(entry["date"])
            except ValueError as exc:
                raise InputError.at(positions.of(("articles", i, "date")), str(exc)) from None
        for key in ("url", "licence"):
            _refuse_non_iri(entry[key], positions.of(("articles", i, key)), key)
        sources = {k.removesuffix("_source"): v for k, v in entry.items() if k.endswith("_source")}
        articles[entry["id"]] = Article(
            entry["id"], entry["file"], entry["label"], entry["title"], entry["publisher"],
            entry["author"], entry["date"], entry["url"], entry["licence"], sources,
            entry["sha256"], entry["length"], loc, _body(entry.get("body")))
        folded[article_slug(entry["id"])] = articles[entry["id"]]
    return articles


def _body(raw: dict[str, object] | None) -> Body:
    if raw is None:
        return Body()
    starts, ends, skip = raw.get("starts"), raw.get("ends"), raw.get("skip", [])
    return Body(str(starts) if starts else None, str(ends) if ends else None,
                tuple(str(s) for s in skip) if isinstance(skip, list) else ())


def _refuse_non_iri(value: str | None, where: Location, key: str) -> None:
    """The schema's "format": "uri" is not checked by the validators: the IRI parser that will
    make the triple decides, here, at the line of the value."""
    if value is None:
        return
    try:
        NamedNode(value)
    except ValueError as exc:
        raise InputError.at(where, f"{key}: {value!r} is not an absolute IRI ({exc})") from None


def read_texts(articles: dict[str, Article], folder: Path) -> dict[str, str]:
    """The text of every article found in folder, checked against the catalogue's hash and length.

    A missing text is not an error here (the quote lock may stand in for it); a text that differs
    from the catalogue is. All mismatches are reported at once, so one run says everything to fix.
    """
    texts: dict[str, str] = {}
    problems: list[tuple[Location | None, str]] = []
    for article in articles.values():
        path = folder / article.file
        if not os.path.lexists(path):  # the quote lock may stand in for it
            continue
        try:
            data = files.read_bytes(path, str(path), MAX_TEXT, links=True)
        except InputError as exc:
            problems += [(article.location, f"text of {article.id} at {line}") for line in exc.lines()]
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != article.sha256:  # first: a changed text need not even be UTF-8 any more
            problems.append((article.location, f"{path} has sha256 {digest}, the catalogue says "
                             f"{article.sha256}: the text changed since it was mapped"))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append((article.location, f"{path} is not UTF-8 text: {exc.reason} at byte {exc.start}"))
            continue
        if len(text) != article.length:
            problems.append((article.location, f"{path} has {len(text)} characters, "
                             f"the catalogue says {article.length}"))
        texts[article.id] = text
    if problems:
        raise InputError(problems)
    return texts
