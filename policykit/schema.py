"""Closed schemas of every file in ``policy/`` and the cross-file checks.

``validate_policy(load_policy())`` returns a list of problems (empty when all is well). The tests
run it; ``python -m policykit check`` prints it.
"""

from __future__ import annotations

import re
from typing import Any

from ._types import CONFIDENCE, ID, LANG, SOURCE, AnyOf, Enum, Nullable, check

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

META = {
    "id": Enum("meta"),
    "title": LANG,
    "issuer": LANG,
    "date": str,
    "repost": {"publisher": LANG, "date": str, "url": str, "note": LANG},
    "official_source": LANG,
    "misprint": {"printed": str, "reading": str, "where": LANG},
    "text_normalisation": LANG,
    "data_version": str,
    "checked_on": str,
    "attachments": [{"id": ID, "title": LANG, "available": bool, "note": LANG}],
}

SOURCES = {
    "sources": [
        {
            "id": ID,
            "title": LANG,
            "publisher": LANG,
            "date": Nullable(str),
            "url": Nullable(str),
            "kind": Enum(
                "notice", "law", "regulation", "standard", "government_page", "repost",
                "journal", "aggregator",
            ),
            "note?": LANG,
        }
    ]
}

THRESHOLD = {
    "value": float,
    "comparison": Enum("gte", "gt", "lte", "lt"),
    "counting_rule": ID,
    "basis": Enum("notice", "editorial"),
    "phrase": LANG,
    "unit": LANG,
}

POINT = {
    "id": ID,
    "nature": Enum("required", "in_principle", "qualitative", "priority"),
    "text": LANG,
    "keys": [str],
    "threshold?": THRESHOLD,
    "size_standard?": ID,
    "size_classes?": [Enum("large", "medium", "small", "micro")],
}

_ITEM_COMMON = {
    "id": ID,
    "title": LANG,
    "text": LANG,
    "source": SOURCE,
    "confidence": CONFIDENCE,
}

NOTICE_SCHEMAS: dict[str, dict[str, Any]] = {
    "preamble": {**_ITEM_COMMON, "kind": Enum("preamble"), "cites": [ID], "explanation?": LANG},
    "section": {
        **_ITEM_COMMON, "kind": Enum("section"), "lists?": [ID], "explanation?": LANG,
    },
    "condition": {
        **_ITEM_COMMON,
        "kind": Enum("condition"),
        "section": Enum("s2"),
        "marker": str,
        "key": ID,
        "nature": Enum("required", "priority"),
        "points": [POINT],
        "explanation": LANG,
    },
    "measure": {
        **_ITEM_COMMON, "kind": Enum("measure"), "section": Enum("s3"), "marker": str,
        "explanation?": LANG,
    },
    "procedure": {
        **_ITEM_COMMON, "kind": Enum("procedure"), "section": Enum("s4"), "marker": str,
        "explanation?": LANG,
    },
    "closing": {
        **_ITEM_COMMON, "kind": Enum("closing"), "signature": LANG, "date": str,
    },
}


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
    problems += _unique_ids(policy)
    return problems


def _verbatim(item: dict[str, Any], text: str, where: str) -> list[str]:
    """The Chinese text of a notice item (and of each point) must stand in notice.txt."""
    problems = []
    quotes = [("text", item.get("text", {}).get("zh"))]
    quotes += [(f"points.{p.get('id')}", p.get("text", {}).get("zh")) for p in item.get("points", [])]
    for name, quote in quotes:
        if not isinstance(quote, str):
            continue
        for paragraph in quote.split("\n\n"):
            if paragraph not in text:
                problems.append(f"{where}: {name}.zh is not verbatim in notice.txt: {paragraph[:30]}…")
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
            if isinstance(phrase, str) and not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", phrase):
                problems.append(
                    f"{where}: points.{point.get('id')}.threshold.value {number} is not the number "
                    f"in its phrase.{lang} {phrase!r}"
                )
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


__all__ = ["AnyOf", "Enum", "ID", "LANG", "Nullable", "validate_policy"]
