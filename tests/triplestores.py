"""Real triplestores for the query tests: an Oxigraph server and Virtuoso 7.2.

Each runs on 127.0.0.1 at a free port with its data in a temporary directory, is loaded with
`ockg load` (the Graph Store Protocol path users take), and is stopped when its fixture ends,
whatever the tests did. A store that is not installed skips locally and fails in CI.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ockg, require

VIRTUOSO_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
STARTUP = 60.0  # seconds a server may take to answer its first query


@dataclass(frozen=True)
class Triplestore:
    name: str
    endpoint: str
    credentials: list[str] = field(default_factory=list)  # `ockg load` options
    sql_port: int | None = None  # Virtuoso's, for its bulk loader (isql-vt)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_until_ready(endpoint: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll until the first answer. A request the server has accepted is waited for until the
    deadline: given up after a few seconds, it stays in a one-worker server's queue (grlc builds its
    swagger page in about 5 s, running queries), and every retry queues one more."""
    url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{endpoint}: the server exited ({process.returncode}): {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=max(1.0, deadline - time.monotonic())) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{endpoint} did not answer within {STARTUP} s: {log.read_text()[-2000:]}")


@contextmanager
def running(command: list[str], folder: Path, endpoint: str) -> Iterator[None]:
    """Start the server, wait for it, and always stop it by its own process id."""
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(endpoint, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@contextmanager
def oxigraph(folder: Path) -> Iterator[Triplestore]:
    binary = oxigraph_binary()
    require(binary is not None, "the oxigraph server (PyPI oxigraph) is not installed")
    assert binary is not None
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/query"
    command = [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
    with running(command, folder, endpoint):
        yield Triplestore("oxigraph", endpoint)


def virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """The packaged virtuoso.ini with every file in folder, the two ports moved, no row cap to speak of."""
    section = ""
    lines = []
    for line in VIRTUOSO_INI.read_text().splitlines():
        header = re.match(r"\[(.+)\]", line)
        section = header.group(1) if header else section
        key = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith(";") else ""
        if section in {"Database", "TempDatabase"} and key in {
                "DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"}:
            name = Path(line.split("=", 1)[1].strip()).name
            line = f"{key} = {folder / name}"
        elif key == "ServerPort":
            line = f"ServerPort = {http_port if section == 'HTTPServer' else sql_port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}"
        elif key == "VADInstallDir":
            line = f"VADInstallDir = {folder}"  # no packages to install: a faster first start
        elif key == "ResultSetMaxRows":
            line = "ResultSetMaxRows = 1000000"
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n")
    return ini


@contextmanager
def virtuoso(folder: Path) -> Iterator[Triplestore]:
    binary = shutil.which("virtuoso-t")
    require(binary is not None and VIRTUOSO_INI.is_file(),
            "Virtuoso is not installed (apt-get install virtuoso-opensource)")
    assert binary is not None
    http_port, sql_port = free_port(), free_port()
    ini = virtuoso_ini(folder, sql_port, http_port)
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    with running([binary, "+foreground", "+configfile", str(ini)], folder, endpoint):
        yield Triplestore("virtuoso", endpoint, ["--user", "dba", "--password", "dba", "--digest"], sql_port)


def bulk_load(store: Triplestore, folder: Path, dump: Path) -> None:
    """dump (N-Quads) through Virtuoso's bulk loader; folder is the server's (in its DirsAllowed)."""
    require(shutil.which("isql-vt") is not None, "isql-vt is not installed (apt-get install virtuoso-opensource)")
    shutil.copy(dump, folder / "bulk.nq")
    loaded = subprocess.run(["isql-vt", str(store.sql_port), "dba", "dba",
                             f"EXEC=ld_dir('{folder}', 'bulk.nq', 'urn:unused'); rdf_loader_run(); "
                             "SELECT ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"],
                            capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0 and "0 Rows." in loaded.stdout, loaded.stdout + loaded.stderr


STORES = {"oxigraph": oxigraph, "virtuoso": virtuoso}


@pytest.fixture(scope="session", params=sorted(STORES))
def triplestore(request: pytest.FixtureRequest, built: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Triplestore]:
    """Each store in turn, running and loaded with the built release through `ockg load`."""
    with STORES[request.param](tmp_path_factory.mktemp(request.param)) as store:
        result = ockg(built, "load", "--endpoint", store.endpoint, *store.credentials)
        assert result.returncode == 0, result.stderr
        yield store
