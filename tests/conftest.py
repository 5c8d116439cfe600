"""Fixtures shared by the test modules (none imports another's fixtures).

- ``policy``: ``policy/`` loaded by policykit (session-wide; treat as read-only).
- ``built``: the whole site, generated, built with MkDocs and served on 127.0.0.1 once per test
  process (``tests/_site.py``).
- ``browser``: Debian's chromium through Playwright for Python (never a downloaded browser);
  modules that use it are skipped where chromium is missing.
"""

from __future__ import annotations

import pytest

from policykit import load_policy

from ._site import chromium, have_chromium, site


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
