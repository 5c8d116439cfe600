"""Where the site will be published, and whether a build is only a local preview.

A build states its public address with ``--site-url`` or ``SITE_URL``; it goes into every
canonical link, every ``hreflang`` alternate, the sitemaps and the briefing sheet's QR code. A
build without one (``python -m sitegen serve``, or ``build`` with neither) or with a local one
(loopback, ``localhost``, an unspecified or link-local address) is a **local preview**: every page
carries a visible mark and ``<meta name="robots" content="noindex">``, so a QR code or link to
127.0.0.1 is never published silently. ``build --publish`` refuses a build without a public
address.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from ._langs import LOCAL_ROOT, normalise_site_root

__all__ = ["is_local_address", "site_address"]


def is_local_address(url: str) -> bool:
    """True when ``url``'s host can only be reached from this computer (or its own link)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost") or not host:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified or ip.is_link_local


def site_address(site_url: str | None = None, *, publish: bool = False) -> tuple[str, bool]:
    """``(site root URL, preview)`` for a build: ``site_url``, else ``$SITE_URL``, else the local
    preview address. ``publish=True`` refuses a local address with a bilingual message."""
    root = normalise_site_root(site_url or os.environ.get("SITE_URL") or LOCAL_ROOT)
    preview = is_local_address(root)
    if publish and preview:
        raise ValueError(
            "发布构建须说明网站的公开地址（--site-url https://… 或环境变量 SITE_URL），"
            f"不能是本机地址，收到 {root} / a build for publishing needs the site's public "
            f"address (--site-url https://… or SITE_URL), not a local one; got {root}"
        )
    return root, preview
