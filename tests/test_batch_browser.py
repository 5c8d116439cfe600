"""Issue 13 in the browser (headless Chromium, the built site, the real Pyodide and engine): an
.xlsx filled in with Chinese labels and dropdown values, a GBK CSV and a UTF-8-BOM CSV with
Chinese headers, on the batch page, each row's verdict in ``tr[data-row=<ref>]`` (the rows with
errors listed apart, ``li[data-row=<ref>]``); the downloads (.xlsx opens in
openpyxl, CSV is UTF-8 with a BOM) hold the reader's words; the .xlsx writer is fetched only
when an .xlsx is asked for (the engine reads one itself); the template round trip; a file over the
stated limit is refused, a large one shows progress and can be cancelled while the page stays
usable."""

from __future__ import annotations

import csv
import io
import json

import pytest

from selfcheck import answer_format, xlsx
from selfcheck._policy import policy
from selfcheck._words import show_answer
from selfcheck.batch._sheet import header_label

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, SAMPLE, opened_tabs

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is not installed (selfcheck[xlsx])")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

POL = policy()
KEYS = ["ref", *SAMPLE["eligible"]]
ENTERPRISES = [
    ("甲公司", SAMPLE["eligible"], "eligible"),
    ("乙公司", SAMPLE["not_eligible"], "not_eligible"),
    ("丙公司", {**SAMPLE["eligible"], "eight_level_system": "unsure"}, "incomplete"),
    ("丁公司", {"employees": "很多"}, "error"),
]
LIMIT = answer_format()["limits"]["batch_rows"]


def _words(answers: dict) -> dict:
    """Answers written as a reader writes them in a sheet (是/否/不确定, names, 3亿)."""
    out = {}
    for key, value in answers.items():
        out[key] = (
            value
            if isinstance(value, str) and key == "employees"
            else show_answer(key, value, "zh", pol=POL)
        )
    if "revenue_10k_cny" in answers and isinstance(answers["revenue_10k_cny"], int):
        out["revenue_10k_cny"] = f"{answers['revenue_10k_cny'] / 10000:g}亿"
    return out


def _grid() -> list[list[str]]:
    rows = [[header_label(k, POL).zh for k in KEYS]]
    for name, answers, _ in ENTERPRISES:
        cells = _words(answers)
        rows.append([name, *(cells.get(k, "") for k in KEYS[1:])])
    return rows


def _csv_bytes(encoding: str, bom: bytes = b"") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_grid())
    return bom + out.getvalue().encode(encoding)


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in _grid():
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class Tab:
    def __init__(self, browser, origin: str, lang: str = "zh") -> None:
        self.context = browser.new_context(accept_downloads=True)
        self.requests: list[str] = []
        # The page's requests (a service worker's own fetch of one of them is the same download).
        self.context.on(
            "request", lambda r: None if r.service_worker else self.requests.append(r.url)
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(f"{origin}{lang}/batch/")
        self.page.locator("[data-selfcheck][data-state=ready]").wait_for()

    def upload(self, path, state="done"):
        self.page.locator("[data-sc-batch-file]").set_input_files(str(path))
        self.page.locator(f"[data-selfcheck][data-batch={state}]").wait_for(timeout=180_000)

    def verdicts(self) -> dict[str, str]:
        rows = self.page.locator(
            "[data-sc-batch-table] tr[data-row], [data-sc-batch-errors] li[data-row]"
        )
        return {
            rows.nth(i).get_attribute("data-row"): rows.nth(i).get_attribute("data-verdict")
            for i in range(rows.count())
        }

    def status(self) -> str:
        return self.page.locator("[data-sc-batch-status]").inner_text()

    def wheels(self) -> list[str]:
        """The wheels fetched other than the engine's."""
        names = [u.rsplit("/", 1)[1] for u in self.requests if u.endswith(".whl")]
        return [n for n in names if not n.startswith("selfcheck-")]


@pytest.fixture
def tab(browser, built):
    yield from opened_tabs(Tab, browser, built.origin)


EXPECTED = {name: verdict for name, _, verdict in ENTERPRISES}
SUMMARY = "4 行：本自查能核对的条件均符合 1 行；尚无结论 1 行；暂不符合申报条件 1 行；有错误，未自查 1 行。"


def test_an_xlsx_with_chinese_labels_is_read_without_openpyxl_which_only_writes(tab, tmp_path):
    t = tab("zh")
    assert t.wheels() == []  # nothing of openpyxl on page load
    path = tmp_path / "企业名单.xlsx"
    path.write_bytes(_xlsx_bytes())
    t.upload(path)
    assert t.wheels() == []  # the engine reads a workbook with the standard library
    assert t.verdicts() == EXPECTED
    assert SUMMARY in t.status()
    # errors are listed above the table, where a phone shows them without scrolling sideways
    listed = t.page.locator("[data-sc-batch-errors] li[data-row]").all_inner_texts()
    assert len(listed) == 1 and "丁公司" in listed[0] and "“很多”不是数字" in listed[0]
    box = t.page.locator("[data-sc-batch-errors] li").first.bounding_box()
    assert box["x"] + box["width"] <= t.page.viewport_size["width"]
    # the .xlsx results open in openpyxl and hold the file's columns and the reader's words
    with t.page.expect_download() as info:
        t.page.locator('[data-sc-batch-action="download-xlsx"]').click()
    info.value.save_as(tmp_path / "results.xlsx")
    assert sorted(w.split("-")[0] for w in t.wheels()) == ["et_xmlfile", "openpyxl"]
    wb = openpyxl.load_workbook(tmp_path / "results.xlsx")
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    head = rows[0]
    assert list(head[: len(KEYS)]) == _grid()[0]
    by_ref = {r[0]: dict(zip(head, r)) for r in rows[1:]}
    assert by_ref["丁公司"]["结论"] == "有错误，未自查" and "很多" in by_ref["丁公司"]["问题"]
    assert by_ref["甲公司"]["结论"] == "本自查能核对的条件均符合"
    assert wb["摘要"]["A1"].value == SUMMARY
    assert t.errors == []


@pytest.mark.parametrize(("encoding", "bom"), [("gbk", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_a_csv_with_chinese_headers_gbk_or_bom(tab, tmp_path, encoding, bom):
    t = tab("zh")
    path = tmp_path / f"企业-{encoding}.csv"
    path.write_bytes(_csv_bytes(encoding, bom))
    t.upload(path)
    assert t.verdicts() == EXPECTED and SUMMARY in t.status()
    assert t.wheels() == []  # a CSV needs no spreadsheet library
    with t.page.expect_download() as info:
        t.page.locator('[data-sc-batch-action="download"]').click()
    info.value.save_as(tmp_path / "results.csv")
    raw = (tmp_path / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["行号", "编号", "结论"] and rows[1][1] == "丁公司"
    assert "暂不符合申报条件" in [r[2] for r in rows]


def test_the_xlsx_template_round_trip(tab, tmp_path):
    t = tab("en")
    with t.page.expect_download() as info:
        t.page.locator('[data-sc-batch-action="template-xlsx"]').click()
    info.value.save_as(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "template.xlsx")
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[2]]
    assert keys[0] == "ref" and ws.row_dimensions[2].hidden
    assert ws.data_validations.dataValidation  # the dropdowns
    for r, (name, answers, _) in enumerate(ENTERPRISES, start=4):
        ws.cell(r, 1, name)
        for key, value in answers.items():
            text = (
                value
                if isinstance(value, str) and key == "employees"
                else show_answer(key, value, "en", pol=POL)
            )
            ws.cell(r, keys.index(key) + 1, text)
    wb.save(tmp_path / "filled.xlsx")
    t.upload(tmp_path / "filled.xlsx")
    assert t.verdicts() == EXPECTED
    assert (
        "4 rows: Every condition this self-check can check is met: 1; No result yet: 1; "
        "Does not yet meet the conditions: 1; Not checked (see the problems): 1." in t.status()
    )


def _big_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header_label(k, POL).zh for k in KEYS])
    cells = _words(SAMPLE["eligible"])
    line = [cells.get(k, "") for k in KEYS[1:]]
    for n in range(rows):
        writer.writerow([f"E{n:06d}", *line])
    return out.getvalue().encode("utf-8")


def test_a_file_over_the_stated_limit_is_refused_before_any_row_is_checked(tab, tmp_path):
    t = tab("zh")
    path = tmp_path / "big.csv"
    path.write_bytes(_big_csv(LIMIT + 1))
    t.upload(path, state="error")
    status = t.status()
    assert f"超过网页一次能自查的 {LIMIT} 行" in status and "python -m selfcheck batch" in status
    assert t.page.locator("[data-sc-batch-table] table").count() == 0


def test_a_large_file_shows_progress_can_be_cancelled_and_the_page_stays_usable(tab, tmp_path):
    t = tab("zh")
    path = tmp_path / "large.csv"
    path.write_bytes(_big_csv(12_000))
    t.page.locator("[data-sc-batch-file]").set_input_files(str(path))
    progress = t.page.locator("[data-sc-batch-progress]")
    t.page.wait_for_function(
        "() => document.querySelector('[data-sc-batch-progress]').value > 0", timeout=180_000
    )
    assert "已完成" in t.status() and "/ 12000 行" in t.status()
    assert progress.is_visible()
    t.page.locator("[data-sc-batch-cancel]").click()
    t.page.locator("[data-selfcheck][data-batch=cancelled]").wait_for(timeout=180_000)
    assert "已取消" in t.status()
    done = int(progress.get_attribute("value") or progress.evaluate("p => p.value"))
    assert 0 < done < 12_000
    # the page is still usable: the engine answers, the rows checked are shown in order and can be
    # downloaded
    answer = t.page.evaluate(
        "async () => (await window.selfcheckEngine.call('evaluate', "
        "{answers_json: JSON.stringify({registered_in_shenzhen: false}), lang: 'zh'})).report.verdict"
    )
    assert answer == "not_eligible"
    assert t.page.locator("[data-sc-batch-table] tr[data-row]").count() > 0
    with t.page.expect_download() as info:
        t.page.locator('[data-sc-batch-action="download"]').click()
    info.value.save_as(tmp_path / "partial.csv")
    lines = (tmp_path / "partial.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) - 1 == done
    assert t.errors == []


def test_the_batch_ops_answer_in_the_readers_words_when_asked_wrongly(tab):
    t = tab("en")
    bad = t.page.evaluate(
        "async () => JSON.stringify(await window.selfcheckEngine.call('batch_check', "
        "{size: 100 * 1024 * 1024, name: 'x.csv'}))"
    )
    error = json.loads(bad)["errors"][0]
    assert "100.0 MB" in error["en"] and "command line" in error["en"]
    xls = json.loads(
        t.page.evaluate(
            "async () => JSON.stringify(await window.selfcheckEngine.call('batch_check', "
            "{size: 10, name: 'old.xls'}))"
        )
    )
    assert ".xls" in xls["errors"][0]["en"]
    assert xlsx.OPENPYXL == "openpyxl"
