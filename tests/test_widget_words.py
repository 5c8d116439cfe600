"""Issue 11 (3 and 4) in the browser: "not sure" is an answer the form keeps, sends and shares, and a
figure typed in everyday words is read by the engine, with what was understood said under the field
or, when it cannot be read, a message in the reader's words next to it (never a key or a limit)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from selfcheck import answer_format

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, SAMPLE, fragment, read_link

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

UNSURE = answer_format()["unsure"]
MACHINE_WORDS = re.compile(r"revenue_10k_cny|employees\b|9007199254740991|NaN|Infinity|引号|quotes")


@pytest.fixture
def page(browser, built):
    context = browser.new_context(accept_downloads=True, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(BOOT_TIMEOUT_MS)
    tab.origin = built.origin
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert errors == []


def _open(page, lang: str, frag: str = "") -> None:
    page.goto(f"{page.origin}{lang}/selfcheck/{frag}")
    page.locator("[data-selfcheck][data-state=ready]").wait_for()


def _answers_of_share_link(page) -> dict:
    page.locator("[data-sc-results][data-current=true]").wait_for()
    page.locator("[data-sc-share-url]").evaluate("e => { e.value = ''; }")
    page.locator("[data-sc-action=share]").click()
    page.wait_for_function("() => document.querySelector('[data-sc-share-url]').value !== ''")
    link = page.locator("[data-sc-share-url]").input_value()
    return read_link(link.split("#", 1)[1])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_not_sure_is_kept_sent_shared_and_reported_as_such(page, lang, tmp_path):
    # Every question answered, some of them "not sure": never "not answered".
    answers = dict(SAMPLE["eligible"])
    _open(page, lang, fragment(answers))
    page.locator("[data-sc-results][data-current=true] [data-verdict=eligible]").wait_for()
    page.locator(f"[name=registered_in_shenzhen][value={UNSURE}]").check()
    page.locator(f"[name=employees][value={UNSURE}]").check()
    assert page.locator("#sc-employees").input_value() == ""
    page.locator("[data-sc-results][data-current=true] [data-verdict=incomplete]").wait_for()
    text = page.locator("[data-sc-results]").inner_text()
    assert ("不确定" if lang == "zh" else "not sure") in text
    assert ("未回答" if lang == "zh" else "not answered") not in text
    # The receipt and the share link carry the answer "not sure", and it comes back from them.
    with page.expect_download() as info:
        page.locator("[data-sc-action=receipt]").click()
    receipt = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert receipt["answers"]["registered_in_shenzhen"] == UNSURE
    assert receipt["answers"]["employees"] == UNSURE
    shared = _answers_of_share_link(page)
    assert shared["registered_in_shenzhen"] == UNSURE and shared["employees"] == UNSURE
    page.goto("about:blank")
    _open(page, lang, fragment(shared))
    assert page.locator(f"[name=registered_in_shenzhen][value={UNSURE}]").is_checked()
    assert page.locator(f"[name=employees][value={UNSURE}]").is_checked()
    page.locator("[data-sc-results][data-current=true] [data-verdict=incomplete]").wait_for()


# What a reader types in the revenue field (in 万元) and in the staff field, and what it means.
READ = [
    ("revenue_10k_cny", "3亿", 30000, {"zh": "3 亿元", "en": "CNY 300 million"}),
    ("revenue_10k_cny", "3000万", 3000, {"zh": "3000 万元", "en": "3,000"}),
    ("employees", "600人", 600, {"zh": "600 人", "en": "600"}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("key", "typed", "value", "said"), READ)
def test_a_figure_in_words_is_read_and_what_was_understood_is_shown(
    page, lang, key, typed, value, said
):
    _open(page, lang)
    page.locator(f"#sc-{key}").fill(typed)
    note = page.locator(f"[data-understood-for={key}]")
    note.wait_for(state="visible")
    assert said[lang] in note.inner_text()
    page.locator("[data-sc-results][data-current=true]").wait_for()
    assert _answers_of_share_link(page)[key] == value
    assert page.locator(f"[data-error-for={key}]").is_hidden()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("typed", ["3,000", "３０００"])
def test_separators_and_full_width_digits_are_plain_figures(page, lang, typed):
    _open(page, lang)
    page.locator("#sc-revenue_10k_cny").fill(typed)
    page.locator("[data-sc-results][data-current=true]").wait_for()
    assert _answers_of_share_link(page)["revenue_10k_cny"] == 3000


@pytest.mark.parametrize(
    ("lang", "typed", "words"),
    [
        ("zh", "abc", "例如 3亿元 填 30000"),
        ("en", "abc", "for example CNY 300 million is 30000"),
        ("zh", "600人", "不是这一项的单位"),
        ("en", "600人", "is not the unit of this figure"),
    ],
)
def test_a_figure_that_cannot_be_read_is_named_next_to_its_field_in_words(page, lang, typed, words):
    _open(page, lang, fragment(SAMPLE["eligible"]))
    page.locator("[data-sc-results][data-current=true] [data-verdict=eligible]").wait_for()
    page.locator("#sc-revenue_10k_cny").fill(typed)
    error = page.locator("[data-error-for=revenue_10k_cny]")
    error.wait_for(state="visible")
    message = error.inner_text()
    assert words in message and typed in message
    assert not MACHINE_WORDS.search(message), message
    assert page.locator("[data-understood-for=revenue_10k_cny]").is_hidden()
    # No verdict stands for answers the engine could not read; correcting the field brings it back.
    assert page.locator("[data-sc-results] [data-verdict]").count() == 0 or (
        page.locator("[data-sc-results]").get_attribute("data-current") == "false"
    )
    page.locator("#sc-revenue_10k_cny").fill("3亿")
    page.locator("[data-sc-results][data-current=true] [data-verdict=eligible]").wait_for()
    assert error.is_hidden()
