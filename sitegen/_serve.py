"""A small static server for the built site with the MIME types Pyodide and MkDocs need.

``python -m http.server`` guesses types from the platform's tables; a wasm file served as
``application/octet-stream`` makes streaming compilation fail, so the types are set here.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
from pathlib import Path

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
    """Serves a directory with fixed MIME types and without logging every request."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

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
    """A browser that closes a tab mid-download (the 10 MB wasm) is not an error worth a traceback."""

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
    server.daemon_threads = True
    server.verbose = verbose
    return server
