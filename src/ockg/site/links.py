"""Where each IRI's page lies in the site, which is laid out as the IRIs are.

https://w3id.org/ockg/id/person/x is the page id/person/x (.html, .ttl, .jsonld beside each other),
https://w3id.org/ockg/def/leads is def/leads, the ontology https://w3id.org/ockg/def/ is def/index,
the dataset and its VoID partitions are dataset. Quotes and selectors have no page of their own:
their IRIs name their article (quote/ARTICLE-START-END), whose page lists them, as the w3id rules say.
"""

from __future__ import annotations

import re

from ockg.names import BASE, DEF, ID

_QUOTE = re.compile(r"(?:quote|selector)/(.+)-[0-9]+-[0-9]+(?:-exact|-position)?")
_INDIVIDUAL = re.compile(r"[a-z]+(?:/[A-Za-z0-9_-]+)?")
_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
DATASET = BASE + "dataset"


def document(iri: str) -> str | None:
    """The site path of iri's page without its extension, or None when the site has none for it."""
    if iri.startswith(ID):
        local = iri[len(ID):]
        quote = _QUOTE.fullmatch(local)
        if quote:
            return f"id/article/{quote.group(1)}"
        return f"id/{local}" if _INDIVIDUAL.fullmatch(local) else None
    if iri == DEF:
        return "def/index"
    if iri.startswith(DEF):
        local = iri[len(DEF):]
        return f"def/{local}" if _TERM.fullmatch(local) else None
    if iri == DATASET or iri.startswith(DATASET + "/"):
        return "dataset"
    return None


def relative(target: str, page: str) -> str:
    """The link from the page at site path `page` (id/person/x.html) to the site path target (id/org/y.html:
    ../org/y.html). Worked out on the strings: posixpath.relpath asks the file system for the cwd each time."""
    here, there = page.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def root(page: str) -> str:
    """The link from page to the site's root folder: "" at the top, "../" one folder down, and so on."""
    return "../" * page.count("/")


def href(iri: str, page: str) -> str | None:
    """Where a link to iri goes from page: its page in the site, the IRI itself outside the
    project's namespace, or None for a project IRI the site has no page for (a graph name)."""
    found = document(iri)
    if found is not None:
        return relative(found + ".html", page)
    if iri.startswith(BASE) or not iri.startswith(("http://", "https://")):
        return None
    return iri
