"""Issue 18 in the browser: nothing the reader answered is lost, no claim outlives what it is
about, and answers from outside are said the engine's way.

- A share link edited, then the page reloaded: the link no longer stands in the address.
- Two tabs remembering answers: a change in one is said in the other, which saves nothing until
  the reader chooses; storage full: said, and the box unticked; a paste longer than any answer is
  refused at its field and the other answers kept (and saved answers holding one keep the rest).
- A receipt's "matches" goes once an answer changes; a receipt whose answers are invalid, or one
  changed after it was saved, is said as such; its version is shown isolated.
- Numbers in a link as the command line reads them: 1.2e3, 1200.0, 1e309 get the engine's words
  for the same JSON text (never "null")."""

from __future__ import annotations

import base64
import json

import pytest

import selfcheck

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, SAMPLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

ELIGIBLE = SAMPLE["eligible"]
KEY = "selfcheck.answers.v1"
AS_OF = "2026-01-05"


def fragment_of(text: str) -> str:
    return "#answers=" + base64.urlsafe_b64encode(text.encode("utf-8")).decode().rstrip("=")


class Tab:
    def __init__(self, page, origin: str, lang: str) -> None:
        self.page, self.origin, self.lang = page, origin, lang
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, frag: str = ""):
        self.page.goto(f"{self.origin}{self.lang}/selfcheck/{frag}")
        self.ready()
        return self

    def ready(self) -> None:
        self.page.locator("[data-selfcheck][data-state=ready]").wait_for()

    def current(self, verdict: str | None = None) -> None:
        tail = f" .sc-verdict[data-verdict={verdict}]" if verdict else ""
        self.page.locator(f"[data-sc-results][data-current=true]{tail}").wait_for()

    def notice(self) -> str:
        return self.page.locator("[data-sc-notice]").inner_text()

    def stored(self):
        text = self.page.evaluate(f"() => localStorage.getItem('{KEY}')")
        return None if text is None else json.loads(text)["answers"]


@pytest.fixture
def context(browser):
    made = browser.new_context(accept_downloads=True)
    yield made
    made.close()


@pytest.fixture
def tab(context, built):
    def make(lang="zh"):
        return Tab(context.new_page(), built.origin, lang)

    return make


# -- answers lost -----------------------------------------------------------------------------------


def test_a_share_link_leaves_the_address_once_an_answer_changes(tab):
    t = tab("en").open(fragment_of(json.dumps(ELIGIBLE)))
    t.current("eligible")
    assert "#answers=" in t.page.url
    t.page.locator("#sc-insured_staff_shenzhen").fill("12")
    t.current("not_eligible")
    assert "#answers=" not in t.page.url  # a reload no longer brings the link's answers back
    t.page.reload()
    t.ready()
    assert "share link" not in t.notice()
    assert t.page.locator("#sc-insured_staff_shenzhen").input_value() != str(
        ELIGIBLE["insured_staff_shenzhen"]
    )


def test_a_change_in_another_tab_is_said_and_nothing_is_overwritten_in_silence(tab):
    a = tab("zh").open()
    a.page.locator("[data-sc-remember]").check()
    a.page.locator("#sc-employees").fill("300")
    b = tab("zh").open()
    assert b.page.locator("[data-sc-remember]").is_checked()
    assert b.page.locator("#sc-employees").input_value() == "300"
    a.page.locator("#sc-employees").fill("444")  # tab A changes what is kept
    b.page.locator("[data-sc-prompt]").wait_for(state="visible")
    assert "另一个标签页" in b.page.locator("[data-sc-prompt-text]").inner_text()
    b.page.locator("#sc-employees").fill("555")  # tab B saves nothing until the reader chooses
    assert a.stored() == {"employees": 444}
    b.page.locator('[data-sc-action="prompt-yes"]').click()  # use the other tab's answers
    assert b.page.locator("#sc-employees").input_value() == "444"
    b.page.locator("#sc-employees").fill("666")
    assert b.stored() == {"employees": 666}
    a.page.locator("[data-sc-prompt]").wait_for(state="visible")  # and now tab A is told
    a.page.locator('[data-sc-action="prompt-no"]').click()  # keeps its own: saved again
    assert a.stored() == {"employees": 444}


def test_storage_full_is_said_and_the_box_unticked(tab):
    t = tab("en")
    t.page.add_init_script(f"""(() => {{
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {{
            if (key === '{KEY}') throw new DOMException('full', 'QuotaExceededError');
            return setItem.call(this, key, value);
        }};
    }})();""")
    t.open()
    t.page.locator("#sc-employees").fill("300")
    t.page.locator("[data-sc-remember]").click()  # ticked, and unticked at once: nothing kept
    assert "could not be kept" in t.page.locator("[data-sc-keep] [data-sc-feedback]").inner_text()
    assert not t.page.locator("[data-sc-remember]").is_checked()


def test_a_paste_longer_than_any_answer_is_refused_at_its_field_and_the_rest_kept(tab):
    t = tab("zh").open()
    limit = selfcheck.answer_format()["limits"]["text_chars"]
    t.page.locator("[data-sc-remember]").check()
    t.page.locator("input[name=registered_in_shenzhen][value=true]").check()
    t.page.locator("#sc-employees").fill("9" * 70_000)
    error = t.page.locator('[data-error-for="employees"]')
    error.wait_for(state="visible")
    assert f"超过 {limit} 个字符" in error.inner_text()
    assert t.stored() == {"registered_in_shenzhen": True}
    t.page.reload()
    t.ready()
    assert t.page.locator("input[name=registered_in_shenzhen][value=true]").is_checked()
    # Answers kept before the form refused such pastes: the long one is left out and named.
    t.page.evaluate(
        "([key, long]) => localStorage.setItem(key, JSON.stringify("
        "{answers: {registered_in_shenzhen: false, employees: long}, saved: 'x'}))",
        [KEY, "9" * 70_000],
    )
    t.page.reload()
    t.ready()
    assert t.page.locator("input[name=registered_in_shenzhen][value=false]").is_checked()
    assert "从业人员" in t.notice() and "略去" in t.notice()


# -- receipts ---------------------------------------------------------------------------------------


def _receipt(tmp_path, made_from, **change) -> str:
    """A receipt as the page saves one, made from the answers ``made_from``, then ``change``d."""
    report = json.loads(selfcheck.evaluate_json(json.dumps(made_from), "en", AS_OF))["report"]
    receipt = {
        "answers": made_from,
        "report": report,
        "version": report["version"],
        "as_of": AS_OF,
        "digest": report["digest"],
    }
    receipt.update(change)
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_receipts_match_goes_once_an_answer_changes(tab, tmp_path):
    t = tab("en").open()
    t.page.locator("[data-sc-receipt-file]").set_input_files(_receipt(tmp_path, ELIGIBLE))
    t.page.locator("[data-selfcheck][data-receipt=match]").wait_for()
    assert "matches the receipt" in t.notice()
    t.page.locator("#sc-insured_staff_shenzhen").fill("12")
    t.current("not_eligible")
    assert t.page.locator("[data-selfcheck]").get_attribute("data-receipt") is None
    assert "matches" not in t.notice()


def test_a_receipt_that_cannot_be_checked_or_was_changed_is_said_as_such(tab, tmp_path):
    t = tab("en").open()
    invalid = _receipt(tmp_path, ELIGIBLE, answers={**ELIGIBLE, "employees": "many"})
    t.page.locator("[data-sc-receipt-file]").set_input_files(invalid)
    t.page.locator("[data-selfcheck][data-receipt=invalid]").wait_for()
    assert "cannot be evaluated" in t.notice() and "undefined" not in t.notice()
    altered = _receipt(tmp_path, ELIGIBLE, digest="0" * 64)  # same version, another result
    t.page.locator("[data-sc-receipt-file]").set_input_files(altered)
    t.page.locator("[data-selfcheck][data-receipt=mismatch]").wait_for()
    notice = t.notice()
    assert "changed after it was saved" in notice and "policy data" not in notice
    other = _receipt(tmp_path, ELIGIBLE, version="\u202e1999-01", digest="0" * 64)
    t.page.locator("[data-sc-receipt-file]").set_input_files(other)
    t.page.wait_for_function(
        "() => document.querySelector('[data-sc-notice] bdi') !== null", timeout=30_000
    )
    assert t.page.locator("[data-sc-notice] bdi").inner_text() == "\u202e1999-01"
    assert "policy data" in t.notice()


# -- numbers as the command line reads them ----------------------------------------------------------


@pytest.mark.parametrize("number", ["1.2e3", "1200.0", "299.99999999999999999", "1e309"])
def test_a_number_in_a_link_gets_the_engines_words_for_the_same_text(tab, number):
    text = '{"employees": ' + number + "}"
    expected = json.loads(selfcheck.evaluate_json(text, "en", AS_OF))
    assert expected["ok"] is False  # as the command line: refused
    t = tab("en").open(fragment_of(text))
    error = t.page.locator('[data-error-for="employees"]')
    error.wait_for(state="visible")
    said = error.inner_text()
    assert said == expected["errors"][0]["en"]
    assert "null" not in said
