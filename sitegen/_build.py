"""Build both languages into one output folder: <out>/zh/, <out>/en/ and the chooser <out>/index.html.

Each language is its own MkDocs build (own search index, own sitemap); the Chinese one is
``mkdocs.yml``, the English one ``mkdocs.en.yml`` (which INHERITs it). The builds go to a temporary
folder beside ``out`` and are moved into place only when both succeeded, so a failed ``--strict``
build never leaves a half-written site behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LANGS", "ROOT", "Lang", "build_site", "normalise_site_root"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Lang:
    code: str
    config: str
    name: str


#: Chinese first: it is the authoritative language and the chooser's default.
LANGS = (Lang("zh", "mkdocs.yml", "中文"), Lang("en", "mkdocs.en.yml", "English"))


def normalise_site_root(url: str) -> str:
    """The site root URL with exactly one trailing slash."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"site URL must start with http:// or https://, got {url!r}")
    return url.rstrip("/") + "/"


def _build_one(lang: Lang, site_dir: Path, *, strict: bool) -> str:
    # Imported here: `python -m sitegen serve --no-build` should not pay for MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(
        config_file=str(ROOT / lang.config), site_dir=str(site_dir), strict=strict
    )
    build(config)
    return config.site_name


def _write_chooser(out: Path, names: dict[str, str]) -> None:
    from ._render import render_chooser

    (out / "index.html").write_text(render_chooser(names), encoding="utf-8")


def build_site(out: Path | str = "site", *, site_url: str | None = None, strict: bool = True) -> Path:
    """Build both languages into ``out`` (relative to the repository root) and return its path.

    ``site_url`` is the public root of the site (the chooser's URL); it defaults to the
    ``SITE_URL`` environment variable, then to http://127.0.0.1:8000/. Each language's
    ``site_url`` is this root plus ``zh/`` or ``en/``: the language switch depends on it.
    """
    out = (ROOT / out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("SITE_URL")
    if site_url is not None:
        os.environ["SITE_URL"] = normalise_site_root(site_url)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    try:
        names = {lang.code: _build_one(lang, tmp / lang.code, strict=strict) for lang in LANGS}
        _write_chooser(tmp, names)
        old = None
        if out.exists():
            old = out.with_name(f".site-build-old-{out.name}-{os.getpid()}")
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if site_url is not None:
            if previous is None:
                os.environ.pop("SITE_URL", None)
            else:
                os.environ["SITE_URL"] = previous
    return out
