"""Figures as people write them (3亿, 3,000, ３０００, 600人, 300 million), read for one question of
:mod:`selfcheck._words`: the value in the question's unit and what was understood, or a
:class:`~selfcheck._wordtables.WordError` that says why not. Standard library only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import partial
from typing import Any

from ._text import LANGS, Text, fill, show_number
from ._validate import MAX_FIGURE
from ._wordtables import _TRAILING, Parsed, WordError, _Reader, _Unit

_MAX_DIGITS = 30
_FIGURE = re.compile(r"(?P<sign>[-−+]?)\s*(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<rest>.*)", re.S)
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


# -- figures -------------------------------------------------------------------------------------


def _exact(mantissa: int, shift: int) -> str:
    """``mantissa × 10^shift`` written out exactly: ``_exact(12345, -4)`` is ``1.2345``."""
    if shift >= 0:
        return str(mantissa * 10**shift)
    digits = str(mantissa).rjust(1 - shift, "0")
    whole, decimals = digits[:shift], digits[shift:].rstrip("0")
    return whole + ("." + decimals if decimals else "")


def _show(text: str, lang: str) -> str:
    """A figure as written in ``lang``: ``30000`` in Chinese, ``30,000`` in English."""
    if lang != "en":
        return text
    whole, dot, decimals = text.partition(".")
    return f"{int(whole):,}" + dot + decimals


_WORDS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _strip_word(rest: str, words: tuple[str, ...]) -> tuple[str | None, str]:
    """The first of ``words`` (longest first) that ``rest`` starts with, and what follows it."""
    pattern = _WORDS.get(words)
    if pattern is None:
        pattern = _WORDS[words] = re.compile("|".join(map(re.escape, words)) or "(?!)")
    found = pattern.match(rest)
    if found is None:
        return None, rest
    return found.group(), rest[found.end() :].lstrip()


_PLAIN = re.compile(r"\s*([0-9]{1,15})(?:\.([0-9]{1,6}))?\s*")

#: A figure written exactly as the answer format writes it (no sign, no leading zero, no trailing
#: zero after a decimal point, no space): the value it says, with nothing to say back. Published
#: (``answer_format()["plain_figures"]``) so that the form sends any other text to the ``read``
#: op and reads these alone, the engine's way.
#: (Decimals only below 10**9, where six decimals always come back as written.)
PLAIN_FIGURES = {
    "integer": r"^(?:0|[1-9][0-9]{0,14})$",
    "number": r"^(?:0|[1-9][0-9]{0,14})$|^(?:0|[1-9][0-9]{0,8})\.[0-9]{0,5}[1-9]$",
}


def plain_figure(r: _Reader, question: Mapping[str, Any], text: str) -> Parsed | None:
    """A figure written in plain ASCII digits (``350``, ``1999.5``), read at once, as
    :func:`figure` reads it; None for anything else (which :func:`figure` reads)."""
    m = _PLAIN.fullmatch(text)
    if m is None:
        return None
    whole, decimals = m[1], m[2] or ""
    mantissa, shift = int(whole + decimals), -len(decimals)
    if shift == 0:
        value: int | float = mantissa
    elif mantissa % 10**-shift == 0:
        value = mantissa // 10**-shift
    elif question["type"] == "integer":
        return None  # not a whole number: figure() says so
    else:
        value = mantissa / 10**-shift
    unit = r.units.get(question.get("unit", {}).get("zh", ""))
    if unit is not None and unit.large:
        return Parsed(value, partial(_amount, r, unit, value, mantissa, shift))
    if text.strip() == show_number(value):
        return Parsed(value)
    return None


def figure(r: _Reader, key: str, question: Mapping[str, Any], text: str) -> Parsed:
    unit = r.units.get(question.get("unit", {}).get("zh", ""))
    example = unit.example if unit else Text.same("0")
    unit_text = unit.text if unit else Text.same("")

    def fail(kind: str, **params: Any) -> WordError:
        return r.error(key, kind, text, example=example, unit=unit_text, **params)

    t = unicodedata.normalize("NFKC", text).casefold().strip().rstrip(_TRAILING).strip()
    currency, t = _strip_word(t, r.currency)
    m = _FIGURE.fullmatch(t)
    if not m:
        if any(t.startswith(w) for w in r.approximate):
            raise fail("approximate")
        raise fail("number")
    sign, num, rest = m["sign"], m["num"], m["rest"].strip()
    magnitude, rest = _strip_word(rest, r.magnitude_words)
    base, rest = _strip_word(rest, r.unit_words)
    if currency is None:
        currency, rest = _strip_word(rest, r.currency)
    if rest:
        if any(rest.startswith(w) and rest[len(w) :].strip()[:1].isdigit() for w in r.range):
            raise fail("range")
        if any(w in rest for w in r.approximate):
            raise fail("approximate")
        if rest in r.abbreviations:
            raise fail("abbreviation")
        if (rest[:1].isdigit() or rest[:1] == ",") and magnitude is None and base is None:
            raise fail("separators")
        raise fail("number")
    if sign == "+":
        raise fail("number")
    if sign:
        raise fail("negative")
    whole, _, decimals = num.partition(".")
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise fail("separators")
    digits = whole.replace(",", "") + decimals
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise fail("too_large")
    written = (magnitude or "") + (base or "")
    if unit is None:
        if written or currency:
            raise fail("wrong_unit", unit_got=written or currency)
        exponent = 0
    else:
        if base is not None and r.unit_of_word[base] != unit.zh:
            raise fail("wrong_unit", unit_got=written)
        if magnitude is not None and magnitude not in unit.magnitudes:
            raise fail("wrong_unit", unit_got=written)
        if currency is not None and not unit.currency:
            raise fail("wrong_unit", unit_got=currency)
        power = r.magnitudes[magnitude] if magnitude else 0
        if currency is not None and not written:
            raise fail("unclear_unit")
        if magnitude is not None and base is None and power < unit.power:
            raise fail("unclear_unit")
        exponent = power - unit.power if written else 0
    mantissa, shift = int(digits), exponent - len(decimals)
    if shift >= 0:
        value: int | float = mantissa * 10**shift
    elif mantissa % 10**-shift == 0:
        value = mantissa // 10**-shift
    else:
        value = mantissa / 10**-shift
    if value > MAX_FIGURE:
        raise fail("too_large")
    if question["type"] == "integer" and isinstance(value, float):
        raise fail("not_whole")
    if unit is not None and unit.large:
        return Parsed(value, partial(_amount, r, unit, value, mantissa, shift))
    if text.strip() == show_number(value):
        return Parsed(value)
    exact = _exact(mantissa, shift)
    return Parsed(
        value,
        fill(
            r.understood["figure"],
            unit=unit_text,
            value=Text(_show(exact, "zh"), _show(exact, "en")),
        ),
    )


def _amount(r: _Reader, unit: _Unit, value: int | float, mantissa: int, shift: int) -> Text:
    """``按 30000 万元计（即 3 亿元）`` / ``read as 30,000 × 10,000 CNY (CNY 300 million)``: the
    amount restated in the language's large magnitude once it reaches one of it."""
    parts = []
    for lang in LANGS:
        shown = _show(_exact(mantissa, shift), lang)
        power = unit.large.get(lang)
        if power is not None and value >= 10 ** (power - unit.power):
            large = _show(_exact(mantissa, shift - (power - unit.power)), lang)
            text = fill(r.understood["amount_large"], value=shown, unit=unit.text, large=large)
        else:
            text = fill(r.understood["amount"], value=shown, unit=unit.text)
        parts.append(text.get(lang))
    return Text(*parts)
