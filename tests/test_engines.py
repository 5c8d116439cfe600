"""The site on the other engines readers use: WebKit (an iPhone's WeChat) and Firefox, at a phone's
size, served by Debian's nginx with the configuration the build writes.

For each engine, one reader's visit in a fresh profile (``tests/engines``: WebKitGTK in a window
of 390×844 under Xvfb, Firefox ESR headless with a 390×844 viewport):

- the language chooser, both home pages and both self-check pages load with no console error, no
  uncaught error, no failed response and no Content-Security-Policy violation;
- three share links made from ``examples/`` (by the page, in the short form it compresses with the
  engine's CompressionStream and reads back with its DecompressionStream) give the verdict and the
  condition statuses that the command line (``python -m selfcheck check``) gives for the same
  file; one is opened as a link, one in the other language, one as a new fragment on the open page;
- one changed answer re-evaluates (to the command line's verdict for the changed answers);
- a CSV batch (``examples/enterprises-zh.csv``, chosen as a reader chooses a file) gives the
  command line's verdict (``python -m selfcheck batch``) on every row;
- once the page says it works offline, the server is stopped and the page reloaded: it comes back
  from the service worker's cache and evaluates.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import NginxOptions, build_site, free_port, have_nginx, run_nginx
from sitegen._nginx import nginx_config_path

from ._site import ROOT
from .engines import ENGINES, missing, open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_nginx(), reason="nginx is not installed: scripts/setup.sh"),
]
BOOT_MS = 120_000
SHARED = ("strong.json", "borderline.json", "needs-review.json")
BATCH = ROOT / "examples" / "enterprises-zh.csv"


class Served:
    """The site built for one address and served there by nginx with the build's own server
    block; ``stop`` takes the server away (the reader is offline), ``start`` brings it back."""

    def __init__(self, root: Path, sock: socket.socket) -> None:
        self.root = root
        self.port = sock.getsockname()[1]
        self.origin = f"http://127.0.0.1:{self.port}/"
        self._sock = sock
        self._nginx = None

    def start(self) -> None:
        if self._nginx is None:
            self._nginx = run_nginx(
                nginx_config_path(self.root), self._sock or free_port(self.port)
            )
            self._nginx.__enter__()
            self._sock = None

    def stop(self) -> None:
        if self._nginx is not None:
            nginx, self._nginx = self._nginx, None
            nginx.__exit__(None, None, None)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    sock = free_port()
    port = sock.getsockname()[1]
    options = NginxOptions(listen=f"127.0.0.1:{port}", server_name="127.0.0.1")
    root = build_site(
        tmp_path_factory.mktemp("engines") / "site",
        site_url=f"http://127.0.0.1:{port}/",
        nginx=options,
    )
    site = Served(root, sock)
    site.start()
    yield site
    site.stop()


def _cli(*args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        input=stdin,
        capture_output=True,
        check=True,
        cwd=ROOT,
        encoding="utf-8",
    ).stdout


def _cli_report(answers: dict) -> tuple[str, dict[str, str]]:
    """The command line's verdict and condition statuses for ``answers``."""
    report = json.loads(_cli("check", "-", "--format", "json", stdin=json.dumps(answers)))
    return report["verdict"], {k: c["status"] for k, c in report["conditions"].items()}


# -- in the page -------------------------------------------------------------------------------

READY = """const root = document.querySelector("[data-selfcheck]");
return Boolean(root && root.dataset.state === "ready");"""

# The share link the page makes (its short form: the answers in link order, compressed where the
# engine has CompressionStream), from the page's own codec and configuration.
LINK = """const link = await import(new URL("../assets/selfcheck/link.mjs", location.href).href);
const cfg = JSON.parse(document.querySelector("#sc-strings").textContent).config;
const types = new Map(cfg.questions.map((q) => [q.key, q.type]));
const order = cfg.link_order.map((key) => ({key, type: types.get(key)}));
return "#" + await link.linkFragment(args.answers, order, cfg.unsure);"""

# The verdict and statuses of the current result, once it is the result of the form's answers and
# differs from ``args.before`` (the rendering before the answers changed).
RESULT = """const root = document.querySelector("[data-selfcheck]");
const verdict = document.querySelector("[data-sc-results][data-current=true] .sc-verdict[data-verdict]");
if (!verdict || root.dataset.evalCount === String(args.before)) return null;
const statuses = Object.fromEntries([...document.querySelectorAll("[data-condition]")]
  .map((e) => [e.dataset.condition, e.dataset.status]));
return {verdict: verdict.dataset.verdict, statuses, count: root.dataset.evalCount};"""

LANDED = """return location.pathname !== "/" && document.readyState === "complete";"""

COUNT = """return document.querySelector("[data-selfcheck]").dataset.evalCount || "0";"""

CHANGE = """const input = document.querySelector(args.selector);
input.value = args.value;
input.dispatchEvent(new Event("input", {bubbles: true}));
input.dispatchEvent(new Event("change", {bubbles: true}));
return true;"""

# Choosing a file as a reader does (the drivers cannot type a path into a file input).
CHOOSE = """const input = document.querySelector("[data-sc-batch-file]");
const bytes = Uint8Array.from(atob(args.base64), (c) => c.charCodeAt(0));
const files = new DataTransfer();
files.items.add(new File([bytes], args.name, {type: "text/csv"}));
input.files = files.files;
input.dispatchEvent(new Event("change", {bubbles: true}));
return true;"""

BATCH_DONE = """const root = document.querySelector("[data-selfcheck]");
if (root.dataset.batch !== "done") return null;
return [...document.querySelectorAll("[data-sc-batch-table] tbody tr")].map((tr) =>
  [tr.querySelector("td[data-column=ref]").textContent, tr.dataset.verdict]);"""

OFFLINE_KEPT = """const line = document.querySelector("[data-sc-offline]");
const r = await navigator.serviceWorker.getRegistration();
return Boolean(line && !line.hidden && r && r.active && navigator.serviceWorker.controller);"""


def _problems(events: dict) -> list:
    return [*events["page"], *(x for x in events["console"] if "CONSOLE ERROR" in x)]


def _visit(page, url: str, ready: bool) -> list:
    """Open ``url`` (and wait for the engine when ``ready``); what went wrong on the way."""
    page.open(url)
    if ready:
        page.wait(READY, BOOT_MS)
    return _problems(page.events())


def _shared(page, url: str, answers: dict, *, navigate: bool) -> dict:
    """Open the share link of ``answers`` (a new page load, or a new fragment of the open page)
    and return the result it shows."""
    before = page.call(COUNT) if not navigate else None
    link = url + page.call(LINK, answers=answers)
    assert "#a=z" in link, link  # compressed: the engine has CompressionStream
    if navigate:
        page.open("about:blank")  # the link is opened as a new page, as from a chat
        page.open(link)
        page.wait(READY, BOOT_MS)
    else:
        page.call("location.hash = new URL(args.link).hash; return true;", link=link)
    return page.wait(RESULT, BOOT_MS, before=before)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_readers_visit_on_the_engine(served, engine, tmp_path):
    reason = missing(engine)
    if reason:
        pytest.skip(reason)
    with open_page(engine) as page:
        origin = served.origin
        # Pages: no console error, page error, failed response or CSP violation.
        problems = {}
        page.open(origin)  # the chooser sends the reader on to a language
        page.wait(LANDED)
        problems["/"] = _problems(page.events())
        for path, ready in (
            ("#choose", False),
            ("zh/", False),
            ("en/", False),
            ("en/selfcheck/", True),
        ):
            problems[path] = _visit(page, origin + path, ready)
        assert {p: x for p, x in problems.items() if x} == {}

        # Three share links: the command line's verdicts and statuses.
        examples = [json.loads((ROOT / "examples" / n).read_text("utf-8")) for n in SHARED]
        ways = (("zh", True), ("en", True), ("en", False))
        for name, answers, (lang, navigate) in zip(SHARED, examples, ways):
            got = _shared(page, f"{origin}{lang}/selfcheck/", answers, navigate=navigate)
            verdict, statuses = _cli_report(answers)
            assert (got["verdict"], got["statuses"]) == (verdict, statuses), name

        # One changed answer re-evaluates: too few insured staff for condition (二).
        changed = {**examples[2], "insured_staff_shenzhen": 250}
        before = page.call(COUNT)
        page.call(CHANGE, selector="#sc-insured_staff_shenzhen", value="250")
        got = page.wait(RESULT, BOOT_MS, before=before)
        assert (got["verdict"], got["statuses"]) == _cli_report(changed)

        # The CSV batch, chosen as a file: the command line's verdict on every row.
        _visit(page, origin + "zh/selfcheck/", True)
        page.call(CHOOSE, base64=base64.b64encode(BATCH.read_bytes()).decode(), name=BATCH.name)
        rows = page.wait(BATCH_DONE, BOOT_MS)
        result = csv.DictReader(io.StringIO(_cli("batch", str(BATCH)).lstrip("\ufeff")))
        expected = {r["ref"]: r["verdict"] or "error" for r in result}
        assert dict(rows) == expected and len(rows) == len(expected)
        assert _problems(page.events()) == []

        # Offline after one visit: the server gone, the page reloaded.
        page.wait(OFFLINE_KEPT, BOOT_MS)
        page.screenshot(tmp_path / f"{engine}-online.png")
        served.stop()
        try:
            page.reload()
            page.wait(READY, BOOT_MS)
            before = page.call(COUNT)
            page.call(CHANGE, selector="#sc-employees", value="300")
            assert page.wait(RESULT, BOOT_MS, before=before)["verdict"]
        finally:
            served.start()
