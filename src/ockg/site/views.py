"""What each page shows, as plain values for the templates: links, facts grouped by relation, claims.

A view never holds more than its own page: the site asks for one, renders it and lets it go.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, NamedNode

from ockg.names import OCKG, RDF, SKOS, curie
from ockg.site import links
from ockg.site.release import SINGLE_VALUED, Claim, Release, Term, kind, text

# relations an event's or a route's page shows first, in this order
FIRST = [OCKG[name] for name in ("date", "startDate", "endDate", "place", "agent", "target", "quantity", "value",
                                 "unit", "scope", "origin", "exitNode", "transit", "destination", "commodity")]
SHOWN_ELSEWHERE = {SKOS.prefLabel}  # the page's title
PICTURED_KINDS = {"person", "org", "place", "event", "route", "quantity", "commodity"}
PICTURED = 16
CENTRE, RADIUS = (320, 180), (230, 135)  # of the picture, in its 640 x 360 view box


@dataclass(frozen=True)
class Link:
    label: str
    href: str | None
    iri: str
    kind: str = ""


Value = Link | str


@dataclass(frozen=True)
class Neighbour:
    link: Link
    relation: str
    incoming: bool
    x: int
    y: int


@dataclass
class ClaimView:
    iri: str
    href: str | None
    quotes: list[str]
    articles: list[Link]
    by: str
    certainty: str
    contradicts: list[Link]
    notes: list[str]
    qualifiers: list[tuple[str, Value]]
    mapping: str
    subject: Value = ""
    predicate: Value = ""
    object: Value = ""


@dataclass
class Fact:
    other: Value
    claims: list[ClaimView] = field(default_factory=list)
    inferred: bool = False
    summary: str = ""

    @property
    def articles(self) -> int:
        return len({a.iri for c in self.claims for a in c.articles})


@dataclass
class Group:
    label: str
    predicate: Link
    incoming: bool
    facts: list[Fact] = field(default_factory=list)

    @property
    def conflict(self) -> bool:
        """Two articles give two values for a property that takes one: shown side by side."""
        stated = [f for f in self.facts if f.claims]
        return (not self.incoming and self.predicate.iri in {p.value for p in SINGLE_VALUED} and len(stated) > 1)


class Views:
    """Builds the views of one release's pages; page is the site path being written."""

    def __init__(self, release: Release) -> None:
        self.release = release

    def link(self, iri: str, page: str) -> Link:
        return Link(self.release.label(iri), links.href(iri, page), iri, kind(iri))

    def value(self, term: Term, page: str) -> Value:
        if isinstance(term, NamedNode):
            return self.link(term.value, page)
        if isinstance(term, BlankNode):
            return self.blank(term)
        return text(term)

    def blank(self, node: BlankNode, depth: int = 2) -> str:
        """An OWL class expression or list as one line of prefixed names: [owl:onProperty ockg:leads; ...]."""
        parts = []
        for q in self.release.quads_about(node):
            o = q.object
            shown = (self.blank(o, depth - 1) if isinstance(o, BlankNode) and depth else
                     curie(o) if isinstance(o, NamedNode) else str(o))
            parts.append(f"{curie(q.predicate)} {shown}")
        return "[" + "; ".join(parts) + "]"

    def claim(self, claim: Claim, page: str, with_triple: bool = False) -> ClaimView:
        view = ClaimView(
            claim.iri, links.href(claim.iri, page), [q.exact for q in claim.quotes],
            [self.link(a, page) for a in claim.articles],
            claim.by, claim.certainty, [self.link(other, page) for other in claim.contradicts], claim.notes,
            [(self.release.label(p.value), self.value(o, page)) for p, o in claim.qualifiers], claim.mapping)
        if with_triple:
            view.subject = self.value(claim.subject, page)
            view.predicate = self.link(claim.predicate.value, page)
            view.object = self.value(claim.object, page)
        return view

    def summary(self, term: Term) -> str:
        """One line for an event (date, place) or a quantity (value, unit) named by a fact."""
        if not isinstance(term, NamedNode) or kind(term.value) not in ("event", "quantity"):
            return ""
        release = self.release
        parts = [release.value(term, p) for p in (OCKG.date, OCKG.startDate, OCKG.value)]
        parts += [release.label(o.value) for p in (OCKG.unit, OCKG.place)
                  for o in release.objects(term, p) if isinstance(o, NamedNode)]
        return ", ".join(p for p in parts if p)

    def groups(self, node: NamedNode, claims: list[Claim], page: str) -> list[Group]:
        """Every fact about node by relation, outgoing then incoming, each with its claims."""
        groups: dict[tuple[bool, NamedNode], Group] = {}
        facts: dict[tuple[bool, NamedNode, Term], Fact] = {}

        def fact(incoming: bool, p: NamedNode, other: Term) -> Fact:
            key = (incoming, p, other)
            found = facts.get(key)
            if found is None:
                group = groups.get((incoming, p))
                if group is None:
                    group = groups[(incoming, p)] = Group(self.release.label(p.value), self.link(p.value, page),
                                                          incoming)
                found = facts[key] = Fact(self.value(other, page), summary=self.summary(other))
                group.facts.append(found)
            return found

        for (p, o), inferred in self.release.outgoing(node).items():
            if p not in SHOWN_ELSEWHERE:
                fact(False, p, o).inferred = inferred
        for (p, s), inferred in self.release.incoming(node).items():
            fact(True, p, s).inferred = inferred
        for claim in claims:
            if claim.subject == node:
                fact(False, claim.predicate, claim.object).claims.append(self.claim(claim, page))
            if claim.object == node:
                fact(True, claim.predicate, claim.subject).claims.append(self.claim(claim, page))
        return sorted(groups.values(), key=_group_order)

    @staticmethod
    def picture(node: NamedNode, groups: Iterable[Group]) -> list[Neighbour]:
        """The neighbours the page's picture draws on a circle around the entity, at most PICTURED."""
        found: dict[str, tuple[Link, str, bool]] = {}
        for group in groups:
            for f in group.facts:
                other = f.other
                if isinstance(other, Link) and other.kind in PICTURED_KINDS and other.iri != node.value:
                    found.setdefault(other.iri, (other, group.label, group.incoming))
        shown = list(found.values())[:PICTURED]
        return [Neighbour(link, relation, incoming,
                          round(CENTRE[0] + RADIUS[0] * math.cos(2 * math.pi * i / len(shown) - math.pi / 2)),
                          round(CENTRE[1] + RADIUS[1] * math.sin(2 * math.pi * i / len(shown) - math.pi / 2)))
                for i, (link, relation, incoming) in enumerate(shown)]


def _group_order(group: Group) -> tuple[bool, int, str]:
    iri = NamedNode(group.predicate.iri)
    rank = FIRST.index(iri) if iri in FIRST else len(FIRST) + (iri == RDF.type)
    return group.incoming, rank, group.label

