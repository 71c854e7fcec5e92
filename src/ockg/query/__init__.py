"""Stage 5, `ockg queries`, `ockg query`, `ockg load`: saved SPARQL queries, embedded or remote.

Takes dist/ockg.trig (or a SPARQL endpoint) and queries/*.rq with their parameters.
Gives tables, CSV or JSON of the answers; `load` puts dist/ into a triplestore.
"""

from __future__ import annotations

import argparse
import json
import os
import pydoc
import shutil
import sys
import textwrap
from pathlib import Path

from ockg import results
from ockg.config import Paths, seconds
from ockg.errors import InputError, Location
from ockg.query import endpoint, load, resolve, saved, source

RELEASE = "ockg.trig"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("queries", help="list the saved SPARQL queries in queries/",
                       description="List the saved queries: name, summary and params "
                       "(name<type>=default; ! marks a required param, ? an optional one).")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_list)

    p = sub.add_parser("query", help="run a saved SPARQL query, embedded or on an endpoint", add_help=False,
                       description="Run a saved query (queries/NAME.rq) or a query file. By default it runs "
                       "on an embedded Oxigraph store holding dist/ockg.trig, over the asserted graphs (every "
                       "article's and the ontology's); --endpoint sends the same query to any SPARQL 1.1 endpoint. "
                       "`ockg query NAME --help` lists NAME's params.")
    p.add_argument("query", metavar="NAME|FILE", nargs="?",
                   help="a saved query name (see `ockg queries`) or a .rq file")
    p.add_argument("-h", "--help", action="store_true", help="show this help, or with NAME the query's params")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a param value, bound as a typed RDF term; an IRI param takes a name (Caracol), an IRI "
                   "or a prefixed name (person:gerson-galvez-calle); repeat for several params")
    p.add_argument("--inferred", action="store_true",
                   help="also read the reasoner's graph <https://w3id.org/ockg/graph/inferred>")
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N rows")
    p.add_argument("--format", choices=("table", *results.FORMATS), default="table",
                   help="table (wrapped to the terminal width), or the SPARQL 1.1 JSON, CSV or TSV results format")
    p.add_argument("--no-pager", action="store_true",
                   help="print the table even when it is taller than the terminal (by default it is shown "
                   "through $PAGER, or less -R, as git does; never when the output is piped or not a table)")
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to run the query on")
    p.add_argument("--timeout", type=seconds, default=endpoint.TIMEOUT, metavar="SECONDS",
                   help="how long to wait for the endpoint (default %(default)s)")
    p.set_defaults(run=_query, parser=p, standalone=_standalone)

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
    p.add_argument("--timeout", type=seconds, default=endpoint.TIMEOUT, metavar="SECONDS",
                   help="how long to wait for each request (default %(default)s)")
    p.set_defaults(run=_load)


def _list(args: argparse.Namespace, paths: Paths) -> int:
    queries = saved.saved_queries(paths.root, paths.shown)
    if args.format == "json":
        listing = [{"name": q.name, "file": q.shown, "summary": q.summary, "description": q.description,
                    "tags": list(q.tags),
                    "params": [{"name": p.name, "type": p.type, "default": p.shown_default(), "required": p.required,
                                "example": p.example, "description": p.description, "variable": p.variable}
                               for p in q.params]}
                   for q in queries]
        print(json.dumps(listing, indent=1, ensure_ascii=False))
    else:
        print(results.table(["name", "summary", "params"],
                            [[q.name, q.summary, " ".join(p.usage() for p in q.params)] for q in queries]), end="")
    return 0


def _standalone(args: argparse.Namespace) -> bool:
    """A query file is all `ockg query` needs (a saved query's name needs the project's queries/)."""
    return bool(args.query) and Path(args.query).is_file()


def _query(args: argparse.Namespace, paths: Paths) -> int:
    if args.query is None:
        if args.help:
            args.parser.print_help()
            return 0
        raise InputError.at(None, "ockg query needs a NAME or FILE (see `ockg queries`)")
    chosen = saved.resolve(args.query, paths.root, paths.shown)
    if args.help:
        print(_help(chosen), end="")
        return 0
    if not chosen.form:
        raise InputError.at(Location(chosen.shown), "is not a SPARQL query: it has no SELECT, ASK, CONSTRUCT or "
                            "DESCRIBE")
    if chosen.form not in {"SELECT", "ASK"}:
        raise InputError.at(Location(chosen.shown), f"ockg query runs SELECT and ASK queries, not {chosen.form}")
    values = chosen.values(_params(args.param))
    where: source.Source
    if args.endpoint:
        where = source.Remote.open(args.endpoint, args.timeout, args.inferred)
    else:
        where = source.Embedded.open(paths.dist / RELEASE, paths.shown(paths.dist / RELEASE), args.inferred)
    names = resolve.Resolver(where.select)
    terms = {p: names.term(p, text) if p.type == "iri" else saved.term_of(p, text) for p, text in values.items()}
    data = where.select(chosen.substitute(terms, args.limit), chosen.form, chosen.shown)
    shown = results.render(data, args.format)
    pager = None if args.format != "table" or args.no_pager else _pager(shown)
    if pager is None:
        sys.stdout.buffer.write(shown)
    else:
        sys.stdout.flush()
        pydoc.pipepager(shown.decode("utf-8"), pager)
    return 0


def _pager(shown: bytes) -> str | None:
    """The pager command for a table, as git chooses it: $PAGER (empty or `cat`: none), else
    `less -R`; None unless stdout is a terminal that the table is taller than."""
    if not sys.stdout.isatty() or shown.count(b"\n") <= shutil.get_terminal_size().lines:
        return None
    command = os.environ.get("PAGER")
    if command is None:
        return "less -R" if shutil.which("less") else None
    return None if command.strip() in {"", "cat"} else command


def _help(query: saved.SavedQuery) -> str:
    """A saved query's summary, description and params, for `ockg query NAME --help`."""
    lines = [f"usage: ockg query {query.name} [--param NAME=VALUE ...] [--inferred] [--limit N] [--format FORMAT] "
             "[--no-pager] [--endpoint URL]", "", query.summary, "", *textwrap.wrap(query.description, 100), "",
             "params:"]
    if not query.params:
        lines.append("  (none)")
    for param in query.params:
        need = (f"default {param.shown_default()}" if param.default is not None
                else "required" if param.required else "optional")
        example = f"; e.g. {param.example}" if param.example else ""
        lines.append(f"  {param.name} <{param.type}>, {need}{example}")
        lines += textwrap.wrap(param.description, 96, initial_indent="      ", subsequent_indent="      ")
    return "\n".join(lines) + "\n"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive integer")
    return int(text)


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
