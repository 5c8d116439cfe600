"""One built site per test run, shared by the xdist workers, served on 127.0.0.1; one browser.

The first worker to arrive builds the site (``sitegen.build_site``) into a folder named after the
run (``PYTEST_XDIST_TESTRUNUID``), under a file lock; the others wait and reuse it. Each test
module serves it with sitegen's own server (fixed MIME types for .wasm and .mjs) on a free port.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
#: Pyodide boots in 5-8 s on a quiet machine; leave room for a busy one.
BOOT_TIMEOUT_MS = 90_000


def built_site() -> Path:
    """The site built for this test run (built on first use, by one process only)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
    base = Path(tempfile.gettempdir()) / f"selfcheck-widget-site-{run}"
    base.mkdir(parents=True, exist_ok=True)
    site = base / "site"
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (site / "zh" / "selfcheck" / "index.html").exists():
                from sitegen import build_site

                shutil.rmtree(site, ignore_errors=True)
                build_site(site, site_url="http://127.0.0.1:8000/")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return site


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yields the origin with a trailing slash."""
    from sitegen import make_server

    server = make_server(root, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium through Playwright for Python (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def have_chromium() -> bool:
    return Path(CHROMIUM).exists()
