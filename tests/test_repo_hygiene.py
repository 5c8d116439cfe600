"""Repository-wide rules: no advertising from the repost, no third-party hosts in the site's sources."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ._hygiene import ADVERT, THIRD_PARTY

ROOT = Path(__file__).resolve().parent.parent


def _tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [ROOT / line for line in out.splitlines() if (ROOT / line).is_file()]


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""


@pytest.mark.parametrize("needle", ADVERT)
def test_no_line_of_the_advertising_is_in_the_repository(needle):
    assert [str(p) for p in _tracked_files() if needle in _text(p)] == []


@pytest.mark.parametrize("needle", THIRD_PARTY)
def test_no_third_party_host_in_the_sites_sources(needle):
    sources = [
        p
        for p in _tracked_files()
        if p.suffix in {".html", ".js", ".mjs", ".css", ".yml", ".md", ".py", ".j2"}
        and "tests" not in p.relative_to(ROOT).parts
    ]
    assert [str(p) for p in sources if needle in _text(p)] == []
