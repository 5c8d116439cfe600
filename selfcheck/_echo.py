"""What the reader supplied, said back in a message: short, printable and isolated.

Anything a message echoes (a value, an unknown key, a cell, a header) passes through here first, so
that no input can make a message long (the value is cut while it is written out, never serialised
whole first: a YAML alias bomb or a huge list costs no more than 40 characters), unprintable
(a lone surrogate such as ``"\\ud800"`` is shown as that escape, so printing never raises), or
misleading (control and bidi-control characters shown as escapes; text with right-to-left letters
wrapped in first-strong isolates so it cannot reorder the sentence around it).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

#: Unicode categories shown as escapes: controls, format characters (bidi controls, zero-width),
#: surrogates, private use, unassigned, line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_RTL = frozenset({"R", "AL"})
_FSI, _PDI = "\u2068", "\u2069"
_ELLIPSIS = "..."
#: Nesting shown before "..." (a value nested deeper is cut there).
_MAX_DEPTH = 8


def clip(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for an error message."""
    return text if len(text) <= limit else text[: max(limit - 3, 0)] + _ELLIPSIS


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character a reader cannot see or a terminal cannot print as an
    escape (``\\ud800``, ``\\u202e``, ``\\n``)."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def isolate(text: str) -> str:
    """``text`` wrapped in first-strong isolates when it holds right-to-left letters."""
    if any(unicodedata.bidirectional(ch) in _RTL for ch in text):
        return _FSI + text + _PDI
    return text


def show_text(text: str, limit: int = 40) -> str:
    """A text the reader supplied, as a message echoes it: at most ``limit`` characters (cut
    before escaping, so a long text costs nothing), printable, isolated."""
    return isolate(clip(printable(text[: limit * 2]), limit))


class _Budget:
    """Collects the parts of a rendering until ``limit`` characters are reached."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.parts: list[str] = []

    @property
    def full(self) -> bool:
        return self.left <= 0

    def add(self, text: str) -> None:
        if self.left > 0:
            text = text[: self.left + 1]
            self.parts.append(text)
            self.left -= len(text)


def _number(value: int | float) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if value.bit_length() > 128:  # too long to read (and str() refuses beyond 4,300 digits)
        return f"{str(value)[:20]}..." if value.bit_length() < 14000 else "9999..."
    return str(value)


def _walk(value: Any, out: _Budget, depth: int) -> None:
    if out.full:
        return
    if depth > _MAX_DEPTH:
        out.add(_ELLIPSIS)
    elif value is None:
        out.add("null")
    elif isinstance(value, bool):
        out.add("true" if value else "false")
    elif isinstance(value, (int, float)):
        out.add(_number(value))
    elif isinstance(value, str):
        out.add('"' + printable(value[: out.left + 1]).replace('"', '\\"') + '"')
    elif isinstance(value, dict):
        out.add("{")
        for i, (key, item) in enumerate(value.items()):
            if out.full:
                break
            out.add(", " if i else "")
            _walk(key, out, depth + 1)
            out.add(": ")
            _walk(item, out, depth + 1)
        out.add("}")
    elif isinstance(value, (list, tuple)):
        out.add("[")
        for i, item in enumerate(value):
            if out.full:
                break
            out.add(", " if i else "")
            _walk(item, out, depth + 1)
        out.add("]")
    else:  # a value JSON has no type for (a YAML date): its text in quotes, never a repr
        try:
            text = str(value)
        except Exception:  # noqa: BLE001 - an object that cannot even be printed
            text = type(value).__name__
        out.add("“" + printable(text[: out.left + 1]) + "”")


def show_value(value: Any, limit: int = 40) -> str:
    """A received value as a message echoes it: as JSON writes it (``"300"``, ``[1, 2]``), or,
    for a value JSON has no type for, its text in quotes (“2026-01-01”); cut to ``limit``
    characters while it is written out, printable and isolated."""
    out = _Budget(limit)
    _walk(value, out, 0)
    return isolate(clip("".join(out.parts), limit))
