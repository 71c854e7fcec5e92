"""The site with real parts: `ockg site` on the seed KG, a real `ockg serve` answering HTTP, the w3id
rules applied to a table of requests, and Debian's Chromium (driven by Playwright) reading the pages.

Screenshots land in test-artifacts/site/ (ignored by git), for a person to look at after a run.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyoxigraph import Dataset, NamedNode, RdfFormat, Store, parse

from conftest import MINI, ROOT, ockg, require, seeds_dir
from ockg.errors import InputError
from ockg.names import OCKG, PROV, RDF
from ockg.site import rewrite

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "site"
CARACOL = "https://w3id.org/ockg/id/person/gerson-galvez-calle"
BARRIO_KING = "https://w3id.org/ockg/id/org/barrio-king"
W3ID = "https://example.org/ockg/"  # where w3id/.htaccess sends the IRIs (the published site)
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync"]

# (path, Accept, status, where to) - the one table both the w3id rules and `ockg serve` answer to
REQUESTS = [
    ("id/person/gerson-galvez-calle", "text/html,application/xhtml+xml,*/*;q=0.8", 303,
     "id/person/gerson-galvez-calle.html"),
    ("id/person/gerson-galvez-calle", "text/turtle", 303, "id/person/gerson-galvez-calle.ttl"),
    ("id/person/gerson-galvez-calle", "application/ld+json", 303, "id/person/gerson-galvez-calle.jsonld"),
    ("id/person/gerson-galvez-calle", "*/*", 303, "id/person/gerson-galvez-calle.html"),
    ("id/org/barrio-king", "text/turtle;q=0.9, application/ld+json;q=0.5", 303, "id/org/barrio-king.ttl"),
    ("id/article/000-b9edb38fd6fd730a", "text/turtle", 303, "id/article/000-b9edb38fd6fd730a.ttl"),
    ("id/claim/042238cdfb86757f", "application/ld+json", 303, "id/claim/042238cdfb86757f.jsonld"),
    ("id/quote/000-b9edb38fd6fd730a-2476-2528", "text/html", 303, "id/article/000-b9edb38fd6fd730a.html"),
    ("id/selector/000-b9edb38fd6fd730a-2476-2528-exact", "text/turtle", 303, "id/article/000-b9edb38fd6fd730a.ttl"),
    ("id/certainty/reported", "text/html", 303, "id/certainty/reported.html"),
    ("id/certainty", "text/turtle", 303, "id/certainty.ttl"),
    ("def/leads", "text/html", 303, "def/leads.html"),
    ("def/leads", "text/turtle", 303, "def/leads.ttl"),
    ("def/", "application/ld+json", 303, "def/index.jsonld"),
    ("dataset", "text/turtle", 303, "dataset.ttl"),
    ("dataset/class-partition/https--w3id.org-ockg-def-Person", "text/html", 303, "dataset.html"),
    ("id/person/gerson-galvez-calle.ttl", "text/html", 302, "id/person/gerson-galvez-calle.ttl"),
    ("release/ockg.trig", "*/*", 302, "release/ockg.trig"),
    ("", "text/html", 302, ""),
]
MEDIA = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


# --- fixtures --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def project(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed KG's project (the session's build stays as built) with dist/site/ written."""
    require((ROOT / "node_modules" / "cytoscape").is_dir(), "node_modules/ missing: run `npm ci`")
    copy = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(built, copy, symlinks=True)
    for name in ("node_modules", "w3id"):
        (copy / name).symlink_to(ROOT / name)
    result = ockg(copy, "site")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"wrote dist/site/ in [0-9.]+ s: \d+ entity, 5 article, \d+ claim, .*\n", result.stdout)
    return copy


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "dist" / "site"


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[str]:
    """A real `ockg serve` on a free port; yields its URL."""
    process = subprocess.Popen([sys.executable, "-m", "ockg.cli", "serve", "--port", "0"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        found = re.search(r"at (http://127\.0\.0\.1:\d+/) ;", line)
        assert found, line + (process.stderr.read() if process.stderr else "")
        yield found.group(1)
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require(CHROMIUM.is_file(), f"{CHROMIUM} missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield launched
        launched.close()


class Page:
    """One browser tab on a site page, with every console error and uncaught exception kept."""

    def __init__(self, browser: object, url: str) -> None:
        self.tab = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        response = self.tab.goto(url)
        assert response is not None and response.status == 200, url

    def shot(self, name: str, full: bool = False) -> None:
        self.tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_the_site_needs_the_graph_library_and_never_outlives_its_release(mini: Path) -> None:
    result = ockg(mini, "site")
    assert (result.returncode, result.stderr) == (
        2, "node_modules/cytoscape/dist/cytoscape.min.js: missing: run `npm ci` (the network view's graph "
        "library, pinned in package-lock.json)\n")
    (mini / "node_modules").symlink_to(ROOT / "node_modules")
    result = ockg(mini, "site")
    assert result.returncode == 0, result.stderr
    assert (mini / "dist" / "site" / "index.html").is_file()
    assert (mini / "dist" / "site" / "release" / "ockg.trig").samefile(mini / "dist" / "ockg.trig")
    result = ockg(mini, "build", seeds=MINI / "seeds" / "text")
    assert result.returncode == 0, result.stderr
    assert not (mini / "dist" / "site").exists()  # a new release: the old site went with the old one


# --- the pages in a browser --------------------------------------------------------------------------------
def test_caracols_page_shows_that_he_leads_barrio_king_with_the_quote_and_the_four_articles(
        browser: object, server: str) -> None:
    page = Page(browser, server + "id/person/gerson-galvez-calle.html")
    tab = page.tab
    assert tab.inner_text("h1") == "Gerson Aldair Gálvez Calle"
    assert "alias Caracol" in tab.inner_text("p.types")
    leads = tab.locator("section.relation", has=tab.locator("h3 a", has_text=re.compile("^leads$")))
    fact = leads.locator(".fact", has=tab.locator(".other a", has_text="Barrio King"))
    assert fact.locator(".count").inner_text() == "4 articles"
    quotes = fact.locator("blockquote").all_inner_texts()
    assert "“Once he was released, he formed the Barrio King gang”" in quotes
    articles = set(fact.locator(".source a:not(.claim-link)").all_inner_texts())
    assert len(articles) == 4
    assert {"La Republica", "Peruvian officials (unnamed, collective)"} <= set(fact.locator(".by").all_inner_texts())
    assert fact.locator(".claim").count() == 6  # six claims from four articles (002 also "while behind bars")
    assert tab.locator("figure.picture svg a").count() == 16  # the neighbourhood, at most 16 drawn
    assert page.errors == []
    page.shot("entity-caracol")
    page.shot("entity-caracol-full", full=True)


def test_an_event_page_gives_date_place_and_target_and_sets_differing_accounts_side_by_side(
        browser: object, server: str) -> None:
    page = Page(browser, server + "id/event/arrest-of-caracol.html")
    tab = page.tab
    headings = [h.strip() for h in tab.locator("section.relation h3 a").all_inner_texts()]
    assert headings[:3] == ["date", "has place", "target"]
    date = tab.locator("section.relation.conflict", has=tab.locator("h3 a", has_text=re.compile("^date$")))
    facts = date.locator(".fact")
    assert [f.locator(".other .literal").inner_text() for f in facts.all()] == ["2016", "2016-04-30"]
    # one claim dates it from two articles
    assert [f.locator(".count").inner_text() for f in facts.all()] == ["1 article", "2 articles"]
    boxes = [f.bounding_box() for f in facts.all()]
    assert boxes[0] and boxes[1] and boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]  # side by side
    page = Page(browser, server + "id/person/carlos-macdowell-villacorta.html")
    contradicted = page.tab.locator(".claim:has(.contradicts)")
    assert contradicted.count() >= 2
    page.tab.click(".claim .contradicts a >> nth=0")
    page.tab.wait_for_url(re.compile(re.escape(server) + r"id/claim/[0-9a-f]+\.html"))
    assert page.tab.locator(".triple").count() == 1
    assert page.errors == []


def test_the_home_page_gives_counts_and_the_release_files_with_their_checksums(browser: object, server: str,
                                                                               site: Path) -> None:
    page = Page(browser, server)
    rows = {r.locator("td").first.inner_text(): r.locator("td").nth(2).inner_text()
            for r in page.tab.locator("table.files tr:has(td)").all()}
    dist = site.parent
    assert rows == {name: hashlib.sha256((dist / name).read_bytes()).hexdigest() for name in rows}
    assert {"ockg.trig", "ockg.ttl", "void.ttl", "ontology.ttl"} <= set(rows)
    counts = {r.locator("td").first.inner_text(): r.locator("td").nth(1).inner_text()
              for r in page.tab.locator("table.counts tr").all()}
    assert counts["article"] == "5" and counts["claim"] == "1132"
    assert "CC BY 4.0" in page.tab.inner_text("main")
    assert page.errors == []
    page.shot("home", full=True)


def test_an_article_page_lists_every_claim_with_its_quotes_and_never_the_text(browser: object, server: str,
                                                                             project: Path) -> None:
    article = "https://w3id.org/ockg/id/article/000-b9edb38fd6fd730a"
    store = Store()
    store.bulk_load(path=str(project / "dist" / "ockg.trig"), format=RdfFormat.TRIG)
    claims = ({q.subject for q in store.quads_for_pattern(None, PROV.wasDerivedFrom, NamedNode(article))}
              & {q.subject for q in store.quads_for_pattern(None, RDF.type, OCKG.Claim)})
    page = Page(browser, server + "id/article/000-b9edb38fd6fd730a.html")
    assert page.tab.locator("div.claimed").count() == len(claims) > 50
    assert page.tab.inner_text("h2") == f"{len(claims)} claims"
    body = page.tab.inner_text("main")
    words = (seeds_dir() / "000_b9edb38fd6fd730a.txt").read_text(encoding="utf-8")
    longest = max((len(q) for q in page.tab.locator("blockquote").all_inner_texts()), default=0)
    assert longest <= 162  # a quote of at most 160 characters, in its quotation marks
    assert not any(words[i:i + 300] in body for i in range(0, len(words) - 300, 50))
    page.shot("article")


def test_a_query_page_shows_its_sparql_params_and_its_result_on_the_release(browser: object, server: str,
                                                                          project: Path) -> None:
    answer = ockg(project, "query", "network", "--format", "json")
    assert answer.returncode == 0, answer.stderr
    rows = json.loads(answer.stdout)["results"]["bindings"]
    page = Page(browser, server + "queries/network.html")
    tab = page.tab
    assert tab.inner_text("h1") == "The network of an actor within N hops"
    assert "SELECT ?neighbour ?neighbourLabel" in tab.inner_text("pre.sparql")
    assert tab.locator("table:has(th:text('type')) td code").all_inner_texts() == ["actor", "hops"]
    assert tab.inner_text("p.rows").startswith(f"{len(rows)} rows")
    assert tab.locator("table.result tr:has(td)").count() == len(rows)
    assert "Barrio King" in tab.inner_text("table.result")
    assert page.errors == []
    page.shot("query-network")


def test_the_network_view_draws_every_actor_filters_and_logs_no_error(browser: object, server: str,
                                                                      site: Path) -> None:
    data = json.loads(re.search(r'<script type="application/json" id="network-data">(.*?)</script>',
                                (site / "network.html").read_text(encoding="utf-8"), re.S).group(1))  # type: ignore[union-attr]
    page = Page(browser, server + "network.html")
    tab = page.tab
    tab.wait_for_function("document.getElementById('network').dataset.nodes !== undefined")
    drawn = tab.evaluate("document.querySelector('#network canvas') !== null")
    assert drawn and int(tab.get_attribute("#network", "data-nodes") or 0) == len(data["nodes"]) > 50
    assert {e["certainty"][0] for e in data["edges"]} <= set(data["certainties"])
    disputed = {n for e in data["edges"] if "disputed" in e["certainty"] for n in (e["source"], e["target"])}
    for certainty in data["certainties"]:
        if certainty != "disputed":
            tab.uncheck(f"input[name=certainty][value='{certainty}']")
    assert int(tab.get_attribute("#network", "data-nodes") or 0) == len(disputed)
    tab.check("input[name=certainty][value='reported']")
    tab.uncheck("input[name=relation][value='leads']")
    left = {n for e in data["edges"] if e["relation"] != "leads" and {"reported", "disputed"} & set(e["certainty"])
            for n in (e["source"], e["target"])}
    assert int(tab.get_attribute("#network", "data-nodes") or 0) == len(left)
    assert page.errors == []
    tab.check("input[name=relation][value='leads']")
    for certainty in data["certainties"]:
        tab.check(f"input[name=certainty][value='{certainty}']")
    page.shot("network")


# --- the static files ------------------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def _internal_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [link for link in parser.found if not urllib.parse.urlsplit(link).scheme]


def test_every_internal_link_resolves_and_every_page_is_reached_from_the_home_page(site: Path) -> None:
    pages = set(site.rglob("*.html"))
    broken, reached, todo = [], {site / "index.html"}, [site / "index.html"]
    while todo:
        page = todo.pop()
        for link in _internal_links(page):
            target = (page.parent / urllib.parse.unquote(link.split("#")[0])).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif target.suffix == ".html" and target not in reached:
                reached.add(target)
                todo.append(target)
    assert broken == []
    assert sorted(str(p.relative_to(site)) for p in pages - reached) == []  # no orphan page
    assert len(pages) > 1600


def test_every_page_has_its_turtle_and_json_ld_and_embeds_the_same_json_ld(site: Path) -> None:
    html = (site / "id" / "person" / "gerson-galvez-calle.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/turtle" href="gerson-galvez-calle.ttl">' in html
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert embedded
    jsonld = (site / "id" / "person" / "gerson-galvez-calle.jsonld").read_text(encoding="utf-8")
    assert embedded.group(1) == jsonld
    turtle = Dataset(parse(path=str(site / "id" / "person" / "gerson-galvez-calle.ttl"), format=RdfFormat.TURTLE))
    from_json = Dataset(parse(jsonld.encode(), format=RdfFormat.JSON_LD))
    assert len(turtle) == len(from_json) > 100 and set(map(str, turtle)) == set(map(str, from_json))
    leads = [q for q in turtle if q.predicate == OCKG.leads and q.object == NamedNode(BARRIO_KING)]
    assert [str(q.subject) for q in leads] == [f"<{CARACOL}>"]
    claims = [q for q in turtle if q.predicate == RDF.predicate and q.object == OCKG.leads]
    assert len(claims) >= 5
    for described in site.rglob("*.html"):
        stem = described.with_suffix("")
        if f'href="{stem.name}.ttl"' in described.read_text(encoding="utf-8"):
            assert stem.with_suffix(".ttl").is_file() and stem.with_suffix(".jsonld").is_file(), stem


# --- the w3id rules and `ockg serve` -----------------------------------------------------------------------
def test_the_w3id_rules_answer_the_table_of_requests() -> None:
    rules = rewrite.parse(ROOT / "w3id" / ".htaccess", "w3id/.htaccess")
    assert [(path, accept, *(rewrite.redirect(rules, path, accept) or ())) for path, accept, _, _ in REQUESTS] == \
        [(path, accept, status, W3ID + target) for path, accept, status, target in REQUESTS]


def test_the_rules_reader_refuses_what_it_would_not_apply_as_apache_does(tmp_path: Path) -> None:
    rules = tmp_path / ".htaccess"
    rules.write_text("RewriteEngine on\nRewriteCond %{HTTP_USER_AGENT} curl\nRewriteRule ^x$ /y [R=303]\n")
    with pytest.raises(InputError, match=r"\.htaccess:2: only RewriteEngine on"):
        rewrite.parse(rules, str(rules))
    rules.write_text("RewriteRule ^x$ /y [R=303,NE]\n")
    with pytest.raises(InputError, match=r"flag \[NE\] is not understood"):
        rewrite.parse(rules, str(rules))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str, accept: str) -> tuple[int, Message, bytes]:
    """status, headers (looked up in any case) and body, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_ockg_serve_negotiates_as_the_w3id_rules_and_each_redirect_leads_to_its_document(server: str) -> None:
    for path, accept, status, target in REQUESTS:
        got, headers, _ = _get(server + path, accept)
        if status == 302:  # a file's own path: the site serves it where the rules send it
            assert got == 200, path
            continue
        assert (got, headers.get("Location")) == (303, "/" + target), (path, accept)
        assert headers.get("Vary") == "Accept"
        got, headers, body = _get(server + target, accept)
        suffix = Path(target).suffix
        assert got == 200 and str(headers["Content-Type"]).startswith(MEDIA[suffix]), target
        if suffix == ".ttl":
            assert len(list(parse(body, format=RdfFormat.TURTLE))) > 0
        elif suffix == ".jsonld":
            assert len(list(parse(body, format=RdfFormat.JSON_LD))) > 0
        else:
            assert b"<!DOCTYPE html>" in body and b'rel="alternate"' in body


def test_ockg_serve_answers_sparql_over_the_release_read_only(server: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/ockg/def/Claim> }"
    request = urllib.request.Request(server + "sparql/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert json.load(answer)["results"]["bindings"][0]["n"]["value"] == "1132"
    update = urllib.request.Request(server + "sparql/update", data=b"update=CLEAR%20ALL",
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=30)
    assert refused.value.code in (403, 404, 405)
    status, _, body = _get(server + "sparql/", "text/html")
    assert status == 200 and b"Yasgui" in body
