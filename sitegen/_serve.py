"""A small static server for the built site, answering as the nginx configuration does (deploy/):
the MIME types Pyodide and MkDocs need, the same security headers (the build's Content-Security-
Policy among them) and ``Cache-Control`` per path class, each language's own 404 page, no folder
listing, and a 404, never a traceback, for a path that cannot be a file (``/zh/%00``).

``python -m http.server`` guesses types from the platform's tables; a wasm file served as
``application/octet-stream`` makes streaming compilation fail, so the types are set here.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import urllib.parse
from pathlib import Path

from ._deploy import cache_control, security_headers
from ._langs import LANGS

__all__ = ["MIME_TYPES", "SiteHandler", "make_server"]

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory with fixed MIME types, the site's headers, its 404 pages, and without
    logging every request."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", cache_control(urllib.parse.urlsplit(self.path).path))
        for name, value in self.server.site_headers().items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        try:
            return super().send_head()
        except ValueError:  # a path no file can have (a NUL byte, say)
            self.send_error(404)
            return None

    def list_directory(self, path):
        self.send_error(404)  # as nginx: a folder without an index page is not listed
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A 404 is the language's own page (the first language's outside them), as nginx sends
        it; any other error as the standard library sends it."""
        page = self._not_found_page() if code == 404 and self.command != "HEAD" else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", MIME_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        first = urllib.parse.urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        codes = [lang.code for lang in LANGS]
        for lang in ([first] if first in codes else []) + codes[:1]:
            page = root / lang / "404.html"
            if page.is_file():
                return page
        return None

    def translate_path(self, path: str) -> str:
        # Material fetches "sitemap.xml" beside each page's hreflang address (/en/conditions/):
        # answer with the language's sitemap, as the nginx configuration does (deploy/).
        local = super().translate_path(path)
        if local.endswith("/sitemap.xml") and not os.path.exists(local):
            lang = path.lstrip("/").split("/", 1)[0]
            return super().translate_path(f"/{lang}/sitemap.xml")
        return local

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a tab mid-download (the 10 MB wasm) is not an error worth a traceback.
    The site's headers are worked out from the build when first asked (the server is often bound
    before the site is built, to put its address into the build)."""

    root: Path
    _headers: dict[str, str] | None = None
    _lock = threading.Lock()

    def site_headers(self) -> dict[str, str]:
        with self._lock:
            if self._headers is None:
                self._headers = security_headers(self.root)
            return self._headers

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, *, verbose: bool = False):
    """Bind (at once) a threading HTTP server for ``root``; call ``serve_forever()`` to serve.

    ``port=0`` picks a free port (read it back from ``server.server_address``); binding before
    building lets a caller put the real port into the build's site_url.
    """
    handler = functools.partial(SiteHandler, directory=str(root))
    server = _QuietServer((host, port), handler)
    server.root = Path(root)
    server.daemon_threads = True
    server.verbose = verbose
    return server
