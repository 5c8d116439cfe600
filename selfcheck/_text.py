"""Bilingual text: the ``Text`` value and the filling of ``{zh, en}`` templates.

Every sentence the engine says is a template in ``policy/selfcheck/messages.yaml``; this module only
fills the placeholders, once per language, so a parameter can itself be bilingual (a ``Text``) or a
plain value (a number, an id) that reads the same in both languages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """One sentence (or phrase) in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``zh`` or ``en``)."""
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}

    @classmethod
    def of(cls, langmap: Mapping[str, str]) -> Text:
        """A ``Text`` from a ``{zh, en}`` map of the policy data."""
        return cls(zh=langmap["zh"], en=langmap["en"])

    @classmethod
    def same(cls, value: Any) -> Text:
        """A value that reads the same in both languages (a number, an id)."""
        text = show_number(value) if isinstance(value, (int, float)) else str(value)
        return cls(zh=text, en=text)


def show_number(value: int | float) -> str:
    """A number as people write it: ``300``, ``1999.5`` (never ``2000.0`` or ``1e+03``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        if abs(value) < 1e15:
            return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def fill(template: Mapping[str, str], **params: Any) -> Text:
    """Fill a ``{zh, en}`` template; each parameter is a ``Text`` or a plain value."""
    zh, en = {}, {}
    for name, value in params.items():
        if isinstance(value, Text):
            zh[name], en[name] = value.zh, value.en
        else:
            shown = show_number(value) if isinstance(value, (int, float)) else str(value)
            zh[name] = en[name] = shown
    return Text(template["zh"].format_map(zh), template["en"].format_map(en))


def join(parts: Iterable[Text], joiner: Mapping[str, str]) -> Text:
    """Join several ``Text`` with the language's separator (``、`` / ``, ``)."""
    parts = list(parts)
    return Text(*(joiner[lang].join(p.get(lang) for p in parts) for lang in LANGS))


def sentences(*parts: Text) -> Text:
    """Several sentences run together (no space between Chinese sentences, one in English)."""
    return Text("".join(p.zh for p in parts), " ".join(p.en for p in parts))
