"""Stage 5, `ockg queries`, `ockg query`, `ockg load`: saved SPARQL queries, embedded or remote.

Takes dist/ockg.trig (or a SPARQL endpoint) and queries/*.rq with their parameters.
Gives tables, CSV or JSON of the answers; `load` puts dist/ into a triplestore.
"""

from __future__ import annotations

import argparse
import json
import sys

from pyoxigraph import QueryResultsFormat, QueryTriples

from ockg import results
from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.query import endpoint, load, saved
from ockg.store import load_files

RELEASE = "ockg.trig"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("queries", help="list the saved SPARQL queries in queries/",
                       description="List the saved queries: name, summary and params "
                       "(name<type>=default; ! marks a required param, ? an optional one).")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_list)

    p = sub.add_parser("query", help="run a saved SPARQL query, embedded or on an endpoint",
                       description="Run a saved query (queries/NAME.rq) or a query file. By default it runs "
                       "on an embedded Oxigraph store holding dist/ockg.trig, its default graph the union of "
                       "all graphs; --endpoint sends the same query to any SPARQL 1.1 endpoint.")
    p.add_argument("query", metavar="NAME|FILE", help="a saved query name (see `ockg queries`) or a .rq file")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a param value, bound as a typed RDF term; IRIs may use the project prefixes "
                   "(person:gerson-galvez-calle); repeat for several params")
    p.add_argument("--format", choices=("table", *results.FORMATS), default="table",
                   help="table (cells cut at 70 characters), or the SPARQL 1.1 JSON, CSV or TSV results format")
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to run the query on")
    p.add_argument("--timeout", type=float, default=endpoint.TIMEOUT, metavar="SECONDS",
                   help="how long to wait for the endpoint (default %(default)s)")
    p.set_defaults(run=_query)

    p = sub.add_parser("load", help="upload dist/ to a triplestore by the Graph Store Protocol",
                       description="PUT every named graph of dist/ockg.trig to a store's SPARQL 1.1 Graph Store "
                       "Protocol service (replacing what the graph held), then check through the query endpoint "
                       "that each graph holds as many triples as were sent.")
    p.add_argument("--endpoint", metavar="URL", required=True, help="the store's SPARQL query endpoint")
    p.add_argument("--gsp", metavar="URL", help="the Graph Store Protocol URL (default: derived from the "
                   "endpoint for Oxigraph, Virtuoso, Fuseki and GraphDB)")
    p.add_argument("--user", help="user name for HTTP authentication")
    p.add_argument("--password", help="password for HTTP authentication")
    p.add_argument("--digest", action="store_true", help="use HTTP digest authentication (Virtuoso) instead of basic")
    p.add_argument("--timeout", type=float, default=endpoint.TIMEOUT, metavar="SECONDS",
                   help="how long to wait for each request (default %(default)s)")
    p.set_defaults(run=_load)


def _list(args: argparse.Namespace, paths: Paths) -> int:
    queries = saved.saved_queries(paths.root, paths.shown)
    if args.format == "json":
        listing = [{"name": q.name, "file": q.shown, "summary": q.summary, "description": q.description,
                    "tags": list(q.tags),
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                                "example": p.example, "description": p.description} for p in q.params]}
                   for q in queries]
        print(json.dumps(listing, indent=1, ensure_ascii=False))
    else:
        print(results.table(["name", "summary", "params"],
                            [[q.name, q.summary, " ".join(p.usage() for p in q.params)] for q in queries]), end="")
    return 0


def _query(args: argparse.Namespace, paths: Paths) -> int:
    chosen = saved.resolve(args.query, paths.root, paths.shown)
    if chosen.form not in {"SELECT", "ASK"}:
        raise InputError.at(Location(chosen.shown), f"ockg query runs SELECT and ASK queries, not {chosen.form}")
    text = chosen.bind(_params(args.param))
    if args.endpoint:
        data = endpoint.select(args.endpoint, text, timeout=args.timeout, form=chosen.form)
    else:
        data = embedded(paths, text, chosen.shown)
    sys.stdout.buffer.write(results.render(data, args.format))
    return 0


def embedded(paths: Paths, text: str, shown: str) -> bytes:
    """SPARQL JSON results of the query on dist/ockg.trig, the default graph being the union."""
    store = load_files([paths.dist / RELEASE])
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise InputError.at(Location(shown), f"SPARQL syntax error: {exc}") from None
    if isinstance(solutions, QueryTriples):
        raise InputError.at(Location(shown), "ockg query runs SELECT and ASK queries only")
    return solutions.serialize(format=QueryResultsFormat.JSON) or b""


def _params(given: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in given:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError.at(None, f"--param '{item}' must be NAME=VALUE")
        if name in values:
            raise InputError.at(None, f"--param {name} is given twice")
        values[name] = value
    return values


def _load(args: argparse.Namespace, paths: Paths) -> int:
    if (args.user is None) != (args.password is None) or (args.digest and args.user is None):
        raise InputError.at(None, "--user and --password go together (and --digest needs them)")
    auth = endpoint.Auth(args.user, args.password, args.digest) if args.user is not None else None
    gsp = args.gsp or endpoint.graph_store_url(args.endpoint, auth is not None)
    loaded = load.load(paths.dist / RELEASE, args.endpoint, gsp, auth, args.timeout)
    print(f"loaded {loaded.graphs} graphs ({loaded.triples} triples) into {gsp}; "
          f"{args.endpoint} counts the same triples in each graph")
    return 0
