"""The built site served by a real nginx (Debian's) with the configuration the build writes, over
HTTPS as it will be served.

The site is built once for this module with ``site_url`` set to nginx's HTTPS address and the
nginx options of that address, with a certificate made for the test (``sitegen.build_site``: the
service worker, the ``.gz`` and ``.br`` files and the server block ``site.nginx.conf`` beside the
site, rendered from deploy/nginx/site.conf.j2 with the Content-Security-Policy of that build), and
nginx serves it with exactly that file (and Debian's brotli_static module). Checked: plain HTTP
redirected to HTTPS, HTTP/2 offered, types, precompressed brotli and gzip, caching per path class,
the Content-Security-Policy header and the other headers; in Chromium (trusting the test's
certificate by its key, so the page is a secure context with a valid certificate): every page in
both languages and the chooser under that header (``default-src 'self'`` plus the site's
directives), with 0 CSP violations and 0 console errors, the runtime arriving as brotli, and the
self-check page reaching ``[data-selfcheck][data-state=ready]``, answering, and registering the
service worker.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
import socket
import ssl
import urllib.error
import urllib.request

import brotli
import pytest

from sitegen import (
    Nginx,
    NginxOptions,
    build_site,
    free_port,
    have_nginx,
    run_nginx,
    self_signed,
)
from sitegen._deploy import (
    COMPRESSIBLE,
    IMMUTABLE,
    MIN_GZIP_SIZE,
    NO_CACHE,
    cache_control,
    content_security_policy,
    inline_hashes,
    write_precompressed,
)
from sitegen._nginx import nginx_config_path

from ._site import CHROMIUM, CHROMIUM_ARGS, LANGS, ROOT, Site, have_chromium, parse

pytestmark = pytest.mark.skipif(not have_nginx(), reason="nginx is not installed: scripts/setup.sh")


#: The test's certificate, trusted by ``fetch`` (set by the ``served`` fixture).
TRUST: dict[str, ssl.SSLContext] = {}


@dataclasses.dataclass(frozen=True)
class Https:
    """nginx serving HTTPS (``origin``), and what a client needs to know about it."""

    nginx: Nginx
    http_origin: str  # the plain-HTTP port, which redirects
    certificate: str  # the certificate's path (a client trusts it)
    spki: str  # the base64 SHA-256 of its public key (Chromium trusts it by that)

    def __getattr__(self, name: str):
        return getattr(self.nginx, name)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(Site, Nginx): the site built for nginx's HTTPS address, served by nginx with the build's
    own server block: HTTPS and HTTP/2 on one port, plain HTTP redirecting to it on another. The
    Nginx also has ``http_origin`` (that other port), ``certificate`` (its path) and ``spki``
    (the certificate's key, for Chromium)."""
    tls_sock, http_sock = free_port(), free_port()
    port, http_port = tls_sock.getsockname()[1], http_sock.getsockname()[1]
    origin = f"https://127.0.0.1:{port}/"
    work = tmp_path_factory.mktemp("deploy")
    tls, spki = self_signed(work / "tls")
    options = NginxOptions(
        listen=f"127.0.0.1:{http_port}",
        server_name="127.0.0.1",
        tls=dataclasses.replace(tls, listen=f"127.0.0.1:{port}"),
    )
    root = build_site(work / "site", site_url=origin, nginx=options)
    TRUST["context"] = ssl.create_default_context(cafile=tls.certificate)
    with run_nginx(nginx_config_path(root), tls_sock, http_sock, scheme="https") as server:
        https = Https(server, f"http://127.0.0.1:{http_port}/", tls.certificate, spki)
        yield Site(root=root, origin=origin, warnings=()), https


def fetch(url: str, gzip_ok: bool = False, method: str = "GET", accept: str | None = None):
    """(status, headers, body) without following redirects; ``accept``: the Accept-Encoding
    (default: gzip when ``gzip_ok``, else none)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    encoding = accept or ("gzip" if gzip_ok else "identity")
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding}, method=method)
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=TRUST.get("context"))
    )
    try:
        with opener.open(request, timeout=30) as response:
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
    r"^assets/selfcheck-engine/[0-9a-f]+/.+\.whl$": "application/octet-stream",
    r"^assets/pyodide/[^/]+/python_stdlib-[0-9a-f]{12}\.zip$": "application/zip",
    r"^sw\.js$": "application/javascript",
    r"^en/answers-template\.csv$": "text/csv",
    r"^zh/assets/images/favicon\.svg$": "image/svg+xml",
    r"^zh/sitemap\.xml$": "text/xml",
    r"^robots\.txt$": "text/plain",
}


def test_only_the_types_the_distribution_lacks_are_added(tmp_path):
    # nginx -t warned of a duplicate "wasm" type (Debian's mime.types has it): the server block
    # adds only what the mime.types it includes lacks or gets wrong; every type if unreadable.
    from sitegen._nginx import SITE_TYPES, extra_types

    mime = tmp_path / "mime.types"
    mime.write_text(
        "types {\n    text/html html htm;\n    application/wasm wasm;\n"
        "    application/javascript js map;\n}\n",
        encoding="utf-8",
    )
    added = dict((e, t) for t, e in extra_types(mime))
    assert "wasm" not in added and added["map"] == "application/json"  # lacked / got wrong
    assert set(added) == set(SITE_TYPES) - {"wasm"}
    assert len(extra_types(tmp_path / "missing")) == len(SITE_TYPES)


@pytest.mark.parametrize(("pattern", "mime"), TYPES.items(), ids=list(TYPES.values()))
def test_types(served, pattern, mime):
    site, server = served
    status, headers, _ = fetch(server.origin + _asset(site, pattern), method="HEAD")
    assert status == 200
    assert headers.get_content_type() == mime
    assert headers["X-Content-Type-Options"] == "nosniff"


GZIPPED = [
    r"^assets/pyodide/[^/]+/pyodide\.asm\.wasm$",
    r"^assets/pyodide/[^/]+/python_stdlib-[0-9a-f]{12}\.zip$",
    r"^sw\.js$",
    r"^assets/pyodide/[^/]+/pyodide\.asm\.mjs$",
    r"^zh/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$",
    r"^en/assets/selfcheck/worker\.mjs$",
    r"^en/selfcheck/index\.html$",
    r"^zh/search/search_index\.json$",
]


@pytest.mark.parametrize("pattern", GZIPPED)
def test_the_builds_br_file_is_sent_to_clients_that_accept_brotli(served, pattern):
    site, server = served
    path = _asset(site, pattern)
    original = (site.root / path).read_bytes()
    packed = (site.root / (path + ".br")).read_bytes()
    assert len(packed) < len((site.root / (path + ".gz")).read_bytes())
    status, headers, body = fetch(server.origin + path, accept="gzip, deflate, br, zstd")
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(packed) and body == packed
    assert brotli.decompress(body) == original


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


def test_every_compressible_file_has_a_fresh_deterministic_gz_and_br(served):
    site, _ = served
    missing = [
        p.with_name(p.name + suffix)
        for p in site.root.rglob("*")
        if p.is_file() and p.suffix in COMPRESSIBLE and p.stat().st_size >= MIN_GZIP_SIZE
        for suffix in (".gz", ".br")
        if not p.with_name(p.name + suffix).exists()
    ]
    assert missing == []
    wasm = next(site.root.rglob("pyodide.asm.wasm.gz"))
    assert wasm.read_bytes()[4:8] == b"\0\0\0\0"  # no timestamp
    packed = [*site.root.rglob("*.gz"), *site.root.rglob("*.br")]
    before = {p: p.read_bytes() for p in packed}
    write_precompressed(site.root)
    assert {p: p.read_bytes() for p in packed} == before


def test_write_precompressed_removes_stale_files_and_keeps_valid_ones(tmp_path):
    (tmp_path / "a.js").write_text("x" * 2000)
    (tmp_path / "small.css").write_text("y")
    (tmp_path / "small.css.gz").write_bytes(gzip.compress(b"old contents"))  # stale
    (tmp_path / "small.css.br").write_bytes(brotli.compress(b"old contents"))  # stale
    (tmp_path / "gone.html.gz").write_bytes(gzip.compress(b"<p>gone</p>"))  # its file is gone
    (tmp_path / "gone.html.br").write_bytes(brotli.compress(b"<p>gone</p>"))
    (tmp_path / "sitemap.xml").write_text("<x/>")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<x/>"))  # valid, kept
    (tmp_path / "b.whl").write_bytes(b"z" * 5000)
    written = write_precompressed(tmp_path)
    assert written == [tmp_path / "a.js.gz", tmp_path / "a.js.br"]
    assert sorted(p.name for p in tmp_path.glob("*.gz")) == ["a.js.gz", "sitemap.xml.gz"]
    assert sorted(p.name for p in tmp_path.glob("*.br")) == ["a.js.br"]


# -- HTTPS --------------------------------------------------------------------------------------


def test_plain_http_is_redirected_to_https(served):
    _, server = served
    for path in ("", "zh/selfcheck/?x=1", "sw.js"):
        status, headers, _ = fetch(server.http_origin + path)
        assert status == 301 and headers["Location"] == server.origin + path
        assert headers["Server"] == "nginx"  # no version


def test_https_offers_http2(served):
    _, server = served
    for protocols, expected in ((["h2", "http/1.1"], "h2"), (["http/1.1"], "http/1.1")):
        context = ssl.create_default_context(cafile=server.certificate)
        context.set_alpn_protocols(protocols)
        with (
            socket.create_connection(("127.0.0.1", server.port)) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            assert tls.selected_alpn_protocol() == expected
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


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
    (r"^assets/pyodide/[^/]+/python_stdlib-[0-9a-f]{12}\.zip$", IMMUTABLE),
    (r"^assets/selfcheck-engine/[0-9a-f]+/.+\.whl$", IMMUTABLE),
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
    material = {h: on for h, on in hashes.scripts.items() if on != ["/index.html"]}
    assert len(material) == 3
    assert all(set(on) >= pages for on in material.values())
    # and the chooser's one (the browser's language)
    assert len(hashes.scripts) == 4 and ["/index.html"] in hashes.scripts.values()


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


def test_no_page_needs_unsafe_inline_for_styles(served):
    """No inline style="..." attribute and no inline event handler anywhere (issue 10, point 6);
    the chooser's one <style> element is allowed by its hash."""
    site, _ = served
    hashes = inline_hashes(site.root)
    assert hashes.style_attributes == [] and hashes.event_handlers == []
    assert list(hashes.styles.values()) == [["/index.html"]]


def _csp_shape(policy: str) -> dict[str, list[str]]:
    """The directives of a policy, each hash written as 'sha256-…'."""
    out = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        out[name] = [re.sub(r"^'sha256-.+'$", "'sha256-…'", x) for x in sources]
    return out


def test_the_readme_states_the_complete_policy_of_the_build(served):
    site, _ = served
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"Content-Security-Policy: (default-src [^`]+)`", readme)
    assert stated, "the README's hosting section states the policy as one code span"
    assert _csp_shape(stated.group(1)) == _csp_shape(content_security_policy(site.root))


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


@pytest.fixture(scope="module")
def browser_run(served):
    """Every page of both languages and the chooser, opened under the nginx headers over HTTPS:
    for each URL path, the CSP violations, console errors and failed responses seen; what the
    self-check pages said about their service worker; and the encoding of every response from
    the server (URL: Content-Encoding)."""
    if not have_chromium():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    site, server = served
    paths = [""] + [f"{lang}/{page}" for lang in LANGS for page in site.pages(lang)]
    found: dict[str, list[str]] = {}
    workers: dict[str, dict] = {}
    encodings: dict[str, str] = {}
    # The test's certificate trusted by its key: a valid certificate for Chromium, so the page is
    # a secure context that may register its service worker.
    trust = f"--ignore-certificate-errors-spki-list={server.spki}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, trust])
        try:
            for path in paths:
                # A fresh context per page: no service worker of an earlier page serves it.
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(_RECORD)
                page = context.new_page()
                page.set_default_timeout(90_000)
                problems: list[str] = []
                page.on(
                    "console",
                    lambda m, out=problems: (
                        out.append(f"console {m.type}: {m.text[:300]}")
                        if m.type == "error"
                        else None
                    ),
                )
                page.on("pageerror", lambda e, out=problems: out.append(f"page error: {e}"))
                context.on(
                    "response",
                    lambda r, out=problems: (
                        out.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
                    ),
                )
                context.on(
                    "response",
                    lambda r: (
                        encodings.setdefault(r.url, r.headers.get("content-encoding", ""))
                        if not r.from_service_worker
                        else None
                    ),
                )
                page.goto(server.origin + path, wait_until="load")
                if path.endswith("selfcheck/"):
                    page.locator("[data-selfcheck][data-state=ready]").wait_for()
                    page.locator("#sc-employees").fill("100")
                    page.locator(".sc-verdict[data-verdict]").wait_for()
                    page.locator("[data-sc-offline]").wait_for(state="visible")
                    workers[path] = page.evaluate(
                        """async () => {
                          const r = await navigator.serviceWorker.getRegistration();
                          return {scope: r && r.scope, active: Boolean(r && r.active),
                                  script: r && r.active && r.active.scriptURL,
                                  controlled: Boolean(navigator.serviceWorker.controller),
                                  caches: await caches.keys()};
                        }"""
                    )
                page.wait_for_load_state("networkidle")
                problems += page.evaluate("window.__violations")
                found[path] = problems
                context.close()
        finally:
            browser.close()
    return site, found, workers, encodings


@pytest.mark.browser
def test_every_page_runs_under_the_headers_without_violation_or_error(browser_run):
    site, found, _, _ = browser_run
    assert {"zh/selfcheck/", "en/selfcheck/", ""} <= set(found)
    assert len(found) == 1 + sum(len(site.pages(lang)) for lang in LANGS)
    assert {path: p for path, p in found.items() if p} == {}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_selfcheck_page_registers_the_service_worker_for_the_whole_site(browser_run, lang):
    site, _, workers, _ = browser_run
    worker = workers[f"{lang}/selfcheck/"]
    assert worker["scope"] == site.origin and worker["script"] == site.origin + "sw.js"
    assert worker["active"] and worker["controlled"]
    assert len(worker["caches"]) == 1 and worker["caches"][0].startswith("cl-")


@pytest.mark.browser
def test_chromium_gets_the_runtime_and_the_pages_as_brotli(browser_run):
    site, _, _, encodings = browser_run
    runtime = {u: e for u, e in encodings.items() if "/assets/pyodide/" in u}
    assert {u.rsplit("/", 1)[1] for u in runtime} >= {"pyodide.asm.wasm", "pyodide.asm.mjs"}
    assert set(runtime.values()) == {"br"}, runtime
    assert encodings[site.origin + "zh/selfcheck/"] == "br"


def test_the_chooser_links_an_icon_and_every_page_its_alternates(served):
    site, server = served
    chooser = (site.root / "index.html").read_text(encoding="utf-8")
    links = [a for tag, a in parse(chooser).elements if tag == "link"]
    icons = [a["href"] for a in links if "icon" in a.get("rel", "").split()]
    assert icons and all(fetch(server.origin + href)[0] == 200 for href in icons)
    # Material's language switch fetches sitemap.xml beside every hreflang address: each answers.
    for href in [a["href"] for a in links if a.get("rel") == "alternate"]:
        assert fetch(href + "sitemap.xml")[0] == 200, href
    assert fetch(server.origin + "en/conditions/sitemap.xml")[0] == 200
    assert fetch(server.origin + "en/conditions/nothing.xml")[0] == 404
