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

SCHEMAS = {
    "questions": QUESTIONS,
}
