"""`ockg qc`: ROBOT-style quality checks, SPARQL queries over the release with a severity profile.

Each queries/checks/NAME.rq says in a `# Problem:` / `# Solution:` header what it finds and how to
fix it, and returns one ?entity ?property ?value row per problem; queries/checks/profile.tsv gives
each check its severity. The checks run on an embedded Oxigraph store holding dist/ockg.trig with
the union of its graphs as default graph, so each sees the whole release (but not the graph of
inferences `ockg reason` adds: checks are about what the mapping files assert).
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store

from ockg import results
from ockg.config import Paths
from ockg.errors import InputError, Location
from ockg.names import INFERRED_GRAPH
from ockg.store import load_files
from ockg.validate import severity
from ockg.validate.severity import Severity

COLUMNS = ("entity", "property", "value")
SHOWN_ROWS = 10  # rows listed per check in the table; --format json lists them all
Term = NamedNode | BlankNode | Literal
_FIELD = re.compile(r"#\s*(Problem|Solution):\s*(.*)")


@dataclass(frozen=True)
class Check:
    name: str
    shown: str
    severity: Severity
    problem: str
    solution: str
    query: str


@dataclass(frozen=True)
class Outcome:
    check: Check
    rows: list[tuple[Term | None, ...]]  # entity, property, value


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("qc", help="run the SPARQL quality checks in queries/checks",
                       description="Run the ROBOT-style SPARQL checks of queries/checks/ over dist/ockg.trig "
                       "and list the entities each one finds, with the severity profile.tsv gives it.")
    p.add_argument("--fail-on", choices=[s.word for s in Severity], default="violation",
                   help="exit 1 when a check of this severity or worse finds a row (default violation)")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help=f"table: each check with its first {SHOWN_ROWS} rows (default); json: every row")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace, paths: Paths) -> int:
    fail_on = Severity.named(args.fail_on)
    checks = load_checks(paths.root / "queries" / "checks", paths.shown)
    store = load_files([Path(os.path.relpath(paths.dist / "ockg.trig"))])  # errors name it as typed
    outcomes = run_checks(store, checks)
    print(as_json(outcomes, fail_on) if args.format == "json" else table(outcomes, fail_on), end="")
    return 1 if severity.fails(_levels(outcomes), fail_on) else 0


def load_checks(folder: Path, shown: Callable[[Path], str]) -> list[Check]:
    """Every check of the folder with its header and severity; the profile and the .rq files
    must name the same checks."""
    profile = folder / "profile.tsv"
    if not profile.is_file():
        raise InputError.at(Location(shown(profile)), "file not found: the severity profile of the checks")
    severities = _profile(profile, shown(profile))
    files = {path.stem: path for path in sorted(folder.glob("*.rq"))}
    unlisted = sorted(set(files) - set(severities))
    if unlisted:
        raise InputError.at(Location(shown(profile)), f"no severity for {', '.join(unlisted)}: add a line "
                            "SEVERITY<TAB>CHECK for each")
    checks = []
    for name, level in severities.items():
        if name not in files:
            raise InputError.at(Location(shown(profile)), f"check '{name}' has no file {name}.rq")
        text = files[name].read_text(encoding="utf-8")
        problem, solution = _header(text, shown(files[name]))
        checks.append(Check(name, shown(files[name]), level, problem, solution, text))
    return sorted(checks, key=lambda c: (-c.severity, c.name))


def _profile(path: Path, shown: str) -> dict[str, Severity]:
    severities: dict[str, Severity] = {}
    words = [s.word for s in Severity]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or fields[0] not in words:
            raise InputError.at(Location(shown, number), f"expected SEVERITY<TAB>CHECK with SEVERITY one of "
                                f"{', '.join(words)}, got {line!r}")
        if fields[1] in severities:
            raise InputError.at(Location(shown, number), f"check '{fields[1]}' is listed twice")
        severities[fields[1]] = Severity.named(fields[0])
    return severities


def _header(text: str, shown: str) -> tuple[str, str]:
    """The `# Problem:` and `# Solution:` texts of the leading comment block (a field goes on in
    the comment lines after it)."""
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            current = fields.setdefault(match.group(1), [])
            current.append(match.group(2))
        elif current is not None:
            current.append(line.lstrip("#").strip())
    for field in ("Problem", "Solution"):
        if not " ".join(fields.get(field, [])).strip():
            raise InputError.at(Location(shown, 1), f"the header has no `# {field}:` line")
    return " ".join(fields["Problem"]).strip(), " ".join(fields["Solution"]).strip()


def run_checks(store: Store, checks: list[Check]) -> list[Outcome]:
    """Each check over the asserted data: the default graph is the union of every graph but the
    reasoner's inferences (`ockg reason` adds them to dist/ockg.trig; no claim backs them).

    The inferred graph is removed from the store rather than the others listed as default graph:
    Oxigraph's union default graph is many times faster than a list of a hundred graphs.
    """
    if INFERRED_GRAPH in set(store.named_graphs()):
        store.remove_graph(INFERRED_GRAPH)
    outcomes = []
    for check in checks:
        try:
            solutions = store.query(check.query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError.at(Location(check.shown), f"not a valid SPARQL query: {exc}") from None
        if not isinstance(solutions, QuerySolutions) or \
                [v.value for v in solutions.variables] != list(COLUMNS):
            raise InputError.at(Location(check.shown), "a check must be a SELECT returning ?entity ?property "
                                "?value, in this order")
        rows = [tuple(solution) for solution in solutions]
        outcomes.append(Outcome(check, rows))
    return outcomes


def _levels(outcomes: list[Outcome]) -> list[Severity]:
    """One severity per row found: a check finding three rows counts three times."""
    return [o.check.severity for o in outcomes for _ in o.rows]


def table(outcomes: list[Outcome], fail_on: Severity) -> str:
    """One line per check (severity, name, rows found); under each check that found rows, its
    problem, solution and first rows."""
    width = max(len(o.check.name) for o in outcomes) if outcomes else 0
    out = []
    for o in outcomes:
        out.append(f"{o.check.severity.word:<9}  {o.check.name:<{width}}  {len(o.rows):>5}")
        if not o.rows:
            continue
        out.append(f"    Problem: {o.check.problem}")
        out.append(f"    Solution: {o.check.solution}")
        shown = [[results.short(term) for term in row] for row in o.rows[:SHOWN_ROWS]]
        listing = results.table(list(COLUMNS), shown).splitlines()[:-1]
        out.extend("    " + line for line in listing)
        if len(o.rows) > SHOWN_ROWS:
            out.append(f"    ... and {len(o.rows) - SHOWN_ROWS} more (--format json lists every row)")
    out.append(f"{len(outcomes)} checks; rows found: "
               f"{severity.summary(_levels(outcomes), fail_on, 'passes', 'fails')}")
    return "\n".join(out) + "\n"


def as_json(outcomes: list[Outcome], fail_on: Severity) -> str:
    """The JSON report documented in shapes/README.md (terms in N-Triples syntax, null if unbound)."""
    document = {
        "passes": not severity.fails(_levels(outcomes), fail_on),
        "failOn": fail_on.word,
        "counts": severity.counts(_levels(outcomes)),
        "checks": [{
            "check": o.check.name,
            "file": o.check.shown,
            "severity": o.check.severity.word,
            "problem": o.check.problem,
            "solution": o.check.solution,
            "rows": [dict(zip(COLUMNS, (None if t is None else str(t) for t in row), strict=True))
                     for row in o.rows],
        } for o in outcomes],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
