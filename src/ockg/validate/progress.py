"""Progress on stderr, only for runs long enough to wonder about (at 1,000 articles, tens of seconds).

A step is announced once it has run for DELAY seconds, so a quick run prints nothing and stdout,
which carries the report, is never touched.
"""

from __future__ import annotations

import sys
import threading
import time

DELAY = 2.0  # seconds


class Progress:
    """Use as a context manager: leaving it (on an error too) silences the step still pending."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.timer: threading.Timer | None = None
        self.shown = False

    def step(self, what: str) -> None:
        """Start a step: said on stderr if it is still running DELAY seconds from now."""
        self._cancel()
        self.timer = threading.Timer(DELAY, self._say, [what])
        self.timer.daemon = True
        self.timer.start()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self._cancel()
        if self.shown:
            self._print(f"done in {time.monotonic() - self.start:.1f} s")

    def _say(self, what: str) -> None:
        self.shown = True
        self._print(f"{what}... ({time.monotonic() - self.start:.0f} s)")

    def _cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()

    @staticmethod
    def _print(line: str) -> None:
        print(f"ockg validate: {line}", file=sys.stderr, flush=True)
