"""Closed schemas of every file in ``policy/`` and the cross-file checks.

``validate_policy(load_policy())`` returns a list of problems (empty when all is well). The tests
run it; ``python -m policykit check`` prints it.
"""

from __future__ import annotations

import re
from typing import Any

from ._checks import markers, notice_item_problems, question_problems
from ._placeholders import placeholder_problems
from ._types import (
    CONFIDENCE,
    DECISIONS,
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

#: The natures of a point, in the order the conditions page explains them.
NATURES = ("required", "in_principle", "qualitative", "priority")

POINT = {
    "id": ID,
    "nature": Enum(*NATURES),
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


def _link_order(questions: Any) -> list[str]:
    """A share link's order names every question once (it may not drop or repeat one)."""
    if not isinstance(questions, dict) or not isinstance(questions.get("link_order"), list):
        return []
    keys = [q.get("key") for q in questions.get("questions", []) if isinstance(q, dict)]
    order = questions["link_order"]
    if sorted(order) != sorted(keys) or len(set(order)) != len(order):
        return ["selfcheck/questions.yaml: link_order must name every question key exactly once"]
    return []


def validate_policy(policy: dict[str, Any]) -> list[str]:
    """Every problem found in the loaded policy (schemas, ids, verbatim quotes, references)."""
    problems: list[str] = []
    problems += check(policy["meta"], META, "meta.yaml")
    for source in policy["sources"].values():
        problems += check({"sources": [source]}, SOURCES, "sources.yaml")
    source_ids = list(policy["sources"])
    if source_ids != sorted(source_ids):
        problems.append("sources.yaml: sources are not sorted by id")

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
        problems += notice_item_problems(item, policy, where)
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
    problems += _link_order(policy["selfcheck"].get("questions"))
    problems += _unique_ids(policy)
    problems += markers(policy)
    problems += question_problems(policy)
    problems += placeholder_problems(said_in_policy(policy))
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


__all__ = [
    "DECISIONS",
    "ID",
    "NATURES",
    "AnyOf",
    "Enum",
    "Nullable",
    "said_in_policy",
    "validate_policy",
]
