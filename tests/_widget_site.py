"""Shared pieces of the widget tests: the sample enterprises and Debian's chromium.

The built and served site is the site tests' own (``tests/_site.py``: built once per process,
served on 127.0.0.1 with ``site_url`` set to that origin); this module adds no second builder.
"""

from __future__ import annotations

import contextlib
import json
from typing import Iterator

from ._site import CHROMIUM, CHROMIUM_ARGS, ROOT, have_chromium, site

__all__ = ["BOOT_TIMEOUT_MS", "ROOT", "SAMPLE", "chromium", "have_chromium", "site"]

#: Sample enterprises in the public answer format: the engine's strong example, and two
#: variants of it.
_ELIGIBLE = json.loads((ROOT / "examples" / "strong.json").read_text(encoding="utf-8"))
SAMPLE = {
    "eligible": _ELIGIBLE,
    # Too few insured staff (c2 not met); no enterprise type (c3 left to the district office).
    "not_eligible": {**_ELIGIBLE, "insured_staff_shenzhen": 250, "enterprise_types": []},
    "incomplete": {"registered_in_shenzhen": True, "employees": 500},
}
#: Pyodide boots in 5-8 s on a quiet machine; leave room for a busy one.
BOOT_TIMEOUT_MS = 90_000


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium through Playwright for Python (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
