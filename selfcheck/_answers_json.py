"""Answers as JSON text, read strictly: the one reader of the browser's bridge and of the command
line's answer files. NaN and Infinity are refused (the error names the field that holds one), a key
given twice is an error, and the text is measured before it is parsed (size, nesting: see
:mod:`selfcheck._limits`)."""

from __future__ import annotations

import json
from typing import Any

from ._limits import check_json_text, check_parsed
from ._policy import policy
from ._validate import AnswerError, field_error, type_problem


class DuplicateKey(ValueError):
    """A key given twice in one object (raised while parsing JSON, or YAML on the CLI)."""

    def __init__(self, key: Any) -> None:
        super().__init__(key)
        self.key = key


class _NonFinite:
    """NaN, Infinity or -Infinity as read from JSON: kept as a marker so that the error can name
    the field that holds it (JSON itself has no such numbers)."""

    def __init__(self, name: str) -> None:
        self.name = name


def _non_finite_in(value: Any) -> _NonFinite | None:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, _NonFinite):
            return node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def _as_floats(value: Any) -> Any:
    """``value`` with each NaN or Infinity marker as the float it names (to be shown back)."""
    if isinstance(value, _NonFinite):
        return float(value.name)
    if isinstance(value, list):
        return [_as_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_floats(v) for k, v in value.items()}
    return value


def _constant_error(key: str, value: Any, found: _NonFinite) -> Any:
    """NaN or Infinity in the answer to ``key``: for a figure, not a number; for any other
    question, the value refused as its type refuses any value (a list of types holding NaN is not
    a list of types)."""
    pol = policy()
    question = pol.questions.get(key)
    if question is None or question["type"] in ("integer", "number"):
        return field_error("json_constant", key, got=found.name)
    return type_problem(key, question["type"], _as_floats(value), pol)


def parse_answers(text: str) -> Any:
    """Parse answer JSON strictly; raise :class:`AnswerError` when it is too long or nests too
    deeply (both checked before parsing: see :mod:`selfcheck._limits`), is not valid JSON, names
    a key twice, holds NaN or Infinity (the error names the field that holds it), or holds too
    many keys or items or too long a text."""
    if isinstance(text, str):
        check_json_text(text)
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_NonFinite)
    except DuplicateKey as dup:
        error = field_error("duplicate_key", str(dup.key))
    except json.JSONDecodeError as exc:
        error = field_error("invalid_json", None, line=exc.lineno, column=exc.colno)
    except RecursionError:
        error = field_error("json_too_deep", None)
    except ValueError:  # the only other one: an integer beyond Python's digit limit
        error = field_error("json_number_too_long", None)
    except TypeError:
        error = field_error("json_not_text", None, got=type(text).__name__)
    else:
        if isinstance(value, dict):
            errors = [
                _constant_error(key, v, found)
                for key, v in value.items()
                if (found := _non_finite_in(v)) is not None
            ]
        else:
            found = _non_finite_in(value)
            errors = [field_error("json_constant_anywhere", None, got=found.name)] if found else []
        if errors:
            raise AnswerError(errors)
        check_parsed(value)
        return value
    raise AnswerError([error])
