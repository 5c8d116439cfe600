"""Closed schemas of every file in ``policy/`` and the cross-file checks.

``validate_policy(load_policy())`` returns a list of problems (empty when all is well). The tests
run it; ``python -m policykit check`` prints it.
"""

from __future__ import annotations

import re
from typing import Any

from ._types import (
    CONFIDENCE,
    ID,
    LABEL,
    NOTICE,
    READING,
    SOURCE,
    AnyOf,
    Enum,
    Lang,
    Nullable,
    check,
    said,
)
from .schemas_site import FAQ, glossary_quotes, site_problems

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

META = {
    "id": Enum("meta"),
    "title": NOTICE,
    "issuer": NOTICE,
    "date": str,
    "repost": {"publisher": LABEL, "date": str, "url": str, "note": READING},
    "official_source": {"source": SOURCE, "zh": str, "en": str},
    "misprint": {"printed": str, "reading": str, "where": READING},
    "text_normalisation": READING,
    "data_version": str,
    "compiled_on": str,
    # title_known: whether ``title`` is the annex's own title as the notice prints it (true), or
    # the site's description of what the notice says the annex holds (false).
    "attachments": [
        {
            "id": ID,
            "number": int,
            "title": LABEL,
            "title_known": bool,
            "available": bool,
            "note": READING,
        }
    ],
}

SOURCES = {
    "sources": [
        {
            "id": ID,
            "title": LABEL,
            "publisher": LABEL,
            "date": Nullable(str),
            "url": Nullable(str),
            "kind": Enum(
                "notice",
                "law",
                "regulation",
                "standard",
                "government_page",
                "repost",
                "journal",
                "aggregator",
            ),
            "note?": READING,
        }
    ]
}

THRESHOLD = {
    "value": float,
    "comparison": Enum("gte", "gt", "lte", "lt"),
    "counting_rule": ID,
    "basis": Enum("notice", "editorial"),
    # The notice's words when the notice sets the number; the site's reading when it does not.
    "phrase": Lang(lambda threshold: "notice" if threshold.get("basis") == "notice" else "reading"),
    "unit": LABEL,
}

#: How the self-check decides a point (the engine has one method per kind):
#: answer        a yes/no answer; ``meets_when`` is the answer that meets it (default true)
#: threshold     a count compared with the point's threshold
#: size_class    the NBS size class against ``size_classes``
#: listed_types  the "in principle" types: none listed leaves the point to the district office
#: claim         a qualitative point the enterprise states: yes is met, no is for the office
#: office        no answer can show it: the district office judges it from the materials
#: priority      a priority factor: applies when any of its keys is answered yes
DECISIONS = ("answer", "threshold", "size_class", "listed_types", "claim", "office", "priority")

POINT = {
    "id": ID,
    "nature": Enum("required", "in_principle", "qualitative", "priority"),
    "decision": Enum(*DECISIONS),
    "meets_when?": bool,
    "text": NOTICE,
    "keys": [str],
    "threshold?": THRESHOLD,
    "size_standard?": ID,
    "size_classes?": [Enum("large", "medium", "small", "micro")],
}

_ITEM_COMMON = {
    "id": ID,
    "title": LABEL,
    "text": NOTICE,
    "source": SOURCE,
    "confidence": CONFIDENCE,
}

NOTICE_SCHEMAS: dict[str, dict[str, Any]] = {
    "preamble": {**_ITEM_COMMON, "kind": Enum("preamble"), "cites": [ID], "explanation?": READING},
    "section": {
        **_ITEM_COMMON,
        "kind": Enum("section"),
        "marker": LABEL,
        "lists?": [ID],
        "explanation?": READING,
    },
    "condition": {
        **_ITEM_COMMON,
        "kind": Enum("condition"),
        "section": ID,
        "marker": LABEL,
        "nature": Enum("required", "priority"),
        "points": [POINT],
        "explanation": READING,
    },
    "measure": {
        **_ITEM_COMMON,
        "kind": Enum("measure"),
        "section": ID,
        "marker": LABEL,
        "explanation?": READING,
    },
    "procedure": {
        **_ITEM_COMMON,
        "kind": Enum("procedure"),
        "section": ID,
        "marker": LABEL,
        # step: one of the procedure's steps; materials / submission: what the materials contain
        # and how they are submitted (the self-check's lists and links use these roles).
        "role": Enum("step", "materials", "submission"),
        "explanation?": READING,
    },
    "closing": {
        **_ITEM_COMMON,
        "kind": Enum("closing"),
        "signature": NOTICE,
        "date": str,
    },
}


WORDING = {"promises": {"zh": [str], "en": [str]}, "misattributions": {"zh": [str], "en": [str]}}


def _schema_for_list(stem: str) -> Any:
    from . import schemas_lists

    return schemas_lists.SCHEMAS.get(stem)


def _schema_for_selfcheck(stem: str) -> Any:
    from . import schemas_selfcheck

    return schemas_selfcheck.SCHEMAS.get(stem)


def validate_policy(policy: dict[str, Any]) -> list[str]:
    """Every problem found in the loaded policy (schemas, ids, verbatim quotes, references)."""
    problems: list[str] = []
    problems += check(policy["meta"], META, "meta.yaml")
    for source in policy["sources"].values():
        problems += check({"sources": [source]}, SOURCES, "sources.yaml")
    source_ids = list(policy["sources"])
    if source_ids != sorted(source_ids):
        problems.append("sources.yaml: sources are not sorted by id")

    text = policy["notice_text"]
    for stem, item in policy["notice"].items():
        where = f"notice/{stem}.yaml"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        schema = NOTICE_SCHEMAS.get(item.get("kind"))
        if schema is None:
            problems.append(f"{where}: unknown kind {item.get('kind')!r}")
            continue
        problems += check(item, schema, where)
        if item.get("id") != stem:
            problems.append(f"{where}: id {item.get('id')!r} differs from the file stem")
        problems += _verbatim(item, text, where)
        problems += _thresholds(item, where)
        problems += _points(item, policy, where)
        problems += _references(item, policy, where)

    for group, finder in (("lists", _schema_for_list), ("selfcheck", _schema_for_selfcheck)):
        for stem, content in policy[group].items():
            where = f"{group}/{stem}.yaml"
            schema = finder(stem)
            if schema is None:
                problems.append(f"{where}: no schema for this file")
                continue
            problems += check(content, schema, where)
            if isinstance(content, dict) and "id" in content and content["id"] != stem:
                problems.append(f"{where}: id {content['id']!r} differs from the file stem")
            problems += _references(content, policy, where)
    problems += check(policy.get("wording"), WORDING, "wording.yaml")
    problems += site_problems(policy)
    problems += _references(policy.get("faq"), policy, "faq.yaml")
    aliases = policy["selfcheck"].get("aliases")
    if isinstance(aliases, dict) and not check(aliases, _schema_for_selfcheck("aliases"), ""):
        from .schemas_aliases import aliases_problems

        problems += [f"selfcheck/aliases.yaml: {p}" for p in aliases_problems(aliases, policy)]
    problems += _unique_ids(policy)
    problems += _markers(policy)
    problems += glossary_quotes(policy)
    return problems


def said_in_policy(policy: dict[str, Any]):
    """Every text of the policy with whose sentence it is: ``(file, where, voice, {zh, en})``."""
    yield from (("meta.yaml", *s) for s in said(policy["meta"], META))
    for source in policy["sources"].values():
        yield from (("sources.yaml", *s) for s in said({"sources": [source]}, SOURCES))
    for stem, item in policy["notice"].items():
        schema = NOTICE_SCHEMAS.get(item.get("kind"))
        if schema is not None:
            yield from ((f"notice/{stem}.yaml", *s) for s in said(item, schema))
    for group, finder in (("lists", _schema_for_list), ("selfcheck", _schema_for_selfcheck)):
        for stem, content in policy[group].items():
            schema = finder(stem)
            if schema is not None:
                yield from ((f"{group}/{stem}.yaml", *s) for s in said(content, schema))
    yield from (("faq.yaml", *s) for s in said(policy.get("faq", {"entries": []}), FAQ))


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
        for key in keys:
            if key not in questions:
                problems.append(f"{where}: point {pid}: {key!r} is not a question key")
    return problems


def _markers(policy: dict[str, Any]) -> list[str]:
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


def _references(node: Any, policy: dict[str, Any], where: str) -> list[str]:
    """Every ``source`` names an entry of sources.yaml."""
    problems = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, (str, list)):
                for ref in [value] if isinstance(value, str) else value:
                    if ref not in policy["sources"]:
                        problems.append(f"{where}: source {ref!r} is not in sources.yaml")
            else:
                problems += _references(value, policy, where)
    elif isinstance(node, list):
        for value in node:
            problems += _references(value, policy, where)
    return problems


def _unique_ids(policy: dict[str, Any]) -> list[str]:
    """Ids are unique within each list and across the notice's items and points."""
    problems = []
    seen: dict[str, str] = {}
    for stem, item in policy["notice"].items():
        for node_id in [item.get("id")] + [p.get("id") for p in item.get("points", [])]:
            if node_id in seen:
                problems.append(f"notice/{stem}.yaml: id {node_id!r} also in {seen[node_id]}")
            seen[node_id] = f"notice/{stem}.yaml"
    for group in ("lists", "selfcheck"):
        for stem, content in policy[group].items():
            problems += _unique_in_lists(content, f"{group}/{stem}.yaml")
    return problems


def _unique_in_lists(node: Any, where: str) -> list[str]:
    problems = []
    if isinstance(node, list):
        ids = [x.get("id") for x in node if isinstance(x, dict) and "id" in x]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"{where}: duplicate ids {dupes}")
        for x in node:
            problems += _unique_in_lists(x, where)
    elif isinstance(node, dict):
        for value in node.values():
            problems += _unique_in_lists(value, where)
    return problems


__all__ = ["AnyOf", "DECISIONS", "Enum", "ID", "Nullable", "said_in_policy", "validate_policy"]
