"""Offline after one visit, in Chromium, through nginx with the build's own configuration.

Build A is served; a reader opens the self-check page (the service worker is registered, keeps
what the page needs and the page says so), the network goes away, the page is reloaded and the
self-check comes up and evaluates, from the cache. Then build B (different policy data, so a
different engine) replaces A on the server: the next online visit installs B's service worker,
A's cache is gone, B's engine answers, and B works offline in turn. Ordinary pages never
register it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from sitegen import NginxOptions, build_site, free_port, have_nginx, run_nginx
from sitegen._nginx import nginx_config_path
from sitegen.widget import build_manifest

from ._site import CHROMIUM, CHROMIUM_ARGS, ROOT, have_chromium
from ._widget_site import BOOT_TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_nginx(), reason="nginx is not installed: scripts/setup.sh"),
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]
NEW_VERSION = "2099.01.02"


def _switch(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one step (what a deploy that swaps folders does)."""
    tmp = link.with_name(link.name + ".new")
    tmp.symlink_to(target)
    os.replace(tmp, link)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """nginx serving ``current`` with the build's configuration; builds A and B (B from a copy
    of policy/ with another data version)."""
    work = tmp_path_factory.mktemp("offline")
    sock = free_port()
    port = sock.getsockname()[1]
    origin = f"http://127.0.0.1:{port}/"
    current = work / "current"
    options = NginxOptions(root=str(current), listen=f"127.0.0.1:{port}", server_name="127.0.0.1")
    a = build_site(work / "a", site_url=origin, nginx=options)
    policy = work / "policy"
    shutil.copytree(ROOT / "policy", policy)
    meta = policy / "meta.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('data_version: "', f'data_version: "{NEW_VERSION}" #'), "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITEGEN_POLICY_DIR", str(policy))
        b = build_site(work / "b", site_url=origin, nginx=options)
    _switch(current, a)
    with run_nginx(nginx_config_path(a), sock) as nginx:
        yield {"origin": origin, "current": current, "a": a, "b": b, "nginx": nginx}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A reader's browser profile of its own: no service worker, no cache."""
    context = browser.new_context()
    context.set_default_timeout(BOOT_TIMEOUT_MS)
    yield context
    context.close()


def _caches(page) -> list[str]:
    return page.evaluate("async () => (await caches.keys()).sort()")


def _evaluates(page) -> str:
    page.locator("[data-selfcheck][data-state=ready]").wait_for()
    page.locator("#sc-employees").fill("100")
    page.locator(".sc-verdict[data-verdict]").wait_for()
    return page.locator("[data-selfcheck]").inner_text()


def _wait_for_caches(page, expected: list[str]) -> list[str] | dict:
    """The cache names once they are ``expected``; after 90 s, what the service workers say."""
    for _ in range(900):
        if _caches(page) == expected:
            return expected
        page.wait_for_timeout(100)
    return page.evaluate(
        """async () => {
          const r = await navigator.serviceWorker.getRegistration();
          const state = (w) => w && [w.scriptURL, w.state];
          return {caches: await caches.keys(), installing: state(r.installing),
                  waiting: state(r.waiting), active: state(r.active)};
        }"""
    )


def test_an_ordinary_page_registers_no_service_worker(server, context):
    page = context.new_page()
    page.goto(server["origin"] + "zh/conditions/")
    page.wait_for_load_state("networkidle")
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    )
    assert _caches(page) == []
    page.close()


def _visit_a(server, context):
    """Build A on the server; the reader opens its self-check page until it works offline."""
    _switch(server["current"], server["a"])
    page = context.new_page()
    page.goto(server["origin"] + "zh/selfcheck/")
    _evaluates(page)
    page.locator("[data-sc-offline]").wait_for(state="visible")
    return page


def test_after_one_visit_the_selfcheck_works_offline(server, context):
    version = build_manifest(server["a"])["version"]
    _switch(server["current"], server["a"])
    page = context.new_page()
    page.goto(server["origin"] + "zh/selfcheck/")
    _evaluates(page)
    page.locator("[data-sc-offline]").wait_for(state="visible")
    assert _caches(page) == [f"cl-{version}"]
    context.set_offline(True)
    try:
        page.reload()
        assert "没有网络" in page.locator("[data-sc-offline]").text_content()
        text = _evaluates(page)
        assert "2099" not in text
        page.locator("[data-sc-offline]").wait_for(state="visible")
        # The reader's other pages come from the cache too.
        page.goto(server["origin"] + "zh/conditions/")
        assert page.locator("h1").count() == 1
    finally:
        context.set_offline(False)
        page.close()


def test_a_new_build_replaces_the_caches_and_its_engine_answers_offline(server, context):
    old = build_manifest(server["a"])["version"]
    new = build_manifest(server["b"])["version"]
    assert new != old
    engines = {json.dumps(sorted(build_manifest(server[x])["runtime"])) for x in ("a", "b")}
    assert len(engines) == 2  # a different engine, not only different pages
    page = _visit_a(server, context)
    assert _caches(page) == [f"cl-{old}"]
    _switch(server["current"], server["b"])
    page.reload()
    got = _wait_for_caches(page, [f"cl-{new}"])
    assert got == [f"cl-{new}"], got  # on failure: what the service workers say, in full
    assert NEW_VERSION in _evaluates(page)
    page.locator("[data-sc-offline]").wait_for(state="visible")
    context.set_offline(True)
    try:
        page.reload()
        assert NEW_VERSION in _evaluates(page)
    finally:
        context.set_offline(False)
        page.close()


def test_an_update_installed_from_an_ordinary_page_downloads_no_runtime(server, context):
    """After a self-check visit, build B is deployed and the reader opens only a doc page: B's
    service worker installs (pages fetched, the unchanged runtime copied from A's cache), and no
    byte of the runtime or the engine is requested."""
    new = build_manifest(server["b"])["version"]
    page = _visit_a(server, context)
    page.close()
    _switch(server["current"], server["b"])
    mark = len(server["nginx"].bytes_sent())
    page = context.new_page()
    page.goto(server["origin"] + "zh/conditions/")
    got = _wait_for_caches(page, [f"cl-{new}"])
    assert got == [f"cl-{new}"], got  # on failure: what the service workers say, in full
    page.wait_for_load_state("networkidle")
    requested = [line[0] for line in server["nginx"].bytes_sent()[mark:]]
    # The update, and the pages that changed (the others are copied from A's cache).
    assert "/sw.js" in requested and "/zh/about/" in requested
    assert [u for u in requested if "/assets/pyodide/" in u or "selfcheck-engine" in u] == []
    page.close()


def test_the_service_worker_names_every_file_it_may_keep(server):
    site = server["a"]
    manifest = build_manifest(site)
    files = manifest["files"]
    assert manifest["shared"] == [""]
    runtime = manifest["runtime"]
    assert {p.rsplit("/", 1)[1].split("-")[0] for p in runtime} == {
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "python_stdlib",
        "selfcheck",
    }
    assert set(runtime) <= set(manifest["immutable"]) <= set(files)
    # The spreadsheet wheels are known (kept when first used), never fetched ahead.
    assert any("openpyxl" in p for p in files) and not any("openpyxl" in p for p in runtime)
    for lang, paths in manifest["langs"].items():
        assert f"{lang}/" in paths and f"{lang}/selfcheck/" in paths
        assert not [
            p for p in paths if p.endswith((".map", ".gz", ".br", "sitemap.xml", "404.html"))
        ]
    for path, digest in files.items():
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        assert hashlib.sha256(file.read_bytes()).hexdigest() == digest, path
    assert f'"version":"{manifest["version"]}"' in (site / "sw.js").read_text(encoding="utf-8")
