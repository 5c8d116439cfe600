"""The notice's items checked against the notice and against each other, beyond their schemas:
quotes verbatim in ``notice.txt``, a threshold's number the one its quoted words state, points in
the clause's order and fit for their decision (one rule for the points the notice leaves to
judgment: a qualitative point with a question is a ``claim``, one without the ``office``'s), the
questions filed under the clause whose points read them, the size point reading every indicator
of its size table, the items' markers.

Each function returns a list of problems (empty when all is well), each naming its file and place.
"""

from __future__ import annotations

import re
from typing import Any


def notice_item_problems(item: dict[str, Any], policy: dict[str, Any], where: str) -> list[str]:
    """Every problem of one item of ``policy/notice/`` beyond its schema."""
    return (
        _verbatim(item, policy["notice_text"], where)
        + _thresholds(item, where)
        + _points(item, policy, where)
    )


def _verbatim(item: dict[str, Any], text: str, where: str) -> list[str]:
    """The Chinese text of a notice item (and of each point) must stand in notice.txt."""
    problems = []
    quotes = [("text", item.get("text", {}).get("zh"))]
    quotes += [
        (f"points.{p.get('id')}", p.get("text", {}).get("zh")) for p in item.get("points", [])
    ]
    for name, quote in quotes:
        if not isinstance(quote, str):
            continue
        for paragraph in quote.split("\n\n"):
            if paragraph not in text:
                problems.append(
                    f"{where}: {name}.zh is not verbatim in notice.txt: {paragraph[:30]}…"
                )
    return problems


def _states(text: str, value: Any) -> bool:
    """Whether ``text`` states the number ``value`` (``300``; ``1000`` or ``1,000``)."""
    forms = {f"{value:g}", f"{value:,g}"} if isinstance(value, (int, float)) else {str(value)}
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d.,])", text) for f in forms)


def _thresholds(item: dict[str, Any], where: str) -> list[str]:
    """A threshold's number must be the one its phrase states (300 in 300人以上, in both
    languages); and where the notice sets the number, the phrase must stand in the point's quote
    and in the clause's text, in Chinese (the notice's words) and in English (their translation),
    so that a number changed in one place cannot leave the others saying the old one."""
    problems = []
    for point in item.get("points", []):
        threshold = point.get("threshold")
        if not isinstance(threshold, dict) or not isinstance(threshold.get("phrase"), dict):
            continue
        value = threshold.get("value")
        number = f"{value:g}" if isinstance(value, (int, float)) else str(value)
        pid = point.get("id")
        for lang in ("zh", "en"):
            phrase = threshold["phrase"].get(lang)
            if not isinstance(phrase, str):
                continue
            if not _states(phrase, value):
                problems.append(
                    f"{where}: points.{pid}.threshold.value {number} is not the number "
                    f"in its phrase.{lang} {phrase!r}"
                )
            if threshold.get("basis") != "notice":
                continue
            for name, text in (
                (f"points.{pid}.text", point.get("text")),
                ("text", item.get("text")),
            ):
                quoted = text.get(lang) if isinstance(text, dict) else None
                if isinstance(quoted, str) and phrase not in " ".join(quoted.split()):
                    problems.append(
                        f"{where}: {name}.{lang} does not say the phrase.{lang} {phrase!r} of "
                        f"points.{pid}.threshold (value {number})"
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


def markers(policy: dict[str, Any]) -> list[str]:
    """Sections are numbered 一, 二… ("1", "2"…) and the items of one section (一), (二)…
    ("(1)", "(2)"…), in the notice's order."""
    problems = []
    digits = "一二三四五六七八九"
    count: dict[str | None, int] = {}
    for stem, item in policy["notice"].items():
        marker = item.get("marker")
        if not isinstance(marker, dict):
            continue
        section = item.get("section")
        count[section] = count.get(section, 0) + 1
        n = count[section]
        if n > len(digits):
            problems.append(f"notice/{stem}.yaml: more items than markers")
            continue
        zh, en = digits[n - 1], str(n)
        expected = {"zh": zh, "en": en} if section is None else {"zh": f"({zh})", "en": f"({en})"}
        if marker != expected:
            problems.append(f"notice/{stem}.yaml: marker {marker} is not number {n} in its part")
    return problems


def question_problems(policy: dict[str, Any]) -> list[str]:
    """Each question is filed (``condition``) under the clause whose points read its key, and each
    size point reads the question of the size table's groups and every indicator's answer key (the
    engine keeps a point's result by the answers to its ``keys``: a key missing there would give
    one enterprise another's cached result)."""
    questions = policy["selfcheck"].get("questions", {}).get("questions", [])
    readers: dict[str, list[str]] = {}
    for item in policy["notice"].values():
        for point in item.get("points", []):
            for key in point.get("keys", []):
                readers.setdefault(key, [])
                if item.get("id") not in readers[key]:
                    readers[key].append(item.get("id"))
    where = "selfcheck/questions.yaml"
    problems = []
    for q in questions:
        key, condition = q.get("key"), q.get("condition")
        if key in readers and condition not in readers[key]:
            problems.append(
                f"{where}: question {key} is filed under {condition}, but the points that read "
                f"it are in {', '.join(readers[key])}"
            )
        elif key not in readers and condition not in policy["notice"]:
            problems.append(f"{where}: question {key}: condition {condition!r} is no notice item")
    for stem, item in policy["notice"].items():
        for point in item.get("points", []):
            if "size_standard" in point:
                problems += _size_point_keys(point, questions, policy, f"notice/{stem}.yaml")
    return problems


def _size_point_keys(
    point: dict[str, Any], questions: list[dict[str, Any]], policy: dict[str, Any], where: str
) -> list[str]:
    standard = point["size_standard"]
    table = policy["lists"].get(standard)
    if not isinstance(table, dict):
        return [f"{where}: point {point.get('id')}: size_standard {standard!r} is no list file"]
    groups = [q.get("key") for q in questions if q.get("options_from") == standard]
    indicators = [i.get("answer_key") for i in table.get("indicators", [])]
    keys = point.get("keys", [])
    problems = [
        f"{where}: point {point.get('id')}: keys miss {key!r}, the "
        + ("question of the groups" if key in groups else "answer_key of an indicator")
        + f" of lists/{standard}.yaml"
        for key in [*groups, *indicators]
        if key not in keys
    ]
    problems += [
        f"{where}: point {point.get('id')}: key {key!r} is neither the question of the groups "
        f"nor an indicator's answer_key of lists/{standard}.yaml"
        for key in keys
        if key not in groups and key not in indicators
    ]
    return problems
