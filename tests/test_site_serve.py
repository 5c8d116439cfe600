"""``python -m sitegen serve`` answers as the nginx configuration does (issue 18): no folder listing,
a 404 (the language's own page) and never a traceback for a path that cannot be a file, the same
security headers and caching; and a local preview served from another address than its own makes
no request to that other address (Material fetches a sitemap beside each hreflang link)."""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import urlsplit

import pytest

from sitegen._deploy import IMMUTABLE, NO_CACHE, security_headers

from ._site import CHROMIUM, CHROMIUM_ARGS, have_chromium


def get(url: str) -> tuple[int, Message, bytes]:
    """(status, headers (any case), body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_folder_is_not_listed_and_a_missing_page_is_the_languages_404(built):
    status, _, body = get(built.origin + "assets/")
    assert status == 404 and b"Index of" not in body
    status, _, body = get(built.origin + "en/no-such-page/")
    assert status == 404 and body == (built.root / "en" / "404.html").read_bytes()


@pytest.mark.parametrize("path", ["zh/%00", "zh/a%00b/", "%00", "zh/selfcheck/%2e%2e/%2e%2e/%00"])
def test_a_path_no_file_can_have_is_a_404_not_a_traceback(built, capsys, path):
    status, _, _ = get(built.origin + path)
    assert status == 404
    assert "Traceback" not in capsys.readouterr().err


def test_every_response_has_the_headers_nginx_sends(built):
    expected = security_headers(built.root)
    for path, cache in (
        ("zh/", NO_CACHE),
        ("sw.js", NO_CACHE),
        ("no-such-page/", NO_CACHE),
    ):
        _, headers, _ = get(built.origin + path)
        assert {k: headers.get(k) for k in expected} == expected, path
        assert headers["Cache-Control"] == cache, path
    wasm = next(p for p in (built.root / "assets" / "pyodide").rglob("pyodide.asm.wasm"))
    _, headers, _ = get(built.origin + wasm.relative_to(built.root).as_posix())
    assert headers["Cache-Control"] == IMMUTABLE and headers["Content-Type"] == "application/wasm"


@pytest.mark.browser
@pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)")
def test_a_preview_served_from_another_address_asks_nothing_of_its_own(built):
    # The built site is a preview for http://127.0.0.1:<port>/; here it is opened as
    # http://localhost:<port>/, another origin of the same server.
    from playwright.sync_api import sync_playwright

    origin = built.origin.replace("127.0.0.1", "localhost")
    elsewhere: list[str] = []
    violations: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "request",
                lambda r: (
                    elsewhere.append(r.url)
                    if urlsplit(r.url).netloc != urlsplit(origin).netloc
                    else None
                ),
            )
            page.on(
                "console",
                lambda m: (
                    violations.append(m.text) if "Content Security Policy" in m.text else None
                ),
            )
            for path in ("zh/", "en/conditions/", "zh/procedure/"):
                page.goto(origin + path, wait_until="networkidle")
        finally:
            browser.close()
    assert elsewhere == [] and violations == []
