"""Query results in the formats `ockg query` writes, from one SPARQL 1.1 JSON document.

Every engine (embedded Oxigraph or a remote endpoint) hands over SPARQL JSON results; they are
parsed and written again by Oxigraph, so the output is standard whatever the store sent (Virtuoso
writes "typed-literal", a pre-1.1 key) and CSV/TSV follow the SPARQL 1.1 CSV/TSV rules exactly.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, parse_query_results

from ockg.errors import InputError
from ockg.names import curie

FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}
WIDTH = 70  # a table cell longer than this is cut; the other formats are never cut
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


def table(header: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns under a header and a rule, then a row count."""
    cells = [[_cut(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, ["-" * w for w in widths], *cells]]
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


def _cut(text: str) -> str:
    return text if len(text) <= WIDTH else text[:WIDTH - 1] + "…"
