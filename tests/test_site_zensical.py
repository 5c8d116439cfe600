"""The generated tree is a plain MkDocs input: Zensical 0.0.57 (Material's successor, which runs no
MkDocs hooks) builds every page MkDocs builds, in both languages, with the widget and the tooltips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import generate

from ._site import LANGS, ROOT

pytest.importorskip("zensical", reason="zensical==0.0.57 is a test dependency (pyproject.toml)")


def _pages(site: Path) -> set[str]:
    return {
        p.parent.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    }


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("zensical") / "input", site_url="https://example.org/")


@pytest.mark.parametrize("lang", LANGS)
def test_zensical_builds_the_same_pages_as_mkdocs(tree, built, lang):
    config = tree.configs[lang]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the glossary extension, sitegen.abbr
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "-f", str(config)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    site = config.parent / "site"
    assert _pages(site) == _pages(built.root / lang)
    selfcheck = (site / "selfcheck" / "index.html").read_text(encoding="utf-8")
    assert "data-selfcheck" in selfcheck and 'id="sc-strings"' in selfcheck
    assert "assets/selfcheck/engine.js" in selfcheck  # the theme override that mounts the widget
    assert "<abbr title=" in (site / "conditions" / "index.html").read_text(encoding="utf-8")
