"""The package layout: one sub-package per pipeline stage, imports flowing one way.

cli -> stages -> the shared root modules. A stage imports another stage only downstream of the
data (build and reason hand their output to the release assembly), never upward, never in a
circle. A new stage must be added to DOWNSTREAM, which makes its place in the flow explicit.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ockg"
SHARED = {"__init__", "cli", "config", "errors", "files", "names", "terms", "serialize", "store", "results"}
# each stage and the stages it may import: where its output goes
DOWNSTREAM: dict[str, set[str]] = {
    "build": {"release"},
    "reason": {"release"},
    "docs": {"release"},
    "release": set(),
    "validate": set(),
    "query": set(),
    # the site is made from the release and published through its one writer; it shows the saved queries
    "site": {"release", "query"},
}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in PACKAGE.rglob("*.py")}


def _imports(module: str) -> set[str]:
    """The ockg modules module imports, anywhere in its body ('from ockg.x import y' names y if it is one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ockg":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "ockg"}
    return found - {module}


def _stage(module: str) -> str | None:
    """The stage a module belongs to, or None for the shared root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in DOWNSTREAM) else None


def test_the_root_holds_only_the_shared_modules_and_every_package_is_a_known_stage() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} == SHARED
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(DOWNSTREAM)


def _wrong(imports: dict[str, set[str]]) -> list[str]:
    """The imports that break the rule, as `MODULE imports OTHER`."""
    wrong = []
    for module, imported in sorted(imports.items()):
        stage = _stage(module)
        for other in sorted(imported):
            target = _stage(other)
            if module == "ockg.cli" or stage is None:
                ok = target is None
            else:
                ok = target in (None, stage) or target in DOWNSTREAM[stage]
            if not ok:
                wrong.append(f"{module} imports {other}")
    return wrong


def test_stages_import_only_the_root_themselves_and_what_is_downstream() -> None:
    assert _wrong({module: _imports(module) for module in MODULES}) == []


def test_no_module_imports_in_a_circle() -> None:
    graph = {m: _imports(m) & set(MODULES) for m in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module):], module]
        if module in done:
            return []
        for imported in sorted(graph[module]):
            circle = visit(imported, [*path, module])
            if circle:
                return circle
        done.add(module)
        return []

    assert [c for m in sorted(MODULES) if (c := visit(m, []))] == []


def test_the_stage_graph_has_no_circle_either() -> None:
    def reach(stage: str) -> set[str]:
        out = set(DOWNSTREAM[stage])
        for nxt in DOWNSTREAM[stage]:
            out |= reach(nxt)
        return out

    for stage in DOWNSTREAM:
        assert stage not in reach(stage)


def test_the_rule_catches_upward_and_sideways_imports() -> None:
    """The check itself can fail: an upward import (release reads build's internals), a sideways one
    (validate uses query) and a shared module reaching into a stage are each reported."""
    assert _wrong({"ockg.release.assemble": {"ockg.build.dataset", "ockg.names"},
                   "ockg.validate.qc": {"ockg.query.saved"},
                   "ockg.store": {"ockg.validate.shacl"},
                   "ockg.build.dataset": {"ockg.release.assemble"}}) == [
        "ockg.release.assemble imports ockg.build.dataset", "ockg.store imports ockg.validate.shacl",
        "ockg.validate.qc imports ockg.query.saved"]


def test_each_package_says_what_it_takes_and_gives() -> None:
    for stage in DOWNSTREAM:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "Takes" in doc and "Gives" in doc, stage
