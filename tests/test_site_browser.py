"""The built site in headless Chromium (Debian's, through Playwright for Python): the language
switch keeps the page, Chinese search finds policy terms, no request leaves the site, axe-core
finds no serious or critical violation, print hides navigation and fits the briefing on A4."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen import _render

from ._site import CHROMIUM, LANGS, ROOT, have_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason=f"{CHROMIUM} is not installed"),
]

PAGES = ["" if p.path == "index.md" else p.path.removesuffix(".md") + "/" for p in _render.PAGES]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


# -- language switch -------------------------------------------------------------------------------


def _goto_with_sitemaps(page, built, url: str) -> None:
    """Open ``url`` and wait until Material has fetched the sitemaps its language script reads
    (the switch must not depend on them: it links the same page itself)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("start", "target"), [("zh", "en"), ("en", "zh")])
@pytest.mark.parametrize("path", ["conditions/", "glossary/", "selfcheck/", ""])
def test_the_language_switch_keeps_the_page(built, page, start, target, path):
    _goto_with_sitemaps(page, built, built.url(start, path))
    page.hover(".md-header .md-select")
    page.click(f".md-header a.md-select__link[hreflang={target}]")
    page.wait_for_url(built.url(target, path))
    assert page.evaluate("document.documentElement.lang") == target


def test_the_switch_keeps_the_clause_anchor(built, page):
    _goto_with_sitemaps(page, built, built.url("zh", "conditions/#s2-i2"))
    page.hover(".md-header .md-select")
    page.click(".md-header a.md-select__link[hreflang=en]")
    page.wait_for_url(re.compile(re.escape(built.url("en", "conditions/"))))
    assert page.url.startswith(built.url("en", "conditions/"))


# -- search ----------------------------------------------------------------------------------------


def _search(page, url: str, term: str) -> list[str]:
    page.goto(url)
    page.click(".md-search__input")
    page.fill(".md-search__input", term)
    page.keyboard.press("End")  # fill() alone does not trigger Material's search with Chinese
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return [re.sub(r"\?h=[^#]*", "", href) for href in hrefs]  # drop the highlight parameter


@pytest.mark.parametrize(
    ("lang", "term", "expected"),
    [
        ("zh", "链主", ["glossary/#lianzhu"]),
        ("zh", "参保职工", ["conditions/#s2-i2", "glossary/#insured-staff"]),
        ("zh", "校企合作", ["conditions/#s2-i5"]),
        ("zh", "新型学徒制", ["glossary/#new-apprenticeship"]),
        ("en", "insured", ["conditions/#s2-i2"]),
        ("en", "apprenticeship", ["glossary/#new-apprenticeship"]),
    ],
)
def test_search_finds_policy_terms_on_the_right_pages(built, page, lang, term, expected):
    hrefs = _search(page, built.url(lang), term)
    for want in expected:
        assert any(h.startswith(built.url(lang, want)) for h in hrefs), (term, want, hrefs)


@pytest.mark.parametrize(
    ("term", "page_first"),
    [
        # 自主评价 is explained in the glossary but answered by condition (6), which names it; the
        # FAQ says where the application form is (policy/search.yaml, the glossary's `answer`).
        ("自主评价", "conditions/"),
        ("链员企业", "glossary/"),
        ("规上企业", "glossary/"),
        ("考察入库", "procedure/"),
        ("申报表", "faq/"),
        ("链主", "glossary/"),
    ],
)
def test_a_chinese_query_for_a_concept_puts_the_page_that_explains_it_first(
    built, page, term, page_first
):
    hrefs = _search(page, built.url("zh"), term)
    assert hrefs and hrefs[0].startswith(built.url("zh", page_first)), (term, hrefs[:3])


def test_chinese_search_stays_in_its_language(built, page):
    hrefs = _search(page, built.url("zh"), "链主")
    assert hrefs and all(h.startswith(built.url("zh")) for h in hrefs)


# -- no other host, no broken request ---------------------------------------------------------------


def _all_urls(built) -> list[str]:
    return [built.origin] + [built.url(lang, p) for lang in LANGS for p in PAGES]


def test_no_page_requests_another_host_or_fails_a_request(built, page):
    foreign, failed = [], []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((built.origin, "data:", "blob:")) else foreign.append(r.url)
        ),
    )
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "requestfailed",
        lambda r: (
            failed.append(f"failed {r.url}")
            # The chooser's refresh to /zh/ cancels what it was still loading: its icon, and its
            # own document when the rest of it is still arriving (from the service worker a
            # self-check page registered, on a loaded machine); a chooser that does not answer
            # is still caught, as a response of 400 or more.
            if r.url.startswith(built.origin)
            and r.url != built.origin
            and not r.url.endswith(("/zh/", "/en/", "/images/favicon.svg"))
            else None
        ),
    )
    for url in _all_urls(built):
        page.goto(url)
        page.wait_for_load_state("networkidle", timeout=120_000)  # the self-check loads Pyodide
        # The pages that run the engine start Material's search worker once it is ready (or the
        # search is opened): wait for it, so that no request of it is still on its way when the
        # next page is opened.
        if page.locator("[data-selfcheck]").count():
            page.locator("[data-selfcheck][data-state=ready]").wait_for(timeout=180_000)
        # Open search too: it loads the worker, the index and the lunr language files.
        if "/zh/" in page.url or "/en/" in page.url:
            page.click(".md-search__input")
            page.fill(".md-search__input", "a")
            page.wait_for_load_state("networkidle", timeout=60_000)
    assert foreign == []
    assert failed == []


# -- accessibility -----------------------------------------------------------------------------------


def _axe(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{v['impact']} {v['id']} {v['nodes']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(built, page, lang, path):
    page.goto(built.url(lang, path))  # waits for "load"; the self-check may still boot Pyodide
    assert _axe(page) == []


def test_axe_on_the_language_chooser(built, page):
    """The chooser sends visitors on at once; with #choose it stays, and axe checks it."""
    page.goto(built.origin + "#choose")
    assert page.url == built.origin + "#choose"
    assert _axe(page) == []


@pytest.mark.parametrize(
    "locale, lands",
    [("en-US", "en/"), ("en-GB", "en/"), ("zh-CN", "zh/"), ("zh-TW", "zh/"), ("fr-FR", "zh/")],
)
def test_the_root_opens_the_browsers_language_chinese_by_default(built, browser, locale, lands):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(built.origin)
        page.wait_for_url(built.origin + lands)
    finally:
        context.close()


def test_the_chooser_stays_when_asked_and_without_javascript_sends_to_chinese(built, browser):
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(built.origin + "#choose")
        page.wait_for_timeout(300)
        assert page.url == built.origin + "#choose"
        page.locator("a[hreflang=en]").click()
        page.wait_for_url(built.origin + "en/")
    finally:
        context.close()
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(built.origin)
        page.wait_for_url(built.origin + "zh/")
    finally:
        context.close()


# -- print -----------------------------------------------------------------------------------------


def _style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.eval_on_selector(
        selector,
        f"(el) => getComputedStyle(el, {pseudo!r}).{prop}"
        if pseudo
        else f"(el) => getComputedStyle(el).{prop}",
    )


def test_print_hides_navigation_and_anchors_and_shows_link_targets(built, page):
    page.goto(built.url("zh", "regulations/"))
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".headerlink",
    ):
        assert _style(page, selector, "display") == "none", selector
    # No machinery on paper: anchors are not printed as "#s2-i2".
    assert _style(page, "h2#civil-code-1259", "content", "::after") in ("none", "normal")
    page.goto(built.url("zh", "conditions/"))
    page.emulate_media(media="print")
    assert _style(page, "h2[id]", "content", "::after") in ("none", "normal")
    page.goto(built.url("zh", "notice/"))
    page.emulate_media(media="print")
    assert "https://" in _style(page, ".admonition a[href^='https://']", "content", "::after")
    assert _style(page, ".cl-print-url", "display") == "block"


@pytest.mark.parametrize("lang", LANGS)
def test_the_briefing_prints_on_one_a4_page(built, page, lang, tmp_path: Path):
    page.goto(built.url(lang, "briefing/"))
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
