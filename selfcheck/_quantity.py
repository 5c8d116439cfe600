"""A figure with its unit, as each language writes it: ``860人`` and ``860 persons``, ``1 institution``,
``52000万元`` and ``CNY 520 million``.

Chinese keeps the units of the notice and of the statistics tables (万元); English says amounts in
CNY and restates large ones in millions, the way an English reader counts money. How big a unit is
(万元 = 10^4 元) and which magnitude restates it (million) come from the words the self-check reads
(``numbers.units`` of ``policy/selfcheck/aliases.yaml``), so reading and writing agree. The data's
English units are regular plurals (persons, enterprises, jobs, institutions): one of them drops
its final s.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._policy import Policy, policy
from ._text import Text, show_number
from ._wordtables import word_data

_SCALES: dict[int, tuple[Policy, dict[str, tuple[int, int, str]]]] = {}


def _scales(pol: Policy) -> dict[str, tuple[int, int, str]]:
    """By unit (its Chinese word): its power of ten in yuan, the power and English word of the
    magnitude that restates a large amount; for currency units only."""
    cached = _SCALES.get(id(pol))
    if cached is None or cached[0] is not pol:
        numbers = word_data(pol)["numbers"]
        powers = {m["word"]: m["power"] for m in numbers["magnitudes"]}
        scales = {
            u["unit"]: (u["power"], powers[u["large"]["en"]], u["large"]["en"])
            for u in numbers["units"]
            if u["currency"] and "en" in u.get("large", {})
        }
        _SCALES.clear()
        cached = _SCALES[id(pol)] = (pol, scales)
    return cached[1]


def _grouped(value: Decimal) -> str:
    """A decimal figure with thousands separators and no trailing zeros: ``1,999.5``."""
    whole, dot, decimals = show_number(float(value) if value % 1 else int(value)).partition(".")
    return f"{int(whole):,}" + dot + decimals


def figure(value: int | float) -> str:
    """A figure as English writes it: ``80,000.5``."""
    return _grouped(Decimal(show_number(value)))


def quantity(value: int | float, unit: Mapping[str, Any], pol: Policy) -> Text:
    """``value`` in ``unit`` (a unit of the data: ``{zh, en}``) in both languages."""
    zh = f"{show_number(value)}{unit['zh']}"
    scale = _scales(pol).get(unit["zh"])
    exact = Decimal(show_number(value))
    if scale is None:
        word = unit["en"][:-1] if exact == 1 and unit["en"].endswith("s") else unit["en"]
        return Text(zh, f"{_grouped(exact)} {word}")
    power, large, large_word = scale
    yuan = exact.scaleb(power)
    if yuan >= Decimal(1).scaleb(large):
        return Text(zh, f"CNY {_grouped(yuan.scaleb(-large))} {large_word}")
    return Text(zh, f"CNY {_grouped(yuan)}")


def say_quantity(value: int | float, unit: Mapping[str, Any]) -> Text:
    """``value`` in ``unit`` as each language writes it, by the engine's own data (the site's
    tables write their figures with it, so pages and reports agree)."""
    return quantity(value, unit, policy())


def shown_indicators(indicators: Any, pol: Policy) -> list[dict[str, Any]]:
    """The size indicators of a report with their figures as each language writes them (the
    report's ``size.indicators[].shown``: ``value`` and ``bounds`` by class, ``{zh, en}``)."""
    units = {i["id"]: i["unit"] for i in pol.size_table["indicators"]}
    out = []
    for i in indicators:
        unit = units[i.id]
        out.append(
            {
                **i.to_dict(),
                "shown": {
                    "value": None if i.value is None else quantity(i.value, unit, pol).to_dict(),
                    "bounds": {c: quantity(b, unit, pol).to_dict() for c, b in i.bounds.items()},
                },
            }
        )
    return out
