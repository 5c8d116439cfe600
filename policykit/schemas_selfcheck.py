"""Closed schemas of ``policy/selfcheck/*.yaml``: the self-check's questions and sentences."""

from __future__ import annotations

from ._types import ID, LANG, Enum

ANSWER_TYPES = Enum("boolean", "integer", "number", "choice", "multi_choice")

QUESTIONS = {
    "questions": [
        {
            "key": str,
            "type": ANSWER_TYPES,
            "condition": ID,
            "label": LANG,
            "help?": LANG,
            "unit?": LANG,
            "not_sure": bool,
            "options_from?": ID,
            "options?": [{"value": str, "label": LANG}],
        }
    ]
}


def _langs(*names: str) -> dict[str, object]:
    """A closed mapping of these names, each a language map."""
    return {name: LANG for name in names}


_VERDICTS = ("eligible", "needs_review", "incomplete", "not_eligible")
_COMPARISONS = ("gte", "gt", "lte", "lt")

# Every sentence the engine says. Each name is required: the engine looks every one of them up.
MESSAGES = {
    "statuses": _langs("met", "not_met", "needs_review", "unknown", "not_applicable"),
    "verdicts": {name: {"title": LANG, "summary": LANG} for name in _VERDICTS},
    "condition_ref": LANG,
    "condition_refs": LANG,
    "size_classes": _langs("large", "medium", "small", "micro"),
    "reasons": _langs(
        "answer_yes", "answer_no", "unanswered", "office_judges",
        *(f"threshold_{outcome}_{c}" for c in _COMPARISONS for outcome in ("met", "not_met")),
        "editorial_threshold",
        "size_met", "size_not_met", "size_indicator", "size_bound", "size_no_group",
        "size_missing",
        "types_listed", "types_none", "reputation_yes", "reputation_no",
        "priority_yes", "priority_no", "priority_unanswered", "quoted", "size_small_unverified",
    ),
    "point_reasons": [
        {"point": ID, "outcome": Enum("met", "not_met", "needs_review", "unknown"), "text": LANG}
    ],
    "facts": [{"key": str, "name": LANG}],
    "steps": _langs(*_VERDICTS, "district_unknown", "choose_district"),
    "labels": _langs(
        "report_title", "notice", "verdict", "size_class", "size_unknown", "size_at_most",
        "conditions", "clause", "priority_factors", "none", "missing", "blocks", "next_steps",
        "materials", "submission", "version", "checked_on", "as_of", "digest", "answers",
        "value_true", "value_false", "disclaimer",
    ),
    "validation": _langs(
        "not_object", "unknown_key", "boolean", "integer", "number", "choice", "multi_choice",
        "duplicate_key", "invalid_json", "json_constant", "json_too_deep", "json_number_too_long",
        "json_not_text", "lang", "as_of", "internal",
        "csv_boolean", "csv_integer", "csv_number", "csv_list", "csv_unknown_column",
        "csv_duplicate_column", "csv_short_row", "csv_extra_cells", "csv_empty",
        "file_unreadable", "file_unwritable", "file_encoding", "file_yaml", "file_yaml_unreadable",
        "yaml_unavailable", "arguments",
    ),
    "file_problems": _langs("is_directory", "not_found", "no_permission", "other"),
    "cli": _langs(
        "description", "check", "batch", "format", "lang", "as_of", "out", "row_error",
        "batch_done", "error",
    ),
    "joiners": _langs("list", "errors", "label"),
}

_MATERIAL = {"id": ID, "clause": ID, "only_if?": str, "text": LANG}

# What to prepare and how to submit, each with the clause it rests on.
MATERIALS = {
    "materials": [_MATERIAL],
    "submission": [_MATERIAL],
}

SCHEMAS = {
    "questions": QUESTIONS,
    "messages": MESSAGES,
    "materials": MATERIALS,
}
