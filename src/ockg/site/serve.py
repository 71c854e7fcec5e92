"""`ockg serve`: dist/site/ over HTTP with the w3id rules' content negotiation, and the release as a
read-only SPARQL endpoint (the `oxigraph` server) under /sparql/.

The site is static; what a static host cannot do is done here as w3id.org does it: an identifier's
path answers 303 with its HTML, Turtle or JSON-LD page, chosen by the Accept header, from the rules
of w3id/.htaccess themselves. /sparql/ is passed to the Oxigraph server, whose page there is its
query editor and /sparql/query its SPARQL 1.1 endpoint, so both share the site's address.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ockg.errors import InputError, Location
from ockg.site import rewrite

SPARQL = "/sparql/"
TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".trig": "application/trig",
         ".nt": "application/n-triples", ".nq": "application/n-quads", ".rq": "application/sparql-query",
         ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css"}
PASSED_HEADERS = ("Accept", "Content-Type")


class Handler(SimpleHTTPRequestHandler):
    """Static files from the site folder, the w3id redirects, and /sparql/ passed to the endpoint."""

    rules: list[rewrite.Rule]
    base: str  # where the rules send the site's root: the published site, here "/"
    endpoint: str

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return TYPES.get(Path(path).suffix) or super().guess_type(path)

    def do_GET(self) -> None:
        if self.path.startswith(SPARQL):
            self._pass()
        elif not self._redirected():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._redirected():
            super().do_HEAD()

    def do_POST(self) -> None:
        if self.path.startswith(SPARQL):
            self._pass()
        else:
            self.send_error(405, "only /sparql/ takes POST")

    def _redirected(self) -> bool:
        """Answer with the rules' redirect when they give one to another path than the one asked."""
        path = self.path.split("?", 1)[0]
        found = rewrite.redirect(self.rules, path.lstrip("/"), self.headers.get("Accept", ""))
        if found is None:
            return False
        status, location = found
        local = "/" + location.removeprefix(self.base) if location.startswith(self.base) else location
        if local == path:
            return False
        self.send_response(status)
        self.send_header("Location", local)
        self.send_header("Vary", "Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def _pass(self) -> None:
        """The request as it came, to the Oxigraph server; its answer as it came back."""
        rest = self.path[len(SPARQL):]
        target = self.endpoint + ("" if rest.startswith("index.html") else rest)
        length = int(self.headers.get("Content-Length") or 0)
        request = urllib.request.Request(target, data=self.rfile.read(length) if length else None,
                                         method=self.command)
        for name in PASSED_HEADERS:
            if self.headers.get(name):
                request.add_header(name, self.headers[name])
        try:
            with urllib.request.urlopen(request, timeout=300) as answer:
                self._answer(answer.status, answer.headers.get("Content-Type"), answer.read())
        except urllib.error.HTTPError as error:
            self._answer(error.code, error.headers.get("Content-Type"), error.read())

    def _answer(self, status: int, content_type: str | None, body: bytes) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a test or a reader of the site does not want a line per request on stderr."""


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def endpoint(trig: Path, host: str) -> Iterator[str]:
    """The Oxigraph server over the release, read-only, its default graph the union; yields its URL."""
    oxigraph = Path(sys.executable).with_name("oxigraph")
    command = str(oxigraph) if oxigraph.is_file() else shutil.which("oxigraph")
    if command is None:
        raise InputError.at(None, "the oxigraph server is not installed (pip install oxigraph)")
    with tempfile.TemporaryDirectory(prefix="ockg-endpoint-") as folder:
        subprocess.run([command, "load", "--location", folder, "--file", str(trig)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        address = f"{host}:{free_port(host)}"
        server = subprocess.Popen([command, "serve-read-only", "--location", folder, "--bind", address,
                                   "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://{address}/"
            _wait(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise InputError.at(None, f"the oxigraph server stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise InputError.at(None, f"the oxigraph server did not answer at {url} within 30 s")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(site: Path, trig: Path, rules_file: Path, shown: str, host: str, port: int) -> None:
    """Serve until interrupted; the first line on stdout says where."""
    if not (site / "index.html").is_file():
        raise InputError.at(Location(shown), "no site here: run `ockg site` first")
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by kill as by Ctrl-C: the endpoint goes too
    rules = rewrite.parse(rules_file, str(rules_file))
    base = rewrite.redirect(rules, "", "")
    with endpoint(trig, host) as sparql:
        handler = type("SiteHandler", (Handler,), {"rules": rules, "endpoint": sparql,
                                                   "base": base[1] if base else "/"})
        with ThreadingHTTPServer((host, port), partial(handler, directory=str(site))) as server:
            url = f"http://{host}:{server.server_address[1]}/"
            print(f"serving {shown} at {url} ; SPARQL editor at {url}sparql/ , endpoint {url}sparql/query",
                  flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                server.serve_forever()
