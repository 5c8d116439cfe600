"""Benchmark of the browser's batch path, in headless Chromium (Debian's):

    .venv/bin/python benchmarks/batch_browser_bench.py [ROWS] [RUNS]

The site is built (``sitegen.build_site``) into a temporary folder and served on 127.0.0.1. The
same generated enterprises as ``batch_bench.py`` (fixed seed) are uploaded on the self-check page,
as a CSV and as an .xlsx, and the time from choosing the file to ``data-batch=done`` is measured
(the file read and sent to the worker, the rows checked in chunks of 2,000 in Pyodide, the
results assembled; the .xlsx run includes loading openpyxl the first time). Each run is a fresh
page with the engine ready. Prints every run, the best and the median, and rows per second. A
script, not a timed test: the figures depend on the machine.
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
        server = make_server(folder / "site", "127.0.0.1", 0)
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"building the site into {tmp} ...", flush=True)
        build_site(folder / "site", site_url=origin)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for label, path in (("CSV", source), (".xlsx", workbook)):
                    seconds = []
                    for i in range(runs):
                        took, status = _one(browser, origin, path)
                        seconds.append(took)
                        print(f"  {label} run {i + 1}: {took:.2f} s ({status[:60]}...)", flush=True)
                    best = min(seconds)
                    print(
                        f"browser batch, {label}: {rows} enterprises, best {best:.2f} s "
                        f"({rows / best:,.0f} rows/s), median {statistics.median(seconds):.2f} s",
                        flush=True,
                    )
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
