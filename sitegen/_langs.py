"""The site's languages and its public address (no other sitegen module is imported here)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANGS", "LOCAL_ROOT", "Lang", "normalise_site_root"]


@dataclass(frozen=True)
class Lang:
    code: str
    name: str


#: Chinese first: it is the authoritative language and the default of the language chooser.
LANGS = (Lang("zh", "中文"), Lang("en", "English"))

#: The address of a local preview (``python -m sitegen serve``).
LOCAL_ROOT = "http://127.0.0.1:8000/"


def normalise_site_root(url: str) -> str:
    """The site root URL with exactly one trailing slash."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"site URL must start with http:// or https://, got {url!r}")
    return url.rstrip("/") + "/"
