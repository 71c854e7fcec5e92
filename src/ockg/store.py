"""The release loaded into an embedded Oxigraph store, for queries and checks over dist/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from ockg.errors import InputError, Location

FORMATS = {".ttl": RdfFormat.TURTLE, ".trig": RdfFormat.TRIG, ".nt": RdfFormat.N_TRIPLES,
           ".nq": RdfFormat.N_QUADS, ".jsonld": RdfFormat.JSON_LD}


def load_files(files: list[Path]) -> Store:
    """An in-memory store holding every file; named graphs of TriG files are kept.

    Query it with use_default_graph_as_union=True to see all graphs at once.
    """
    store = Store()
    for path in files:
        fmt = rdf_format(path, str(path))
        with parsing(str(path)):
            store.bulk_load(path=str(path), format=fmt)
    return store


@contextmanager
def parsing(shown: str) -> Iterator[None]:
    """Oxigraph's syntax errors while reading the file shown, as bad input on one line."""
    try:
        yield
    except SyntaxError as exc:
        raise InputError.at(Location(shown), f"cannot parse: {' '.join(str(exc).split())}") from None


def rdf_format(path: Path, shown: str) -> RdfFormat:
    """The RDF format of a file by its suffix; an unknown suffix or a missing file is bad input,
    reported under the name the user gave (`shown`)."""
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError.at(Location(shown), f"unknown RDF file type '{path.suffix}'")
    if not path.is_file():
        hint = " (run `ockg build` first)" if path.parent.name in ("dist", "work") else ""
        raise InputError.at(Location(shown), f"file not found{hint}")
    return fmt

