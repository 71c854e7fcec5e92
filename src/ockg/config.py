"""Where things are (the project root, the article texts (OCKG_SEEDS), work/ and dist/), and how long to wait."""

from __future__ import annotations

import argparse
import math
import os
from dataclasses import dataclass
from pathlib import Path

from ockg.errors import InputError, Location

MARKER = "ontology/ockg.ttl"  # what makes a folder an ockg project


def seconds(text: str) -> float:
    """A --timeout value, for any subcommand that waits for a server or a process: a finite number
    of seconds above 0 (0, a negative number or NaN would mean never give up, or fail at once)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return value


@dataclass(frozen=True)
class Paths:
    root: Path

    @classmethod
    def discover(cls, start: Path | None = None, required: bool = True) -> Paths:
        """The nearest directory holding ontology/ockg.ttl, from start (default: cwd) upwards.

        A command that reads a project, run elsewhere, says so in one line (bad usage, exit 2) rather
        than failing later on the first file it cannot find. One given all its inputs (`ockg validate
        DATA --shapes FILE`, `ockg query FILE.rq --endpoint URL`) is not required to: its root is then
        the folder it runs in.
        """
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / MARKER).is_file():
                return cls(candidate)
        if not required:
            return cls(here)
        raise InputError.at(None, f"ockg: not in an ockg project: no {MARKER} in {here} or any folder above it")

    @property
    def ontology(self) -> list[Path]:
        folder = self.root / "ontology"
        return [folder / "ockg.ttl", folder / "alignment.ttl", folder / "vocabularies.ttl"]

    @property
    def catalogue(self) -> Path:
        return self.root / "seeds" / "catalogue.yaml"

    @property
    def quote_lock(self) -> Path:
        """Where each quote stands in its article: what lets the build run without the texts."""
        return self.root / "seeds" / "quotes.lock.json"

    @property
    def mappings(self) -> list[Path]:
        """mappings/*.yaml; a file that looks meant as one (x.yml, x.YAML) is an error, not skipped."""
        found = sorted((self.root / "mappings").glob("*"))
        misnamed = [p for p in found if p.suffix.lower() in {".yaml", ".yml"} and p.suffix != ".yaml"]
        if misnamed:
            raise InputError([(Location(self.shown(p)), "is not read: mapping files end in .yaml")
                              for p in misnamed])
        return [p for p in found if p.suffix == ".yaml"]

    @property
    def seeds(self) -> Path:
        configured = os.environ.get("OCKG_SEEDS")
        return Path(configured) if configured else self.root / "seeds" / "text"

    @property
    def work(self) -> Path:
        """What `ockg build` and `ockg reason` write, for the release assembly to publish."""
        return self.root / "work"

    @property
    def dist(self) -> Path:
        """The release: written only by ockg.release.assemble."""
        return self.root / "dist"

    def shown(self, path: Path) -> str:
        """A path as error messages print it: relative to the root when inside it.

        Links are not followed (a link's target is not what the user named, and a loop of links
        has none), but the root was found from the resolved working folder, so relative paths are
        made absolute from that folder too.
        """
        try:
            return str(Path(os.path.abspath(path)).relative_to(self.root))
        except ValueError:
            return str(path)
