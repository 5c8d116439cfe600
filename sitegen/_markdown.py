"""Data text made safe for Markdown pages: escaped to show as written, YAML line breaks folded."""

from __future__ import annotations

import re

# Only characters Python-Markdown (with `tables`) accepts as backslash escapes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s)", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape data text so Markdown shows it as written (verbatim quotes stay verbatim)."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def one_line(text: str) -> str:
    """Fold the line breaks of a YAML block into spaces (Latin) or nothing (between CJK)."""
    text = re.sub(
        r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])", "", text
    )
    return re.sub(r"\s*\n\s*", " ", text).strip()
