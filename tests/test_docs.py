"""`ockg docs`: the ontology's HTML documentation, made by pyLODE, published in dist/."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

from conftest import MINI, copy_project, ockg


def text(page: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def test_docs_document_the_published_ontology(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project)
    result = ockg(project, "docs")
    assert (result.returncode, result.stdout, result.stderr) == (0, "wrote dist/ontology.html\n", "")
    page = (project / "dist" / "ontology.html").read_text(encoding="utf-8")
    assert "<title>Organized Crime Knowledge Graph ontology</title>" in page
    metadata = text(page[page.index('id="metadata"'):page.index('id="classes"')])
    assert "IRI https://w3id.org/ockg/def/" in metadata  # not a concept scheme's
    for shown in ("Version Iri https://w3id.org/ockg/release/0.1.0/ontology", "Creator The ockg maintainers",
                  "License https://creativecommons.org/licenses/by/4.0/", "Preferred Namespace Prefix ockg"):
        assert shown in metadata
    headings = [h.strip() for h in re.findall(r"<h3>([^<]+)<", page)]
    assert headings[:3] == ["administrative area", "agent", "airport"]  # ockg's terms, in order
    assert "crime boss" in headings and "Person" not in headings  # schema:Person etc. are not documented
    assert (project / "work" / "ontology.html").read_bytes() == page.encode("utf-8")
    size = len(page.encode("utf-8"))
    void = (project / "dist" / "void.ttl").read_text(encoding="utf-8")
    described = void.split("distribution/ontology.html>", 1)[1].split(" .\n", 1)[0]
    assert f'dcat:byteSize "{size}"^^xsd:nonNegativeInteger' in described


def test_docs_need_a_build_first(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "mini", MINI)
    result = ockg(project, "docs")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "work/ontology.ttl: file not found (run `ockg build` first)\n"
