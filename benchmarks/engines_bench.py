"""The self-check's start-up on each engine readers use, measured the same way, in one run:

    .venv/bin/python benchmarks/engines_bench.py [RUNS]

Chromium, Firefox ESR and WebKitGTK (Debian's), each driven through ``tests/engines`` (the same
driver protocol for all three; a 390x844 page), against one build served by Debian's nginx with
the configuration the build writes, over plain HTTP on 127.0.0.1 (a secure context for every
engine without trusting a certificate); no throttling.

- **first visit**: a fresh profile opens ``/zh/selfcheck/``: navigation to ``data-state=ready``
  (``data-ready-ms``); the visit goes on until the page says it works offline.
- **second visit**: a new page on the same profile (service worker, Cache Storage, HTTP cache).
- **where the time goes**: a probe page (as deep as the self-check page) runs the self-check
  page's own files step by step in a module worker, as the page does, and times each step: the
  wasm's download, its compilation alone (``WebAssembly.compile``), importing ``pyodide.mjs``,
  ``loadPyodide`` with the trimmed library (which compiles the wasm again, instantiates it and
  starts Python: the part the compile alone leaves is instantiation and Python's start), installing
  the engine wheel, and ``import selfcheck``. First in a fresh profile, then again in it (what a
  second visit can reuse: Chromium keeps the wasm's compiled code for a cached response, the
  others compile again).

A script, not a timed test: it prints figures. The machine is shared: compare the engines within
one run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from widget_bench import engine_attributes  # noqa: E402

from sitegen import (  # noqa: E402 - after the path is set
    NginxOptions,
    build_site,
    free_port,
    nginx_config_path,
    run_nginx,
)
from tests.engines import missing, open_page  # noqa: E402

ENGINES = ("chromium", "firefox", "webkit")
TIMEOUT_MS = 240_000
READY = """const root = document.querySelector("[data-selfcheck]");
return root && root.dataset.state === "ready" && Number(root.dataset.readyMs);"""
KEPT = """const line = document.querySelector("[data-sc-offline]");
return Boolean(line && !line.hidden);"""
PROBED = """return document.body.dataset.state === "ready" && JSON.parse(document.body.dataset.phases);"""

_PROBE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>start-up probe</title>
<script type="module" src="probe.mjs"></script></head><body data-state="loading"></body></html>
"""
_PROBE = """const worker = new Worker(new URL("worker.mjs", import.meta.url), {{ type: "module" }});
worker.onmessage = (e) => {{
  document.body.dataset.phases = JSON.stringify(e.data);
  document.body.dataset.state = "ready";
}};
worker.postMessage({{
  indexURL: new URL("{pyodide}", location.href).href,
  stdLibURL: new URL("{stdlib}", location.href).href,
  packageBaseUrl: new URL("{engine}", location.href).href,
  lock: {lock},
}});
"""
_PROBE_WORKER = """self.onmessage = async (e) => {
  const { indexURL, stdLibURL, packageBaseUrl, lock } = e.data;
  const phases = [];
  let last = performance.now();
  const mark = (name) => {
    const now = performance.now();
    phases.push([name, now - last]);
    last = now;
  };
  const wasm = await (await fetch(indexURL + "pyodide.asm.wasm")).arrayBuffer();
  mark("download the wasm");
  await WebAssembly.compile(wasm);
  mark("compile the wasm (alone)");
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  mark("import pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL, stdLibURL, lockFileContents: lock, packageBaseUrl });
  mark("loadPyodide: compile, instantiate, start Python");
  await pyodide.loadPackage("selfcheck", { messageCallback: () => {} });
  mark("install the engine wheel");
  pyodide.pyimport("selfcheck");
  mark("import selfcheck");
  self.postMessage(phases);
};
"""


def _add_probe(site: Path) -> str:
    folder = site / "bench" / "probe"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(_PROBE_PAGE, encoding="utf-8")
    (folder / "probe.mjs").write_text(_PROBE.format(**engine_attributes(site)), encoding="utf-8")
    (folder / "worker.mjs").write_text(_PROBE_WORKER, encoding="utf-8")
    return "bench/probe/"


def _visits(engine: str, origin: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"{engine}-bench-") as profile:
        with open_page(engine, profile) as page:
            page.open(origin + "zh/selfcheck/")
            cold = page.wait(READY, TIMEOUT_MS)
            page.wait(KEPT, TIMEOUT_MS)
        with open_page(engine, profile) as page:
            page.open(origin + "zh/selfcheck/")
            warm = page.wait(READY, TIMEOUT_MS)
    return {"cold": cold, "warm": warm}


def _probe(engine: str, origin: str, probe: str) -> dict[str, list]:
    with tempfile.TemporaryDirectory(prefix=f"{engine}-probe-") as profile:
        out = {}
        for visit in ("cold", "warm"):
            with open_page(engine, profile) as page:
                page.open(origin + probe)
                out[visit] = page.wait(PROBED, TIMEOUT_MS)
    return out


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 3
    engines = [e for e in ENGINES if not missing(e)]
    for engine in set(ENGINES) - set(engines):
        print(f"{engine}: {missing(engine)}")
    visits: dict[str, list[dict]] = {e: [] for e in engines}
    probes: dict[str, list[dict]] = {e: [] for e in engines}
    with tempfile.TemporaryDirectory(prefix="engines-bench-") as tmp:
        sock = free_port()
        port = sock.getsockname()[1]
        origin = f"http://127.0.0.1:{port}/"
        print(f"building the site into {tmp} ...", flush=True)
        options = NginxOptions(listen=f"127.0.0.1:{port}", server_name="127.0.0.1")
        site = build_site(Path(tmp) / "site", site_url=origin, nginx=options)
        probe = _add_probe(site)
        with run_nginx(nginx_config_path(site), sock):
            for i in range(runs):
                for engine in engines:  # the engines alternate: the machine's load is shared
                    visits[engine].append(_visits(engine, origin))
                    probes[engine].append(_probe(engine, origin, probe))
                    v = visits[engine][-1]
                    print(
                        f"  run {i + 1} {engine}: first visit {v['cold']:.0f} ms, second "
                        f"{v['warm']:.0f} ms",
                        flush=True,
                    )
    _report(visits, probes, runs)
    return 0


def _report(visits, probes, runs) -> None:
    print()
    print(
        f"Start-up per engine, medians of {runs} runs, {time.strftime('%Y-%m-%d')}, nginx over "
        f"HTTP on 127.0.0.1, no throttling; load average at the end {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    base = statistics.median(v["cold"] for v in visits.get("chromium", [{"cold": 1}]))
    for engine, rounds in visits.items():
        cold = statistics.median(v["cold"] for v in rounds)
        warm = statistics.median(v["warm"] for v in rounds)
        print(
            f"  {engine:9} first visit {cold / 1000:.2f} s ({cold / base:.2f}x Chromium's), "
            f"second visit {warm / 1000:.2f} s ({warm / cold:.2f}x its first)"
        )
    print("  where the time goes (the probe, ms; first visit / second visit):")
    engines = list(probes)
    steps = [name for name, _ in probes[engines[0]][0]["cold"]]
    print("    " + " " * 48 + "".join(f"{e:>18}" for e in engines))
    for index, step in enumerate(steps):
        cells = []
        for engine in engines:
            cold = statistics.median(p["cold"][index][1] for p in probes[engine])
            warm = statistics.median(p["warm"][index][1] for p in probes[engine])
            cells.append(f"{cold:8.0f} / {warm:<7.0f}")
        print(f"    {step:48}" + "".join(f"{c:>18}" for c in cells))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
