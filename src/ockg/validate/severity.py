"""The three severities `ockg validate` and `ockg qc` share, ordered so --fail-on can compare."""

from __future__ import annotations

from enum import IntEnum


class Severity(IntEnum):
    """Violation = wrong data, warning = suspicious, info = worth a look."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def word(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, word: str) -> Severity:
        return cls[word.upper()]


def fails(severities: list[Severity], fail_on: Severity) -> bool:
    return any(s >= fail_on for s in severities)


def counts(severities: list[Severity]) -> dict[str, int]:
    """How many of each, worst first: {"violation": 2, "warning": 0, "info": 35}."""
    return {s.word: severities.count(s) for s in sorted(Severity, reverse=True)}


def summary(severities: list[Severity], fail_on: Severity, passed: str, failed: str) -> str:
    """'2 violations, 0 warnings, 35 infos: fails (fail on violation)'."""
    listed = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for word, n in counts(severities).items())
    verdict = failed if fails(severities, fail_on) else passed
    return f"{listed}: {verdict} (fail on {fail_on.word})"
