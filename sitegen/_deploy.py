"""Serving the built site for real: precompressed files, the headers, the nginx configuration.

Everything here reads the *built* site (``python -m sitegen build --out DIR``), so the
configuration always matches the build:

- :func:`write_gzip` writes ``<file>.gz`` beside every compressible file (deterministic: level 9,
  no name, time 0), for nginx's ``gzip_static`` or a CDN/object store that serves precompressed
  files; stale ``.gz`` files of files that are gone are removed.
- :func:`inline_hashes` finds the inline ``<script>`` and ``<style>`` elements of every page and
  their SHA-256 (Material's three inline scripts have the same hashes on every page because
  ``mkdocs.yml`` sets ``extra.scope``), and lists the inline ``style="..."`` attributes, which no
  hash allows without ``'unsafe-hashes'`` (they are reported, not allowed).
- :func:`content_security_policy` and :func:`security_headers` give the headers;
  :func:`cache_control` says which paths are content-addressed (a year, immutable) and which are
  revalidated (``no-cache``: pages, unversioned assets, the service worker ``/sw.js``).
- :func:`render_nginx` renders ``deploy/nginx/site.conf.j2`` with them.

``python -m sitegen._deploy SITE_DIR [--gzip] [--nginx OUT.conf --root /srv/site --listen 80
--server-name example.org]`` does the same from the command line and prints the CSP.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html.parser
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ._build import LANGS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "site.conf.j2"

__all__ = [
    "COMPRESSIBLE",
    "IMMUTABLE",
    "InlineHashes",
    "NO_CACHE",
    "cache_control",
    "content_security_policy",
    "inline_hashes",
    "render_nginx",
    "security_headers",
    "write_gzip",
]

#: Suffixes worth precompressing. .zip/.whl/.png/.gz are already compressed (a .gz of them saves
#: under 2 %), so they are served as they are.
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
    }
)
#: Files smaller than this gain nothing from compression (one TCP packet either way).
MIN_GZIP_SIZE = 512

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


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_gzip(
    site_dir: Path | str, *, suffixes: Iterable[str] = COMPRESSIBLE, min_size: int = MIN_GZIP_SIZE
) -> list[Path]:
    """Write ``<file>.gz`` beside every file of ``site_dir`` with one of ``suffixes`` and at
    least ``min_size`` bytes, when it is smaller than the file; remove ``.gz`` files whose file is
    gone or no longer compressed. Returns the ``.gz`` files written. Idempotent and deterministic
    (same files, same bytes), so it can run after every build."""
    site = Path(site_dir)
    suffixes = frozenset(suffixes)
    written = []
    wanted = set()
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in suffixes or path.stat().st_size < min_size:
            continue
        data = path.read_bytes()
        packed = _gzip(data)
        if len(packed) >= len(data):
            continue
        target = path.with_name(path.name + ".gz")
        wanted.add(target)
        if not (target.exists() and target.read_bytes() == packed):
            target.write_bytes(packed)
        written.append(target)
    # A .gz left from an earlier build would be served in place of its file: keep it only if it
    # still holds exactly that file (MkDocs' own sitemap.xml.gz, say).
    for stale in sorted(site.rglob("*.gz")):
        source = stale.with_suffix("")
        if stale in wanted or source.suffix not in suffixes:
            continue
        if not (source.exists() and gzip.decompress(stale.read_bytes()) == source.read_bytes()):
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


# -- nginx ----------------------------------------------------------------------------------


def _nginx_quote(value: str, *, regex: bool = False) -> str:
    """A double-quoted nginx string; ``$`` only in a regex (location patterns take no variables,
    header values do)."""
    if '"' in value or ("\\" in value and not regex) or ("$" in value and not regex):
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


def render_nginx(
    site_dir: Path | str,
    *,
    root: str | None = None,
    listen: str = "80",
    server_name: str = "_",
    mime_types: str = "/etc/nginx/mime.types",
    hashes: InlineHashes | None = None,
) -> str:
    """The nginx ``server`` block (``deploy/nginx/site.conf.j2``) for the build in ``site_dir``,
    served from ``root`` (default: ``site_dir`` itself)."""
    import jinja2

    site = Path(site_dir).resolve()
    headers = security_headers(site, hashes)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["q"] = _nginx_quote
    env.filters["qre"] = lambda value: _nginx_quote(value, regex=True)

    def header_lines(cache: str, always_cache: bool = True) -> str:
        # Every location repeats all headers: nginx drops the inherited add_header directives of
        # any level that has one of its own. "always": on error responses too, except a year of
        # caching, which a 404 in an immutable folder must not get.
        lines = [
            f"add_header Cache-Control {_nginx_quote(cache)}{' always' if always_cache else ''};"
        ]
        lines += [
            f"add_header {name} {_nginx_quote(value)} always;" for name, value in headers.items()
        ]
        return "\n        ".join(lines)

    return env.get_template(TEMPLATE.name).render(
        root=str(root or site),
        listen=listen,
        server_name=server_name,
        mime_types=mime_types,
        header_lines=header_lines,
        immutable=IMMUTABLE,
        no_cache=NO_CACHE,
        immutable_regexes=[p.pattern for p in IMMUTABLE_PATHS],
        service_worker=SERVICE_WORKER,
        langs=[lang.code for lang in LANGS if (site / lang.code / "404.html").exists()],
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m sitegen._deploy", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--gzip", action="store_true", help="write the .gz files")
    parser.add_argument("--nginx", type=Path, help="write the nginx server block here")
    parser.add_argument("--root", help="the folder nginx serves (default: SITE_DIR)")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--server-name", default="_")
    args = parser.parse_args(argv)
    if args.gzip:
        print(f"{len(write_gzip(args.site_dir))} .gz files")
    hashes = inline_hashes(args.site_dir)
    if args.nginx:
        args.nginx.write_text(
            render_nginx(
                args.site_dir,
                root=args.root,
                listen=args.listen,
                server_name=args.server_name,
                hashes=hashes,
            ),
            encoding="utf-8",
        )
    print("Content-Security-Policy:", content_security_policy(args.site_dir, hashes))
    for page, value in hashes.style_attributes:
        print(f"inline style attribute (blocked by style-src): {page}: style={value!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
