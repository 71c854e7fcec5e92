"""Stage 6, `ockg site` and `ockg serve`: the release on the web.

Takes dist/ (ockg.trig, void.ttl and the other release files), queries/*.rq, w3id/.htaccess and the
network view's graph library (node_modules/, from `npm ci`).
Gives dist/site/: a static site laid out as the IRIs (id/..., def/...), each entity, article, claim
and term as HTML, Turtle and JSON-LD; `serve` serves it with the w3id rules' content negotiation and
a read-only SPARQL endpoint over the release.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.query.saved import saved_queries
from ockg.release.assemble import republish
from ockg.site.pages import Site, Written
from ockg.site.release import Release
from ockg.site.serve import serve

GRAPH_LIBRARY = Path("node_modules", "cytoscape", "dist", "cytoscape.min.js")
RULES = Path("w3id", ".htaccess")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("site", help="write dist/site/, the release as a static Linked Data site",
                       description="Write dist/site/: a home page, a page per entity, article, claim, ontology "
                       "term and saved query, and the network view, laid out as the IRIs so that it can be "
                       "published behind https://w3id.org/ockg/ unchanged (rules in w3id/.htaccess).")
    p.set_defaults(run=_site)
    p = sub.add_parser("serve", help="serve dist/site/ with content negotiation and a SPARQL endpoint",
                       description="Serve dist/site/ as w3id.org would (303 from an identifier to its HTML, "
                       "Turtle or JSON-LD by the Accept header) and the release read-only at /sparql/ "
                       "(the oxigraph server: query editor, and the SPARQL 1.1 endpoint /sparql/query).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default %(default)s; 0 picks a free one)")
    p.set_defaults(run=_serve)


def _site(args: argparse.Namespace, paths: Paths) -> int:
    library = paths.root / GRAPH_LIBRARY
    if not library.is_file():
        raise InputError.at(Location(paths.shown(library)), "missing: run `npm ci` (the network view's graph "
                            "library, pinned in package-lock.json)")
    queries = saved_queries(paths.root, paths.shown)
    written = Written()
    started = time.monotonic()

    def write(release: Path) -> None:
        site = Site(Release.load(release / "ockg.trig"), Release.load(release / "void.ttl"), release,
                    release / "site", queries, library)
        written.pages.update(site.write().pages)

    republish(paths, "site", write)
    print(f"wrote {paths.shown(paths.dist)}/site/ in {time.monotonic() - started:.1f} s: {written}")
    return 0


def _serve(args: argparse.Namespace, paths: Paths) -> int:
    serve(paths.dist / "site", paths.dist / "ockg.trig", paths.root / RULES, paths.shown(paths.dist / "site"),
          args.host, args.port)
    return 0
