"""A number typed once: the site's own sentences (explanations, the glossary, the reference lists, in
both languages) name a threshold through a placeholder that is filled when the policy is loaded, so
that the pages, the bundle and everything else read the number from the threshold's ``value``.

``{{value:POINT}}``   the threshold's number (``300``; in English with thousands separators)
``{{phrase:POINT}}``  its phrase as the notice words it (``300人以上`` / ``300 or more``)
``{{quote:POINT}}``   the point's text (the notice's words, or their translation in English)

``POINT`` is the id of a point that has a threshold; ``{{phrase:POINT:zh}}`` takes the other
language's words (an English sentence quoting the Chinese phrase). The notice's own words are never
filled: they are quoted as the notice prints them (and checked against the value, see
:mod:`policykit._checks`); a placeholder left in them, or one that names no threshold, is a problem
:func:`policykit.schema.validate_policy` reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: Every text with whose sentence it is: ``(file, where, voice, {zh, en})``
#: (:func:`policykit.schema.said_in_policy`).
Said = Iterable[tuple[str, str, str, dict[str, Any]]]

PLACEHOLDER = re.compile(r"\{\{(value|phrase|quote):([a-z0-9-]+)(?::(zh|en))?\}\}")
#: Anything that looks like a placeholder (a misspelt one is reported, never printed).
LEFT = re.compile(r"\{\{[^{}]*\}\}")


def threshold_points(policy: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every point of the notice that has a threshold, by id."""
    return {
        point["id"]: point
        for item in policy["notice"].values()
        if isinstance(item, dict)
        for point in item.get("points", [])
        if isinstance(point, dict) and isinstance(point.get("threshold"), dict)
    }


def _number(value: Any, lang: str) -> str:
    return f"{value:,g}" if lang == "en" else f"{value:g}"


def fill_text(text: str, lang: str, points: dict[str, dict[str, Any]]) -> str:
    """``text`` with its placeholders filled (one naming no threshold is left as it is)."""

    def one(match: re.Match[str]) -> str:
        kind, point_id, other = match.groups()
        point = points.get(point_id)
        if point is None:
            return match.group()
        language = other or lang
        if kind == "value":
            return _number(point["threshold"]["value"], language)
        if kind == "phrase":
            return point["threshold"]["phrase"][language]
        return point["text"][language]

    return PLACEHOLDER.sub(one, text)


def fill_placeholders(policy: dict[str, Any], said: Said) -> None:
    """Fill, in place, the placeholders of every text of ``said`` that is not the notice's own
    words."""
    points = threshold_points(policy)
    for _, _, voice, text in said:
        if voice == "notice":
            continue
        for lang in ("zh", "en"):
            if isinstance(text.get(lang), str) and "{{" in text[lang]:
                text[lang] = fill_text(text[lang], lang, points)


def placeholder_problems(said: Said) -> list[str]:
    """Placeholders left in the texts of ``said`` after filling: in the notice's own words, or
    naming no threshold."""
    problems = []
    for file, where, voice, text in said:
        for lang in ("zh", "en"):
            value = text.get(lang)
            for left in LEFT.findall(value) if isinstance(value, str) else ():
                why = (
                    "the notice's own words are quoted as printed, never filled"
                    if voice == "notice"
                    else "it names no point with a threshold"
                )
                problems.append(f"{file}: {where.lstrip('.')}.{lang}: placeholder {left}: {why}")
    return problems
