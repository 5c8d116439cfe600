"""Closed schemas of ``policy/selfcheck/*.yaml``: the self-check's questions, sentences, materials
and the wording rules. Every text declares whose it is (``policykit._types.VOICES``)."""

from __future__ import annotations

from typing import Any

from ._types import ADVICE, CONFIDENCE, ID, LABEL, READING, SOURCE, Enum

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
#: How many of the answers an incomplete verdict waits for were answered "not sure".
_UNSURE = ("only", "mixed")

#: Condition statuses: required conditions take the first four, priority-only conditions
#: applies / does_not_apply / unknown.
STATUSES = ("met", "not_met", "needs_review", "unknown", "applies", "does_not_apply")

# Every sentence the engine says. Each name is required: the engine looks every one of them up.
MESSAGES = {
    "statuses": _named(LABEL, *STATUSES),
    "verdicts": {name: {"title": READING, "summary": READING} for name in _VERDICTS},
    "unsure": {
        "answer": LABEL,
        "mark": LABEL,
        "verdicts": {name: {"title": READING, "summary": READING} for name in _UNSURE},
        "steps": _named(ADVICE, *_UNSURE),
        "missing": _named(LABEL, *_UNSURE),
    },
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
        "reputation_yes",
        "reputation_no",
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
            "report_title",
            "notice",
            "verdict",
            "size_class",
            "size_unknown",
            "size_at_most",
            "conditions",
            "clause",
            "priority_factors",
            "none",
            "missing",
            "blocks",
            "next_steps",
            "materials",
            "evidence",
            "advice",
            "submission",
            "version",
            "checked_on",
            "as_of",
            "digest",
            "answers",
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
        "open": _named(READING, "not_met", "missing", "unsure", "review"),
        "summary": _named(
            LABEL,
            "total",
            "total_one",
            "eligible",
            "needs_review",
            "incomplete",
            "not_eligible",
            "errors",
            "empty",
        ),
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

# How the self-check reads what people type or write in a spreadsheet (aliases.yaml): the words
# for yes/no/not sure, units and magnitudes, short names of the options, spreadsheet headers, and
# the sentences said about them. Every word is the site's reading of common usage.
WORDS = [str]
ANSWER_IDS = Enum("yes", "no", "unsure", "none")

ALIASES = {
    "id": Enum("aliases"),
    "basis": Enum("editorial"),
    "note": READING,
    "answers": [{"id": ANSWER_IDS, "shown": LABEL, "words": WORDS}],
    "meanings": [{"key": str, "yes": READING, "no": READING}],
    "numbers": {
        "magnitudes": [{"word": str, "power": int}],
        "currency": WORDS,
        "units": [
            {
                "unit": str,
                "power": int,
                "words": WORDS,
                "magnitudes": WORDS,
                "currency": bool,
                "large?": {"zh": str, "en": str},
                "example": LABEL,
                "plain": LABEL,
            }
        ],
        "approximate": WORDS,
        "range": WORDS,
        "abbreviations": WORDS,
    },
    "names": [
        {
            "key": str,
            "prefixes": WORDS,
            "suffixes": WORDS,
            "aliases": [
                {"value": str, "words": WORDS, "source?": SOURCE, "confidence": CONFIDENCE}
            ],
        }
    ],
    "separators": WORDS,
    "headers": {
        "with_unit": LABEL,
        "ref": {"label": LABEL, "words": WORDS},
        "aliases": [{"key": str, "words": WORDS}],
        "example_words": WORDS,
    },
    # What the site says it understood from a typed answer: its reading.
    "understood": {
        name: READING for name in ("figure", "amount", "amount_large", "answer", "answer_meaning")
    },
    "errors": {
        name: LABEL
        for name in (
            "number",
            "approximate",
            "range",
            "negative",
            "abbreviation",
            "separators",
            "wrong_unit",
            "unclear_unit",
            "not_whole",
            "too_large",
            "too_long",
            "yes_no",
            "yes_no_only",
            "choice",
            "ambiguous",
            "multi_item",
            "none_mixed",
            "unsure_mixed",
            "unsure_not_allowed",
        )
    },
    "sheet": {
        "names": {name: LABEL for name in ("answers", "guide", "lists", "results", "summary")},
        "title": LABEL,
        "notes": [READING],
        "example": LABEL,
        "example_word": LABEL,
        "guide_columns": {
            name: LABEL for name in ("column", "question", "unit", "values", "help", "more")
        },
        "values": {
            name: LABEL
            for name in ("ref", "boolean", "integer", "number", "choice", "multi_choice")
        },
        "choice_prompt": LABEL,
        "more_keys": LABEL,
        "more_values": LABEL,
        "prompt_title": LABEL,
        "multi_note": LABEL,
        "dropdown_error": LABEL,
        "figure_error": LABEL,
        "unavailable": LABEL,
        "problems": {
            name: LABEL
            for name in (
                "not_xlsx",
                "old_xls",
                "xlsx_as_csv",
                "encoding",
                "binary",
                "empty",
                "no_header",
                "duplicate_column",
                "formula",
                "no_sheet",
                "ignored",
                "example_skipped",
            )
        },
    },
    "example_row": dict,  # answer key -> answer; aliases_problems() checks the keys, the engine the values
}


def _words_are_text(node: Any, where: str) -> list[str]:
    """Every leaf of a word list is a non-empty string (YAML 1.1 turns a bare yes into True)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                out.append(f"{where}: key {key!r} is not text (quote it)")
            out += _words_are_text(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _words_are_text(value, f"{where}[{i}]")
    elif isinstance(node, str) and not node:
        out.append(f"{where}: empty text")
    return out


def aliases_problems(data: Any, policy: dict[str, Any]) -> list[str]:
    """What the aliases file refers to in the policy (its schema is checked like every file's):
    answer keys, option codes, units, sources; and words that YAML read as something else."""
    found = _words_are_text(data, "aliases")
    questions = {q["key"]: q for q in policy["selfcheck"]["questions"]["questions"]}
    choices: dict[str, list[str]] = {}
    for key, q in questions.items():
        if "options" in q:
            choices[key] = [o["value"] for o in q["options"]]
        elif "options_from" in q:
            lst = policy["lists"][q["options_from"]]
            choices[key] = [e["id"] for e in lst.get("groups") or lst.get("entries")]
    ids = [a["id"] for a in data["answers"]]
    if sorted(ids) != sorted(["yes", "no", "unsure", "none"]):
        found.append(f"aliases.answers: ids {ids} must be yes, no, unsure, none once each")
    for m in data["meanings"]:
        if questions.get(m["key"], {}).get("type") != "boolean":
            found.append(f"aliases.meanings: {m['key']!r} is not a yes/no question")
    units = {u["unit"] for u in data["numbers"]["units"]}
    magnitudes = {m["word"] for m in data["numbers"]["magnitudes"]}
    for q in questions.values():
        if q["type"] in ("integer", "number") and q.get("unit", {}).get("zh") not in units:
            found.append(f"aliases.numbers.units: no entry for the unit of {q['key']!r}")
    for u in data["numbers"]["units"]:
        for word in u["magnitudes"] + list(u.get("large", {}).values()):
            if word not in magnitudes:
                found.append(f"aliases.numbers.units[{u['unit']}]: {word!r} is not a magnitude")
    for n in data["names"]:
        if n["key"] not in choices:
            found.append(f"aliases.names: {n['key']!r} is not a choice question")
            continue
        for a in n["aliases"]:
            if a["value"] not in choices[n["key"]]:
                found.append(f"aliases.names[{n['key']}]: {a['value']!r} is not one of its codes")
            for ref in (
                [a.get("source")] if isinstance(a.get("source"), str) else a.get("source", [])
            ):
                if ref not in policy["sources"]:
                    found.append(
                        f"aliases.names[{n['key']}]: source {ref!r} is not in sources.yaml"
                    )
    for h in data["headers"]["aliases"]:
        if h["key"] not in questions:
            found.append(f"aliases.headers.aliases: {h['key']!r} is not an answer key")
    if set(data["example_row"]) != set(questions):
        found.append("aliases.example_row: must give every answer key once")
    return found


SCHEMAS = {
    "questions": QUESTIONS,
    "messages": MESSAGES,
    "materials": MATERIALS,
    "aliases": ALIASES,
}
