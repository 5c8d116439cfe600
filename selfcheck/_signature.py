"""The answers as keys of the engine's memos (``selfcheck._engine``, ``_points``): a point, a
condition or a size class is kept by the answers it reads, so two enterprises share a result only
when their answers would be written alike in a report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_UNSURE_MARK = ("unsure",)  # a value no answer has (lists become tuples of strings)


def signature_value(value: Any) -> Any:
    """One answer as part of a memo's key. Values that compare equal but are written differently in
    a report must not share a key: ``0``, ``0.0`` and ``-0.0`` (and ``1`` and ``True``) are equal in
    Python, so a number carries its type, a float its exact spelling; lists become tuples."""
    cls = value.__class__
    if cls is str or value is None:
        return value
    if cls is float:
        return (float, value.hex())
    if cls is list:
        return tuple(map(signature_value, value))
    return (cls, value)


def signature_values(answers: Mapping[str, Any], unsure: frozenset[str]) -> dict[str, Any]:
    """The answers as keys of a memo (:func:`signature_value`), "not sure" as a value no answer has."""
    values = {k: signature_value(v) for k, v in answers.items()}
    for key in unsure:
        values[key] = _UNSURE_MARK
    return values
