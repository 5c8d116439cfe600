"""The site as the tests see it: built once per test process, served on 127.0.0.1, parsed.

Each process (each xdist worker) binds a free port first, then builds the whole site with
``sitegen.build_site`` (about 4 s) into a temporary folder with ``site_url`` set to that origin,
so Material's language switch can resolve pages through the other build's sitemap, then serves
it with sitegen's own server. Warnings MkDocs logs during the build are recorded.
"""

from __future__ import annotations

import atexit
import contextlib
import html.parser
import logging
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Site:
    root: Path  # holds zh/, en/ and the chooser index.html
    origin: str  # http://127.0.0.1:<port>/ (the build's site root)
    warnings: tuple[str, ...]

    def pages(self, lang: str) -> list[str]:
        """URL paths (relative to the language root) of the built pages, e.g. "conditions/"."""
        base = self.root / lang
        out = []
        for path in sorted(base.rglob("index.html")):
            rel = path.parent.relative_to(base).as_posix()
            if rel.startswith("assets"):
                continue
            out.append("" if rel == "." else rel + "/")
        return out

    def html(self, lang: str, page: str) -> str:
        return (self.root / lang / page / "index.html").read_text(encoding="utf-8")

    def url(self, lang: str, page: str = "") -> str:
        return f"{self.origin}{lang}/{page}"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@lru_cache(maxsize=1)
def site() -> Site:
    """Build and serve the site for this process (once); stopped and removed at exit."""
    from sitegen import build_site, make_server

    work = Path(tempfile.mkdtemp(prefix="sitegen-test-"))
    # Bound before the build (the port goes into site_url); serves once the build is in place.
    server = make_server(work / "site", "127.0.0.1", 0)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    try:
        root = build_site(work / "site", site_url=origin)
    finally:
        log.removeHandler(collect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)

    atexit.register(stop)
    return Site(root=root, origin=origin, warnings=tuple(collect.records))


# -- HTML parsing --------------------------------------------------------------------------------


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    text: list[str] = field(default_factory=list)
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return "".join(self.text)


class _Parser(html.parser.HTMLParser):
    _URL_ATTRS = {"href", "src", "action", "poster", "data"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.out.elements.append((tag, a))
        if "id" in a:
            self.out.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.out.ids.add(a["name"])
        for key in self._URL_ATTRS & a.keys():
            self.out.links.append((tag, key, a[key]))
        if "srcset" in a:
            for part in a["srcset"].split(","):
                if part.strip():
                    self.out.links.append((tag, "srcset", part.split()[0]))
        if tag in {"script", "style", "svg"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style", "svg"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.out.text.append(data)


def parse(text: str) -> Parsed:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.out


def have_chromium() -> bool:
    return Path(CHROMIUM).exists()


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
