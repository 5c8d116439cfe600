"""Strict checking of the public answer format, with every error named by field in both languages.

The format is a JSON object; a missing key means "not answered". Types follow
``policy/selfcheck/questions.yaml``: no numbers as strings, no booleans as numbers, whole numbers
for counts, no NaN or Infinity, no negatives, choices from the list files. All errors are
collected, so a user fixes every field in one go.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._echo import show_text, show_value
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
    """The validation message ``name`` for ``field``, filled in both languages. A field that is a
    question is said as the form asks it (``{question}``); any other is shown as written (cut,
    printable). ``field`` itself (for programs) stays the key."""
    pol = policy()
    shown = show_text(field) if field else ""
    if "question" not in params:
        question = pol.questions.get(field) if field else None
        params["question"] = Text.of(question["label"]) if question else Text.same(shown)
    text = pol.say("validation", name, field=shown, **params)
    return FieldError(field, text.zh, text.en)


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


def figure_example(key: str, pol: Policy) -> Text:
    """How the answer format writes a figure of question ``key`` (``例如 3亿元 填 30000``)."""
    unit = pol.questions[key].get("unit", {}).get("zh")
    for entry in pol.raw["selfcheck"]["aliases"]["numbers"]["units"]:
        if entry["unit"] == unit:
            return Text.of(entry["plain"])
    return Text.same("0")


def options_text(key: str, pol: Policy) -> Text:
    """The options of a choice question as the answer format writes them, each with its name:
    ``futian（福田区）、luohu（罗湖区）…``."""
    question = pol.questions[key]
    if "options" in question:
        names = {o["value"]: o["label"] for o in question["options"]}
    else:
        source = pol.raw["lists"][question["options_from"]]
        names = {e["id"]: e["name"] for e in source.get("groups") or source.get("entries")}
    items = (
        pol.say("phrases", "option", code=code, label=Text.of(names[code]))
        for code in pol.choices[key]
    )
    return join(items, pol.joiner("errors"))


def type_problem(key: str, kind: str, value: Any, pol: Policy) -> FieldError:
    """The error for a value of ``key`` that is not of its type, in the reader's words."""
    got = show_value(value)
    if kind in ("integer", "number"):
        figure = isinstance(value, int) and not isinstance(value, bool)
        figure = figure or (isinstance(value, float) and not math.isnan(value))
        if figure and value < 0:
            return field_error("negative", key, got=got)
        if figure and value > MAX_FIGURE:  # Infinity too
            return field_error("too_large", key, got=got)
        return field_error(kind, key, got=got, example=figure_example(key, pol))
    if kind in ("choice", "multi_choice"):
        return field_error(kind, key, got=got, allowed=options_text(key, pol))
    return field_error(kind, key, got=got)


def unknown_key(key: str, pol: Policy) -> FieldError:
    """A key that is no question: said as written, with the nearest question if one is close."""
    near = difflib.get_close_matches(str(key)[:100], list(pol.questions), n=1, cutoff=0.75)
    if near:
        question = Text.of(pol.questions[near[0]]["label"])
        hint = pol.say("phrases", "unknown_key_near", question=question, key=near[0])
    else:
        hint = pol.say("phrases", "unknown_key_page")
    return field_error("unknown_key", str(key), hint=hint)


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
            errors.append(type_problem(key, kind, value, pol))
    errors += [unknown_key(key, pol) for key in answers if key not in pol.questions]
    if errors:
        raise AnswerError(errors)
    return clean
