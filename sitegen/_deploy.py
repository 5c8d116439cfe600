"""Serving the built site for real: precompressed files, the headers, the nginx configuration.

Everything here reads the *built* site (``python -m sitegen build --out DIR``), so the
configuration always matches the build:

- :func:`write_precompressed` writes ``<file>.gz`` and ``<file>.br`` beside every compressible file
  (deterministic: gzip level 9, no name, time 0; brotli quality 11, 5 for small files), for nginx's ``gzip_static``
  and ``brotli_static`` or a CDN/object store that serves precompressed files; stale copies of
  files that are gone are removed.
- :func:`inline_hashes` finds the inline ``<script>`` and ``<style>`` elements of every page and
  their SHA-256 (Material's three inline scripts have the same hashes on every page because
  ``mkdocs.yml`` sets ``extra.scope``), and lists the inline ``style="..."`` attributes, which no
  hash allows without ``'unsafe-hashes'`` (they are reported, not allowed).
- :func:`content_security_policy` and :func:`security_headers` give the headers;
  :func:`cache_control` says which paths are content-addressed (a year, immutable) and which are
  revalidated (``no-cache``: pages, unversioned assets, the service worker ``/sw.js``).
- :mod:`sitegen._nginx` renders ``deploy/nginx/site.conf.j2`` with them.

``python -m sitegen build`` runs all of it after every build; ``python -m sitegen deploy`` again
for a built site (another root, port or server name).
"""

from __future__ import annotations

import base64
import fcntl
import gzip
import hashlib
import html.parser
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "COMPRESSIBLE",
    "IMMUTABLE",
    "InlineHashes",
    "NO_CACHE",
    "SERVICE_WORKER",
    "cache_control",
    "content_security_policy",
    "inline_hashes",
    "security_headers",
    "served_size",
    "write_precompressed",
]

#: Suffixes worth precompressing. .whl/.png/.gz are already compressed (a .gz of them saves
#: under 2 %), so they are served as they are; the trimmed standard library is a stored (not
#: deflated) .zip: 3.1 MB, 1.2 MB gzip-compressed. A .gz is written only when it is smaller.
COMPRESSIBLE = frozenset(
    {
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".map",
        ".xml",
        ".svg",
        ".txt",
        ".csv",
        ".wasm",
        ".webmanifest",
        ".ico",
        ".zip",
    }
)
#: Files smaller than this gain nothing from compression (one TCP packet either way).
MIN_GZIP_SIZE = 512
#: Compressed copies of files from this size on are kept in the build's cache.
CACHE_GZIP_SIZE = 256 * 1024

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
#: Content-addressed paths (a new build gives new URLs): the Pyodide runtime under its version,
#: the engine and its lock under their content hash, Material's hashed bundles and their maps.
IMMUTABLE_PATHS = (
    re.compile(r"^/assets/pyodide/[^/]+/."),
    re.compile(r"^/assets/selfcheck-engine/[0-9a-f]{8,}/."),
    re.compile(
        r"^/[^/]+/assets/(?:javascripts|stylesheets)/(?:.+/)?[^/]+\.[0-9a-f]{8}\.min\."
        r"(?:js|css)(?:\.map)?$"
    ),
)
#: Where the service worker will live (scope: the whole site); never cached without revalidation.
SERVICE_WORKER = "/sw.js"

PERMISSIONS_POLICY = (
    ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "clipboard-read",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "gamepad",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "picture-in-picture",
            "publickey-credentials-create",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "storage-access",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        )
    )
    + ", clipboard-write=(self)"
)  # Material's copy buttons and the self-check's "copy link"


# -- precompressed files --------------------------------------------------------------------


def _brotli(data: bytes) -> bytes:
    """Brotli's best (quality 11) for the large files, whose results are kept by content hash (the
    runtime: computed once); quality 5 for the rest, written anew by every build (its hundred-odd
    pages and small assets take half a minute at 11 here, for 10 % fewer bytes)."""
    import brotli  # the site's dependency (pyproject: selfcheck[site])

    return brotli.compress(data, quality=11 if len(data) >= CACHE_GZIP_SIZE else 5)


def _unbrotli(data: bytes) -> bytes:
    import brotli

    return brotli.decompress(data)


#: The precompressed copies the build writes beside a compressible file, by suffix, with how each
#: is made and read back: gzip (level 9, no name, time 0), for every client, and brotli (quality
#: 11 for large files, 5 for small ones), which browsers ask for over HTTPS: nginx sends them as
#: they are (``gzip_static``, ``brotli_static``).
ENCODINGS = {
    ".gz": (lambda data: gzip.compress(data, compresslevel=9, mtime=0), gzip.decompress),
    ".br": (_brotli, _unbrotli),
}


def packed_bytes(data: bytes, encoding: str, cache: Path | None = None) -> bytes:
    """``data`` compressed as ``encoding`` (".gz" or ".br"); large results are kept in ``cache``
    by content hash (the Pyodide core and the library are the same from one build to the next:
    brotli's best takes a minute for the wasm). Builds running at once compute each result once:
    the others wait for it."""
    compress = ENCODINGS[encoding][0]
    if cache is None or len(data) < CACHE_GZIP_SIZE:
        return compress(data)
    kept = cache / (hashlib.sha256(data).hexdigest() + encoding)
    if kept.exists():
        return kept.read_bytes()
    cache.mkdir(parents=True, exist_ok=True)
    with open(kept.with_name(kept.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.exists():
            return kept.read_bytes()
        packed = compress(data)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        partial.write_bytes(packed)
        partial.replace(kept)
    return packed


def _worth_packing(
    name: str,
    data: bytes,
    encoding: str,
    cache: Path | None,
    suffixes=COMPRESSIBLE,
    min_size=MIN_GZIP_SIZE,
) -> bytes | None:
    """The copy that :func:`write_precompressed` writes for a file of this name and content in
    ``encoding``, or None."""
    if Path(name).suffix not in suffixes or len(data) < min_size:
        return None
    packed = packed_bytes(data, encoding, cache)
    return packed if len(packed) < len(data) else None


def served_size(name: str, data: bytes, cache: Path | None = None) -> int:
    """The bytes a file of the build travels as to a browser over HTTPS, as the shipped nginx
    configuration serves it: its ``.br``, or the file itself when none is written (over plain
    HTTP browsers get the ``.gz``, a little larger)."""
    packed = _worth_packing(name, data, ".br", cache)
    return len(data) if packed is None else len(packed)


def write_precompressed(
    site_dir: Path | str,
    *,
    suffixes: Iterable[str] = COMPRESSIBLE,
    min_size: int = MIN_GZIP_SIZE,
    cache: Path | None = None,
) -> list[Path]:
    """Write ``<file>.gz`` and ``<file>.br`` beside every file of ``site_dir`` with one of
    ``suffixes`` and at least ``min_size`` bytes, each when it is smaller than the file; remove
    copies whose file is gone or no longer compressed. Returns the copies written. Idempotent and
    deterministic (same files, same bytes), so it can run after every build; ``cache``: a folder
    where large results are kept by content hash (the build passes one)."""
    site = Path(site_dir)
    suffixes = frozenset(suffixes)
    written = []
    wanted = set()
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in suffixes or path.stat().st_size < min_size:
            continue
        data = path.read_bytes()
        for encoding in ENCODINGS:
            packed = _worth_packing(path.name, data, encoding, cache, suffixes, min_size)
            if packed is None:
                continue
            target = path.with_name(path.name + encoding)
            wanted.add(target)
            if not (target.exists() and target.read_bytes() == packed):
                target.write_bytes(packed)
            written.append(target)
    # A copy left from an earlier build would be served in place of its file: keep it only if it
    # still holds exactly that file (MkDocs' own sitemap.xml.gz, say).
    for encoding, (_, decompress) in ENCODINGS.items():
        for stale in sorted(site.rglob("*" + encoding)):
            source = stale.with_suffix("")
            if stale in wanted or source.suffix not in suffixes:
                continue
            if not (source.exists() and decompress(stale.read_bytes()) == source.read_bytes()):
                stale.unlink()
    return written


# -- inline scripts and styles --------------------------------------------------------------

_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


@dataclass
class InlineHashes:
    """What the pages of a build hold inline: CSP source expressions (``'sha256-...'``) of the
    inline scripts and style elements, each with the pages it is on, and the inline ``style``
    attributes (page, value), which a CSP without ``'unsafe-inline'`` blocks."""

    scripts: dict[str, list[str]] = field(default_factory=dict)
    styles: dict[str, list[str]] = field(default_factory=dict)
    style_attributes: list[tuple[str, str]] = field(default_factory=list)
    event_handlers: list[tuple[str, str]] = field(default_factory=list)


class _Inline(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.attributes: list[str] = []
        self.handlers: list[str] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "style" in a:
            self.attributes.append(a["style"])
        self.handlers += [k for k in a if k.startswith("on")]
        if tag == "script" and "src" not in a and a.get("type", "").lower() in _SCRIPT_TYPES:
            self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._open = None


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def inline_hashes(site_dir: Path | str) -> InlineHashes:
    """The inline scripts, style elements and style attributes of every HTML page of the build."""
    site = Path(site_dir)
    out = InlineHashes()
    for path in sorted(site.rglob("*.html")):
        page = "/" + path.relative_to(site).as_posix()
        parser = _Inline()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        for text in parser.scripts:
            out.scripts.setdefault(_source(text), []).append(page)
        for text in parser.styles:
            out.styles.setdefault(_source(text), []).append(page)
        out.style_attributes += [(page, value) for value in parser.attributes]
        out.event_handlers += [(page, name) for name in parser.handlers]
    return out


# -- headers --------------------------------------------------------------------------------


def content_security_policy(site_dir: Path | str, hashes: InlineHashes | None = None) -> str:
    """The Content-Security-Policy for the build: everything from the site's own origin only;
    scripts also by the hashes of the build's inline scripts, and WebAssembly compilation
    (``'wasm-unsafe-eval'``, for Pyodide; no ``'unsafe-eval'``, no ``'unsafe-inline'``);
    styles also by the hashes of inline ``<style>`` elements (the language chooser's); images
    also as ``data:`` URLs (Material's icons are data: SVGs in its CSS)."""
    hashes = hashes or inline_hashes(site_dir)
    scripts = " ".join(sorted(hashes.scripts))
    styles = " ".join(sorted(hashes.styles))
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {scripts}".rstrip(),
        f"style-src 'self' {styles}".rstrip(),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(site_dir: Path | str, hashes: InlineHashes | None = None) -> dict[str, str]:
    """The headers every response gets (the CSP also rules the module worker, whose policy comes
    from its own script's response)."""
    return {
        "Content-Security-Policy": content_security_policy(site_dir, hashes),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }


def cache_control(path: str) -> str:
    """``Cache-Control`` for a URL path: a year and immutable for content-addressed files,
    ``no-cache`` (revalidate every time) for everything else, the service worker included."""
    if path != SERVICE_WORKER and any(p.search(path) for p in IMMUTABLE_PATHS):
        return IMMUTABLE
    return NO_CACHE
