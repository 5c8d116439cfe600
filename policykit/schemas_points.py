"""The points of a condition (``points`` in ``policy/notice/s2-i*.yaml``): their schema, the
threshold a point may carry, and the checks that each point quotes its clause in order, that its
decision fits its answer keys, and the one rule for the points the notice leaves to judgment (a
qualitative point with a question is a ``claim``; one without is the office's)."""

from __future__ import annotations

import re
from typing import Any

from ._types import DECISIONS, ID, LABEL, NOTICE, Enum, Lang

THRESHOLD = {
    "value": float,
    "comparison": Enum("gte", "gt", "lte", "lt"),
    "counting_rule": ID,
    "basis": Enum("notice", "editorial"),
    # The notice's words when the notice sets the number; the site's reading when it does not.
    "phrase": Lang(lambda threshold: "notice" if threshold.get("basis") == "notice" else "reading"),
    "unit": LABEL,
}


POINT = {
    "id": ID,
    "nature": Enum("required", "in_principle", "qualitative", "priority"),
    "decision": Enum(*DECISIONS),
    "meets_when?": bool,
    "text": NOTICE,
    "keys": [str],
    # answers read for a hint in the point's sentence only, never for its status
    "reads?": [str],
    "threshold?": THRESHOLD,
    "size_standard?": ID,
    "size_classes?": [Enum("large", "medium", "small", "micro")],
}


def points_problems(item: dict[str, Any], policy: dict[str, Any], where: str) -> list[str]:
    """Every problem of a notice item's points (none for an item without points)."""
    return _thresholds(item, where) + _points(item, policy, where)


def _thresholds(item: dict[str, Any], where: str) -> list[str]:
    """A threshold's number must be the one its quoted phrase states (300 in 300人以上)."""
    problems = []
    for point in item.get("points", []):
        threshold = point.get("threshold")
        if not isinstance(threshold, dict) or not isinstance(threshold.get("phrase"), dict):
            continue
        value = threshold.get("value")
        number = f"{value:g}" if isinstance(value, (int, float)) else str(value)
        for lang in ("zh", "en"):
            phrase = threshold["phrase"].get(lang)
            if isinstance(phrase, str) and not re.search(
                rf"(?<![\d.]){re.escape(number)}(?![\d.])", phrase
            ):
                problems.append(
                    f"{where}: points.{point.get('id')}.threshold.value {number} is not the number "
                    f"in its phrase.{lang} {phrase!r}"
                )
    return problems


def _points(item: dict[str, Any], policy: dict[str, Any], where: str) -> list[str]:
    """Points stand in the clause's order, and each says what its decision needs."""
    problems = []
    questions = {
        q.get("key"): q for q in policy["selfcheck"].get("questions", {}).get("questions", [])
    }
    clause = item.get("text", {}).get("zh", "") if isinstance(item.get("text"), dict) else ""
    last = -1
    for point in item.get("points", []):
        pid, decision = point.get("id"), point.get("decision")
        quote = point.get("text", {}).get("zh", "") if isinstance(point.get("text"), dict) else ""
        found = clause.find(quote) if quote else -1
        if found < 0:
            problems.append(f"{where}: point {pid} does not quote the clause")
        elif found < last:
            problems.append(f"{where}: point {pid} is out of the clause's order")
        last = max(last, found)
        keys = point.get("keys", [])
        types = [questions.get(k, {}).get("type") for k in keys]
        needs = {
            "answer": len(keys) == 1 and types == ["boolean"],
            "claim": len(keys) == 1 and types == ["boolean"],
            "threshold": len(keys) == 1
            and "threshold" in point
            and types[0] in ("integer", "number"),
            "size_class": "size_standard" in point and "size_classes" in point,
            "listed_types": len(keys) == 1 and types == ["multi_choice"],
            "office": keys == [],
            "priority": bool(keys) and all(t == "boolean" for t in types),
        }
        if decision in needs and not needs[decision]:
            problems.append(
                f"{where}: point {pid}: decision {decision!r} does not fit its keys "
                f"({', '.join(keys) or 'none'}), threshold or size standard"
            )
        if decision != "threshold" and "threshold" in point:
            problems.append(f"{where}: point {pid} has a threshold but decision {decision!r}")
        if "meets_when" in point and decision != "answer":
            problems.append(f"{where}: point {pid}: meets_when is only for decision 'answer'")
        # One rule for the points the notice leaves to judgment: every one the self-check asks
        # about is a claim, every one it cannot ask about is the office's (and priority points
        # the office weighs stay priority).
        nature = point.get("nature")
        if (decision == "claim") != (nature == "qualitative" and bool(keys)):
            problems.append(
                f"{where}: point {pid}: a qualitative point with a question is decided as a "
                f"claim, and a claim is qualitative (nature {nature!r}, decision {decision!r})"
            )
        if decision == "office" and nature not in ("qualitative", "priority"):
            problems.append(f"{where}: point {pid}: the office judges qualitative points only")
        for key in (*keys, *point.get("reads", [])):
            if key not in questions:
                problems.append(f"{where}: point {pid}: {key!r} is not a question key")
    return problems
