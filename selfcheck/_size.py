"""Size class by the NBS 2017 standard (《统计上大中小微型企业划分办法（2017）》), three-valued.

The rule (``lists/nbs-size-2017.yaml``, ``rule``): large, medium and small must reach the lower
bound of every indicator the industry group lists, otherwise the enterprise falls one class lower;
below the small bounds it is micro. Bounds are inclusive (``gte``).

With an indicator missing the class may still be partly known: an indicator already below the
medium bound caps the class at small whatever the missing one says. So the result carries the class
it certainly reaches (``at_least``) and the highest it might reach (``at_most``); ``size_class`` is
set only when the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ORDER = ("large", "medium", "small", "micro")


@dataclass(slots=True)
class Indicator:
    """One indicator the group uses: its id, answer key, the answer and the bounds by class."""

    id: str
    key: str
    value: int | float | None
    bounds: Mapping[str, int | float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.id,
            "key": self.key,
            "value": self.value,
            "bounds": dict(self.bounds),
        }


@dataclass(frozen=True)
class SizeResult:
    """The classification of one enterprise (``group`` is None when no industry was chosen)."""

    group: str | None
    indicators: tuple[Indicator, ...]
    at_least: str | None
    at_most: str | None

    @property
    def size_class(self) -> str | None:
        return self.at_least if self.at_least == self.at_most else None

    @property
    def missing(self) -> tuple[str, ...]:
        """Answer keys still needed to classify (the industry group first)."""
        if self.group is None:
            return ("size_industry",)
        return tuple(i.key for i in self.indicators if i.value is None)

    def reaches(self, minimum: str) -> bool | None:
        """True / False when the class certainly is / is not ``minimum`` or higher; else None."""
        rank = ORDER.index(minimum)
        if self.at_least is not None and ORDER.index(self.at_least) <= rank:
            return True
        if self.at_most is not None and ORDER.index(self.at_most) > rank:
            return False
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "industry": self.group,
            "class": self.size_class,
            "at_least": self.at_least,
            "at_most": self.at_most,
            "indicators": [i.to_dict() for i in self.indicators],
        }


def classify(answers: Mapping[str, Any], table: Mapping[str, Any] | None = None) -> SizeResult:
    """Classify by the group's indicators only; other indicators in ``answers`` are ignored.

    ``table`` is the size list (``lists/nbs-size-2017.yaml``); by default the engine's own.
    """
    if table is None:
        from ._policy import policy

        table = policy().size_table
    group_id = answers.get("size_industry")
    if group_id is None:
        return SizeResult(None, (), None, ORDER[0])
    indicators = tuple(
        Indicator(name, key, answers.get(key), bounds)
        for name, key, bounds in _group(table, group_id)
    )
    # For each class: True (every indicator reaches its bound), False (one falls short), None.
    reached = {cls: _reaches(indicators, cls) for cls in ORDER[:-1]}
    reached["micro"] = True
    at_most = next(cls for cls in ORDER if reached[cls] is not False)
    at_least = next(cls for cls in ORDER if reached[cls] is True)
    return SizeResult(group_id, indicators, at_least, at_most)


# The indicators of each group (name, answer key, bounds by class), by table and group; the entry
# keeps the table alive, so its id is not reused.
_GROUPS: dict[tuple[int, str], tuple[Mapping[str, Any], tuple]] = {}


def _group(table: Mapping[str, Any], group_id: str) -> tuple:
    found = _GROUPS.get((id(table), group_id))
    if found is None or found[0] is not table:
        group = next(g for g in table["groups"] if g["id"] == group_id)
        keys = {i["id"]: i["answer_key"] for i in table["indicators"]}
        made = tuple(
            (name, keys[name], {cls: group["bounds"][cls][name] for cls in ORDER[:-1]})
            for name in group["indicators"]
        )
        found = _GROUPS[(id(table), group_id)] = (table, made)
    return found[1]


def _reaches(indicators: tuple[Indicator, ...], cls: str) -> bool | None:
    if any(i.value is not None and i.value < i.bounds[cls] for i in indicators):
        return False
    if all(i.value is not None for i in indicators):
        return True
    return None
