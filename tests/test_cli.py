"""The command as an installed tool: its version, its dependency ranges, and use outside a project."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT, ockg


def test_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    result = ockg(ROOT, "--version")
    assert (result.returncode, result.stdout) == (0, f"ockg {project['version']}\n")


def test_every_pin_of_the_lock_is_inside_the_declared_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]]
    pins = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split())
    pins = {name.lower(): pin for name, pin in pins.items()}
    for requirement in declared:
        assert requirement.specifier, f"{requirement.name}: no range declared"
        assert requirement.specifier.contains(pins[requirement.name.lower()]), requirement


@pytest.mark.parametrize("command", [["build"], ["check"], ["validate"], ["qc"], ["reason"], ["queries"],
                                     ["query", "arrests"]])
def test_outside_a_project_one_line_names_the_path_looked_for(tmp_path: Path, command: list[str]) -> None:
    result = ockg(tmp_path, *command)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"ockg: not in an ockg project: no ontology/ockg.ttl in {tmp_path} or any folder "
                             "above it\n")
