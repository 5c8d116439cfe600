"""Issue 18 in the browser (headless Chromium, the built site, the real Pyodide and engine): a batch
and the reader's answers do not share one fate, and hostile spreadsheets neither hang nor lose
rows.

- A call made during a long batch (the self-check's evaluation, in another tab of the same engine
  it would be the form's) is answered while the batch runs (the batch's steps have a time budget;
  a call's watchdog starts when the calls before it are answered); the batch finishes;
  ``data-state`` never becomes ``error``.
- A small workbook with a stray cell at its last row is read as the rows it writes (the time is
  printed, the renderer's peak memory asserted); a lying ``<dimension>`` loses no row; a CSV
  broken in its first rows is said in the reader's words, not as an internal error; a workbook
  named .csv is read as the workbook it is."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from selfcheck._policy import policy
from selfcheck.batch._sheet import header_label

from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS, opened_tabs
from ._xlsx_craft import HEADER, long_type_cells, lying_dimension, row_xml, sheet, workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

POL = policy()
LAST_ROW = 1_048_576
MEMORY_MB = 500
#: Every change of the root's data-state, from the page's first script on.
STATES = """(() => {
    window.__states = [];
    new MutationObserver(() => {
        const root = document.querySelector('[data-selfcheck]');
        if (!root) return;
        const state = root.getAttribute('data-state');
        if (window.__states[window.__states.length - 1] !== state) window.__states.push(state);
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});
})();"""


class Tab:
    def __init__(self, browser, origin: str, lang: str = "zh") -> None:
        self.context = browser.new_context(accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.add_init_script(STATES)
        self.page.goto(f"{origin}{lang}/batch/")
        self.page.locator("[data-selfcheck][data-state=ready]").wait_for()

    def choose(self, path: Path) -> None:
        self.page.locator("[data-sc-batch-file]").set_input_files(str(path))

    def batch(self, state: str = "done", timeout: float = 300_000) -> None:
        self.page.locator(f"[data-selfcheck][data-batch={state}]").wait_for(timeout=timeout)

    def status(self) -> str:
        return self.page.locator("[data-sc-batch-status]").inner_text()

    def rows(self) -> list[str]:
        return self.page.locator(
            "[data-sc-batch-table] tr[data-row], [data-sc-batch-errors] li[data-row]"
        ).evaluate_all("rows => rows.map(r => r.dataset.line)")

    def states(self) -> list[str]:
        return self.page.evaluate("() => window.__states")


@pytest.fixture
def tab(browser, built):
    yield from opened_tabs(Tab, browser, built.origin)


def _long_type_cells(rows: int) -> bytes:
    """Enterprises whose types are listed at length, under the form's Chinese headers."""
    keys = ["ref", "employees", "enterprise_types"]
    return long_type_cells(rows, [header_label(k, POL).zh for k in keys])


def test_an_answer_typed_during_a_long_batch_is_evaluated_while_it_runs(tab, tmp_path):
    t = tab("zh")
    path = tmp_path / "long.csv"
    path.write_bytes(_long_type_cells(10_000))
    t.choose(path)
    t.page.wait_for_function(
        "() => document.querySelector('[data-sc-batch-progress]').value > 0", timeout=300_000
    )
    # An evaluation asked while the batch runs is answered before the batch ends.
    verdict = t.page.evaluate(
        "async () => (await window.selfcheckEngine.call('evaluate', "
        "{answers_json: JSON.stringify({registered_in_shenzhen: false}), lang: 'zh'})).report.verdict"
    )
    assert verdict == "not_eligible"
    assert t.page.locator("[data-selfcheck]").get_attribute("data-batch") == "running"
    t.batch("done")
    assert "10000 行" in t.status()
    assert "error" not in t.states() and t.states()[-1] == "ready"
    assert t.errors == []


def test_a_small_workbook_with_a_far_stray_cell_in_the_browser(tab, browser, tmp_path):
    t = tab("zh")
    rows = row_xml(1, HEADER) + row_xml(2, ["甲", 300, "宝安"]) + row_xml(3, ["乙", 301, "南山"])
    path = tmp_path / "stray.xlsx"
    path.write_bytes(workbook(sheet(rows + row_xml(LAST_ROW, ["丙"]), dimension=f"A1:C{LAST_ROW}")))
    start = time.monotonic()
    t.choose(path)
    t.batch("done")
    seconds = time.monotonic() - start
    peak = _renderers_peak_mb(browser)
    print(f"\nfar stray cell, browser: {seconds:.2f} s, renderer peak {peak:.0f} MB")
    assert sorted(t.rows(), key=int) == ["2", "3", str(LAST_ROW)]
    assert "3 行" in t.status()
    assert peak < MEMORY_MB


def _renderers_peak_mb(browser) -> float:
    """The largest peak resident memory (VmHWM) of this browser's renderer processes, which run
    the pages and their workers."""
    session = browser.new_browser_cdp_session()
    try:
        processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
    finally:
        session.detach()
    peaks = []
    for process in processes:
        if process["type"] != "renderer":
            continue
        status = Path(f"/proc/{process['id']}/status")
        if status.exists():
            line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
            peaks.append(int(line.split()[1]) / 1024)
    assert peaks
    return max(peaks)


def test_a_lying_dimension_loses_no_row_in_the_browser(tab, tmp_path):
    t = tab("zh")
    path = tmp_path / "lying.xlsx"
    path.write_bytes(lying_dimension(8000))  # under a dimension of A1:C10
    t.choose(path)
    t.batch("done")
    assert "8000 行" in t.status()


@pytest.mark.parametrize("broken", ["long_cell", "unclosed_quote"])
def test_a_csv_broken_in_its_first_rows_is_said_in_the_readers_words(tab, tmp_path, broken):
    t = tab("zh")
    head = "编号,从业人员数\n甲,300\n"
    if broken == "long_cell":
        text = head + "乙," + "9" * 200_000 + "\n丙,3\n"
    else:
        text = head + '乙,"301\n' + "".join(f"R{i},{i}\n" for i in range(20_000))
    path = tmp_path / "broken.csv"
    path.write_bytes(text.encode("utf-8"))
    t.choose(path)
    t.batch("done")
    status = t.status()
    assert "第 3 行" in status and "之前的 1 行已自查" in status
    assert "内部错误" not in status
    assert t.rows() == ["2"]


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(tab, tmp_path):
    t = tab("zh")
    path = tmp_path / "renamed.csv"
    path.write_bytes(workbook(rows=[HEADER, ["甲", 300, "宝安"], ["乙", 5, "南山"]]))
    t.choose(path)
    t.batch("done")
    assert sorted(t.rows()) == ["2", "3"] and "pip" not in t.status()
