"""``build``: generate the site's input, build each language with MkDocs, put the root in place.

The output folder holds ``zh/`` and ``en/`` (each its own MkDocs build: own search index, own
sitemap), the language chooser ``index.html`` and the shared ``assets/`` (Pyodide and the engine).
Everything is built in a temporary folder beside ``out`` and moved into place only when both
languages built without a warning (``strict``), so a failed build never leaves a half-written
site behind.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from ._generate import ROOT, generate
from ._langs import LANGS

__all__ = ["build_site"]


def _mkdocs(config_file: Path, site_dir: Path, *, strict: bool) -> None:
    # Imported here: `python -m sitegen serve --no-build` should not pay for MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # The glossary extension (sitegen.abbr) is imported by name: keep the repository importable.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
    build(config)


def build_site(
    out: Path | str = "site", *, site_url: str | None = None, strict: bool = True
) -> Path:
    """Build both languages into ``out`` (relative to the repository root) and return its path.

    ``site_url`` is the public root of the site; it defaults to the ``SITE_URL`` environment
    variable, then to the local preview address.
    """
    out = (ROOT / out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    try:
        generated = generate(work / "input", site_url=site_url)
        site = work / "site"
        for lang in LANGS:
            _mkdocs(generated.configs[lang.code], site / lang.code, strict=strict)
        shutil.copytree(generated.out / "root", site, dirs_exist_ok=True)
        old = None
        if out.exists():
            old = out.with_name(f".site-build-old-{out.name}-{os.getpid()}")
            out.rename(old)
        site.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
