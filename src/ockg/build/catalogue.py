"""The seeds catalogue: what each article is, and the check that its text is the one we mapped."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ockg.build import schemas, yamlpos
from ockg.build.literals import partial_date
from ockg.errors import InputError, Location


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

    @property
    def voice(self) -> str | None:
        """Whom an unattributed claim is attributed to: the author, else the publisher."""
        return self.author or self.publisher


def load_catalogue(path: Path, shown_as: str) -> dict[str, Article]:
    document, positions = yamlpos.load(path, shown_as)
    schemas.check("catalogue", document, positions)
    articles: dict[str, Article] = {}
    for i, entry in enumerate(document["articles"]):
        loc = positions.of(("articles", i))
        if entry["id"] in articles:
            raise InputError.at(loc, f"duplicate article id '{entry['id']}'")
        if entry["file"] != entry["id"] + ".txt":
            raise InputError.at(positions.of(("articles", i, "file")),
                                f"file must be the article id plus .txt: {entry['id']}.txt")
        if entry["date"] is not None:
            try:
                partial_date(entry["date"])
            except ValueError as exc:
                raise InputError.at(positions.of(("articles", i, "date")), str(exc)) from None
        sources = {k.removesuffix("_source"): v for k, v in entry.items() if k.endswith("_source")}
        articles[entry["id"]] = Article(
            entry["id"], entry["file"], entry["label"], entry["title"], entry["publisher"],
            entry["author"], entry["date"], entry["url"], entry["licence"], sources,
            entry["sha256"], entry["length"], loc)
    return articles


def read_texts(articles: dict[str, Article], folder: Path) -> dict[str, str]:
    """Every article's text, checked against the catalogue's hash and length.

    Missing files and mismatches are all reported at once, so one run says everything
    that must be fixed.
    """
    texts: dict[str, str] = {}
    problems: list[tuple[Location | None, str]] = []
    for article in articles.values():
        path = folder / article.file
        try:
            data = path.read_bytes()
        except OSError:
            problems.append((article.location, f"text of {article.id} not found at {path} "
                             "(set OCKG_SEEDS to the folder holding the article texts)"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8")
        if digest != article.sha256:
            problems.append((article.location, f"{path} has sha256 {digest}, the catalogue says "
                             f"{article.sha256}: the text changed since it was mapped"))
        elif len(text) != article.length:
            problems.append((article.location, f"{path} has {len(text)} characters, "
                             f"the catalogue says {article.length}"))
        texts[article.id] = text
    if problems:
        raise InputError(problems)
    return texts
