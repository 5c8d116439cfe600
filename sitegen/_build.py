"""``build``: generate the site's input, build each language with MkDocs, make it ready to serve.

The output folder holds ``zh/`` and ``en/`` (each its own MkDocs build: own search index, with
the words readers search for added to the parts that answer them (sitegen/_search.py), own
sitemap), the language chooser ``index.html``, the shared ``assets/`` (Pyodide, the trimmed
standard library, the engine), the service worker ``sw.js`` (written from the built files, see
sitegen/widget/_offline.py), a sitemap index and ``robots.txt``, and a ``.gz`` and a ``.br``
beside every compressible file (for nginx's ``gzip_static`` and ``brotli_static`` or a CDN). Beside the folder, never inside it, the build writes the nginx server
block for it (``site`` -> ``site.nginx.conf``, sitegen/_nginx.py) with the Content-Security-Policy
of exactly these pages. Everything is built in a temporary folder beside ``out`` and moved into
place only when both languages built without a warning (``strict``), so a failed build never
leaves a half-written site behind.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import widget
from ._deploy import write_precompressed
from ._generate import ROOT, generate
from ._langs import LANGS
from ._nginx import Tls, write_nginx
from ._search import ANSWERS_FILE, fix_search_worker, rank_answers
from .widget.stdlib import gzip_cache

__all__ = ["NginxOptions", "build_site", "finish_site"]


@dataclass(frozen=True)
class NginxOptions:
    """How the rendered nginx server block serves the build: ``root`` (default: the output folder
    where it is built), ``listen`` and ``server_name`` (default: the public address's host, or
    ``_`` for a local preview); ``tls``: HTTPS and HTTP/2 with that certificate (``listen`` then
    redirects to it); ``brotli``: send the build's ``.br`` files (``brotli_static``)."""

    root: str | None = None
    listen: str = "80"
    server_name: str | None = None
    tls: Tls | None = None
    brotli: bool = True


def _mkdocs(config_file: Path, site_dir: Path, *, strict: bool) -> None:
    # Imported here: `python -m sitegen serve --no-build` should not pay for MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # The glossary extension (sitegen.abbr) is imported by name: keep the repository importable.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
    build(config)


def _root_files(site: Path, site_root: str, preview: bool) -> None:
    """``sitemap.xml`` (an index of the languages' sitemaps) and ``robots.txt`` at the root; a
    local preview asks robots to stay away."""
    entries = "".join(
        f"<sitemap><loc>{site_root}{x.code}/sitemap.xml</loc></sitemap>" for x in LANGS
    )
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n',
        encoding="utf-8",
    )
    robots = "Disallow: /\n" if preview else f"Allow: /\nSitemap: {site_root}sitemap.xml\n"
    (site / "robots.txt").write_text("User-agent: *\n" + robots, encoding="utf-8")


def finish_site(site: Path | str, site_root: str, preview: bool) -> None:
    """What a built site gets after MkDocs: the root's sitemap index and robots.txt, the
    service worker, then the ``.gz`` and ``.br`` files."""
    _root_files(Path(site), site_root, preview)
    widget.write_service_worker(site)
    write_precompressed(site, cache=gzip_cache())


def build_site(
    out: Path | str = "site",
    *,
    site_url: str | None = None,
    strict: bool = True,
    publish: bool = False,
    nginx: NginxOptions | None = None,
) -> Path:
    """Build both languages into ``out`` (relative to the repository root) and return its path.

    ``site_url`` is the public root of the site; it defaults to the ``SITE_URL`` environment
    variable, then to the local preview address (a build with a local address is a local
    preview, marked on every page; ``publish=True`` refuses one). ``nginx``: how the rendered
    server block beside ``out`` serves it.
    """
    out = (ROOT / out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    try:
        generated = generate(work / "input", site_url=site_url, publish=publish)
        site = work / "site"
        for lang in LANGS:
            _mkdocs(generated.configs[lang.code], site / lang.code, strict=strict)
            rank_answers(site / lang.code, generated.out / lang.code / ANSWERS_FILE)
            fix_search_worker(site / lang.code)
        shutil.copytree(generated.out / "root", site, dirs_exist_ok=True)
        finish_site(site, generated.site_root, generated.preview)
        old = None
        if out.exists():
            old = out.with_name(f".site-build-old-{out.name}-{os.getpid()}")
            out.rename(old)
        site.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    nginx = nginx or NginxOptions()
    host = urlsplit(generated.site_root).hostname
    write_nginx(
        out,
        root=nginx.root,
        listen=nginx.listen,
        server_name=nginx.server_name or ("_" if generated.preview else host),
        tls=nginx.tls,
        brotli=nginx.brotli,
    )
    return out
