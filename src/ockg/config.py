"""Where things are: the project root, the article texts (OCKG_SEEDS), work/ and dist/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> Paths:
        """The nearest directory holding ontology/ockg.ttl, from start (default: cwd) upwards."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "ontology" / "ockg.ttl").is_file():
                return cls(candidate)
        return cls(here)

    @property
    def ontology(self) -> list[Path]:
        folder = self.root / "ontology"
        return [folder / "ockg.ttl", folder / "alignment.ttl", folder / "vocabularies.ttl"]

    @property
    def catalogue(self) -> Path:
        return self.root / "seeds" / "catalogue.yaml"

    @property
    def mappings(self) -> list[Path]:
        return sorted((self.root / "mappings").glob("*.yaml"))

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
        """A path as error messages print it: relative to the root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)
