"""A tiny closed-schema checker for the policy YAML (no third-party dependency).

A schema is one of:

- a Python type (``str``, ``int``, ``bool``, ``float`` meaning int or float, ``type(None)``);
- ``LANG``: a language map ``{zh: str, en: str}``, both non-empty;
- ``Enum(a, b, ...)``: one of these values;
- ``ID``: a stable id (lowercase letters, digits and hyphens);
- ``Nullable(s)``: ``None`` or ``s``; ``AnyOf(s1, s2)``: the first that fits;
- ``[s]``: a list whose items fit ``s``;
- ``{"key": s, "key?": s}``: a mapping with exactly these keys (``?`` marks an optional key).
  Unknown keys are errors: the schema is closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class _Lang:
    def __repr__(self) -> str:
        return "LANG"


class _Id:
    def __repr__(self) -> str:
        return "ID"


LANG = _Lang()
ID = _Id()


@dataclass(frozen=True)
class Enum:
    values: tuple

    def __init__(self, *values: Any) -> None:
        object.__setattr__(self, "values", tuple(values))


@dataclass(frozen=True)
class Nullable:
    schema: Any


@dataclass(frozen=True)
class AnyOf:
    schemas: tuple

    def __init__(self, *schemas: Any) -> None:
        object.__setattr__(self, "schemas", tuple(schemas))


CONFIDENCE = Enum("checked", "secondary", "unverified", "not_found")
SOURCE = AnyOf(ID, [ID])


def check(value: Any, schema: Any, where: str) -> list[str]:
    """Return the problems of ``value`` against ``schema``; ``where`` names the place."""
    if schema is LANG:
        if not isinstance(value, dict) or set(value) != {"zh", "en"}:
            return [f"{where}: expected a language map {{zh, en}}, got {_show(value)}"]
        return [
            f"{where}.{lang}: empty or not text"
            for lang in ("zh", "en")
            if not isinstance(value[lang], str) or not value[lang].strip()
        ]
    if schema is ID:
        if isinstance(value, str) and ID_PATTERN.match(value):
            return []
        return [f"{where}: {_show(value)} is not a stable id (lowercase, digits, hyphens)"]
    if isinstance(schema, Enum):
        return [] if value in schema.values else [
            f"{where}: {_show(value)} is not one of {', '.join(map(str, schema.values))}"
        ]
    if isinstance(schema, Nullable):
        return [] if value is None else check(value, schema.schema, where)
    if isinstance(schema, AnyOf):
        attempts = [check(value, s, where) for s in schema.schemas]
        return [] if any(not a for a in attempts) else attempts[0]
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {_show(value)}"]
        problems: list[str] = []
        for index, item in enumerate(value):
            problems += check(item, schema[0], f"{where}[{index}]")
        return problems
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"{where}: expected a mapping, got {_show(value)}"]
        problems = []
        known = {key.rstrip("?"): key.endswith("?") for key in schema}
        for key in value:
            if key not in known:
                problems.append(f"{where}: unknown key {key!r} (allowed: {', '.join(known)})")
        for key, optional in known.items():
            sub = schema[key + "?" if optional else key]
            if key in value:
                problems += check(value[key], sub, f"{where}.{key}")
            elif not optional:
                problems.append(f"{where}: missing key {key!r}")
        return problems
    if schema is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected a number, got {_show(value)}"]
    if schema is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected a whole number, got {_show(value)}"]
    if isinstance(schema, type):
        return [] if isinstance(value, schema) else [
            f"{where}: expected {schema.__name__}, got {_show(value)}"
        ]
    raise TypeError(f"bad schema at {where}: {schema!r}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."
