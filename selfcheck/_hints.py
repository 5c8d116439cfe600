"""Hints in a point's sentence: what the answers suggest beyond the point's own question, said as
the site's reading (never a status). One today: "none of the types" of (三) when the enterprise's
own revenue reaches the above-designated-size (规上) or above-quota (限上) threshold of its industry
in the site's table (``policy/lists/above-designated-size.yaml``; the point ``reads`` the answers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._policy import Policy
from ._quantity import quantity
from ._text import Text, fill, sentences


def above_size(answers: Mapping[str, Any], pol: Policy) -> dict[str, Any] | None:
    """The sector, its basis and the revenue answered, when the revenue reaches the threshold of
    a sector that covers the answered industry group; else None."""
    table = pol.raw["lists"]["above-designated-size"]
    key = table["answer_key"]
    group, revenue = answers.get(pol.size_keys[0]), answers.get(key)
    if group is None or revenue is None:
        return None
    for entry in table["entries"]:
        bound = entry["threshold_10k_cny"]
        if group in entry["size_groups"] and bound is not None and revenue >= bound:
            return {
                "sector": Text.of(entry["sector"]),
                "basis": Text.of(entry["basis"]),
                "amount": quantity(revenue, pol.questions[key]["unit"], pol),
            }
    return None


def said_above_size(result: Any, answers: Mapping[str, Any], pol: Policy) -> Any:
    """The point's result (a :class:`~selfcheck._points.PointResult`) with the hint after its
    reason (the site's reading) and after its advice, when :func:`above_size` finds one."""
    hint = above_size(answers, pol)
    if hint is None:
        return result
    said, words = result._say, pol.messages["above_size"]
    result._say = lambda: sentences(said(), fill(words["reading"], **hint))
    advice, extra = result.advice, fill(words["advice"])
    result._advice = sentences(advice, extra) if advice else extra
    return result
