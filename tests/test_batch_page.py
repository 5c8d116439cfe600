"""Issue 19 in the browser (headless Chromium, the built site, the real Pyodide and engine), at a
desktop's 1366×768 and a phone's 390×844: the batch page is one tap from the menu and from the home
page; for ``examples/enterprises-zh.csv`` and an .xlsx made from it, the counts at the top, the
order of the rows, their missing counts, the filters and the open-row action (the opened form
shows the row's verdict and the enterprise's name) are those the engine gives in CPython; no row is
taller than 160 px on a desktop; on a phone each enterprise is a card and nothing is wider than the
screen; the results workbook has the file's own columns, a shortlist and a per-district sheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from selfcheck.batch import VERDICTS, check_rows
from selfcheck.batch._results import lacking, order_key

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, ROOT

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is not installed (selfcheck[xlsx])")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

EXAMPLE = ROOT / "examples" / "enterprises-zh.csv"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ROW_MAX_PX = 160


def _expected() -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """The rows in the results' order ``(ref, verdict, missing)`` and the counts, from CPython."""
    rows = check_rows(EXAMPLE.read_text(encoding="utf-8-sig"))
    good = [r for r in rows if r.found is not None]
    ordered = sorted(good, key=lambda r: order_key(r.verdict, len(lacking(r.found)), r.row))
    counts = {v: sum(r.verdict == v for r in good) for v in VERDICTS}
    counts["one_short"] = sum(len(lacking(r.found)) == 1 for r in good)
    counts["errors"] = len(rows) - len(good)
    return [(r.ref, r.verdict, len(lacking(r.found))) for r in ordered], counts


def _xlsx_of_example(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8-sig"))):
        ws.append(row)
    wb.save(path)
    return path


def _page(browser, viewport, url):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, errors


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_batch_page_is_one_tap_from_home_and_from_the_menu(browser, built, viewport, lang):
    context, page, errors = _page(browser, viewport, f"{built.origin}{lang}/")
    try:
        home = page.locator("a[data-home-batch]")
        assert home.is_visible() and home.bounding_box()["y"] < viewport["height"]
        home.click()
        page.wait_for_url(f"**/{lang}/batch/")
        assert page.locator("[data-sc-batch-file]").count() == 1
        page.goto(f"{built.origin}{lang}/")
        if viewport is PHONE:
            page.locator("label.md-header__button[for='__drawer']").click()  # the menu
        link = page.locator(".md-nav--primary a.md-nav__link[href$='batch/']").first
        link.click()  # one tap in the menu
        page.wait_for_url(f"**/{lang}/batch/")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_results_are_in_order_with_counts_missing_filters_and_open_rows(
    browser, built, tmp_path, kind
):
    expected, counts = _expected()
    path = EXAMPLE if kind == "csv" else _xlsx_of_example(tmp_path / "名单.xlsx")
    context, page, errors = _page(browser, DESKTOP, f"{built.origin}zh/batch/")
    try:
        page.locator("[data-selfcheck][data-state=ready]").wait_for()
        page.locator("[data-sc-batch-file]").set_input_files(str(path))
        page.locator("[data-selfcheck][data-batch=done]").wait_for(timeout=180_000)
        shown = page.locator("[data-sc-batch-counts] li").evaluate_all(
            "items => Object.fromEntries(items.map(i => [i.dataset.count, Number(i.dataset.n)]))"
        )
        assert shown == counts
        # the counts come first, then the rows with errors with their fixes, then the table
        boxes = [
            page.locator(s).bounding_box()["y"]
            for s in ("[data-sc-batch-counts]", "[data-sc-batch-errors]", "[data-sc-batch-table]")
        ]
        assert boxes == sorted(boxes)
        listed = page.locator("[data-sc-batch-errors] li[data-row]")
        assert listed.count() == counts["errors"]
        assert "“约300”不是确切的数" in listed.first.inner_text()
        rows = page.locator("[data-sc-batch-table] tr[data-row]")
        got = rows.evaluate_all(
            "rows => rows.map(r => [r.dataset.row, r.dataset.verdict, Number(r.dataset.missingCount)])"
        )
        assert [tuple(r) for r in got] == expected
        heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
        assert max(heights) <= ROW_MAX_PX
        # the name column stays in view: sticky
        assert rows.first.locator("th").evaluate("c => getComputedStyle(c).position") == "sticky"
        # filters: by verdict, by one condition short, by district, by the condition still open
        visible = "rows => rows.filter(r => !r.hidden).map(r => r.dataset.row)"
        page.select_option("[data-sc-filter=verdict]", "not_eligible")
        assert rows.evaluate_all(visible) == [r for r, v, _ in expected if v == "not_eligible"]
        page.select_option("[data-sc-filter=verdict]", "one_short")
        assert rows.evaluate_all(visible) == [r for r, _, m in expected if m == 1]
        page.select_option("[data-sc-filter=verdict]", "")
        district = rows.first.get_attribute("data-district")
        page.select_option("[data-sc-filter=district]", district)
        assert rows.evaluate_all(visible) == [expected[0][0]]
        page.select_option("[data-sc-filter=district]", "")
        key = rows.last.get_attribute("data-lacking").split()[0]
        page.select_option("[data-sc-filter=lacking]", key)
        lacking_rows = rows.evaluate_all(
            f"rows => rows.filter(r => r.dataset.lacking.split(' ').includes('{key}'))"
            ".map(r => r.dataset.row)"
        )
        assert rows.evaluate_all(visible) == lacking_rows and lacking_rows
        page.select_option("[data-sc-filter=lacking]", "")
        # each row opens the enterprise in the form, in a new tab: the same verdict, its name
        for index in (0, rows.count() - 1):
            row = rows.nth(index)
            with context.expect_page() as opened:
                row.locator("[data-sc-open-row]").click()
            form = opened.value
            form.set_default_timeout(BOOT_TIMEOUT_MS)
            verdict = row.get_attribute("data-verdict")
            form.locator(
                f"[data-sc-results][data-current=true] .sc-verdict[data-verdict={verdict}]"
            ).wait_for()
            assert form.locator("[data-sc-name]").input_value() == row.get_attribute("data-row")
            form.close()
        assert errors == []
    finally:
        context.close()


def test_on_a_phone_each_enterprise_is_a_card_and_nothing_is_wider_than_the_screen(browser, built):
    for lang, example in (("zh", EXAMPLE), ("en", ROOT / "examples" / "enterprises.csv")):
        context, page, errors = _page(browser, PHONE, f"{built.origin}{lang}/batch/")
        try:
            page.locator("[data-selfcheck][data-state=ready]").wait_for()
            page.locator("[data-sc-batch-file]").set_input_files(str(example))
            page.locator("[data-selfcheck][data-batch=done]").wait_for(timeout=180_000)
            rows = page.locator("[data-sc-batch-table] tr[data-row]")
            assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"
            wide = page.evaluate(
                "() => [...document.querySelectorAll('body *')]"
                ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                ".map(e => e.tagName + '.' + e.className)"
            )
            assert wide == []
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            assert errors == []
        finally:
            context.close()


def test_the_results_workbook_has_the_input_columns_a_shortlist_and_districts(
    browser, built, tmp_path
):
    expected, counts = _expected()
    context, page, errors = _page(browser, DESKTOP, f"{built.origin}zh/batch/")
    try:
        page.locator("[data-selfcheck][data-state=ready]").wait_for()
        page.locator("[data-sc-batch-file]").set_input_files(str(EXAMPLE))
        page.locator("[data-selfcheck][data-batch=done]").wait_for(timeout=180_000)
        with page.expect_download() as info:
            page.locator('[data-sc-batch-action="download-xlsx"]').click()
        info.value.save_as(tmp_path / "results.xlsx")
    finally:
        context.close()
    wb = openpyxl.load_workbook(tmp_path / "results.xlsx")
    assert wb.sheetnames == ["自查结果", "短名单", "按区统计", "摘要", "代码"]
    given = next(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8-sig"))))
    head = [c.value for c in wb["自查结果"][1]]
    assert head[: len(given)] == given and head[len(given) : len(given) + 2] == ["结论", "还差什么"]
    data = [dict(zip(head, r)) for r in wb["自查结果"].iter_rows(min_row=2, values_only=True)]
    assert len(data) == len(expected) + counts["errors"]
    short = [r[0] for r in wb["短名单"].iter_rows(min_row=2, values_only=True)]
    assert short == [r for r, v, m in expected if v == "eligible"] + [
        r for r, v, m in expected if v != "eligible" and m == 1
    ]
    districts = list(wb["按区统计"].iter_rows(values_only=True))
    assert districts[0][:2] == ("商事登记所在区", "合计")
    assert sum(r[1] for r in districts[1:]) == len(data)
    assert errors == []
