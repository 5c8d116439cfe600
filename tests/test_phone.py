"""Issue 11: made for the reader on a phone (390×844 and 360×740, touch, device scale 3), in both
languages: the verdict in view, a home page that starts the job, nothing wider than the screen,
nothing of the machinery in visible text, touch targets a finger can hit, a short printed result."""

from __future__ import annotations

import re

import pytest

from sitegen._render import PAGES

from ._layout import LAYOUT_PROBLEMS, MIN_TEXT_PX
from ._site import LANGS, have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, SAMPLE, fragment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

PAGE_PATHS = ["" if p.path == "index.md" else p.path.removesuffix(".md") + "/" for p in PAGES]
# What must never show: words of code, paths and file names of the project, a clause id as text.
MACHINERY = re.compile(
    r"\bnull\b|\bundefined\b|\bNaN\b|policy/|sitegen/|\.ya?ml\b|\.j2\b|\bs\d+-i\d+\b"
)


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].some(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
        })""",
        selector,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_shared_result_opens_with_its_verdict_in_view(built, phone, lang):
    phone.goto(built.url(lang, "selfcheck/") + fragment(SAMPLE["not_eligible"]))
    phone.locator("[data-sc-results][data-current=true] .sc-verdict[data-verdict]").wait_for()
    phone.wait_for_timeout(300)
    assert _in_view(phone, "[data-verdict]")


@pytest.mark.parametrize("lang", LANGS)
def test_the_verdict_bar_stays_in_view_while_answering(built, phone, lang):
    phone.goto(built.url(lang, "selfcheck/"))
    phone.locator("[data-selfcheck][data-state=ready]").wait_for()
    phone.locator("[data-sc-bar]:not([hidden])").wait_for()
    for selector in ("#sc-employees", "#sc-college_partners", "input[name=registered_in_shenzhen]"):
        phone.locator(selector).first.scroll_into_view_if_needed()
        phone.locator(selector).first.tap() if "input[name" in selector else phone.locator(
            selector
        ).fill("5")
        assert _in_view(phone, "[data-sc-bar]"), selector
    bar = phone.locator("[data-sc-bar]")
    assert bar.get_attribute("data-verdict") == phone.locator(".sc-verdict").get_attribute(
        "data-verdict"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_shows_the_way_in_above_the_fold(built, phone, lang):
    phone.goto(built.url(lang))
    assert _in_view(phone, ".md-content a[href='selfcheck/']")
    assert _in_view(phone, ".md-content a[href='conditions/']")


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_is_wider_than_the_phone_and_none_shows_the_machinery(built, phone, lang):
    wide, machinery = [], []
    for path in PAGE_PATHS:
        phone.goto(built.url(lang, path))
        if path == "selfcheck/":
            phone.locator("[data-selfcheck][data-state=ready]").wait_for()
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > phone.viewport_size["width"]:
            wide.append((path, width))
        # The answer format's own page shows its keys and literals as code: that is its subject.
        text = phone.evaluate("""() => {
            const copy = document.querySelector('.md-content').cloneNode(true);
            copy.querySelectorAll('code, pre').forEach(e => e.remove());
            document.body.append(copy);
            const text = copy.innerText;
            copy.remove();
            return text;
        }""")
        machinery += [(path, m.group(0)) for m in MACHINERY.finditer(text)]
    assert wide == []
    assert machinery == []


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_result_shows_no_code_words(built, phone, lang):
    phone.goto(built.url(lang, "selfcheck/"))
    phone.locator("[data-sc-results][data-current=true] .sc-verdict").wait_for()
    text = phone.locator("[data-sc-results]").inner_text()
    assert not MACHINERY.search(text), MACHINERY.search(text)


def test_the_form_s_targets_are_big_enough_for_a_finger(built, phone):
    phone.goto(built.url("zh", "selfcheck/"))
    phone.locator("[data-selfcheck][data-state=ready]").wait_for()
    small = phone.evaluate("""() => [...document.querySelectorAll(
            '.sc-option, .sc-select, .sc-input, .sc-widget .md-button:not([hidden])')]
        .filter(e => e.offsetParent !== null)
        .map(e => ({r: e.getBoundingClientRect(), t: e.textContent.trim().slice(0, 20)}))
        .filter(({r}) => r.height < 43.5 || r.width < 43.5)
        .map(({r, t}) => `${t} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []


def test_a_printed_result_fits_on_two_a4_pages(built, browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    try:
        page.goto(built.url("zh", "selfcheck/") + fragment(SAMPLE["not_eligible"]))
        page.locator("[data-sc-results][data-current=true] .sc-verdict").wait_for()
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        pdf = page.pdf(format="A4", print_background=True)
        assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
        page.emulate_media(media="print")
        for hidden in (".cl-checklist", ".md-footer", ".headerlink"):
            assert not page.locator(hidden).first.is_visible(), hidden
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_at_360_px_nothing_is_cut_off_too_small_or_on_top_of_other_text(built, browser, lang):
    """Issue 20, on every page at 360×740 (and the self-check with a result in view): no element
    wider than the screen outside a scroller that says it scrolls, no text below 12 px, no two
    boxes of text over each other (tests/_layout.py)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    found = []
    try:
        for path in [*PAGE_PATHS, "selfcheck/" + fragment(SAMPLE["not_eligible"])]:
            page.goto(built.url(lang, path))
            if path.startswith("selfcheck/"):
                page.locator("[data-selfcheck][data-state=ready]").wait_for()
                page.locator("[data-sc-results][data-current=true] .sc-verdict").wait_for()
            # Measured at rest: Material's header swaps the site's name for the page's title
            # (a transition) once the page has scrolled, as a shared result does.
            page.wait_for_function(
                "() => !document.getAnimations().some(a => a.playState === 'running'"
                " && a instanceof CSSTransition)"
            )
            problems = page.evaluate(LAYOUT_PROBLEMS, MIN_TEXT_PX)
            found += [
                f"{path[:20]} {kind}: {what}" for kind, items in problems.items() for what in items
            ]
    finally:
        context.close()
    assert found == [], "\n".join(found)
