"""On the self-check page, Material's search index is built once the engine is ready, or as soon as
the reader opens the search (sitegen/widget/assets/search-later.js); other pages are unchanged."""

from __future__ import annotations

import pytest

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

READY = "[data-selfcheck][data-state=ready]"


class Tab:
    """A fresh context on one page, with the URLs of the workers it starts, in order."""

    def __init__(self, browser, hold_wasm: bool = False) -> None:
        self.context = browser.new_context(viewport={"width": 390, "height": 844})
        self.page = self.context.new_page()
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        self.workers: list[str] = []
        self.page.on("worker", lambda w: self.workers.append(w.url))
        self.held = []
        if hold_wasm:  # the engine cannot become ready until the wasm is let go
            self.page.route("**/pyodide.asm.wasm", lambda route: self.held.append(route))

    def search_workers(self) -> list[str]:
        return [u for u in self.workers if "/workers/search." in u]

    def search(self, term: str) -> list[str]:
        """Open the search as on a phone (the header's button) and search for ``term``."""
        self.page.click("label.md-header__button[for=__search]")
        self.page.fill(".md-search__input", term)
        self.page.keyboard.press("End")  # fill() alone does not trigger Material's search
        self.page.wait_for_selector(".md-search-result__item", timeout=30_000)
        return self.page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link", "els => els.map(e => e.href)"
        )

    def close(self) -> None:
        self.context.close()


def _release(tab) -> None:
    """Let the held wasm request go on (it may not have been made yet)."""
    for _ in range(BOOT_TIMEOUT_MS // 100):
        if tab.held:
            break
        tab.page.wait_for_timeout(100)
    tab.held[0].continue_()


def _wait_for_search_worker(tab) -> None:
    for _ in range(BOOT_TIMEOUT_MS // 100):
        if tab.search_workers():
            return
        tab.page.wait_for_timeout(100)
    raise AssertionError(f"no search worker; workers: {tab.workers}")


def test_the_search_worker_starts_once_the_engine_is_ready(browser, built):
    tab = Tab(browser, hold_wasm=True)
    try:
        with tab.page.expect_response(lambda r: r.url.endswith("/search/search_index.json")):
            tab.page.goto(built.url("zh", "selfcheck/"))
        tab.page.wait_for_load_state("load")
        # Material has everything it needs for its index; the engine is not ready: no index yet.
        assert tab.search_workers() == []
        assert tab.page.locator("[data-selfcheck]").get_attribute("data-state") == "loading"
        _release(tab)
        tab.page.locator(READY).wait_for()
        _wait_for_search_worker(tab)
        assert len(tab.search_workers()) == 1
        assert any("/zh/conditions/" in href for href in tab.search("链主"))
    finally:
        tab.close()


def test_opening_the_search_before_the_engine_is_ready_starts_it_at_once(browser, built):
    tab = Tab(browser, hold_wasm=True)
    try:
        tab.page.goto(built.url("zh", "selfcheck/"))
        tab.page.wait_for_load_state("load")
        assert tab.search_workers() == []  # the engine is not ready: no index yet
        assert any("/zh/conditions/" in href for href in tab.search("链主"))
        assert tab.page.locator("[data-selfcheck]").get_attribute("data-state") == "loading"
        assert len(tab.search_workers()) == 1
        _release(tab)
        tab.page.locator(READY).wait_for()
        assert len(tab.search_workers()) == 1  # the engine's readiness starts nothing more
    finally:
        tab.close()


def test_other_pages_start_their_search_worker_at_once(browser, built):
    tab = Tab(browser)
    try:
        tab.page.goto(built.url("zh", "conditions/"))
        tab.page.wait_for_load_state("load")
        _wait_for_search_worker(tab)
        assert len(tab.search_workers()) == 1
    finally:
        tab.close()
