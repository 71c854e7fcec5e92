"""The `ockg` command: one subcommand per job; exit 0 ok, 1 a check failed, 2 bad input or usage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from .build import build, compile_dataset
from .config import Paths
from .errors import CheckFailed, InputError

Handler = Callable[[argparse.Namespace, Paths], int]


def _build(args: argparse.Namespace, paths: Paths) -> int:
    compiled, triples = build(paths, progress=args.progress)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(compiled.entities.items()))
    print(f"built {paths.shown(paths.dist)}/: {compiled.articles} articles, "
          f"{sum(compiled.entities.values())} entities ({kinds}), {compiled.claims} claims, "
          f"{compiled.quotes} quotes, {triples} triples")
    return 0


def _check(args: argparse.Namespace, paths: Paths) -> int:
    compiled = compile_dataset(paths)
    print(f"ok: {compiled.articles} article texts match the catalogue; {compiled.quotes} quotes "
          f"behind {compiled.claims} claims occur verbatim at their offsets")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, as every other bad-usage path does."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parser(own_commands_only: bool = False) -> argparse.ArgumentParser:
    """The parser of every subcommand, or only of build and check, whose code is here.

    The other subcommands' modules import pyshacl, rdflib and owlready2, half a second that `ockg build`
    and `ockg check` do without: main() asks for them only when the command is another one.
    """
    top = _Parser(prog="ockg", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("build", help="build dist/ from ontology/, seeds/ and mappings/",
                       description="Build the release files in dist/ (atomic: a failed build leaves dist/ as it was).")
    p.add_argument("--progress", action="store_true", help="report progress on stderr")
    p.set_defaults(run=_build)
    p = sub.add_parser("check", help="verify article hashes and that every quote occurs verbatim",
                       description="Check the article texts against the catalogue and every mapping quote "
                       "against its article, without writing anything.")
    p.set_defaults(run=_check)
    if not own_commands_only:
        from . import qc, query, reason, validate

        for command in (validate, qc, query, reason):
            command.add_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(own_commands_only=list(argv[:1]) in (["build"], ["check"])).parse_args(argv)
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
