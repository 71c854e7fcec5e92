"""Servers and processes that misbehave (issue 17): timeouts, endpoints that answer wrongly, and no
network from a query run embedded. Each is one line and exit 2, never a traceback or a wrong answer."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ockg

SELECT = "SELECT ?s WHERE { ?s ?p ?o }\n"


class Fake:
    """An HTTP server on 127.0.0.1 answering every request with what `answer` holds, and counting them."""

    def __init__(self) -> None:
        self.answer = (200, "application/sparql-results+json", b"")
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                fake.requests.append(f"{self.command} {self.path}")
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, kind, body = fake.answer if self.command == "POST" else (204, "text/plain", b"")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_PUT = do_GET = _reply

            def log_message(self, *args: object) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"


@pytest.fixture
def fake() -> Iterator[Fake]:
    server = Fake()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def query_file(folder: Path, text: str = SELECT) -> Path:
    path = folder / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


def json_body(document: object) -> bytes:
    return json.dumps(document).encode()


@pytest.mark.parametrize(("answer", "first_line"), [
    (json_body({"head": {}, "boolean": True}), "endpoint {url} answered a SELECT query with a boolean"),
    (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": ', "endpoint {url} sent results that are not "
     "SPARQL JSON: Parser error at line 1 column 58: Unexpected end of file, a value was expected (line 1)"),
    (b"<html>busy</html>", "endpoint {url} sent results that are not SPARQL JSON: Parser error at line 1 column 1: "
     "Unexpected char: '<' (line 1)"),
])
def test_a_wrong_answer_from_an_endpoint_is_one_line_never_a_result(
        fake: Fake, tmp_path: Path, answer: bytes, first_line: str) -> None:
    fake.answer = (200, "application/sparql-results+json", answer)
    result = ockg(tmp_path, "query", str(query_file(tmp_path)), "--endpoint", fake.url)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", first_line.format(url=fake.url) + "\n")


def test_garbage_in_loads_count_check_is_one_line(fake: Fake, mini: Path) -> None:
    counts = {"head": {"vars": ["g", "n"]}, "results": {"bindings": [
        {"g": {"type": "uri", "value": "https://w3id.org/ockg/graph/t01_fixture"},
         "n": {"type": "literal", "value": "many"}}]}}
    fake.answer = (200, "application/sparql-results+json", json_body(counts))
    result = ockg(mini, "load", "--endpoint", fake.url)
    assert (result.returncode, result.stderr) == (2, f"endpoint {fake.url} answered the count of triples per "
                                                     "graph with something else (invalid literal for int() with "
                                                     "base 10: 'many')\n")


@pytest.mark.parametrize(("url", "message"), [
    ("http://[::1/query", "endpoint 'http://[::1/query' is not a valid URL: Invalid IPv6 URL"),
    ("http://localhost:99999/query", "endpoint 'http://localhost:99999/query' is not a valid URL: Port out of "
     "range 0-65535"),
    ("http://local host/query", "endpoint 'http://local host/query' is not an http(s) URL"),
    ("file:///etc/passwd", "endpoint 'file:///etc/passwd' is not an http(s) URL"),
])
def test_a_malformed_endpoint_url_is_one_line(tmp_path: Path, url: str, message: str) -> None:
    result = ockg(tmp_path, "query", str(query_file(tmp_path)), "--endpoint", url)
    assert (result.returncode, result.stderr) == (2, message + "\n")


@pytest.mark.parametrize("command", ["query q.rq --endpoint http://127.0.0.1:9/query", "load --endpoint "
                                     "http://127.0.0.1:9/query", "reason"])
@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_timeout_that_would_never_end_or_fail_at_once_is_bad_usage(tmp_path: Path, command: str,
                                                                       value: str) -> None:
    query_file(tmp_path)
    name, *rest = command.split()
    result = ockg(tmp_path, name, *rest, f"--timeout={value}")
    assert (result.returncode, result.stderr) == (
        2, f"ockg {name}: argument --timeout: must be a number of seconds above 0, not '{value}' (see --help)\n")


def test_a_service_clause_never_leaves_the_machine_when_run_embedded(fake: Fake, mini: Path) -> None:
    path = query_file(mini, f"SELECT * WHERE {{ SERVICE <{fake.url}> {{ ?s ?p ?o }} }}\n")
    result = ockg(mini, "query", str(path))
    assert (result.returncode, result.stderr) == (2, "q.rq: SERVICE would send part of the query over the "
                                                     "network: refused when the query runs embedded (run it with "
                                                     "--endpoint on a store that allows it)\n")
    assert fake.requests == []


def test_a_service_clause_in_a_quality_check_is_refused(fake: Fake, mini: Path) -> None:
    check = mini / "queries" / "checks" / "calls-out.rq"
    check.write_text("# Problem: none\n# Solution: none\nSELECT ?entity ?property ?value WHERE { "
                     f"service <{fake.url}> {{ ?entity ?property ?value }} }}\n", encoding="utf-8")
    with (mini / "queries" / "checks" / "profile.tsv").open("a", encoding="utf-8") as profile:
        profile.write("violation\tcalls-out\n")
    result = ockg(mini, "qc")
    assert (result.returncode, result.stderr.splitlines()[:1]) == (2, [
        "queries/checks/calls-out.rq: SERVICE would send part of the query over the network: refused when the "
        "query runs embedded (run it with --endpoint on a store that allows it)"])
    assert fake.requests == []


def test_a_file_that_is_no_query_is_named_and_said_so(tmp_path: Path) -> None:
    path = query_file(tmp_path, "# only a comment\nPREFIX ex: <http://example.org/>\n")
    result = ockg(tmp_path, "query", str(path))
    assert (result.returncode, result.stderr) == (
        2, "q.rq: is not a SPARQL query: it has no SELECT, ASK, CONSTRUCT or DESCRIBE\n")


def test_a_java_that_hangs_is_stopped_by_the_timeout(mini: Path, tmp_path: Path) -> None:
    """A `java` that never answers (here a script that sleeps) is killed after --timeout seconds."""
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/pid\nexec sleep 120\n", encoding="utf-8")
    java.chmod(0o755)
    started = time.monotonic()
    result = ockg(mini, "reason", "--timeout", "2", env={"PATH": f"{java.parent}:{os.environ['PATH']}"})
    assert (result.returncode, result.stderr) == (2, "ockg reason: HermiT gave no answer within 2 s and was "
                                                     "stopped (a larger --timeout, or look for what stalls java)\n")
    assert time.monotonic() - started < 60
    with pytest.raises(ProcessLookupError):
        os.kill(int((tmp_path / "pid").read_text(encoding="utf-8")), 0)
