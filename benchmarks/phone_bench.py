"""The self-check on an emulated phone, served for real over HTTPS, against stock Pyodide in a
worker in the same run:

    .venv/bin/python benchmarks/phone_bench.py [RUNS]

The site is built (``sitegen.build_site``: trimmed standard library, service worker, ``.br`` and
``.gz`` files) and served by Debian's nginx with the configuration the build writes, over HTTPS
and HTTP/2 with a certificate made for the run (brotli_static and gzip_static, a year of immutable
caching for the versioned folders, the security headers); Chromium trusts the certificate by its
key, so the page is a secure context and asks for brotli, as on the real site. Each measurement is
a fresh Chromium profile, emulating a phone through the DevTools protocol on the page: CPU 4x
slower (``Emulation.setCPUThrottlingRate``), 9 Mbit/s down, 60 ms round trip
(``Network.emulateNetworkConditions``, which also applies to the page's workers).

- **self-check, cold**: a first visit to ``/zh/selfcheck/``, navigation to ``data-state=ready``
  (``data-ready-ms``); then the visit goes on until the service worker has kept its offline copy.
- **self-check, warm**: a second visit in the same profile (service worker and HTTP cache).
- **self-check, warm without a service worker** (as in iOS in-app browsers): HTTP cache only.
- **self-check, offline**: the network turned off after the visits, the page reloaded; ready and
  one answer evaluated.
- **stock Pyodide in a worker** (the goals' baseline): a bare page that boots the npm package as
  shipped (its own full lock file and ``python_stdlib.zip``, precompressed like the site's files)
  from the same nginx in a module worker, as the self-check runs Pyodide; ready when
  ``loadPyodide`` resolves; cold, and warm (a second visit, HTTP cache). The same boot on the
  page's main thread is printed for reference only: DevTools slows only a page's main thread
  (Chromium refuses CPU throttling for workers), so it is no like-for-like baseline for a page
  whose Pyodide runs in a worker.
- **network floor**: the first visit's bytes on the wire up to ready at the emulated speed, plus
  one round trip per request on its critical path (the page, engine.js, worker.mjs, pyodide.mjs,
  then the runtime's files in parallel): no page on this network can be ready sooner.
- **bytes on the wire**: what nginx sent (headers included) per visit, from its access log.
- **doc pages**: the home pages and the conditions page, cold: bytes, and any Pyodide or engine
  request (goal: none).

A script, not a timed test: it prints figures, and never fails on them. The machine is shared:
compare the ratios within one run.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sitegen import (  # noqa: E402 - after the path is set
    NginxOptions,
    build_site,
    free_port,
    nginx_config_path,
    run_nginx,
    self_signed,
    write_precompressed,
)
from sitegen.widget.stdlib import NODE_PYODIDE, gzip_cache, pyodide_version  # noqa: E402

# Debian's Chromium with the flags the browser tests use.
from tests._site import CHROMIUM  # noqa: E402
from tests._site import CHROMIUM_ARGS as ARGS  # noqa: E402

CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 60,  # ms, round trip
    "downloadThroughput": 9_000_000 / 8,  # bytes/s
    "uploadThroughput": 2_000_000 / 8,
}
TIMEOUT_MS = 300_000
#: The first visit's critical path, one round trip each: the page, engine.js (in its head),
#: worker.mjs (started by it), pyodide.mjs (imported by the worker), then the runtime's files (the
#: wasm, the library, the engine) in parallel.
CRITICAL_PATH = ("page", "engine.js", "worker.mjs", "pyodide.mjs", "runtime files")
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
STOCK_FILES += ("pyodide-lock.json",)

# The stock boot, as a module (the site's CSP allows no inline script). `?where=worker` boots in a
# module worker, as the self-check does; otherwise on the page's main thread.
_STOCK_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stock Pyodide</title>
<script type="module" src="boot.mjs"></script></head><body data-state="loading"></body></html>
"""
_STOCK_BOOT = """const indexURL = new URL("{index}", location.href).href;
function ready() {{
  document.body.dataset.readyMs = performance.now().toFixed(0);
  document.body.dataset.state = "ready";
}}
if (new URLSearchParams(location.search).get("where") === "worker") {{
  const worker = new Worker(new URL("worker.mjs", import.meta.url), {{ type: "module" }});
  worker.onmessage = ready;
  worker.postMessage(indexURL);
}} else {{
  const {{ loadPyodide }} = await import(indexURL + "pyodide.mjs");
  await loadPyodide({{ indexURL }});
  ready();
}}
"""
_STOCK_WORKER = """self.onmessage = async (e) => {
  const { loadPyodide } = await import(e.data + "pyodide.mjs");
  await loadPyodide({ indexURL: e.data });
  self.postMessage("ready");
};
"""


def _add_stock(site: Path) -> str:
    """The npm package as shipped, under a versioned folder (immutable, like the site's), and the
    bare page that boots it; returns the page's path."""
    stock = site / "assets" / "pyodide" / f"{pyodide_version()}-stock"
    stock.mkdir(parents=True)
    for name in STOCK_FILES:
        shutil.copyfile(NODE_PYODIDE / name, stock / name)
    page = site / "bench" / "stock"
    page.mkdir(parents=True)
    (page / "index.html").write_text(_STOCK_PAGE, encoding="utf-8")
    index = f"../../assets/pyodide/{stock.name}/"
    (page / "boot.mjs").write_text(_STOCK_BOOT.format(index=index), encoding="utf-8")
    (page / "worker.mjs").write_text(_STOCK_WORKER, encoding="utf-8")
    write_precompressed(site, cache=gzip_cache())
    return "bench/stock/"


class Phone:
    """A fresh Chromium profile emulating the phone; ``visit`` opens a page in it."""

    def __init__(self, browser, server, *, service_workers: str = "allow") -> None:
        self.server = server
        self.context = browser.new_context(service_workers=service_workers)

    def visit(
        self, path: str, ready: str | None, land: str = "robots.txt", offline: bool = False
    ) -> tuple[float, object]:
        """Open ``path``; the time from navigation to the ``ready`` element's ``data-ready-ms``
        (``ready`` None: to the load event), and the page."""
        page = self.context.new_page()
        # Throttling set on a page is lost when a navigation changes process: land on the origin
        # first (``land``: a small file), then throttle, then go to the page (same process).
        page.goto(self.server.origin + land)
        cdp = self.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {**NETWORK, "offline": offline})
        page.goto(self.server.origin + path, timeout=TIMEOUT_MS)
        if ready is None:
            return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"), page
        page.locator(ready).wait_for(timeout=TIMEOUT_MS, state="attached")
        return float(page.locator(ready).get_attribute("data-ready-ms")), page

    def close(self) -> None:
        self.context.close()


def _sent(server, since: int, until: float | None = None) -> tuple[int, list[str]]:
    """Bytes nginx sent since log line ``since`` (and, with ``until``, up to that moment in
    seconds since the epoch), the robots.txt landings left out; and the URIs."""
    lines = [x for x in server.bytes_sent()[since:] if x[0] != "/robots.txt"]
    lines = [x for x in lines if until is None or x[3] <= until]
    return sum(x[2] for x in lines), [x[0] for x in lines]


def _ready_at(page, ready_ms: float) -> float:
    """The moment (seconds since the epoch) the page was ready."""
    return (page.evaluate("performance.timeOrigin") + ready_ms) / 1000


SELF = "[data-selfcheck][data-state=ready]"
STOCK = "body[data-state=ready]"


def _selfcheck_round(browser, server) -> dict[str, float]:
    out: dict[str, float] = {}
    phone = Phone(browser, server)
    mark = len(server.bytes_sent())
    out["cold"], page = phone.visit("zh/selfcheck/", SELF)
    out["cold_bytes_ready"] = _sent(server, mark, _ready_at(page, out["cold"]))[0]
    page.locator("[data-sc-offline]").wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    out["cold_bytes_visit"] = _sent(server, mark)[0]
    page.close()
    mark = len(server.bytes_sent())
    out["warm"], page = phone.visit("zh/selfcheck/", SELF)
    out["warm_bytes"] = _sent(server, mark)[0]
    page.close()
    # Offline: Playwright turns the network off for the pages and the service worker; the
    # landing page (the Chinese home) comes from the service worker's cache too.
    phone.context.set_offline(True)
    out["offline"], page = phone.visit("zh/selfcheck/", SELF, land="zh/", offline=True)
    page.locator("#sc-employees").fill("300")
    page.locator(".sc-verdict[data-verdict]").wait_for(timeout=TIMEOUT_MS)
    out["offline_evaluates"] = 1.0
    page.close()
    phone.close()
    # Where service workers are missing: the HTTP cache alone.
    phone = Phone(browser, server, service_workers="block")
    phone.visit("zh/selfcheck/", SELF)[1].close()
    out["warm_no_sw"] = phone.visit("zh/selfcheck/", SELF)[0]
    phone.close()
    return out


def _bare_round(browser, server, stock: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, path in (
        ("stock_worker", f"{stock}?where=worker"),
        ("stock_main", f"{stock}?where=main"),
    ):
        phone = Phone(browser, server)
        mark = len(server.bytes_sent())
        out[key], page = phone.visit(path, STOCK)
        page.wait_for_load_state("networkidle")
        out[f"{key}_bytes"] = _sent(server, mark)[0]
        page.close()
        out[f"{key}_warm"] = phone.visit(path, STOCK)[0]
        phone.close()
    return out


def network_floor(wire_bytes: float) -> float:
    """The least time (ms) a page needing ``wire_bytes`` over the emulated network can take."""
    return (
        wire_bytes / NETWORK["downloadThroughput"] * 1000 + len(CRITICAL_PATH) * NETWORK["latency"]
    )


def _doc_pages(browser, server) -> dict[str, tuple[int, list[str]]]:
    out = {}
    for path in ("zh/", "en/", "zh/conditions/"):
        phone = Phone(browser, server)
        mark = len(server.bytes_sent())
        _, page = phone.visit(path, None)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        total, uris = _sent(server, mark)
        out[path] = (total, [u for u in uris if "/assets/pyodide/" in u or "selfcheck-engine" in u])
        phone.close()
    return out


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 3
    from playwright.sync_api import sync_playwright

    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="phone-bench-") as tmp:
        tls_sock, http_sock = free_port(), free_port()
        port, http_port = tls_sock.getsockname()[1], http_sock.getsockname()[1]
        origin = f"https://127.0.0.1:{port}/"
        tls, spki = self_signed(Path(tmp) / "tls")
        print(f"building the site into {tmp} ...", flush=True)
        options = NginxOptions(
            listen=f"127.0.0.1:{http_port}",
            server_name="127.0.0.1",
            tls=dataclasses.replace(tls, listen=f"127.0.0.1:{port}"),
        )
        site = build_site(Path(tmp) / "site", site_url=origin, nginx=options)
        stock = _add_stock(site)
        config = nginx_config_path(site)
        with (
            run_nginx(config, tls_sock, http_sock, scheme="https") as server,
            sync_playwright() as p,
        ):
            # The run's certificate trusted by its key: a secure context, brotli, service workers.
            trust = f"--ignore-certificate-errors-spki-list={spki}"
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, trust])
            for i in range(runs):
                figures = {
                    **_selfcheck_round(browser, server),
                    **_bare_round(browser, server, stock),
                }
                figures["floor"] = network_floor(figures["cold_bytes_ready"])
                rounds.append(figures)
                print(
                    f"  run {i + 1}: self-check cold {figures['cold']:.0f} ms (its network floor "
                    f"{figures['floor']:.0f} ms), warm {figures['warm']:.0f} ms, offline "
                    f"{figures['offline']:.0f} ms; stock in a worker {figures['stock_worker']:.0f}"
                    f" ms (on the main thread {figures['stock_main']:.0f} ms)",
                    flush=True,
                )
            docs = _doc_pages(browser, server)
            browser.close()
    _report(rounds, docs, runs)
    return 0


def _report(rounds, docs, runs) -> None:
    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    def span(key: str) -> str:
        values = [r[key] for r in rounds]
        return f"{med(key) / 1000:.1f} s [{min(values) / 1000:.1f}-{max(values) / 1000:.1f}]"

    mb = 1_000_000
    stock = med("stock_worker")
    print()
    print(
        f"Emulated phone: CPU {CPU_SLOWDOWN}x slower, {NETWORK['downloadThroughput'] * 8 / mb:.0f} "
        f"Mbit/s down, {NETWORK['latency']} ms RTT; nginx over HTTPS and HTTP/2 (brotli_static, "
        f"immutable caching); Chromium {CHROMIUM}; medians of {runs} runs, "
        f"{time.strftime('%Y-%m-%d')}; load average at the end {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    rows = [
        ("self-check page, cold (first visit), to ready", "cold"),
        ("  its network floor (bytes to ready at 9 Mbit/s + 5 round trips)", "floor"),
        ("self-check page, warm (second visit)", "warm"),
        ("self-check page, warm without a service worker (HTTP cache)", "warm_no_sw"),
        ("self-check page, offline (network off, reloaded)", "offline"),
        ("stock Pyodide in a module worker (the baseline)", "stock_worker"),
        ("stock Pyodide in a module worker, warm", "stock_worker_warm"),
        ("stock Pyodide on a page's main thread (reference only)", "stock_main"),
        ("stock Pyodide on a page's main thread, warm", "stock_main_warm"),
    ]
    for label, key in rows:
        print(f"  {label:66} {span(key)}")
    cold_floor = statistics.median(r["cold"] / r["floor"] for r in rounds)
    wire = med("cold_bytes_ready") / med("stock_worker_bytes")
    warm = med("warm") / stock
    print(
        f"  first visit: {cold_floor:.2f}x its network floor (goal <= 1.25), "
        f"{med('cold') / stock:.2f}x stock's cold boot in a worker; warm visit "
        f"{warm:.2f}x stock's cold boot in a worker (goal <= 0.30), "
        f"{med('warm') / med('stock_worker_warm'):.2f}x stock's warm"
    )
    print(
        f"  bytes on the wire: self-check cold to ready {med('cold_bytes_ready') / mb:.2f} MB "
        f"({wire:.2f}x stock's {med('stock_worker_bytes') / mb:.2f} MB, goal <= 0.75), whole "
        f"first visit with the offline copy {med('cold_bytes_visit') / mb:.2f} MB, warm "
        f"{med('warm_bytes') / 1000:.0f} kB"
    )
    ok_offline = all(r["offline_evaluates"] for r in rounds)
    print(f"  offline after one visit: {'comes up and evaluates' if ok_offline else 'FAILED'}")
    for path, (total, heavy) in docs.items():
        print(
            f"  doc page /{path}: {total / 1000:.0f} kB cold, Pyodide/engine requests: "
            f"{len(heavy)}{' ' + str(heavy) if heavy else ''} (goal 0)"
        )
    goals = {
        "first visit <= 1.25x its network floor": cold_floor <= 1.25,
        "bytes <= 0.75x stock's": wire <= 0.75,
        "warm <= 0.30x stock's cold in a worker": warm <= 0.30,
        "offline works": ok_offline,
        "doc pages load no Pyodide byte": all(not heavy for _, heavy in docs.values()),
    }
    print("  goals: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in goals.items()))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
