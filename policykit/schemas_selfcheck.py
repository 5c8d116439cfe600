"""Closed schemas of ``policy/selfcheck/*.yaml``: the self-check's questions, sentences, materials
and the wording rules. Every text declares whose it is (``policykit._types.VOICES``)."""

from __future__ import annotations

from ._types import ADVICE, ID, LABEL, READING, Enum

ANSWER_TYPES = Enum("boolean", "integer", "number", "choice", "multi_choice")

QUESTIONS = {
    "questions": [
        {
            "key": str,
            "type": ANSWER_TYPES,
            "condition": ID,
            "label": LABEL,
            "help?": READING,
            "unit?": LABEL,
            "not_sure": bool,
            "options_from?": ID,
            "options?": [{"value": str, "label": LABEL}],
        }
    ]
}


def _named(voice, *names: str) -> dict[str, object]:
    """A closed mapping of these names, each a language map of ``voice``."""
    return {name: voice for name in names}


_VERDICTS = ("eligible", "needs_review", "incomplete", "not_eligible")
_COMPARISONS = ("gte", "gt", "lte", "lt")

#: Condition statuses: required conditions take the first four, priority-only conditions
#: applies / does_not_apply / unknown.
STATUSES = ("met", "not_met", "needs_review", "unknown", "applies", "does_not_apply")

# Every sentence the engine says. Each name is required: the engine looks every one of them up.
MESSAGES = {
    "statuses": _named(LABEL, *STATUSES),
    "verdicts": {name: {"title": READING, "summary": READING} for name in _VERDICTS},
    "condition_ref": LABEL,
    "clause_cite": LABEL,
    "open_point": LABEL,
    "condition_refs": LABEL,
    "size_classes": _named(LABEL, "large", "medium", "small", "micro"),
    "reasons": _named(
        READING,
        "answer_yes", "answer_no", "unanswered", "office_judges", "office_weighs_priority",
        *(f"threshold_{outcome}_{c}" for c in _COMPARISONS for outcome in ("met", "not_met")),
        "editorial_threshold",
        "size_met", "size_not_met", "size_indicator", "size_bound", "size_no_group",
        "size_missing",
        "types_listed", "types_none", "reputation_yes", "reputation_no",
        "priority_yes", "priority_no", "priority_unanswered", "quoted", "size_small_unverified",
    ),
    "point_reasons": [
        {
            "point": ID,
            "outcome": Enum("met", "not_met", "needs_review", "unknown"),
            "text": READING,
            "advice?": ADVICE,
        }
    ],
    "facts": [{"key": str, "name": LABEL}],
    "steps": {
        **_named(ADVICE, *_VERDICTS, "choose_district"),
        "district_unknown": LABEL,
    },
    "labels": {
        **_named(
            LABEL,
            "report_title", "notice", "verdict", "size_class", "size_unknown", "size_at_most",
            "conditions", "clause", "priority_factors", "none", "missing", "blocks",
            "next_steps", "materials", "evidence", "advice", "submission", "version",
            "checked_on", "as_of", "digest", "answers", "value_true", "value_false",
        ),
        "reading": READING,
        "disclaimer": READING,
    },
    "validation": _named(
        LABEL,
        "not_object", "unknown_key", "boolean", "integer", "number", "choice", "multi_choice",
        "duplicate_key", "invalid_json", "json_constant", "json_constant_anywhere", "json_too_deep", "json_number_too_long",
        "json_not_text", "lang", "as_of", "internal",
        "csv_boolean", "csv_integer", "csv_number", "csv_list", "csv_unknown_column",
        "csv_duplicate_column", "csv_short_row", "csv_extra_cells", "csv_empty",
        "file_unreadable", "file_unwritable", "file_encoding", "file_yaml", "file_yaml_unreadable",
        "yaml_unavailable", "arguments",
    ),
    "file_problems": _named(LABEL, "is_directory", "not_found", "no_permission", "other"),
    "cli": _named(
        LABEL,
        "description", "check", "batch", "format", "lang", "as_of", "out", "row_error",
        "batch_done", "error",
    ),
    "joiners": _named(LABEL, "list", "errors", "label"),
}

# What to prepare and how to submit, each with the clause it rests on (see materials.yaml):
# the notice's requirements in the site's words (reading), and the site's suggested evidence (advice).
MATERIALS = {
    "required": [{"id": ID, "clause": ID, "text": READING}],
    "evidence": [{"id": ID, "clause": ID, "only_if?": str, "text": ADVICE}],
    "submission": [{"id": ID, "clause": ID, "text": READING}],
}

SCHEMAS = {
    "questions": QUESTIONS,
    "messages": MESSAGES,
    "materials": MATERIALS,
}
