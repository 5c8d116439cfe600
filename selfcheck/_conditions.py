"""The eight conditions of section 二 of the notice, one plain function each.

Each function lists the points of its clause (ids from ``policy/notice/s2-iN.yaml``) and says how
each is decided; thresholds and wording come from the data. The status of a condition follows
from its points:

- a required condition is ``not_met`` if any point is not met, else ``unknown`` if an answer it
  needs is missing, else ``needs_review`` if a point is left to the district office by the answers
  themselves (no type of (三) applies, or the reputation of (三) is not claimed), else ``met``;
- qualitative points that no answer can show (社会信誉度高, 社会责任感, 合作基础, 正确理解) are
  reported as judged by the district office and never change a status, so a strong enterprise can
  reach ``met`` on every condition; the office still judges them from the materials;
- priority points never change a required condition; a priority-only condition ((七), (八)) is
  ``met`` when a factor applies, ``unknown`` when none applies and one is unanswered, else
  ``not_applicable``.
"""

from __future__ import annotations

from typing import Callable

from ._points import APPLIES, Judge, PointResult

RANK = ("not_met", "unknown", "needs_review", "met")


def c1(judge: Judge) -> list[PointResult]:
    """(一) registered in Shenzhen, legal person, operating well, good standing, no bad record."""
    return [
        judge.yes("s2-i1-registered"),
        judge.yes("s2-i1-legal-person"),
        judge.yes("s2-i1-operating"),
        judge.office("s2-i1-standing"),
        judge.yes("s2-i1-record", good=False),
    ]


def c2(judge: Judge) -> list[PointResult]:
    """(二) large or medium by the NBS standard, and enough staff insured in Shenzhen."""
    return [judge.size("s2-i2-size"), judge.threshold("s2-i2-insured")]


def c3(judge: Judge) -> list[PointResult]:
    """(三) type "in principle", reputation, member enterprises and jobs of the chain."""
    return [
        judge.types("s2-i3-type"),
        judge.reputation("s2-i3-reputation"),
        judge.threshold("s2-i3-members"),
        judge.threshold("s2-i3-jobs"),
    ]


def c4(judge: Judge) -> list[PointResult]:
    """(四) training rules, evaluation, the eight-level system, pay for skills."""
    return [
        judge.yes("s2-i4-training"),
        judge.office("s2-i4-responsibility"),
        judge.yes("s2-i4-evaluation"),
        judge.yes("s2-i4-eight-level"),
        judge.yes("s2-i4-pay"),
    ]


def c5(judge: Judge) -> list[PointResult]:
    """(五) substantive cooperation with at least the minimum number of colleges."""
    return [judge.office("s2-i5-substance"), judge.threshold("s2-i5-colleges")]


def c6(judge: Judge) -> list[PointResult]:
    """(六) understanding and willingness to lead a chain; self-evaluation and apprenticeship
    are priority factors."""
    return [
        judge.office("s2-i6-understanding"),
        judge.yes("s2-i6-willing"),
        judge.priority("s2-i6-priority"),
    ]


def c7(judge: Judge) -> list[PointResult]:
    """(七) serving major strategies: priority only."""
    return [judge.priority("s2-i7-strategies")]


def c8(judge: Judge) -> list[PointResult]:
    """(八) traceable platform or shared-training facilities: priority only."""
    return [judge.priority("s2-i8-platform"), judge.priority("s2-i8-shared-training")]


CONDITIONS: dict[str, Callable[[Judge], list[PointResult]]] = {
    "c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6, "c7": c7, "c8": c8,
}


def condition_status(nature: str, points: list[PointResult]) -> str:
    """The status of a condition from its points (see the module docstring)."""
    if nature == "priority":
        if any(p.status == APPLIES for p in points):
            return "met"
        return "unknown" if any(p.status == "unknown" for p in points) else "not_applicable"
    statuses = {p.status for p in points if p.nature != "priority"}
    return next((s for s in RANK if s in statuses), "met")
