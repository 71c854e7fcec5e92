"""Errors the command line turns into exit codes: bad input is 2, a failed check is 1."""

from __future__ import annotations

from dataclasses import dataclass


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
        return [f"{loc}: {msg}" if loc else msg for loc, msg in self.problems]


class CheckFailed(Exception):
    """A check ran and found problems in the data (exit code 1)."""
