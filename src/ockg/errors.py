"""Errors the command line turns into exit codes: bad input is 2, a failed check is 1."""

from __future__ import annotations

import re
from dataclasses import dataclass

# characters that would break a message's one line, or hide part of it, on a terminal or in a CI log
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """text with its control characters escaped the way repr() escapes them (\\n, \\t, \\x1b).

    Ids, names and file names come from the user: an id ending in a newline must not split its
    message in two, nor an escape sequence colour the rest of a log.
    """
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], text)


@dataclass(frozen=True)
class Location:
    """A place in an input file, 1-based, printed the way editors and compilers do."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"


class InputError(Exception):
    """Bad input or usage (exit code 2). Carries every problem found, each with its location."""

    def __init__(self, problems: list[tuple[Location | None, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    @classmethod
    def at(cls, location: Location | None, message: str) -> InputError:
        return cls([(location, message)])

    def lines(self) -> list[str]:
        return [one_line(f"{loc}: {msg}" if loc else msg) for loc, msg in self.problems]


class CheckFailed(Exception):
    """A check ran and found problems in the data (exit code 1)."""
