"""Query results in the formats `ockg query` writes, from one SPARQL 1.1 JSON document.

Every engine (embedded Oxigraph or a remote endpoint) hands over SPARQL JSON results; they are
parsed and written again by Oxigraph, so the output is standard whatever the store sent (Virtuoso
writes "typed-literal", a pre-1.1 key) and CSV/TSV follow the SPARQL 1.1 CSV/TSV rules exactly.
"""

from __future__ import annotations

import io
import shutil

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, parse_query_results
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ockg.errors import InputError
from ockg.names import curie

FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}

def render(data: bytes, fmt: str) -> bytes:
    """data (SPARQL JSON results) as fmt: json, csv, tsv or table."""
    try:
        results = parse_query_results(data, QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise InputError.at(None, f"the endpoint sent results that are not SPARQL JSON: {exc}") from None
    if fmt != "table":
        serialized = results.serialize(format=FORMATS[fmt]) or b""
        return serialized if serialized.endswith(b"\n") else serialized + b"\n"
    if isinstance(results, QueryBoolean):
        return f"{'yes' if results else 'no'}\n".encode()
    names = [v.value for v in results.variables]
    rows = [[short(solution[name]) for name in names] for solution in results]
    return table(names, rows).encode()


def table(header: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """Columns under a header and a rule, each cell wrapped within the terminal's width (by rich,
    which also measures wide and combining characters), then a row count. Cells are plain text,
    never rich markup, so a value such as "[unnamed]" prints as it is."""
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for name in header:
        grid.add_column(Text(name), overflow="fold")
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    out = io.StringIO()
    Console(file=out, width=width or shutil.get_terminal_size().columns, color_system=None, highlight=False,
            emoji=False, markup=False, force_terminal=False).print(grid)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def short(term: object) -> str:
    """A term as a reader wants it: person:caracol for IRIs, the bare text of literals."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return curie(term)
    if isinstance(term, Literal):
        return " ".join(term.value.split())
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)
