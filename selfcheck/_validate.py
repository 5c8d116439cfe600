"""Strict checking of the public answer format, with every error named by field in both languages.

The format is a JSON object; a missing key means "not answered". Types follow
``policy/selfcheck/questions.yaml``: no numbers as strings, no booleans as numbers, whole numbers
for counts, no NaN or Infinity, no negatives, choices from the list files. All errors are
collected, so a user fixes every field in one go.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._policy import Policy, policy
from ._text import Text, join


@dataclass(frozen=True)
class FieldError:
    """One invalid field (``None`` when the error concerns the whole input)."""

    field: str | None
    zh: str
    en: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "zh": self.zh, "en": self.en}


class AnswerError(ValueError):
    """Invalid answers or parameters; ``errors`` holds one :class:`FieldError` per problem."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.en}" for e in self.errors))

    def to_list(self) -> list[dict[str, Any]]:
        return [error.to_dict() for error in self.errors]


def field_error(name: str, field: str | None, **params: Any) -> FieldError:
    """The validation message ``name`` for ``field``, filled in both languages."""
    text = policy().say("validation", name, field=field or "", **params)
    return FieldError(field, text.zh, text.en)


def clip(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for an error message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def show_value(value: Any) -> str:
    """A short rendering of a received value for an error message: as JSON writes it, or, for a
    value JSON has no type for (a YAML date), its text in quotes: “2026-01-01”, never Python's
    ``datetime.date(2026, 1, 1)``."""
    try:
        if isinstance(value, _JSON_TYPES):
            text = json.dumps(value, ensure_ascii=False, default=str)
        else:
            text = f"“{value}”"
    except (TypeError, ValueError, RecursionError):  # an int too long to print, a loop
        text = f"<{type(value).__name__}>"
    return clip(text)


def file_problem(exc: OSError) -> Text:
    """Why a file cannot be read or written, in both languages (``messages.file_problems``)."""
    pol = policy()
    if isinstance(exc, IsADirectoryError):
        return pol.say("file_problems", "is_directory")
    if isinstance(exc, FileNotFoundError):
        return pol.say("file_problems", "not_found")
    if isinstance(exc, PermissionError):
        return pol.say("file_problems", "no_permission")
    return pol.say("file_problems", "other", detail=exc.strerror or str(exc))


def allowed_text(values: Iterable[str], pol: Policy | None = None) -> Text:
    return join((Text.same(v) for v in values), (pol or policy()).joiner())


#: The answer "not sure", accepted for every question whose ``not_sure`` is true in questions.yaml
#: (all of them): an answer, not a missing one, though it settles nothing.
UNSURE = "unsure"

# The largest figure accepted: JavaScript's Number.MAX_SAFE_INTEGER. Beyond it a browser (the
# widget, a share link) cannot carry the answer exactly; no real count or amount comes near it.
MAX_FIGURE = 2**53 - 1


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_FIGURE


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value) and 0 <= value <= MAX_FIGURE
    return _is_whole(value)


def _check(key: str, kind: str, value: Any, choices: tuple[str, ...]) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return _is_whole(value)
    if kind == "number":
        return _is_number(value)
    if kind == "choice":
        return isinstance(value, str) and value in choices
    if kind == "multi_choice":
        return (
            isinstance(value, list)
            and all(isinstance(v, str) and v in choices for v in value)
            and len(set(value)) == len(value)
        )
    raise ValueError(f"unknown answer type {kind!r} for {key!r}")


def validate_answers(answers: Any) -> dict[str, Any]:
    """Return a clean copy of ``answers`` (in question order), or raise :class:`AnswerError`."""
    pol = policy()
    if not isinstance(answers, Mapping):
        raise AnswerError([field_error("not_object", None, example='{"employees": 350}')])
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for key, question in pol.questions.items():
        if key not in answers:
            continue
        value, kind = answers[key], question["type"]
        choices = pol.choices.get(key, ())
        if value == UNSURE and question.get("not_sure"):
            clean[key] = UNSURE
        elif _check(key, kind, value, choices):
            clean[key] = list(value) if kind == "multi_choice" else value
        else:
            errors.append(
                field_error(
                    kind,
                    key,
                    got=show_value(value),
                    max=MAX_FIGURE,
                    allowed=allowed_text(choices, pol),
                )
            )
    for key in answers:
        if key not in pol.questions:
            errors.append(
                field_error("unknown_key", str(key), allowed=allowed_text(pol.questions, pol))
            )
    if errors:
        raise AnswerError(errors)
    return clean
