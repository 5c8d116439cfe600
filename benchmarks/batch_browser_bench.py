"""Benchmark of the browser's batch path, in headless Chromium (Debian's):

    .venv/bin/python benchmarks/batch_browser_bench.py [ROWS] [RUNS]

The site is built (``sitegen.build_site``) into a temporary folder and served on 127.0.0.1. The
same generated enterprises as ``batch_bench.py`` (fixed seed) are uploaded on the self-check page,
as a CSV, as an .xlsx written by openpyxl (inline strings) and as an .xlsx written as Excel writes
one (shared strings, numbers as numbers), and the time from choosing the file to
``data-batch=done`` is measured (the file read and sent to the worker, its rows read and counted,
then checked in steps in Pyodide, the results assembled; the engine reads .xlsx with the standard
library, no package is loaded). Each run is a fresh page with the engine ready; the three files take
turns, so that the machine's load weighs on each alike. Prints every run, the best and the median,
rows per second, and each .xlsx against the CSV (median over median). A script, not a timed test:
the figures depend on the machine.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from batch_bench import write_enterprises  # noqa: E402 - after the path is set

from sitegen import build_site, make_server  # noqa: E402

# Debian's Chromium with the flags the browser tests use.
from tests._site import CHROMIUM  # noqa: E402
from tests._site import CHROMIUM_ARGS as ARGS  # noqa: E402

TIMEOUT_MS = 900_000


def _xlsx_of(csv_path: Path, out: Path) -> None:
    import csv

    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("企业名单")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    out.write_bytes(buffer.getvalue())


def _xlsx_shared(csv_path: Path, out: Path) -> None:
    """The same rows as Excel saves them: text in the shared strings (each once), figures as
    numbers."""
    import csv

    from tests._xlsx_craft import cell, column, shared_strings, sheet, workbook

    strings: dict[str, int] = {}
    rows = []
    with open(csv_path, encoding="utf-8", newline="") as handle:
        for number, values in enumerate(csv.reader(handle), start=1):
            cells = []
            for index, value in enumerate(values):
                ref = f"{column(index)}{number}"
                if value == "":
                    continue
                if value.isdigit() and not value.startswith("0"):
                    cells.append(cell(ref, int(value)))
                else:
                    cells.append(cell(ref, strings.setdefault(value, len(strings)), kind="s"))
            rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    out.write_bytes(workbook(sheet("".join(rows)), shared=shared_strings(strings)))


def _one(browser, origin: str, path: Path) -> tuple[float, str]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{origin}zh/selfcheck/")
        page.locator("[data-selfcheck][data-state=ready]").wait_for()
        start = time.perf_counter()
        page.locator("[data-sc-batch-file]").set_input_files(str(path))
        page.locator("[data-selfcheck][data-batch=done]").wait_for()
        seconds = time.perf_counter() - start
        return seconds, page.locator("[data-sc-batch-status]").inner_text()
    finally:
        context.close()


def main(rows: int = 10_000, runs: int = 3) -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="batch-browser-bench-") as tmp:
        folder = Path(tmp)
        source = folder / "enterprises.csv"
        write_enterprises(source, rows)
        workbook = folder / "enterprises.xlsx"
        _xlsx_of(source, workbook)
        shared = folder / "enterprises-shared.xlsx"
        _xlsx_shared(source, shared)
        files = {
            "CSV": source,
            ".xlsx (inline strings)": workbook,
            ".xlsx (shared strings)": shared,
        }
        server = make_server(folder / "site", "127.0.0.1", 0)
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"building the site into {tmp} ...", flush=True)
        build_site(folder / "site", site_url=origin)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                seconds: dict[str, list[float]] = {label: [] for label in files}
                for i in range(runs):
                    for label, path in files.items():
                        took, status = _one(browser, origin, path)
                        seconds[label].append(took)
                        print(f"  {label} run {i + 1}: {took:.2f} s ({status[:60]}...)", flush=True)
                csv_median = statistics.median(seconds["CSV"])
                for label, taken in seconds.items():
                    best, median = min(taken), statistics.median(taken)
                    ratio = f", {median / csv_median:.2f}x the CSV" if label != "CSV" else ""
                    print(
                        f"browser batch, {label}: {rows} enterprises, best {best:.2f} s "
                        f"({rows / best:,.0f} rows/s), median {median:.2f} s{ratio}",
                        flush=True,
                    )
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
