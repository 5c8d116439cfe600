"""The site's service worker, written by the build from the built site (``sw.js`` at the root).

``sitegen/widget/sw.js`` is the worker; this module fills in its ``BUILD`` object from the files
of a built site: the SHA-256 of every file it may cache, grouped (the chooser; the runtime: the
Pyodide core, the trimmed library and the engine wheel; per language: the pages and the assets
they use), the content-addressed paths, and the version (a hash of all of it, which names the
cache). A new build with any changed file gives a new ``sw.js``, which browsers install in place
of the old one (see the worker's header for the rules it keeps).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .._deploy import IMMUTABLE, cache_control
from .._langs import LANGS
from ._engine import ENGINE_DIR, PYODIDE_DIR

SOURCE = Path(__file__).with_name("sw.js")
#: Where the worker lives: the site root, so its scope is the whole site.
SERVICE_WORKER = "sw.js"
_BUILD = re.compile(r"// <build>\n.*?// </build>\n", re.S)
#: Files of a language that no reader needs offline: source maps, precompressed copies, sitemaps,
#: the error page, the search's language packs (added back below when the index asks for one).
_SKIP = re.compile(r"\.(map|gz|br)$|(^|/)sitemap\.xml|(^|/)404\.html$|/assets/javascripts/lunr/")

__all__ = ["SERVICE_WORKER", "build_manifest", "service_worker", "write_service_worker"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _page_path(rel: str) -> str:
    """The URL path of a file: ``zh/conditions/index.html`` is ``zh/conditions/``."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def _search_packs(site: Path, lang: str) -> list[str]:
    """The lunr language files Material's search worker loads for this language's index."""
    index = site / lang / "search" / "search_index.json"
    if not index.exists():
        return []
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    base = f"{lang}/assets/javascripts/lunr/"
    packs = []
    for code in langs:  # as Material's search worker decides
        if code == "ja":
            packs.append(f"{base}tinyseg.js")
        elif code in ("hi", "th"):
            packs.append(f"{base}wordcut.js")
        if code != "en":
            packs.append(f"{base}min/lunr.{code}.min.js")
    if len(langs) > 1:
        packs.append(f"{base}min/lunr.multi.min.js")
    return [f"{base}min/lunr.stemmer.support.min.js", *packs] if packs else []


def build_manifest(site_dir: Path | str) -> dict[str, Any]:
    """The worker's ``BUILD`` for the built site in ``site_dir``."""
    site = Path(site_dir)
    runtime = sorted(
        p.relative_to(site).as_posix()
        for p in (*(site / PYODIDE_DIR).glob("*/*"), *(site / ENGINE_DIR).glob("*/selfcheck-*"))
        if p.is_file() and not p.name.endswith((".gz", ".br"))
    )
    # The spreadsheet wheels: cached when a reader first uses them, never before.
    on_demand = sorted(
        p.relative_to(site).as_posix()
        for p in (site / ENGINE_DIR).glob("*/*.whl")
        if p.relative_to(site).as_posix() not in runtime
    )
    langs = {}
    for lang in (x.code for x in LANGS):
        files = sorted(
            rel
            for p in (site / lang).rglob("*")
            if p.is_file() and not _SKIP.search(rel := p.relative_to(site).as_posix())
        )
        langs[lang] = [_page_path(rel) for rel in files + _search_packs(site, lang)]
    shared = [_page_path("index.html")] if (site / "index.html").is_file() else []
    paths = sorted({*shared, *runtime, *on_demand, *(p for v in langs.values() for p in v)})

    def file_of(path: str) -> Path:
        return site / (path + "index.html" if path.endswith("/") or path == "" else path)

    files = {path: _sha256(file_of(path)) for path in paths}
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return {
        "version": version,
        "files": files,
        "shared": shared,
        "runtime": runtime,
        "langs": langs,
        "immutable": [p for p in paths if cache_control("/" + p) == IMMUTABLE],
    }


def service_worker(site_dir: Path | str) -> str:
    """The text of ``sw.js`` for the built site in ``site_dir``."""
    build = json.dumps(build_manifest(site_dir), ensure_ascii=False, separators=(",", ":"))
    source = SOURCE.read_text(encoding="utf-8")
    if not _BUILD.search(source):
        raise ValueError(f"{SOURCE} has no // <build> … // </build> block")
    block = f"// <build>\n/** @type {{Build}} */\nconst BUILD = {build};\n// </build>\n"
    return _BUILD.sub(lambda _: block, source, count=1)


def write_service_worker(site_dir: Path | str) -> Path:
    """Write ``sw.js`` at the root of the built site in ``site_dir``; returns its path."""
    target = Path(site_dir) / SERVICE_WORKER
    target.write_text(service_worker(site_dir), encoding="utf-8")
    return target
