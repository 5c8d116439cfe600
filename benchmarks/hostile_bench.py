"""The figures of issue 18's acceptance, measured (a script that prints them, not a timed test):

    .venv/bin/python benchmarks/hostile_bench.py [RUNS]

- a small workbook with a stray cell at its last row (A1048576), through ``python -m selfcheck
  batch`` and through the self-check page's batch (Chromium): seconds and peak memory (the command
  line's own VmHWM; the browser's largest renderer VmHWM, which holds the page and its worker);
- the same with a million empty styled rows and no ``<dimension>`` (the command line);
- 20,000 enterprises whose types are listed at length (~300 characters, each cell different),
  through the command line: seconds and CPU seconds.

Every file is made here (``tests/_xlsx_craft.py``). Goals: under 10 s and under 500 MB for the stray
cell on both; under 10 s for the 20,000 rows on the command line. The machine is shared: the
seconds of each run, the best and the median are printed, and the CPU time where it can be had.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import build_site, make_server  # noqa: E402 - after the path is set
from tests._measure import run_cli  # noqa: E402
from tests._site import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests._xlsx_craft import HEADER, cell, long_type_cells, row_xml, sheet, workbook  # noqa: E402

LAST_ROW = 1_048_576
HEAD = row_xml(1, HEADER) + row_xml(2, ["甲", 300, "宝安"]) + row_xml(3, ["乙", 301, "南山"])


def stray_cell() -> bytes:
    return workbook(sheet(HEAD + row_xml(LAST_ROW, ["丙"]), dimension=f"A1:C{LAST_ROW}"))


def empty_rows() -> bytes:
    rows = "".join(f'<row r="{n}">{cell(f"A{n}", style=1)}</row>' for n in range(4, LAST_ROW + 1))
    return workbook(sheet(HEAD + rows))


def long_types(rows: int) -> bytes:
    return long_type_cells(rows, ["编号", "从业人员数", "企业类型"])


def _summary(label: str, seconds: list[float], extra: str) -> None:
    print(
        f"{label}: runs {', '.join(f'{s:.2f}' for s in seconds)} s; best {min(seconds):.2f} s, "
        f"median {statistics.median(seconds):.2f} s; {extra}",
        flush=True,
    )


def command_line(folder: Path, runs: int) -> None:
    files = {
        "far stray cell (.xlsx)": ("stray.xlsx", stray_cell()),
        "a million empty rows, no <dimension> (.xlsx)": ("empty.xlsx", empty_rows()),
        "20,000 rows of long type cells (CSV)": ("long.csv", long_types(20_000)),
    }
    for label, (name, data) in files.items():
        path = folder / name
        path.write_bytes(data)
        seconds, peaks, cpu = [], [], []
        for _ in range(runs):
            before = os.times()
            proc, took, peak = run_cli(path, "--out", str(folder / "results.csv"))
            after = os.times()
            if proc.returncode != 0:
                sys.exit(proc.stderr.decode("utf-8", "replace"))
            seconds.append(took)
            peaks.append(peak)
            cpu.append(after.children_user - before.children_user)
        size = (
            f"{len(data) / 1024:,.1f} kB" if len(data) < 1 << 20 else f"{len(data) / 2**20:.1f} MB"
        )
        _summary(
            f"command line, {label}, {size}",
            seconds,
            f"peak memory {max(peaks):.0f} MB, CPU {min(cpu):.2f} s at best",
        )


def _renderers_peak_mb(browser) -> float:
    session = browser.new_browser_cdp_session()
    try:
        processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
    finally:
        session.detach()
    peaks = [0.0]
    for process in processes:
        status = Path(f"/proc/{process['id']}/status")
        if process["type"] == "renderer" and status.exists():
            line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
            peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def browser(folder: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    path = folder / "stray.xlsx"
    path.write_bytes(stray_cell())
    server = make_server(folder / "site", "127.0.0.1", 0)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"building the site into {folder} ...", flush=True)
    build_site(folder / "site", site_url=origin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seconds, peaks = [], []
    try:
        with sync_playwright() as p:
            for _ in range(runs):  # a fresh browser a run: its renderers' peak is this run's
                chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = chromium.new_page()
                    page.set_default_timeout(300_000)
                    page.goto(f"{origin}zh/batch/")
                    page.locator("[data-selfcheck][data-state=ready]").wait_for()
                    start = time.perf_counter()
                    page.locator("[data-sc-batch-file]").set_input_files(str(path))
                    page.locator("[data-selfcheck][data-batch=done]").wait_for()
                    seconds.append(time.perf_counter() - start)
                    peaks.append(_renderers_peak_mb(chromium))
                finally:
                    chromium.close()
    finally:
        server.shutdown()
    _summary(
        "browser, far stray cell (.xlsx), file chosen to results",
        seconds,
        f"renderer peak memory {max(peaks):.0f} MB (the page, Pyodide and the batch)",
    )


def main(runs: int = 3) -> int:
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        command_line(Path(tmp), runs)
        browser(Path(tmp), runs)
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:2])))
