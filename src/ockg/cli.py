"""The `ockg` command: one subcommand per job; exit 0 ok, 1 a check failed, 2 bad input or usage, 70 a bug."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn

from ockg.config import Paths
from ockg.errors import CheckFailed, InputError, one_line

Handler = Callable[[argparse.Namespace, Paths], int]

# the package of each subcommand, imported only when that subcommand runs (or for --help): the
# stages' libraries (pyshacl, rdflib, owlready2) cost half a second that `ockg build` does without
STAGES: dict[str, str] = {
    "build": "ockg.build", "check": "ockg.build", "coverage": "ockg.build.coverage",
    "validate": "ockg.validate", "qc": "ockg.validate.qc",
    "reason": "ockg.reason",
    "docs": "ockg.docs",
    "queries": "ockg.query", "query": "ockg.query", "load": "ockg.query",
    "release": "ockg.release",
    "site": "ockg.site", "serve": "ockg.site",
}


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, as every other bad-usage path does."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of command's stage only, or of every subcommand when command is not one."""
    top = _Parser(prog="ockg", description=__doc__)
    top.add_argument("--version", action="version", version=f"ockg {version('ockg')}")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    wanted = [STAGES[command]] if command in STAGES else list(dict.fromkeys(STAGES.values()))
    for name in wanted:
        importlib.import_module(name).add_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand. Every way it can fail ends here as one line on stderr and an exit code:
    1 a failed check, 2 bad input, usage or a refusal by the operating system (disk full,
    permission denied...), 70 a bug (OCKG_DEBUG=1 shows its traceback), 130 interrupted."""
    argv = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:  # started with stdout closed: file descriptor 1 would go to the next file opened
        print("ockg: standard output is closed (redirect it to /dev/null to discard it)", file=sys.stderr)
        return 2
    try:
        args = parser(argv[0] if argv else None).parse_args(argv)
        run: Handler = args.run
        standalone: Callable[[argparse.Namespace], bool] = getattr(args, "standalone", lambda _: False)
        code = run(args, Paths.discover(required=not standalone(args)))
        sys.stdout.flush()  # a full or broken stdout fails here, while it can still be reported
        return code
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    except CheckFailed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `ockg query ... | head`: the reader left, which is not an error
        _drop_stdout()
        return 0
    except KeyboardInterrupt:
        print("ockg: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("OCKG_DEBUG") == "1":
            raise
        _drop_stdout()
        message, code = failure(exc)
        print(one_line(f"ockg: {message}"), file=sys.stderr)
        return code


def failure(exc: Exception) -> tuple[str, int]:
    """What an error no stage turned into InputError says, and the exit code it gets."""
    yaml = sys.modules.get("yaml")
    if isinstance(exc, OSError) and exc.strerror:
        names = [_shown(os.fsdecode(n)) for n in (exc.filename, exc.filename2) if isinstance(n, str | bytes)]
        return ": ".join([*names, exc.strerror]), 2
    if isinstance(exc, RecursionError):
        return "the input nests too deeply to be processed", 2
    if isinstance(exc, MemoryError):
        return "out of memory", 2
    if isinstance(exc, UnicodeError):
        return f"not UTF-8 text: {exc}", 2
    if yaml is not None and isinstance(exc, yaml.YAMLError):
        return f"malformed YAML: {' '.join(str(exc).split())}", 2
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return (f"internal error, a bug: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
            f"(at {Path(where.filename).name}:{where.lineno}; OCKG_DEBUG=1 shows the traceback, "
            "please report it)"), 70


def _shown(name: str) -> str:
    """A file name as the other messages show it, or as it is when the project cannot be found (the
    working folder itself may be what the system refused)."""
    try:
        return Paths.discover().shown(Path(name))
    except OSError:
        return name


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so what is still buffered for a closed pipe or a full disk is not
    written again at exit (Python would print a traceback of its own, and exit 120)."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
