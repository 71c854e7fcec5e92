"""`ockg site`: the release as a static site laid out as its IRIs, one page at a time.

Pages are made one at a time: each view is read from the release by index look-ups, rendered by
its Jinja2 template into its file, with its Turtle and JSON-LD documents beside it, and dropped.
What grows with the dataset is the store, the labels looked up (bounded) and the network view's data.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

from ockg import serialize
from ockg.names import DCAT, DCTERMS, DEF, ID, OCKG, OWL, RDF, SKOS, VOID
from ockg.query.saved import SavedQuery
from ockg.release.assemble import link_file
from ockg.site import documents, links
from ockg.site.network import network
from ockg.site.release import PAGE_KINDS, Claim, Release, text
from ockg.site.views import Link, Views

LISTED_KINDS = ("person", "org", "place", "event", "route", "quantity", "article")
RELEASE_FILES = ("ockg.trig", "ockg.nq", "ockg.ttl", "ockg.nt", "ockg.jsonld", "ontology.ttl", "inferred.ttl",
                 "void.ttl")
TERM_SECTIONS = (("classes", OWL.Class.value), ("relations (object properties)", OWL.ObjectProperty.value),
                 ("attributes (datatype properties)", OWL.DatatypeProperty.value),
                 ("annotation properties", OWL.AnnotationProperty.value))
SHOWN_ROWS = 100  # rows of a saved query's result a page shows
PACKAGE = Path(__file__).parent


@dataclass
class Written:
    """What a site build wrote, by kind of page."""

    pages: dict[str, int] = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.pages[what] = self.pages.get(what, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in self.pages.items())


class Site:
    def __init__(self, release: Release, void: Release, dist: Path, out: Path, queries: list[SavedQuery],
                 script: Path) -> None:
        self.release, self.void, self.dist, self.out = release, void, dist, out
        self.queries, self.script = queries, script
        self.context = serialize.JsonLdContext(json.loads((dist / "context.jsonld").read_text(encoding="utf-8")))
        self.views = Views(release)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined)
        self.written = Written()

    def write(self) -> Written:
        self.out.mkdir(parents=True, exist_ok=True)
        self._static()
        files = self._release_files()
        for iri in self.release.individuals():
            self._entity(iri)
        for article in self.release.articles():
            self._article(article)
        self._terms()
        self._lists()
        self._queries()
        self._network()
        self._dataset(files)
        self._home(files)
        self._page("sparql/index.html", "sparql.html", "sparql", title="SPARQL endpoint")
        return self.written

    # --- one page ------------------------------------------------------------------------------
    def _page(self, path: str, template: str, what: str, **context: Any) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = self.env.get_template(template).render(root=links.root(path), page=path, **context)
        target.write_text(text, encoding="utf-8", newline="\n")
        self.written.add(what)

    def _described(self, path: str, template: str, what: str, doc: documents.Document, **context: Any) -> None:
        """A page with its .ttl and .jsonld beside it, its JSON-LD embedded."""
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        jsonld = doc.write(target.with_suffix(""), self.context)
        stem = posixpath.basename(path).removesuffix(".html")
        self._page(path, template, what, jsonld=jsonld.replace("</", "<\\/"), stem=stem, **context)

    # --- the kinds of page ---------------------------------------------------------------------
    def _entity(self, iri: str) -> None:
        node = NamedNode(iri)
        page = f"{links.document(iri)}.html"
        claims = self.release.claims_about(node)
        groups = self.views.groups(node, claims, page)
        self._described(page, "entity.html", "entity", documents.entity(self.release, node, claims),
                        iri=iri, title=self.release.label(iri),
                        types=[self.views.link(t, page) for t in self.release.types(node)],
                        aliases=[text(a) for a in self.release.objects(node, OCKG.alias)],
                        groups=groups, picture=self.views.picture(node, groups),
                        articles=len({a for c in claims for a in c.articles}))

    def _article(self, iri: str) -> None:
        node = NamedNode(iri)
        page = f"{links.document(iri)}.html"
        claims = sorted((self.release.claim(c) for c in self.release.claims_of_article(iri)),
                        key=lambda c: (c.start, c.iri))
        entry = [(self.release.label(p.value), self.views.value(o, page))
                 for (p, o) in self.release.outgoing(node) if p not in (RDF.type, SKOS.prefLabel)]
        doc = documents.Document()
        doc.add(self.release.store.quads_for_pattern(node, None, None))
        doc.add(documents.claims(self.release, claims))
        self._described(page, "article.html", "article", doc, iri=iri, title=self.release.label(iri),
                        entry=sorted(entry, key=lambda e: e[0]),
                        claims=[self.views.claim(c, page, with_triple=True) for c in claims])
        for claim in claims:
            if claim.articles[0] == iri:  # a claim drawn from two articles gets its page once, with its first
                self._claim(claim)

    def _claim(self, claim: Claim) -> None:
        """A claim's own page, written with its article's, which has read it already."""
        iri = claim.iri
        page = f"{links.document(iri)}.html"
        view = self.views.claim(claim, page, with_triple=True)
        self._described(page, "claim.html", "claim", documents.claim(self.release, claim), iri=iri,
                        title=f"Claim {iri.rsplit('/', 1)[1]}", claim=view)

    def _terms(self) -> None:
        terms = self.release.terms()
        for iri in terms:
            node = NamedNode(iri)
            page = f"{links.document(iri)}.html"
            groups = self.views.groups(node, [], page)
            self._described(page, "term.html", "term", documents.ontology_term(self.release, node), iri=iri,
                            title=self.release.label(iri), groups=groups,
                            types=[self.views.link(t, page) for t in self.release.types(node)],
                            definition=self.release.value(node, SKOS.definition))
        doc = documents.Document()
        doc.add(documents.described(self.release, NamedNode(DEF)))
        page = "def/index.html"
        sections: dict[str, list[Link]] = {}
        for iri in terms:
            declared = set(self.release.types(NamedNode(iri)))
            section = next((name for name, declaration in TERM_SECTIONS if declaration in declared), "other terms")
            sections.setdefault(section, []).append(self.views.link(iri, page))
        self._described(page, "ontology.html", "ontology", doc, iri=DEF, title=self.release.label(DEF),
                        description=self.release.value(NamedNode(DEF), DCTERMS.description),
                        sections=[(name, sorted(sections[name], key=lambda link: link.label.lower()))
                                  for name in [*(n for n, _ in TERM_SECTIONS), "other terms"] if name in sections])

    def _lists(self) -> None:
        for listed in LISTED_KINDS:
            page = f"id/{listed}/index.html"
            iris = self.release.articles() if listed == "article" else self.release.individuals((listed,))
            members = sorted((self.views.link(i, page) for i in iris if "/" in i[len(ID):]),
                             key=lambda link: (link.label.lower(), link.iri))
            self._page(page, "list.html", "list", title=f"{listed} ({len(members)})", members=members)

    def _queries(self) -> None:
        for saved in self.queries:
            page = f"queries/{saved.name}.html"
            shutil.copyfile(saved.path, self.out / "queries" / f"{saved.name}.rq")
            header, rows, total = self._run(saved, page)
            self._page(page, "query.html", "query", title=saved.summary or saved.name, saved=saved,
                       bound=saved.examples(), header=header, rows=rows, total=total)
        self._page("queries/index.html", "queries.html", "list", title="Saved queries", queries=self.queries)

    def _run(self, saved: SavedQuery, page: str) -> tuple[list[str], list[list[Any]], int]:
        """The query's header and first rows on the release, with its default or example params."""
        results = self.release.store.query(saved.bind(saved.examples()), use_default_graph_as_union=True)
        if isinstance(results, QueryBoolean):
            return ["answer"], [["yes" if results else "no"]], 1
        assert isinstance(results, QuerySolutions)
        header = [v.value for v in results.variables]
        rows, total = [], 0
        for solution in results:
            total += 1
            if total <= SHOWN_ROWS:
                rows.append([None if solution[h] is None else self.views.value(solution[h], page)
                             for h in header])
        return header, rows, total

    def _network(self) -> None:
        data = network(self.release, "network.html")
        self._page("network.html", "network.html", "network", title="Network",
                   data=json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"),
                   relations=data["relations"], certainties=data["certainties"],
                   nodes=len(data["nodes"]), edges=len(data["edges"]))

    def _dataset(self, files: list[dict[str, Any]]) -> None:
        node = NamedNode(links.DATASET)
        page = "dataset.html"
        doc = documents.Document()
        doc.add(self.void.store.quads_for_pattern(None, None, None))
        void = self.void
        partitions = sorted(((void.label(c), n) for c, n in self._classes().items()), key=lambda p: -p[1])
        self._described(page, "dataset.html", "dataset", doc, iri=links.DATASET, title=void.value(node, DCTERMS.title),
                        description=void.value(node, DCTERMS.description), licence=void.value(node, DCTERMS.license),
                        version=void.value(node, DCAT.version),
                        counts=self._counts, classes=partitions, files=files)

    def _home(self, files: list[dict[str, Any]]) -> None:
        node = NamedNode(links.DATASET)
        schemes = [self.views.link(i, "index.html") for i in self.release.individuals(PAGE_KINDS)
                   if "/" not in i[len(ID):]]
        self._page("index.html", "home.html", "home", title=self.void.value(node, DCTERMS.title),
                   description=self.void.value(node, DCTERMS.description),
                   licence=self.void.value(node, DCTERMS.license), counts=self._counts, files=files,
                   kinds=LISTED_KINDS, schemes=schemes, queries=self.queries)

    @cached_property
    def _counts(self) -> list[tuple[str, int]]:
        """Triples (from the VoID), then individuals by kind and claims (from the release)."""
        triples = int(self.void.value(NamedNode(links.DATASET), VOID.triples) or 0)
        kinds = [(listed, len(self.release.articles() if listed == "article" else self.release.individuals((listed,))))
                 for listed in LISTED_KINDS]
        return [("triples", triples), *kinds, ("claim", sum(1 for _ in self.release.claim_iris()))]

    def _classes(self) -> dict[str, int]:
        """The VoID's class partitions: entities per class."""
        void = self.void
        return {text(c): int(text(n)) for part in void.objects(NamedNode(links.DATASET), VOID.classPartition)
                if isinstance(part, NamedNode)
                for c in void.objects(part, VOID["class"]) for n in void.objects(part, VOID.entities)}

    # --- files ---------------------------------------------------------------------------------
    def _static(self) -> None:
        static = self.out / "static"
        static.mkdir(parents=True, exist_ok=True)
        for source in sorted((PACKAGE / "static").iterdir()):
            shutil.copyfile(source, static / source.name)
        shutil.copyfile(self.script, static / self.script.name)
        (self.out / "queries").mkdir(exist_ok=True)

    def _release_files(self) -> list[dict[str, Any]]:
        """The release files under release/ (hard links where the file system allows), with checksums."""
        folder = self.out / "release"
        folder.mkdir(exist_ok=True)
        found = []
        for name in RELEASE_FILES:
            source = self.dist / name
            if not source.is_file():
                continue
            link_file(source, folder / name)
            found.append({"name": name, "bytes": source.stat().st_size, "sha256": _sha256(source)})
        return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

