"""Benchmark of the in-browser self-check, in headless Chromium (Debian's), in one run:

    .venv/bin/python benchmarks/widget_bench.py [RUNS]

1. Start-up: time from navigation to ``data-state=ready`` on the self-check page (Pyodide in a
   module Web Worker, the engine wheel loaded) against a bare page, generated here, that boots
   the same Pyodide files (the trimmed library) and the same wheel on the main thread. Each run is a fresh browser
   context (empty HTTP cache); the two kinds alternate. Goal: ratio of medians <= 1.10.
2. Re-evaluation: time from an answer change (an input event) to the rendered result, read from
   ``data-eval-ms``, for 40 changes of one answer on a filled form. Goal: median <= 30 ms.
3. Bytes: what the home page (zh and en) transfers, and how much of it is Pyodide or the engine.
   Goal: no Pyodide byte. The self-check page's total is printed for comparison.

The site is built (``sitegen.build_site``) into a temporary folder and served on 127.0.0.1 by
sitegen's own server. A script, not a timed test: the figures depend on the machine.
"""

from __future__ import annotations

import base64
import html
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import (  # noqa: E402 - after the path is set
    build_site,
    make_server,
    widget,
)

# Debian's Chromium with the flags the browser tests use.
from tests._site import CHROMIUM  # noqa: E402
from tests._site import CHROMIUM_ARGS as ARGS  # noqa: E402

#: The engine's strong example: every answer given, eligible.
SAMPLE = json.loads((ROOT / "examples" / "strong.json").read_text(encoding="utf-8"))

# The bare page: the same files, the same lock and wheel, loaded on the main thread; it marks
# <body data-state=ready data-ready-ms=...> at the same point the widget does (engine imported).
BARE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head>
<body data-state="loading">
<script type="module">
const indexURL = new URL("{pyodide}", location.href).href;
const {{ loadPyodide }} = await import(indexURL + "pyodide.mjs");
const pyodide = await loadPyodide({{ indexURL,
  stdLibURL: new URL("{stdlib}", location.href).href,
  packageBaseUrl: new URL("{engine}", location.href).href,
  lockFileContents: {lock}, packages: ["selfcheck"],
  stdout: () => {{}}, stderr: () => {{}} }});
pyodide.runPython("import selfcheck");
document.body.dataset.readyMs = performance.now().toFixed(0);
document.body.dataset.state = "ready";
</script>
</body></html>
"""


def _fragment(answers: dict) -> str:
    raw = json.dumps(answers, ensure_ascii=False).encode("utf-8")
    return "#answers=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def engine_attributes(site: Path) -> dict[str, str]:
    """What the built self-check page passes to its worker (``pyodide``, ``stdlib``, ``engine``
    URLs relative to the page, and the inline ``lock``), read from the page's engine script."""
    page = (site / "zh" / "selfcheck" / "index.html").read_text(encoding="utf-8")
    found = re.search(
        r'engine\.js" data-worker="[^"]+" data-pyodide="([^"]+)" data-stdlib="([^"]+)" '
        r'data-engine="([^"]+)" data-lock="([^"]+)"',
        page,
    )
    pyodide, stdlib, engine, lock = found.groups()
    return {"pyodide": pyodide, "stdlib": stdlib, "engine": engine, "lock": html.unescape(lock)}


def _write_bare(site: Path) -> str:
    """Write bench/bare/index.html into the built site, booting the self-check page's files."""
    # The self-check page is two folders deep (zh/selfcheck/), like bench/bare/.
    (site / "bench" / "bare").mkdir(parents=True, exist_ok=True)
    (site / "bench" / "bare" / "index.html").write_text(
        BARE.format(**engine_attributes(site)), encoding="utf-8"
    )
    return "bench/bare/"


def _startup(browser, url: str, selector: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.locator(selector).wait_for(timeout=120_000, state="attached")
        return float(page.locator(selector).get_attribute("data-ready-ms"))
    finally:
        context.close()


def _reevaluation(browser, origin: str, changes: int = 40) -> list[float]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{origin}zh/selfcheck/{_fragment(SAMPLE)}")
        page.locator(
            "[data-sc-results][data-current=true] .sc-verdict[data-verdict=eligible]"
        ).wait_for(timeout=120_000)
        root = page.locator("[data-selfcheck]")
        box = page.locator("#sc-employees")
        times = []
        for i in range(changes):
            count = root.get_attribute("data-eval-count")
            box.fill(str(1000 + i if i % 2 else 200 + i))  # eligible <-> not eligible
            page.locator(f"[data-selfcheck]:not([data-eval-count='{count}'])").wait_for()
            times.append(float(root.get_attribute("data-eval-ms")))
        return times
    finally:
        context.close()


def _bytes(browser, url: str) -> tuple[int, int, list[str]]:
    """(all bytes, Pyodide/engine bytes, Pyodide/engine URLs) of one cold page load."""
    context = browser.new_context()
    sizes: list[tuple[str, int]] = []
    try:
        page = context.new_page()
        page.on(
            "requestfinished",
            lambda r: sizes.append(
                (r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"])
            ),
        )
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
    finally:
        context.close()
    heavy = [
        (u, n)
        for u, n in sizes
        if widget.PYODIDE_DIR in u
        or widget.ENGINE_DIR in u
        or u.endswith((".wasm", "worker.mjs", "engine.js"))
    ]
    return sum(n for _, n in sizes), sum(n for _, n in heavy), [u for u, _ in heavy]


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 5
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="widget-bench-") as tmp:
        server = make_server(Path(tmp) / "site", "127.0.0.1", 0)
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"building the site into {tmp} ...", flush=True)
        site = build_site(Path(tmp) / "site", site_url=origin)
        bare = _write_bare(site)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                widget_ms, bare_ms = [], []
                for i in range(runs):
                    widget_ms.append(
                        _startup(
                            browser, f"{origin}zh/selfcheck/", "[data-selfcheck][data-state=ready]"
                        )
                    )
                    bare_ms.append(_startup(browser, f"{origin}{bare}", "body[data-state=ready]"))
                    print(
                        f"  run {i + 1}: widget {widget_ms[-1]:.0f} ms, bare {bare_ms[-1]:.0f} ms",
                        flush=True,
                    )
                evals = _reevaluation(browser, origin)
                home = {lang: _bytes(browser, f"{origin}{lang}/") for lang in ("zh", "en")}
                check = _bytes(browser, f"{origin}zh/selfcheck/")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    w, b = statistics.median(widget_ms), statistics.median(bare_ms)
    ev = sorted(evals)
    print()
    print(
        f"Chromium {CHROMIUM}, {runs} cold runs each (fresh context, empty cache), "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print(
        f"start-up to data-state=ready: widget (worker) median {w:.0f} ms "
        f"[{min(widget_ms):.0f}-{max(widget_ms):.0f}]; bare main-thread page median {b:.0f} ms "
        f"[{min(bare_ms):.0f}-{max(bare_ms):.0f}]; ratio {w / b:.2f} (goal <= 1.10)"
    )
    print(
        f"re-evaluation after an answer change ({len(ev)} changes): median "
        f"{statistics.median(ev):.1f} ms, p90 {ev[int(len(ev) * 0.9) - 1]:.1f} ms, "
        f"max {ev[-1]:.1f} ms (goal: median <= 30 ms)"
    )
    for lang, (total, heavy, urls) in home.items():
        print(
            f"home page /{lang}/: {total / 1024:.0f} KiB transferred, Pyodide/engine bytes: "
            f"{heavy} (goal 0){' ' + str(urls) if urls else ''}"
        )
    print(
        f"self-check page /zh/selfcheck/ (for comparison): {check[0] / 1024:.0f} KiB, of which "
        f"Pyodide/engine {check[1] / 1024:.0f} KiB"
    )
    ok = w / b <= 1.10 and statistics.median(ev) <= 30 and all(h == 0 for _, h, _ in home.values())
    print("all goals met" if ok else "NOT all goals met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
