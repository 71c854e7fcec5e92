"""Talking to a remote triplestore: SPARQL 1.1 queries through SPARQLWrapper, and Graph Store
Protocol uploads. Every failure becomes one InputError line naming the URL, never a traceback.
"""

from __future__ import annotations

import ast
import base64
import http.client
import math
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryBoolean, QueryResultsFormat, parse_query_results
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ockg.errors import InputError

TIMEOUT = 120.0  # seconds
_UNSAFE = re.compile(r"[\x00-\x20\x7f]")  # never valid in a URL; http.client would refuse them mid-request


@dataclass(frozen=True)
class Auth:
    user: str
    password: str
    digest: bool = False


def check_url(url: str, what: str) -> str:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (read for its check: a port out of range raises)
    except ValueError as exc:
        raise InputError.at(None, f"{what} {url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname or _UNSAFE.search(url):
        raise InputError.at(None, f"{what} {url!r} is not an http(s) URL")
    return url


def select(url: str, query: str, auth: Auth | None = None, timeout: float = TIMEOUT, form: str = "SELECT",
           graphs: Sequence[str] = ()) -> bytes:
    """The endpoint's SPARQL JSON results for a SELECT or ASK query (POSTed: saved queries are long),
    over the given graphs as the default graph (default-graph-uri), or over the store's default."""
    client = SPARQLWrapper(check_url(url, "endpoint"))
    client.setQuery(query)
    for graph in graphs:
        client.addDefaultGraph(graph)
    # SPARQLWrapper guesses the form with a regex that reads comments: "load" in a header line
    # made it send a query as an update. The caller knows the form.
    client.queryType = form
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setOnlyConneg(True)  # no format=json parameters: some stores refuse parameters they do not know
    client.setTimeout(math.ceil(timeout))  # whole seconds: 0.5 must not become 0, which is no limit
    if auth:
        client.setCredentials(auth.user, auth.password)
        client.setHTTPAuth(DIGEST if auth.digest else BASIC)
    try:
        data: bytes = client.query().response.read()
    except SPARQLWrapperException as exc:
        raise InputError.at(None, f"endpoint {url} refused the query: {_wrapper_detail(exc)}") from None
    except urllib.error.HTTPError as exc:
        raise InputError.at(None, f"endpoint {url} answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        raise InputError.at(None, f"cannot reach endpoint {url}: {_reason(exc)}") from None
    _check_answer(url, data, form)
    return data


def _check_answer(url: str, data: bytes, form: str) -> None:
    """Read the whole answer once: SPARQL JSON results of the query's form, or bad input (exit 2).

    A store that answers a SELECT with a boolean, or sends broken JSON, must not pass for an answer.
    """
    try:
        answer = parse_query_results(data, QueryResultsFormat.JSON)
        rows = None if isinstance(answer, QueryBoolean) else sum(1 for _ in answer)
    except SyntaxError as exc:
        raise InputError.at(None, f"endpoint {url} sent results that are not SPARQL JSON: "
                            f"{' '.join(str(exc).split())[:200]}") from None
    if (rows is None) != (form == "ASK"):
        got = "a boolean" if rows is None else "rows"
        raise InputError.at(None, f"endpoint {url} answered a {form} query with {got}")


def graph_store_url(endpoint: str, authenticated: bool) -> str:
    """The Graph Store Protocol URL beside a query endpoint, for the stores whose layout is known.

    Oxigraph /query -> /store; Virtuoso /sparql -> /sparql-graph-crud(-auth); Fuseki /DS/sparql or
    /DS/query -> /DS/data; GraphDB and RDF4J /repositories/ID -> /repositories/ID/rdf-graphs/service.
    """
    parts = urllib.parse.urlsplit(check_url(endpoint, "endpoint"))
    steps = parts.path.rstrip("/").split("/")
    if steps == ["", "query"]:
        path = "/store"
    elif steps == ["", "sparql"]:
        path = "/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud"
    elif len(steps) == 3 and steps[2] in {"sparql", "query"}:
        path = f"/{steps[1]}/data"
    elif len(steps) == 3 and steps[1] == "repositories":
        path = parts.path.rstrip("/") + "/rdf-graphs/service"
    else:
        raise InputError.at(None, f"cannot tell the Graph Store Protocol URL of endpoint {endpoint}: give --gsp URL")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def put_graph(gsp: str, graph: str | None, ntriples: bytes, auth: Auth | None = None,
              timeout: float = TIMEOUT) -> None:
    """Replace one graph (None: the default graph) with the N-Triples given, by HTTP PUT."""
    target = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    url = f"{check_url(gsp, 'Graph Store Protocol URL')}{'&' if '?' in gsp else '?'}{target}"
    request = urllib.request.Request(url, data=ntriples, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        if auth:
            _authorize(request, auth, timeout)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = "check --user, --password and --digest" if exc.code == 401 else _first_line(exc.read())
        raise InputError.at(None, f"{gsp} refused graph {graph or 'default'}: {exc.code} {exc.reason}"
                            + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        raise InputError.at(None, f"cannot reach {gsp}: {_reason(exc)}") from None


def _authorize(request: urllib.request.Request, auth: Auth, timeout: float) -> None:
    """Credentials on the request before its body goes out.

    urllib answers a 401 by sending the request again, but a server that refuses a large body
    may close the connection while it is still being written (Virtuoso does), so for digest the
    challenge is fetched, and the credentials tried, with bodyless HEAD requests, as curl does.
    """
    if not auth.digest:
        token = base64.b64encode(f"{auth.user}:{auth.password}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
        return
    refusal = _head(urllib.request.Request(request.full_url, method="HEAD"), timeout)
    scheme, _, challenge = (refusal.headers.get("WWW-Authenticate") or "").partition(" ") if refusal else ("", "", "")
    if refusal is None or refusal.code != 401 or scheme.lower() != "digest":
        return  # nothing to answer: the PUT itself will say what is wrong, if anything
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, request.full_url, auth.user, auth.password)
    digest = urllib.request.HTTPDigestAuthHandler(passwords)
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge))
    probe = urllib.request.Request(request.full_url, method="HEAD")
    for attempt in (probe, request):
        answer = digest.get_authorization(attempt, fields)
        if answer is None:
            return  # an algorithm urllib cannot answer: the PUT will be refused with a 401
        attempt.add_header("Authorization", f"Digest {answer}")
    refusal = _head(probe, timeout)
    if refusal is not None and refusal.code == 401:
        raise refusal  # wrong credentials, found before any data is sent


def _head(request: urllib.request.Request, timeout: float) -> urllib.error.HTTPError | None:
    """The error a HEAD request gets, or None when it succeeds."""
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError as exc:
        return exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, str):
        exc = exc.reason if isinstance(exc.reason, Exception) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "no answer in time"
    return getattr(exc, "strerror", None) or str(exc)


def _wrapper_detail(exc: SPARQLWrapperException) -> str:
    """SPARQLWrapper keeps the server's answer only inside its message, as a bytes repr."""
    _, _, body = str(exc).partition("Response:\n")
    try:
        detail = _first_line(ast.literal_eval(body)) if body else ""
    except (ValueError, SyntaxError):
        detail = ""
    return f"{exc.msg}: {detail}" if detail else exc.msg


def _first_line(body: bytes | str | None) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200] if lines else ""
