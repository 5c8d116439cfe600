"""Closed schemas of ``policy/selfcheck/*.yaml``: the self-check's questions, sentences, materials
and the wording rules. Every text declares whose it is (``policykit._types.VOICES``)."""

from __future__ import annotations

from ._types import ADVICE, DECISIONS, ID, LABEL, READING, Enum
from .schemas_aliases import ALIASES

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
    ],
    "link_order": [str],
}


def _named(voice, *names: str) -> dict[str, object]:
    """A closed mapping of these names, each a language map of ``voice``."""
    return {name: voice for name in names}


_VERDICTS = ("eligible", "needs_review", "incomplete", "not_eligible")
_COMPARISONS = ("gte", "gt", "lte", "lt")
#: How many of the answers an incomplete verdict waits for were answered "not sure".
_UNSURE = ("only", "mixed")

#: Condition statuses: required conditions take the first four, priority-only conditions
#: applies / does_not_apply / unknown; a point no answer shows is judged_by_office.
STATUSES = ("met", "not_met", "needs_review", "unknown", "applies", "does_not_apply")
POINT_STATUSES = (*STATUSES, "judged_by_office")
#: The sections of a result, each named once (``words.sections``).
SECTIONS = (
    "result",
    "conditions",
    "reasons",
    "size_class",
    "priority_factors",
    "open",
    "next_steps",
    "materials",
    "evidence",
    "submission",
    "answers",
)

# Every sentence the engine says. Each name is required: the engine looks every one of them up.
MESSAGES = {
    # The one table of the words of every state and section of a result.
    "words": {
        "verdicts": _named(LABEL, *_VERDICTS),
        "statuses": _named(LABEL, *POINT_STATUSES),
        "sections": _named(LABEL, *SECTIONS),
    },
    # A verdict's summary is the site's reading of the answers.
    "verdicts": {
        **{name: {"summary": READING} for name in _VERDICTS},
        "weighed_group": LABEL,
        "judged": READING,
        "pending": READING,
    },
    "headline": _named(LABEL, "line", "status", "weighed"),
    "brief": {"more": LABEL, "next": _named(ADVICE, *_VERDICTS)},
    "unsure": {
        "answer": LABEL,
        "mark": LABEL,
        "summaries": _named(READING, *_UNSURE),
        "steps": _named(ADVICE, *_UNSURE),
    },
    "labelled": LABEL,
    "condition_ref": LABEL,
    "clause_cite": LABEL,
    "open_point": LABEL,
    "condition_refs": LABEL,
    "size_classes": _named(LABEL, "large", "medium", "small", "micro"),
    "reasons": _named(
        READING,
        "answer_yes",
        "answer_no",
        "unanswered",
        "unsure",
        "office_judges",
        "office_weighs_priority",
        *(f"threshold_{outcome}_{c}" for c in _COMPARISONS for outcome in ("met", "not_met")),
        "editorial_threshold",
        "size_met",
        "size_not_met",
        "size_indicator",
        "size_bound",
        "size_no_group",
        "size_no_group_unsure",
        "size_missing",
        "size_missing_unsure",
        "size_missing_unsure_only",
        "types_listed",
        "types_none",
        "claim_yes",
        "claim_no",
        "priority_yes",
        "priority_no",
        "priority_unanswered",
        "priority_unanswered_unsure",
        "priority_unanswered_unsure_only",
        "quoted",
        "size_small_unverified",
    ),
    "point_reasons": [
        {
            "point": ID,
            "outcome": Enum(*POINT_STATUSES),
            "text?": READING,
            "advice?": ADVICE,
        }
    ],
    "above_size": {"reading": READING, "advice": ADVICE},
    # the rule of each kind of decision and of an open point, as the answers page states them
    "decisions": {**_named(READING, *DECISIONS), "open": READING},
    "facts": [{"key": str, "name": LABEL}],
    "steps": {
        **_named(ADVICE, *_VERDICTS, "choose_district"),
        "district_unknown": LABEL,
        "office": LABEL,
        "office_unconfirmed": LABEL,
    },
    "labels": {
        **_named(
            LABEL,
            "report_title",
            "notice",
            "verdict",
            "size_unknown",
            "size_at_most",
            "clause",
            "none",
            "blocks",
            "advice",
            "version",
            "checked_on",
            "as_of",
            "digest",
            "value_true",
            "value_false",
        ),
        "reading": READING,
        "disclaimer": READING,
    },
    "validation": _named(
        LABEL,
        "not_object",
        "unknown_key",
        "boolean",
        "integer",
        "number",
        "negative",
        "too_large",
        "choice",
        "multi_choice",
        "duplicate_key",
        "invalid_json",
        "json_constant",
        "json_constant_anywhere",
        "json_too_deep",
        "json_number_too_long",
        "json_not_text",
        "lang",
        "as_of",
        "as_of_day",
        "internal",
        "csv_short_row",
        "csv_extra_cells",
        "file_unreadable",
        "file_unwritable",
        "file_encoding",
        "file_yaml",
        "file_yaml_unreadable",
        "file_yaml_alias",
        "yaml_unavailable",
        "arguments",
    ),
    "limits": _named(
        LABEL,
        "answers_too_long",
        "request_too_long",
        "too_deep",
        "too_many_keys",
        "key_too_long",
        "list_too_long",
        "text_too_long",
        "cell_too_long",
        "damaged_from",
        "sheet_empty_run",
        "unclosed_quote",
        "batch_too_many_rows",
        "batch_too_large",
    ),
    "batch": {
        "columns": _named(
            LABEL,
            "row",
            "ref",
            "verdict",
            "problems",
            "open",
            "size_class",
            "condition",
            "priority_factors",
            "understood",
        ),
        "error_verdict": LABEL,
        "cell": LABEL,
        "summary": _named(LABEL, "total", "total_one", "part", "empty"),
        "stopped": LABEL,
    },
    "phrases": _named(LABEL, "unknown_key_near", "unknown_key_page", "option"),
    "file_problems": _named(LABEL, "is_directory", "not_found", "no_permission", "other"),
    "cli": _named(
        LABEL,
        "description",
        "check",
        "batch",
        "format",
        "lang",
        "as_of",
        "out",
        "batch_lang",
        "row_error",
        "batch_done",
        "error",
    ),
    "joiners": _named(LABEL, "list", "comma", "errors", "label"),
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
    "aliases": ALIASES,
}
