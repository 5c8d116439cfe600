"""The built site served by a real nginx (Debian's) with the project's configuration (deploy/).

The site is built once for this module with ``site_url`` set to nginx's address, the ``.gz`` files
are written (``sitegen._deploy.write_gzip``), and nginx serves it with ``deploy/nginx/site.conf.j2``
rendered for that build (tests/_nginx.py). Checked over HTTP: types, precompressed gzip, caching per
path class, the Content-Security-Policy header and the other headers; in Chromium: every page in
both languages and the chooser under that header, with 0 CSP violations and 0 console errors, and
the self-check page reaching ``[data-selfcheck][data-state=ready]`` and answering.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request

import pytest

from sitegen import build_site
from sitegen._deploy import (
    COMPRESSIBLE,
    IMMUTABLE,
    MIN_GZIP_SIZE,
    NO_CACHE,
    cache_control,
    content_security_policy,
    inline_hashes,
    write_gzip,
)

from ._nginx import free_port, have_nginx, serve
from ._site import CHROMIUM, CHROMIUM_ARGS, LANGS, Site, have_chromium, parse

pytestmark = pytest.mark.skipif(not have_nginx(), reason="nginx is not installed: scripts/setup.sh")

SERVICE_WORKER = "// placeholder for the service worker (issue 12): only its headers are tested\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(Site, Nginx): the site built for nginx's address, with .gz files, served by nginx."""
    sock = free_port()
    origin = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    root = build_site(tmp_path_factory.mktemp("deploy") / "site", site_url=origin)
    (root / "sw.js").write_text(SERVICE_WORKER, encoding="utf-8")
    write_gzip(root)
    with serve(root, sock) as server:
        yield Site(root=root, origin=origin, warnings=()), server


def fetch(url: str, gzip_ok: bool = False, method: str = "GET"):
    """(status, headers, body) without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {"Accept-Encoding": "identity"}
    request = urllib.request.Request(url, headers=headers, method=method)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _asset(site: Site, pattern: str) -> str:
    """The site path (no leading slash) of the one built file matching ``pattern``."""
    found = sorted(
        p.relative_to(site.root).as_posix()
        for p in site.root.rglob("*")
        if p.is_file() and re.search(pattern, p.relative_to(site.root).as_posix())
    )
    assert found, pattern
    return found[0]


# -- types and compression ------------------------------------------------------------------

TYPES = {
    r"^assets/pyodide/[^/]+/pyodide\.asm\.wasm$": "application/wasm",
    r"^assets/pyodide/[^/]+/pyodide\.mjs$": "text/javascript",
    r"^en/assets/selfcheck/worker\.mjs$": "text/javascript",
    r"^zh/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$": "application/javascript",
    r"^zh/assets/stylesheets/main\.[0-9a-f]{8}\.min\.css$": "text/css",
    r"^zh/index\.html$": "text/html",
    r"^zh/search/search_index\.json$": "application/json",
    r"^assets/selfcheck-engine/[0-9a-f]+/pyodide-lock\.json$": "application/json",
    r"^assets/selfcheck-engine/[0-9a-f]+/.+\.whl$": "application/octet-stream",
    r"^assets/pyodide/[^/]+/python_stdlib\.zip$": "application/zip",
    r"^en/answers-template\.csv$": "text/csv",
    r"^zh/assets/images/favicon\.svg$": "image/svg+xml",
    r"^zh/sitemap\.xml$": "text/xml",
}


@pytest.mark.parametrize(("pattern", "mime"), TYPES.items(), ids=list(TYPES.values()))
def test_types(served, pattern, mime):
    site, server = served
    status, headers, _ = fetch(server.origin + _asset(site, pattern), method="HEAD")
    assert status == 200
    assert headers.get_content_type() == mime
    assert headers["X-Content-Type-Options"] == "nosniff"


GZIPPED = [
    r"^assets/pyodide/[^/]+/pyodide\.asm\.wasm$",
    r"^assets/pyodide/[^/]+/pyodide\.asm\.mjs$",
    r"^zh/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$",
    r"^en/assets/selfcheck/worker\.mjs$",
    r"^en/selfcheck/index\.html$",
    r"^zh/search/search_index\.json$",
]


@pytest.mark.parametrize("pattern", GZIPPED)
def test_the_builds_gz_file_is_sent_to_clients_that_accept_gzip(served, pattern):
    site, server = served
    path = _asset(site, pattern)
    original = (site.root / path).read_bytes()
    packed = (site.root / (path + ".gz")).read_bytes()
    status, headers, body = fetch(server.origin + path, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    # gzip_static sends the file itself (a length, not chunks), not a fresh compression.
    assert int(headers["Content-Length"]) == len(packed) and body == packed
    assert gzip.decompress(body) == original
    status, headers, body = fetch(server.origin + path)
    assert status == 200 and "Content-Encoding" not in headers and body == original


def test_every_compressible_file_has_a_fresh_deterministic_gz(served):
    site, _ = served
    missing = [
        p
        for p in site.root.rglob("*")
        if p.is_file()
        and p.suffix in COMPRESSIBLE
        and p.stat().st_size >= MIN_GZIP_SIZE
        and not p.with_name(p.name + ".gz").exists()
    ]
    assert missing == []
    wasm = next(site.root.rglob("pyodide.asm.wasm.gz"))
    assert wasm.read_bytes()[4:8] == b"\0\0\0\0"  # no timestamp
    before = {p: p.read_bytes() for p in site.root.rglob("*.gz")}
    write_gzip(site.root)
    assert {p: p.read_bytes() for p in site.root.rglob("*.gz")} == before


def test_write_gzip_removes_stale_files_and_keeps_valid_ones(tmp_path):
    (tmp_path / "a.js").write_text("x" * 2000)
    (tmp_path / "small.css").write_text("y")
    (tmp_path / "small.css.gz").write_bytes(gzip.compress(b"old contents"))  # stale
    (tmp_path / "gone.html.gz").write_bytes(gzip.compress(b"<p>gone</p>"))  # its file is gone
    (tmp_path / "sitemap.xml").write_text("<x/>")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<x/>"))  # valid, kept
    (tmp_path / "b.whl").write_bytes(b"z" * 5000)
    written = write_gzip(tmp_path)
    assert written == [tmp_path / "a.js.gz"]
    assert sorted(p.name for p in tmp_path.glob("*.gz")) == ["a.js.gz", "sitemap.xml.gz"]


# -- caching ------------------------------------------------------------------------------------

CACHE = [
    ("", NO_CACHE),
    ("index.html", NO_CACHE),
    ("zh/", NO_CACHE),
    ("en/selfcheck/", NO_CACHE),
    ("zh/search/search_index.json", NO_CACHE),
    ("en/sitemap.xml", NO_CACHE),
    ("en/assets/selfcheck/worker.mjs", NO_CACHE),
    ("sw.js", NO_CACHE),
    (r"^assets/pyodide/[^/]+/pyodide\.asm\.wasm$", IMMUTABLE),
    (r"^assets/pyodide/[^/]+/python_stdlib\.zip$", IMMUTABLE),
    (r"^assets/selfcheck-engine/[0-9a-f]+/.+\.whl$", IMMUTABLE),
    (r"^assets/selfcheck-engine/[0-9a-f]+/pyodide-lock\.json$", IMMUTABLE),
    (r"^en/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$", IMMUTABLE),
    (r"^en/assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js$", IMMUTABLE),
    (r"^zh/assets/stylesheets/palette\.[0-9a-f]{8}\.min\.css$", IMMUTABLE),
]


@pytest.mark.parametrize(("path", "expected"), CACHE, ids=[c[0] or "/" for c in CACHE])
def test_cache_control_per_path_class(served, path, expected):
    site, server = served
    if path.startswith("^"):
        path = _asset(site, path)
    for gzip_ok in (False, True):
        status, headers, _ = fetch(server.origin + path, gzip_ok=gzip_ok)
        assert status == 200
        assert headers["Cache-Control"] == expected


def test_nginx_and_the_python_rules_agree_on_every_file_of_the_build(served):
    site, server = served
    differ = {}
    for file in sorted(site.root.rglob("*")):
        if not file.is_file() or file.suffix == ".gz":
            continue
        path = "/" + file.relative_to(site.root).as_posix()
        got = fetch(server.origin + path.lstrip("/"), method="HEAD")[1]["Cache-Control"]
        if got != cache_control(path):
            differ[path] = got
    assert differ == {}


def test_an_error_in_an_immutable_folder_is_not_cached_for_a_year(served):
    site, server = served
    version = next((site.root / "assets" / "pyodide").iterdir()).name
    status, headers, _ = fetch(f"{server.origin}assets/pyodide/{version}/missing.js")
    assert status == 404 and headers["Cache-Control"] == NO_CACHE


@pytest.mark.parametrize(
    ("path", "lang"), [("en/missing/", "en"), ("zh/missing/", "zh"), ("missing", "zh")]
)
def test_404_is_the_languages_own_page(served, path, lang):
    _, server = served
    status, headers, body = fetch(server.origin + path)
    assert status == 404 and f'<html lang="{lang}"'.encode() in body
    assert "Content-Security-Policy" in headers


def test_a_folder_without_its_slash_redirects_relatively(served):
    _, server = served
    status, headers, _ = fetch(server.origin + "en")
    assert status == 301 and headers["Location"] == "/en/"


# -- headers ------------------------------------------------------------------------------------


def test_material_inline_scripts_have_the_same_hashes_on_every_page(served):
    site, _ = served
    hashes = inline_hashes(site.root)
    pages = {f"/{lang}/{page}index.html" for lang in LANGS for page in site.pages(lang)}
    assert len(hashes.scripts) == 3
    assert all(set(on) >= pages for on in hashes.scripts.values())


def test_the_csp_header_allows_only_the_site_itself(served):
    site, server = served
    policy = content_security_policy(site.root)
    for path in ("", "zh/", "en/selfcheck/", "en/assets/selfcheck/worker.mjs", "en/missing/"):
        assert fetch(server.origin + path)[1]["Content-Security-Policy"] == policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["worker-src"] == "'self'"
    script = directives["script-src"].split()
    assert script[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert sorted(script[2:]) == sorted(inline_hashes(site.root).scripts)
    sources = " ".join(directives.values()).split()
    allowed = {"'self'", "'none'", "'wasm-unsafe-eval'", "data:"}
    assert [s for s in sources if s not in allowed and not s.startswith("'sha256-")] == []
    assert directives["img-src"] == "'self' data:"  # Material's icons are data: SVGs in its CSS
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_the_other_security_headers(served):
    _, server = served
    _, headers, _ = fetch(server.origin + "zh/")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    permissions = dict(p.strip().split("=", 1) for p in headers["Permissions-Policy"].split(","))
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "hid",
        "midi",
        "display-capture",
        "browsing-topics",
    ):
        assert permissions[feature] == "()", feature
    assert permissions["clipboard-write"] == "(self)"  # copy buttons, "copy link"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Server"] == "nginx"  # no version


# -- in Chromium ----------------------------------------------------------------------------------

_RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""
# Browsers ask for /favicon.ico on their own; the chooser links no icon (see the xfail below).
_FAVICON = re.compile(r"/favicon\.ico$")


@pytest.fixture(scope="module")
def browser_run(served):
    """Every page of both languages and the chooser, opened under the nginx headers: for each
    URL path, the CSP violations, console errors and failed responses seen."""
    if not have_chromium():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    site, server = served
    paths = [""] + [f"{lang}/{page}" for lang in LANGS for page in site.pages(lang)]
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(_RECORD)
        try:
            for path in paths:
                page = context.new_page()
                page.set_default_timeout(60_000)
                problems: list[str] = []
                page.on(
                    "console",
                    lambda m, out=problems: (
                        out.append(f"console {m.type}: {m.text[:300]}")
                        if m.type == "error"
                        and not _FAVICON.search((m.location or {}).get("url", ""))
                        else None
                    ),
                )
                page.on("pageerror", lambda e, out=problems: out.append(f"page error: {e}"))
                page.on(
                    "response",
                    lambda r, out=problems: (
                        out.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
                    ),
                )
                page.goto(server.origin + path, wait_until="load")
                if path.endswith("selfcheck/"):
                    page.locator("[data-selfcheck][data-state=ready]").wait_for()
                    page.locator("#sc-employees").fill("100")
                    page.locator("[data-verdict]").wait_for()
                page.wait_for_timeout(200)
                problems += page.evaluate("window.__violations")
                found[path] = problems
                page.close()
        finally:
            browser.close()
    return site, found


def _style_attribute_pages(site: Site) -> set[str]:
    """URL paths of the pages with an inline style="..." (the procedure diagram)."""
    return {
        page.removesuffix("index.html").lstrip("/")
        for page, _ in inline_hashes(site.root).style_attributes
    }


@pytest.mark.browser
def test_every_page_runs_under_the_headers_without_violation_or_error(browser_run):
    site, found = browser_run
    assert {"zh/selfcheck/", "en/selfcheck/", ""} <= set(found)
    assert len(found) == 1 + sum(len(site.pages(lang)) for lang in LANGS)
    skip = _style_attribute_pages(site)
    assert {path: p for path, p in found.items() if p and path not in skip} == {}


@pytest.mark.browser
@pytest.mark.xfail(
    strict=True,
    reason=(
        'the procedure diagram (sitegen/_diagram.py) has an inline style="max-width:..." attribute, '
        "on the procedure and briefing pages of both languages: Chromium refuses it under "
        "style-src 'self' (directive style-src-attr; allowing it needs 'unsafe-inline' or "
        "'unsafe-hashes'); it is to move into the stylesheet"
    ),
)
def test_the_pages_with_the_diagram_run_without_violation(browser_run):
    site, found = browser_run
    pages = _style_attribute_pages(site)
    assert pages == {f"{lang}/{page}/" for lang in LANGS for page in ("procedure", "briefing")}
    assert {path: found[path] for path in sorted(pages) if found[path]} == {}


@pytest.mark.xfail(
    strict=True,
    reason=(
        "the language chooser (/index.html, sitegen/_render.py render_chooser) links no icon, so "
        "browsers ask for /favicon.ico on their own and get a 404 (a console error on the chooser "
        "when the request is still attributed to the page, so it is left out of the browser check "
        "above); it should link zh/assets/images/favicon.svg"
    ),
)
def test_the_chooser_links_an_icon(served):
    site, server = served
    chooser = (site.root / "index.html").read_text(encoding="utf-8")
    links = [a for tag, a in parse(chooser).elements if tag == "link"]
    icons = [a["href"] for a in links if "icon" in a.get("rel", "").split()]
    assert icons and all(fetch(server.origin + href)[0] == 200 for href in icons)
