"""The `ockg` command: one subcommand per job; exit 0 ok, 1 a check failed, 2 bad input or usage."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from ockg.config import Paths
from ockg.errors import CheckFailed, InputError

Handler = Callable[[argparse.Namespace, Paths], int]

# the package of each subcommand, imported only when that subcommand runs (or for --help): the
# stages' libraries (pyshacl, rdflib, owlready2) cost half a second that `ockg build` does without
STAGES: dict[str, str] = {
    "build": "ockg.build", "check": "ockg.build",
    "validate": "ockg.validate", "qc": "ockg.validate.qc",
    "reason": "ockg.reason",
    "queries": "ockg.query", "query": "ockg.query", "load": "ockg.query",
    "site": "ockg.site", "serve": "ockg.site",
}


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, as every other bad-usage path does."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of command's stage only, or of every subcommand when command is not one."""
    top = _Parser(prog="ockg", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    wanted = [STAGES[command]] if command in STAGES else list(dict.fromkeys(STAGES.values()))
    for name in wanted:
        importlib.import_module(name).add_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv[0] if argv else None).parse_args(argv)
    run: Handler = args.run
    try:
        return run(args, Paths.discover())
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    except CheckFailed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `ockg query ... | head`: the reader left, which is not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
