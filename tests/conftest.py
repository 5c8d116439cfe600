"""Fixtures shared by the test modules (none imports another's fixtures).

- ``policy``: ``policy/`` loaded by policykit (session-wide; treat as read-only).
- ``built``: the whole site, generated, built with MkDocs and served on 127.0.0.1 once per test
  process (``tests/_site.py``).
- ``browser``: Debian's chromium through Playwright for Python (never a downloaded browser);
  modules that use it are skipped where chromium is missing.
- ``phone``: a page in that browser as a phone shows it (390×844 and 360×740, touch, device scale
  3): each test that takes it runs on both.
"""

from __future__ import annotations

import pytest

from policykit import load_policy

from ._site import chromium, have_chromium, site
from ._widget_site import BOOT_TIMEOUT_MS

PHONES = {"390x844": (390, 844), "360x740": (360, 740)}


@pytest.fixture(scope="session")
def policy():
    return load_policy()


@pytest.fixture(scope="session")
def built():
    return site()


@pytest.fixture(scope="module")
def browser():
    if not have_chromium():
        pytest.skip("needs Debian's chromium (scripts/setup.sh)")
    with chromium() as b:
        yield b


@pytest.fixture(params=list(PHONES))
def phone(request, browser):
    width, height = PHONES[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    yield page
    context.close()
