"""Where each quote stands in its article: found in the text when it is there, else read from the lock.

The build needs an article's text only to find each quote's offsets (and the few characters around it
that the release keeps as oa:prefix / oa:suffix) and to check that the quote is verbatim. What it
found is recorded in seeds/quotes.lock.json, which is committed: per article the text's sha256 and
length, per quote its offsets and context, one quote per line in text order so that a change reads
as a diff. A clone without the texts builds from the lock and gets byte-identical release files; a
quote the lock does not know (new, or changed) cannot be checked then and is an error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ockg.build import schemas, yamlpos
from ockg.build.catalogue import Article
from ockg.errors import InputError, Location

CONTEXT = 32  # characters of oa:prefix / oa:suffix kept around each quote
FORMAT = 1


class Span(NamedTuple):
    """A verbatim quote, where it stands in its article (0-based, end exclusive) and what surrounds it.
    A named tuple, not a dataclass: the build hashes each a few times, and a tuple's hash needs no
    Python call."""

    article: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class Key(NamedTuple):
    """How a mapping file names a quote: its article, its words and, if they recur, which occurrence."""

    article: str
    quote: str
    occurrence: int | None


@dataclass
class ArticleLock:
    """The lock's record of one article: the text it was made from and the quotes found in it."""

    sha256: str
    length: int
    quotes: dict[Key, Span] = field(default_factory=dict)


Lock = dict[str, ArticleLock]


def load(path: Path, shown_as: str) -> Lock:
    """The lock file, or an empty lock when there is none (a new project, or a fixture corpus)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as exc:
        raise InputError.at(Location(shown_as, exc.lineno, exc.colno), f"malformed JSON: {exc.msg}") from None
    if not schemas.valid("quotes.lock", document):  # read again as YAML (JSON is YAML) to place the errors
        document, positions = yamlpos.load(path, shown_as)
        schemas.check("quotes.lock", document, positions)
    if document["format"] != FORMAT:
        raise InputError.at(positions.of(("format",)), f"lock format {document['format']}, this ockg reads "
                            f"{FORMAT}: rebuild with the article texts to rewrite it")
    lock: Lock = {}
    for article, entry in document["articles"].items():
        quotes = (_span(article, q) for q in entry["quotes"])
        lock[article] = ArticleLock(entry["sha256"], entry["length"], {key: span for key, span in quotes})
    return lock


def _span(article: str, item: dict[str, Any]) -> tuple[Key, Span]:
    key = Key(article, item["quote"], item.get("occurrence"))
    return key, Span(article, item["start"], item["end"], item["quote"], item["prefix"], item["suffix"])


def dumps(lock: Lock) -> str:
    """The lock as JSON with one quote per line, articles by id and quotes in text order."""
    articles = []
    for article, entry in sorted(lock.items()):
        in_order = sorted(entry.quotes.items(), key=lambda kv: (kv[1].start, kv[1].end, kv[0].occurrence or 0))
        quotes = ",\n".join(f"      {_quote_line(key, span)}" for key, span in in_order)
        head = f'    {json.dumps(article)}: {{"sha256": "{entry.sha256}", "length": {entry.length}, "quotes": ['
        articles.append(f"{head}\n{quotes}\n    ]}}" if quotes else f"{head}]}}")
    return f'{{\n  "format": {FORMAT},\n  "articles": {{\n' + ",\n".join(articles) + "\n  }\n}\n"


def _quote_line(key: Key, span: Span) -> str:
    item: dict[str, Any] = {"start": span.start, "end": span.end}
    if key.occurrence is not None:
        item["occurrence"] = key.occurrence
    item |= {"quote": span.exact, "prefix": span.prefix, "suffix": span.suffix}
    return json.dumps(item, ensure_ascii=False)


def current(lock: Lock, path: Path) -> bool:
    """Whether the lock file at path says exactly what lock does (compared as text: no parse needed)."""
    return path.is_file() and path.read_text(encoding="utf-8") == dumps(lock)


def save(lock: Lock, path: Path) -> bool:
    """Write the lock if it changed (atomically: a reader sees the old file or the new); True if written."""
    text = dumps(lock)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    staging = path.with_name(f".{path.name}-{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
    return True


class Quotes:
    """Finds each quote a mapping file cites, in its article's text or, without the text, in the lock.

    Records every quote found in a text, so that the lock can be rewritten from what this build saw.
    """

    def __init__(self, articles: dict[str, Article], texts: dict[str, str], lock: Lock, lock_name: str) -> None:
        self.articles = articles
        self.texts = texts
        self.old = lock
        self.lock_name = lock_name
        self.found: dict[Key, Span] = {}

    def find(self, key: Key) -> Span:
        """The span key names; ValueError with the reason when there is none, or more than one."""
        text = self.texts.get(key.article)
        if text is None:
            return self._locked(key)
        span = self.found.get(key)
        if span is None:
            span = self.found[key] = _locate(text, key)
        return span

    def _locked(self, key: Key) -> Span:
        entry = self.old.get(key.article)
        span = entry.quotes.get(key) if entry is not None else None
        if span is None:
            raise ValueError(f"quote is new or changed since {self.lock_name}, and the text of article "
                             f"{key.article} is not there to check it against (set OCKG_SEEDS): {key.quote!r}")
        return span

    def sources(self) -> tuple[list[str], list[str]]:
        """The articles whose quotes were checked against their text, and those taken from the lock."""
        return sorted(self.texts), sorted(set(self.old) - set(self.texts))

    def new_lock(self) -> Lock:
        """The lock as this build found things: the quotes found in each text present; the old
        lock's record of every article whose text was not (nothing can be checked against it)."""
        lock: Lock = {a: entry for a, entry in self.old.items() if a not in self.texts}
        for article in self.texts:  # read_texts checked each against the catalogue's sha256 and length
            lock[article] = ArticleLock(self.articles[article].sha256, self.articles[article].length)
        for key, span in self.found.items():
            lock[key.article].quotes[key] = span
        return lock


def _locate(text: str, key: Key) -> Span:
    n = key.occurrence or 1
    starts = list(_occurrences(text, key.quote, max(n, 2)))
    if not starts:
        raise ValueError(f"quote not found verbatim in article {key.article}: {key.quote!r}")
    if key.occurrence is None and len(starts) > 1:
        every = ", ".join(map(str, _occurrences(text, key.quote, len(text))))
        raise ValueError(f"quote occurs more than once in article {key.article} (at offsets {every}): quote "
                         f"a longer passage, or say which with {{quote: ..., occurrence: N}}: {key.quote!r}")
    if len(starts) < n:
        raise ValueError(f"occurrence {n}, but the quote occurs {len(starts)} time(s) in article "
                         f"{key.article}: {key.quote!r}")
    start = starts[n - 1]
    end = start + len(key.quote)
    return Span(key.article, start, end, key.quote, text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])


def _occurrences(text: str, quote: str, most: int) -> Iterator[int]:
    """The offsets where quote starts in text (overlapping ones too), at most `most` of them."""
    start = text.find(quote)
    while start >= 0 and most > 0:
        yield start
        most -= 1
        start = text.find(quote, start + 1)


def check_articles(lock: Lock, articles: dict[str, Article], texts: dict[str, str], lock_name: str,
                   seeds: Path) -> None:
    """Every article without its text must have a lock record made from the text the catalogue names."""
    problems: list[tuple[Location | None, str]] = []
    for article in articles.values():
        if article.id in texts:
            continue
        entry = lock.get(article.id)
        if entry is None:
            problems.append((article.location, f"text of {article.id} not found at {seeds / article.file} and "
                             f"{lock_name} has no record of it (set OCKG_SEEDS to the folder holding the "
                             "article texts)"))
        elif (entry.sha256, entry.length) != (article.sha256, article.length):
            problems.append((article.location, f"{lock_name} was made from another text of {article.id} "
                             f"(sha256 {entry.sha256}): build with its text to rewrite the lock"))
    if problems:
        raise InputError(problems)
