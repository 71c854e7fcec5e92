"""`ockg coverage`: how much of each article the mapping files quote, as a curator's to-do list.

Per article, each paragraph of the body (the catalogue's `body` bounds leave out navigation,
bylines and boilerplate) with the share of its sentences that some claim quotes (a sentence
counts when a quote overlaps it), and each mention of a known entity's label or alias in a
sentence that no claim about that entity quotes. Sentences are found by pysbd, a maintained
rule-based splitter that knows abbreviations, initials and decimals, rather than a regex.
"""

from __future__ import annotations

import argparse
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pysbd
from pyoxigraph import NamedNode

from ockg.build.catalogue import Article
from ockg.build.dataset import load_sources, resolved
from ockg.build.mapping import Claim, Entity
from ockg.config import Paths
from ockg.errors import InputError
from ockg.names import OCKG

FORMATS = ("human", "json", "html")
NAME_PROPERTIES = (OCKG.alias, OCKG.fullName)
SHORTEST_NAME = 3  # shorter labels and aliases ("US") would be found inside too many sentences
SHOWN = 70  # characters of a paragraph or sentence shown in the human report


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    quoted: bool


@dataclass
class Paragraph:
    number: int
    sentences: list[Sentence]

    @property
    def quoted(self) -> int:
        return sum(s.quoted for s in self.sentences)


@dataclass(frozen=True)
class Mention:
    paragraph: int
    entity: str  # the entity's IRI as a prefixed name, person:gerson-galvez-calle
    name: str
    sentence: str


@dataclass
class Coverage:
    article: str
    label: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return sum(len(p.sentences) for p in self.paragraphs)

    @property
    def quoted(self) -> int:
        return sum(p.quoted for p in self.paragraphs)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("coverage", help="how much of each article body the mapping files quote",
                       description="Per article and paragraph, the share of body sentences some claim quotes, "
                       "and the mentions of known entities in sentences no claim about them quotes: a curator's "
                       "to-do list. Needs the article texts (OCKG_SEEDS).")
    p.add_argument("--format", choices=FORMATS, default="human")
    p.add_argument("--article", action="append", metavar="ID", help="only this article (repeatable)")
    p.add_argument("--summary", action="store_true", help="only the summary table (human format)")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    reports = measure(paths, set(args.article or []))
    if args.summary:
        print(summary(reports), end="")
    else:
        print({"human": human, "json": as_json, "html": as_html}[args.format](reports), end="")
    return 0


def measure(paths: Paths, only: set[str] | None = None) -> list[Coverage]:
    """The coverage of every article (or of those in only), from the mapping files and the texts."""
    sources = load_sources(paths)
    unknown = sorted((only or set()) - set(sources.articles))
    if unknown:
        raise InputError.at(None, f"no article {', '.join(unknown)} in {paths.shown(paths.catalogue)}")
    entities = sources.entities
    claims = [claim for _, made in resolved(sources) for claim in made]
    names = _names(entities.values(), claims)
    about = _spans_about(claims)
    quoted = _spans_by_article(claims)
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    reports = []
    texts = sources.quotes.texts
    missing = sorted((only or set(sources.articles)) - set(texts))
    if missing:
        raise InputError.at(None, f"coverage reads the article texts: none for {', '.join(missing)} in "
                            f"{paths.seeds} (set OCKG_SEEDS)")
    for article_id in sorted(only or sources.articles):
        article, text = sources.articles[article_id], texts[article_id]
        report = Coverage(article.id, article.label)
        for number, (start, end) in enumerate(_paragraphs(article, text), 1):
            sentences = [Sentence(s, e, text[s:e], _overlaps(quoted.get(article.id, []), s, e))
                         for s, e in _sentences(segmenter, text, start, end)]
            report.paragraphs.append(Paragraph(number, sentences))
            report.mentions += _mentions(number, sentences, names, about.get(article.id, {}))
        reports.append(report)
    return reports


def _names(entities: Iterable[Entity], claims: list[Claim]) -> dict[NamedNode, list[tuple[str, re.Pattern[str]]]]:
    """Each entity's label and aliases, as whole-word, case-insensitive patterns."""
    found: dict[NamedNode, set[str]] = {e.iri: {e.label} for e in entities}
    for claim in claims:
        if claim.predicate in NAME_PROPERTIES and claim.subject in found:
            found[claim.subject].add(claim.object.value)
    return {iri: [(name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE))
                  for name in sorted(names) if len(name) >= SHORTEST_NAME]
            for iri, names in found.items()}


def _spans_about(claims: list[Claim]) -> dict[str, dict[NamedNode, list[tuple[int, int]]]]:
    """By article and entity: where the claims about the entity (as subject or object) quote the article."""
    out: dict[str, dict[NamedNode, list[tuple[int, int]]]] = {}
    for claim in claims:
        ends = [claim.subject, *([claim.object] if isinstance(claim.object, NamedNode) else [])]
        for span in claim.entry.evidence:
            for entity in ends:
                out.setdefault(span.article, {}).setdefault(entity, []).append((span.start, span.end))
    return out


def _spans_by_article(claims: list[Claim]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    for claim in claims:
        for span in claim.entry.evidence:
            out.setdefault(span.article, set()).add((span.start, span.end))
    return {article: sorted(spans) for article, spans in out.items()}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)


def _paragraphs(article: Article, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line of the body that is not boilerplate."""
    body = article.body
    start = text.find(body.starts) if body.starts else 0
    end = text.find(body.ends, max(start, 0)) if body.ends else len(text)
    if start < 0 or end < 0:
        missing = body.starts if start < 0 else body.ends
        raise InputError.at(article.location, f"body bound not found verbatim in {article.id}: {missing!r}")
    end += len(body.ends or "")
    for line in re.finditer(r"[^\n]*\S[^\n]*", text[start:end]):
        if not any(skip in line.group() for skip in body.skip):
            yield start + line.start(), start + line.end()


def _sentences(segmenter: pysbd.Segmenter, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for span in segmenter.segment(text[start:end]):
        sentence = span.sent.rstrip()
        if sentence.strip():
            yield start + span.start, start + span.start + len(sentence)


def _mentions(number: int, sentences: list[Sentence], names: dict[NamedNode, list[tuple[str, re.Pattern[str]]]],
              about: dict[NamedNode, list[tuple[int, int]]]) -> Iterator[Mention]:
    for sentence in sentences:
        for entity, patterns in names.items():
            found = next((name for name, pattern in patterns if pattern.search(sentence.text)), None)
            if found and not _overlaps(about.get(entity, []), sentence.start, sentence.end):
                yield Mention(number, _prefixed(entity), found, sentence.text)


def _prefixed(iri: NamedNode) -> str:
    kind, slug = iri.value.rsplit("/", 2)[-2:]
    return f"{kind}:{slug}"


def _share(quoted: int, total: int) -> str:
    return f"{100 * quoted // total:>3} %" if total else "  - %"


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def summary(reports: list[Coverage]) -> str:
    """The share of body sentences quoted, in all and per article."""
    total, quoted = sum(r.sentences for r in reports), sum(r.quoted for r in reports)
    lines = [f"body sentences quoted by some claim: {quoted} of {total} ({_share(quoted, total).strip()})", "",
             f"{'article':<22} {'sentences':>9} {'quoted':>6} {'share':>6} {'mentions':>8}"]
    lines += [f"{r.article:<22} {r.sentences:>9} {r.quoted:>6} {_share(r.quoted, r.sentences):>6} "
              f"{len(r.mentions):>8}" for r in reports]
    return "\n".join(lines) + "\n"


def human(reports: list[Coverage]) -> str:
    """The summary table first, then each article's paragraphs and unquoted mentions."""
    lines = summary(reports).splitlines()
    for r in reports:
        lines += ["", f"{r.article}  {r.label}"]
        lines += [f"  ¶{p.number:<3} {p.quoted:>2}/{len(p.sentences):<2} {_share(p.quoted, len(p.sentences))}  "
                  f"{_cut(p.sentences[0].text) if p.sentences else ''}" for p in r.paragraphs]
        if r.mentions:
            lines.append("  mentioned where no claim about them quotes:")
            lines += [f"  ¶{m.paragraph:<3} {m.entity} ({m.name}): {_cut(m.sentence)}" for m in r.mentions]
    return "\n".join(lines) + "\n"


def as_json(reports: list[Coverage]) -> str:
    return json.dumps([{
        "article": r.article, "label": r.label, "sentences": r.sentences, "quoted": r.quoted,
        "paragraphs": [{"paragraph": p.number, "sentences": len(p.sentences), "quoted": p.quoted,
                        "unquoted": [s.text for s in p.sentences if not s.quoted]} for p in r.paragraphs],
        "mentions": [{"paragraph": m.paragraph, "entity": m.entity, "name": m.name, "sentence": m.sentence}
                     for m in r.mentions]} for r in reports], indent=1, ensure_ascii=False) + "\n"


def as_html(reports: list[Coverage]) -> str:
    """One page: the summary table, then each body with its quoted sentences marked."""
    e = html.escape
    rows = "".join(f"<tr><td><a href='#{e(r.article)}'>{e(r.article)}</a></td><td>{r.sentences}</td>"
                   f"<td>{r.quoted}</td><td>{_share(r.quoted, r.sentences)}</td><td>{len(r.mentions)}</td></tr>"
                   for r in reports)
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>ockg coverage</title><style>"
             "body{font-family:sans-serif;max-width:60em;margin:auto}.q{background:#d7f5d7}"
             ".u{background:#fde2e2}td,th{padding:0 .6em;text-align:right}</style></head><body>",
             "<h1>Coverage of the article bodies</h1><p>Green: a claim quotes the sentence. Red: none does.</p>",
             "<table><tr><th>article</th><th>sentences</th><th>quoted</th><th>share</th><th>mentions</th></tr>"
             f"{rows}</table>"]
    for r in reports:
        parts.append(f"<h2 id='{e(r.article)}'>{e(r.article)}: {e(r.label)}</h2>")
        for p in r.paragraphs:
            body = " ".join(f"<span class='{'q' if s.quoted else 'u'}'>{e(s.text)}</span>" for s in p.sentences)
            parts.append(f"<p>¶{p.number} {body}</p>")
        if r.mentions:
            items = "".join(f"<li>¶{m.paragraph} <code>{e(m.entity)}</code> ({e(m.name)}): {e(m.sentence)}</li>"
                            for m in r.mentions)
            parts.append(f"<h3>Mentioned where no claim about them quotes</h3><ul>{items}</ul>")
    return "".join(parts) + "</body></html>\n"
