"""The self-check in headless Chromium: the built site, served on 127.0.0.1, the real Pyodide and
the real engine wheel. Expected results come from the same engine run in CPython."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest

import selfcheck

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, ROOT, SAMPLE, fragment, read_link

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def engine(answers, lang="zh", as_of=None):
    """The report the engine gives in CPython (what the page must show)."""
    return json.loads(selfcheck.evaluate_json(json.dumps(answers), lang, as_of))["report"]


@pytest.fixture(scope="module")
def origin(built):
    return built.origin


class Page:
    """One tab on the self-check page, recording every request and any script dialog."""

    def __init__(self, browser, origin: str, lang: str = "zh", route=None) -> None:
        self.context = browser.new_context(accept_downloads=True)
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if route:
            route(self.page)
        self.origin = origin
        self.lang = lang

    def url(self, path="selfcheck/", frag="") -> str:
        return f"{self.origin}{self.lang}/{path}{frag}"

    def open(self, frag="", wait_ready=True):
        self.page.goto(self.url(frag=frag))
        if wait_ready:
            self.ready()
        return self

    def ready(self):
        self.page.locator("[data-selfcheck][data-state=ready]").wait_for()
        return self

    def root(self):
        return self.page.locator("[data-selfcheck]")

    def verdict(self, expected: str):
        # The current result (its answers are the form's), not only a verdict on screen.
        self.page.locator(
            f"[data-sc-results][data-current=true] .sc-verdict[data-verdict={expected}]"
        ).wait_for()
        return self.page.locator(".sc-verdict[data-verdict]").get_attribute("data-verdict")

    def statuses(self) -> dict[str, str]:
        return self.page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('[data-condition]')]"
            ".map(e => [e.dataset.condition, e.dataset.status]))"
        )

    def settled_statuses(
        self, expected: dict[str, str], timeout_ms: int = 10_000
    ) -> dict[str, str]:
        """The cards' statuses once they equal ``expected`` or ``timeout_ms`` has passed (the
        verdict alone can settle before the last answer to a priority-only condition)."""
        got = self.statuses()
        for _ in range(timeout_ms // 100):
            if got == expected:
                break
            self.page.wait_for_timeout(100)
            got = self.statuses()
        return got

    def eval_count(self) -> int:
        return int(self.root().get_attribute("data-eval-count") or 0)

    def wait_eval_after(self, count: int):
        self.page.locator(f"[data-selfcheck]:not([data-eval-count='{count}'])").wait_for()

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, origin):
    opened = []

    def make(lang="zh", route=None):
        page = Page(browser, origin, lang, route)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.close()


# -- keyboard only ----------------------------------------------------------------------------


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement; return {name: e.name || '', type: e.type || '',"
        " value: e.value || '', tag: e.tagName, checked: !!e.checked,"
        " options: e.tagName === 'SELECT' ? [...e.options].map(o => o.value) : [],"
        " index: e.selectedIndex ?? -1}; }"
    )


def _tab_to(page, name: str, value: str | None = None) -> dict:
    for _ in range(80):
        page.keyboard.press("Tab")
        info = _focused(page)
        if info["name"] == name and (value is None or info["value"] == value):
            return info
    raise AssertionError(f"Tab never reached {name} {value or ''}")


def fill_by_keyboard(page, answers: dict) -> None:
    """Answer in form order with Tab, Space, arrows and typing only."""
    order = page.evaluate(
        "() => [...document.querySelectorAll('[data-sc-form] [data-key]')]"
        ".map(e => [e.dataset.key, e.dataset.type])"
    )
    page.locator("#sc-form-heading").click()  # a starting point above the form (not a control)
    for key, kind in order:
        if key not in answers:
            continue
        value = answers[key]
        if kind == "boolean":
            info = _tab_to(page, key)
            # Tab lands on the first radio of the group (是/Yes); the arrow moves to 否/No.
            assert info["value"] == "true"
            page.keyboard.press("Space" if value else "ArrowRight")
        elif kind in ("integer", "number"):
            _tab_to(page, key)
            page.keyboard.type(str(value))
        elif kind == "choice":
            info = _tab_to(page, key)
            steps = info["options"].index(value) - max(info["index"], 0)
            for _ in range(steps):
                page.keyboard.press("ArrowDown")
        elif kind == "multi_choice":
            for item in value or ["none"]:
                _tab_to(page, key, item)
                page.keyboard.press("Space")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sample", ["eligible", "not_eligible"])
def test_keyboard_only_fills_the_form_and_gets_the_engines_result(tab, lang, sample):
    t = tab(lang).open()
    answers = SAMPLE[sample]
    fill_by_keyboard(t.page, answers)
    expected = engine(answers, lang)
    assert t.verdict(expected["verdict"]) == sample
    statuses = {k: c["status"] for k, c in expected["conditions"].items()}
    assert t.settled_statuses(statuses) == statuses
    # The form produced exactly these answers (nothing lost, nothing added).
    shared = t.page.evaluate("() => location.hash")
    assert shared == ""  # answers never go to the URL by themselves
    card = t.page.locator("[data-condition=c2]")
    assert expected["conditions"]["c2"]["status_text"][lang] in card.inner_text()
    assert (
        t.page.locator(".sc-verdict[data-verdict]").inner_text().startswith(expected["title"][lang])
    )
    href = card.locator(
        "a", has_text={"zh": "查看条款", "en": "Read the clause"}[lang]
    ).get_attribute("href")
    assert href == "../conditions/#s2-i2"
    # Once ready, the failure message is not shown (the hidden attribute must win over theme CSS).
    assert not t.page.locator("[data-sc-failure]").is_visible()
    assert t.dialogs == [] and t.errors == []


def _release(t, held) -> None:
    """Let the held wasm request go on (it may not have been made yet)."""
    for _ in range(100):
        if held:
            break
        t.page.wait_for_timeout(100)
    held[0].continue_()


def test_the_form_is_usable_before_the_engine_is_ready(tab):
    held = []
    t = tab("zh", route=lambda p: p.route("**/pyodide.asm.wasm", lambda r: held.append(r)))
    t.open(wait_ready=False)
    t.page.wait_for_timeout(500)
    assert t.root().get_attribute("data-state") == "loading"
    t.page.locator("#sc-employees").fill("1200")
    t.page.locator("input[name=registered_in_shenzhen][value=true]").check()
    assert t.page.locator("[data-sc-progress]").is_visible()
    assert t.page.locator("[data-verdict]").count() == 0
    _release(t, held)
    t.ready()
    report = engine({"employees": 1200, "registered_in_shenzhen": True})
    assert t.verdict(report["verdict"]) == "incomplete"
    assert t.statuses()["c1"] == report["conditions"]["c1"]["status"]


def test_the_download_is_shown_in_megabytes_of_what_the_site_serves(tab, built):
    held = []
    t = tab("zh", route=lambda p: p.route("**/pyodide.asm.wasm", lambda r: held.append(r)))
    t.open(wait_ready=False)
    sizes = json.loads(t.page.locator("script[data-sizes]").get_attribute("data-sizes"))
    # the sizes are those of the built files, as served over HTTPS: the .br beside a file if any
    for name, (raw, served) in sizes.items():
        [path] = [p for p in built.root.rglob(name) if p.is_file()]
        assert path.stat().st_size == raw
        br = path.with_name(name + ".br")
        assert served == (br.stat().st_size if br.exists() else raw)
    total = f"{sum(served for _, served in sizes.values()) / 1e6:.1f}"
    status = t.page.locator("[data-sc-status]")
    # the library and the engine arrive while the wasm is held: part of the total, in MB
    t.page.wait_for_function(
        "() => /[0-9]+[.][0-9] [/] [0-9]+[.][0-9] MB/.test("
        "document.querySelector('[data-sc-status]').textContent)"
    )
    loaded = float(re.search(r"([0-9.]+) / ([0-9.]+) MB", status.inner_text()).group(1))
    assert f"/ {total} MB" in status.inner_text()
    assert 0 < loaded < float(total)
    _release(t, held)
    t.ready()
    assert "MB" not in status.inner_text()  # ready: the sentence says so, no figures


# -- share link ---------------------------------------------------------------------------------


def test_share_link_round_trip_and_hashchange(tab):
    t = tab("en").open(fragment(SAMPLE["eligible"]))
    assert t.verdict("eligible") == "eligible"
    insured = SAMPLE["eligible"]["insured_staff_shenzhen"]
    assert t.page.locator("#sc-insured_staff_shenzhen").input_value() == str(insured)
    assert t.page.locator("#sc-district").input_value() == "nanshan"
    assert t.page.locator("input[name=enterprise_types][value=specialized_new]").is_checked()
    t.page.locator("[data-sc-action=share]").click()
    t.page.wait_for_function("() => document.querySelector('[data-sc-share-url]').value !== ''")
    link = t.page.locator("[data-sc-share-url]").input_value()
    parts = urlsplit(link)
    # The short form, compressed (the answers page documents it; read here as documented).
    assert parts.query == "" and parts.fragment.startswith("a=z")
    assert read_link(parts.fragment) == SAMPLE["eligible"]
    # A new fragment in the same page is read on hashchange.
    count = t.eval_count()
    t.page.evaluate("h => { location.hash = h; }", fragment(SAMPLE["not_eligible"]))
    t.wait_eval_after(count)
    assert t.verdict("not_eligible") == "not_eligible"
    assert t.page.locator("#sc-insured_staff_shenzhen").input_value() == "250"
    assert t.page.locator("input[name=enterprise_types][value=none]").is_checked()
    assert t.statuses()["c2"] == "not_met"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_small_class_carries_the_engines_caveat_and_a_medium_one_none(tab, lang):
    small = {"size_industry": "software_it", "employees": 12, "revenue_10k_cny": 60}
    expected = engine(small, lang)
    assert expected["size_class"] == "small" and expected["size"]["note"]
    t = tab(lang).open(fragment(small))
    t.verdict(expected["verdict"])
    note = t.page.locator("[data-sc-size-note]")
    assert note.inner_text() == expected["size"]["note"][lang]
    count = t.eval_count()
    t.page.evaluate(
        "h => { location.hash = h; }",
        fragment({**small, "employees": 150, "revenue_10k_cny": 2000}),
    )
    t.wait_eval_after(count)
    assert t.page.locator("[data-sc-size-note]").count() == 0


def test_a_share_link_that_cannot_be_read_is_ignored_with_a_message(tab):
    t = tab("zh").open("#answers=%%%not-base64")
    assert "编码有误" in t.page.locator("[data-sc-notice]").inner_text()
    assert t.verdict("incomplete") == "incomplete"
    t2 = tab("en").open("#answers=" + base64.urlsafe_b64encode(b"[1,2]").decode())
    assert "must be one JSON object" in t2.page.locator("[data-sc-notice]").inner_text()


# -- receipt --------------------------------------------------------------------------------------


def test_json_receipt_round_trip_gives_the_same_digest_and_verdict(tab, tmp_path):
    answers = SAMPLE["not_eligible"]
    t = tab("zh").open(fragment(answers))
    assert t.verdict("not_eligible") == "not_eligible"
    with t.page.expect_download() as info:
        t.page.locator("[data-sc-action=receipt]").click()
    path = tmp_path / "receipt.json"
    info.value.save_as(path)
    receipt = json.loads(path.read_text(encoding="utf-8"))
    assert set(receipt) == {"answers", "report", "version", "as_of", "digest"}
    assert receipt["answers"] == answers
    expected = engine(answers, "zh", receipt["as_of"])
    assert (
        receipt["digest"]
        == expected["digest"]
        == selfcheck.answers_digest(receipt["version"], answers)
    )
    assert receipt["report"]["verdict"] == "not_eligible"

    # Load it back into a fresh page: same answers, same digest, same verdict.
    t2 = tab("en").open()
    count = t2.eval_count()
    t2.page.locator("[data-sc-receipt-file]").set_input_files(str(path))
    t2.wait_eval_after(count)
    t2.page.locator("[data-selfcheck][data-receipt=match]").wait_for()
    assert t2.verdict("not_eligible") == "not_eligible"
    assert receipt["digest"] in t2.page.locator(".sc-meta").inner_text()
    assert t2.page.locator("#sc-insured_staff_shenzhen").input_value() == "250"
    assert "matches the receipt" in t2.page.locator("[data-sc-notice]").inner_text()

    # A receipt from another policy version says so; a tampered digest is not a match.
    receipt["version"], receipt["digest"] = "1999-01", "0" * 64
    path.write_text(json.dumps(receipt), encoding="utf-8")
    count = t2.eval_count()
    t2.page.locator("[data-sc-receipt-file]").set_input_files(str(path))
    t2.page.locator("[data-selfcheck][data-receipt=mismatch]").wait_for()
    notice = t2.page.locator("[data-sc-notice]").inner_text()
    assert "1999-01" in notice and "differs" in notice


def test_a_file_that_is_not_a_receipt_is_refused_with_a_message(tab, tmp_path):
    t = tab("zh").open(fragment(SAMPLE["eligible"]))
    bad = tmp_path / "bad.json"
    bad.write_text("<script>window.__pwned = 1</script>", encoding="utf-8")
    t.page.locator("[data-sc-receipt-file]").set_input_files(str(bad))
    t.page.get_by_text("无法读取该文件").wait_for()
    assert t.verdict("eligible") == "eligible"  # the answers are kept
    assert t.page.evaluate("() => window.__pwned") is None


def test_markdown_download_is_the_engines_rendering(tab, tmp_path):
    t = tab("en").open(fragment(SAMPLE["eligible"]))
    t.verdict("eligible")
    with t.page.expect_download() as info:
        t.page.locator("[data-sc-action=markdown]").click()
    path = tmp_path / "r.md"
    info.value.save_as(path)
    expected = json.loads(selfcheck.markdown_json(json.dumps(SAMPLE["eligible"]), "en", _as_of(t)))
    assert path.read_text(encoding="utf-8") == expected["markdown"]


# -- remember on this device --------------------------------------------------------------------


def test_remember_is_opt_in_and_can_be_cleared(tab):
    t = tab("zh").open()
    t.page.locator("input[name=registered_in_shenzhen][value=true]").check()
    assert t.page.evaluate("() => localStorage.length") == 0  # nothing kept without consent
    t.page.locator("[data-sc-remember]").check()
    t.page.locator("#sc-employees").fill("321")
    stored = json.loads(t.page.evaluate("() => localStorage.getItem('selfcheck.answers.v1')"))
    assert stored["answers"] == {"registered_in_shenzhen": True, "employees": 321}
    t.page.reload()
    t.ready()
    assert t.page.locator("#sc-employees").input_value() == "321"
    assert t.page.locator("[data-sc-remember]").is_checked()
    t.page.locator("[data-sc-action=forget]").click()
    assert t.page.evaluate("() => localStorage.length") == 0
    assert not t.page.locator("[data-sc-remember]").is_checked()


# -- batch CSV --------------------------------------------------------------------------------------


def _csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    keys = ["ref", *SAMPLE["eligible"].keys()]
    writer = csv.DictWriter(buf, fieldnames=keys)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value) if value else "none"
    return str(value)


def test_csv_batch_round_trip(tab, tmp_path):
    t = tab("zh")
    t.page.goto(t.url("batch/"))
    t.ready()
    with t.page.expect_download() as info:
        t.page.locator('[data-sc-batch-action="template"]').click()
    template = tmp_path / "template.csv"
    info.value.save_as(template)
    header = next(csv.reader(io.StringIO(template.read_text(encoding="utf-8-sig"))))
    assert (
        header[1].startswith("企业是否在深圳市注册登记")
        and len(header) == len(_question_keys()) + 1
    )

    rows = [
        {"ref": "甲公司", **SAMPLE["eligible"]},
        {"ref": "乙公司", **SAMPLE["not_eligible"]},
        {"ref": '<img src=x onerror="window.__pwned=1">', "employees": "many"},
    ]
    upload = tmp_path / "batch.csv"
    upload.write_text(_csv_text(rows), encoding="utf-8")
    t.page.locator("[data-sc-batch-file]").set_input_files(str(upload))
    t.page.locator("[data-selfcheck][data-batch=done]").wait_for()
    table = t.page.locator("[data-sc-batch-table] tr[data-row]")
    assert [table.nth(i).get_attribute("data-verdict") for i in range(table.count())] == [
        "eligible",  # in the results' order
        "not_eligible",
    ]
    hostile = t.page.locator("[data-sc-batch-errors] li[data-row]")  # the row with errors apart
    assert hostile.count() == 1 and hostile.get_attribute("data-row") == rows[2]["ref"]
    assert rows[2]["ref"] in hostile.inner_text()  # shown as text
    problems = hostile.inner_text()
    assert "从业人员数" in problems or "employees" in problems
    with t.page.expect_download() as info:
        t.page.locator('[data-sc-batch-action="download"]').click()
    result = tmp_path / "result.csv"
    info.value.save_as(result)
    # The same CSV the engine writes in CPython for the same input (with Excel's BOM).
    out = io.StringIO()
    today = t.page.evaluate(
        "() => { const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }"
    )
    selfcheck.write_csv(selfcheck.check_rows(_csv_text(rows), as_of=today), out)
    assert result.read_bytes() == ("\ufeff" + out.getvalue()).encode("utf-8")
    assert t.page.evaluate("() => window.__pwned") is None and t.dialogs == []


def _question_keys():
    return [q["key"] for q in selfcheck.load_policy_bundle()["selfcheck"]["questions"]["questions"]]


def _as_of(t) -> str:
    return t.page.evaluate("() => document.querySelector('[data-selfcheck]').dataset.asOf")


def test_a_file_without_a_header_is_refused_with_a_message(tab, tmp_path):
    t = tab("en")
    t.page.goto(t.url("batch/"))
    t.ready()
    bad = tmp_path / "bad.csv"
    bad.write_text("<b>evil</b>,x\nx,1\n", encoding="utf-8")
    t.page.locator("[data-sc-batch-file]").set_input_files(str(bad))
    t.page.locator("[data-selfcheck][data-batch=error]").wait_for()
    status = t.page.locator("[data-sc-batch-status]").inner_text()
    assert "No header found" in status and "cannot be read" in status
    assert t.page.locator("[data-sc-batch-table] table").count() == 0


# -- hostile values ---------------------------------------------------------------------------------


def test_hostile_values_in_the_fragment_are_shown_as_text(tab):
    evil_img = '<img src=x onerror="window.__pwned=1">'
    evil_script = "<script>window.__pwned=2</script>"
    answers = {
        "employees": evil_img,
        "district": evil_script,
        "registered_in_shenzhen": True,
        "<b onmouseover=alert(1)>k</b>": 1,
    }
    t = tab("en").open(fragment(answers))
    t.page.locator(".sc-errors").wait_for()
    assert t.page.locator("#sc-employees").input_value() == evil_img
    error = t.page.locator("[data-error-for=employees]")
    assert error.is_visible() and "employees" in error.inner_text()
    assert t.page.locator("#sc-district option[data-sc-foreign]").inner_text() == evil_script
    assert t.page.locator("[data-error-for=district]").is_visible()
    assert "<b onmouseover=alert(1)>k</b>" in t.page.locator("[data-sc-notice]").inner_text()
    assert t.page.locator("[data-selfcheck] img, [data-selfcheck] b[onmouseover]").count() == 0
    t.page.wait_for_timeout(300)
    assert t.page.evaluate("() => window.__pwned") is None
    assert t.dialogs == [] and t.errors == []
    # Correcting the fields gives a result again: nothing else was lost.
    t.page.locator("#sc-employees").fill("500")
    t.page.locator("#sc-district").select_option("futian")
    assert t.verdict("incomplete") == "incomplete"


# -- network, failure, other pages --------------------------------------------------------------


def test_no_request_leaves_the_origin_during_load_and_evaluation(tab):
    t = tab("zh").open(fragment(SAMPLE["eligible"]))
    assert t.verdict("eligible") == "eligible"
    t.page.locator("#sc-employees").fill("100")
    t.verdict("not_eligible")
    host = urlsplit(t.origin).netloc
    assert t.requests and {
        urlsplit(u).netloc for u in t.requests if not u.startswith(("data:", "blob:"))
    } == {host}
    assert any(u.endswith("pyodide.asm.wasm") for u in t.requests)
    assert any(u.endswith(".whl") for u in t.requests)
    assert not any("pyodide-lock.json" in u and "/assets/pyodide/" in u for u in t.requests)


def test_the_widget_runs_under_a_strict_content_security_policy(tab, origin, built):
    """script-src 'self' 'wasm-unsafe-eval' and the hashes of Material's inline scripts: no
    'unsafe-eval', no 'unsafe-inline' for scripts, no blob: worker, no other host."""
    import hashlib
    import re

    page_html = (built.root / "zh" / "selfcheck" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script>(.*?)</script>", page_html, re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in inline
    )
    policy = (
        f"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; "
        "worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'"
    )
    violations = []

    def with_csp(route):
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": policy}
        )

    t = tab("zh", route=lambda p: p.route("**/*", with_csp))
    t.page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    t.open(fragment(SAMPLE["eligible"]))
    assert t.verdict("eligible") == "eligible"
    t.page.locator("#sc-employees").fill("100")
    assert t.verdict("not_eligible") == "not_eligible"
    assert violations == [] and t.errors == []


def test_when_pyodide_cannot_load_the_message_and_the_checklist_remain(tab):
    t = tab("zh", route=lambda p: p.route("**/*.wasm", lambda r: r.fulfill(status=404, body="")))
    t.open(wait_ready=False)
    t.page.locator("[data-selfcheck][data-state=error]").wait_for()
    failure = t.page.locator("[data-sc-failure]")
    assert failure.is_visible() and "在线自查未能加载" in failure.inner_text()
    assert t.root().get_attribute("data-failure") == "start"
    assert t.page.locator(".cl-checklist").is_visible()
    assert t.page.locator("[data-verdict]").count() == 0
    assert t.page.locator("#sc-employees").is_editable()  # the form stays as a questionnaire


def test_without_javascript_the_form_and_the_checklist_are_there_and_nothing_pretends(
    browser, origin
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{origin}en/selfcheck/")
        assert page.locator("[data-selfcheck]").get_attribute("data-state") == "loading"
        assert page.locator("#sc-employees").is_visible()
        assert page.locator(".cl-checklist").is_visible()
        for hidden in (
            "[data-sc-loading]",
            "[data-sc-results]",
            "[data-sc-keep]",
            "[data-sc-batch]",
        ):
            assert not page.locator(hidden).is_visible(), hidden
    finally:
        context.close()


def test_print_shows_the_result_and_the_answers_not_the_controls(tab):
    t = tab("zh").open(fragment(SAMPLE["eligible"]))
    t.verdict("eligible")
    t.page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    t.page.emulate_media(media="print")
    assert t.page.locator(".sc-verdict[data-verdict]").is_visible()
    assert t.page.locator("[data-condition=c8]").is_visible()
    answers = t.page.locator(".sc-answers")
    assert answers.is_visible() and "南山区" in answers.inner_text()
    for hidden in ("[data-sc-form]", "[data-sc-keep]", "[data-sc-batch]", "[data-sc-loading]"):
        assert not t.page.locator(hidden).is_visible(), hidden


def test_clear_all_answers_starts_again_and_drops_the_link(tab):
    t = tab("en").open(fragment(SAMPLE["eligible"]))
    t.verdict("eligible")
    t.page.locator("[data-sc-reset]").click()
    # Clearing everything asks first, and can be undone.
    t.page.locator("[data-sc-prompt] [data-sc-action=prompt-yes]").click()
    assert t.verdict("incomplete") == "incomplete"
    undo = t.page.locator("[data-sc-action=undo]")
    assert undo.is_visible()
    assert t.page.evaluate("() => location.hash") == ""
    assert t.page.locator("#sc-employees").input_value() == ""
    assert not t.page.locator("input[name=registered_in_shenzhen][value=true]").is_checked()
    undo.click()
    assert t.verdict("eligible") == "eligible"
    assert t.page.locator("#sc-employees").input_value() == str(SAMPLE["eligible"]["employees"])


def test_when_webassembly_is_blocked_the_message_shows(tab):
    """A policy without 'wasm-unsafe-eval' (as some company proxies set) blocks the compile."""

    def no_wasm(route):
        response = route.fetch()
        route.fulfill(
            response=response,
            headers={
                **response.headers,
                "content-security-policy": "script-src 'self' 'unsafe-inline'",
            },
        )

    t = tab("en", route=lambda p: p.route("**/*", no_wasm))
    t.open(wait_ready=False)
    t.page.locator("[data-selfcheck][data-state=error]").wait_for()
    assert "block the WebAssembly" in t.page.locator("[data-sc-failure]").inner_text()
    assert t.root().get_attribute("data-failure") == "blocked"
    assert "wasm" in t.page.locator("[data-sc-failure-detail]").text_content().lower()
    assert t.page.locator(".cl-checklist").is_visible()


def test_other_pages_load_no_pyodide_byte(tab):
    t = tab("zh")
    for path in ("", "conditions/", "procedure/"):
        t.requests.clear()
        t.page.goto(t.url(path))
        t.page.wait_for_load_state("networkidle")
        assert t.requests
        assert not [
            u
            for u in t.requests
            if "pyodide" in u or "selfcheck-engine" in u or u.endswith(("widget.mjs", "worker.mjs"))
        ], path


# -- accessibility ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_or_critical_violation(tab, lang, tmp_path):
    """With a result and a share link on the self-check page, then with the batch's results on the
    batch page: every part of the widget."""
    t = tab(lang).open(fragment(SAMPLE["not_eligible"]))
    t.verdict("not_eligible")
    t.page.locator("[data-sc-action=share]").click()
    t.page.evaluate(AXE.read_text(encoding="utf-8"))
    result = t.page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " target: v.nodes[0].target.join(' ')}))"
    )
    assert [v for v in result if v["impact"] in ("serious", "critical")] == []
    t.page.goto(t.url("batch/"))
    t.ready()
    upload = tmp_path / "batch.csv"
    upload.write_text(
        _csv_text([{"ref": "A", **SAMPLE["eligible"]}, {"ref": "B", "employees": "x"}]),
        encoding="utf-8",
    )
    t.page.locator("[data-sc-batch-file]").set_input_files(str(upload))
    t.page.locator("[data-selfcheck][data-batch=done]").wait_for()
    t.page.evaluate(AXE.read_text(encoding="utf-8"))
    result = t.page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " target: v.nodes[0].target.join(' ')}))"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []
