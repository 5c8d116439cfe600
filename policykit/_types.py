"""A tiny closed-schema checker for the policy YAML (no third-party dependency).

A schema is one of:

- a Python type (``str``, ``int``, ``bool``, ``float`` meaning int or float, ``type(None)``);
- ``Lang(voice)``: a language map ``{zh: str, en: str}``, both non-empty, saying whose sentence it
  is (see ``VOICES``); the ready-made ``NOTICE``, ``READING``, ``ADVICE``, ``FACT_TEXT`` and
  ``LABEL`` are the usual ones. ``Lang(voice_of)`` with a function of the enclosing mapping picks the
  voice from a sibling field (a threshold's phrase is the notice's only when its basis is);
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


#: Whose sentence a text is. Every language map in policy/ has one, fixed by its schema:
#: notice   the notice's own words (zh verbatim; en the site's unofficial translation);
#: reading  the site's explanation or reading of the notice, or of the reader's answers;
#: advice   the site's advice, or evidence the site suggests (never what satisfies a clause);
#: fact     a fact from another source, which the same mapping (or its entry) names in ``source``;
#: label    a name, heading or interface word of the site (no claim).
VOICES = ("notice", "reading", "advice", "fact", "label")


@dataclass(frozen=True)
class Lang:
    """A language map and whose sentence it is (a voice, or a function of the parent mapping)."""

    voice: Any

    def voice_in(self, parent: Any) -> str:
        return self.voice(parent) if callable(self.voice) else self.voice

    def __repr__(self) -> str:
        return f"Lang({self.voice if isinstance(self.voice, str) else 'by parent'})"


NOTICE = Lang("notice")
READING = Lang("reading")
ADVICE = Lang("advice")
FACT_TEXT = Lang("fact")
LABEL = Lang("label")


class _Id:
    def __repr__(self) -> str:
        return "ID"


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
    if isinstance(schema, Lang):
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
        return (
            []
            if value in schema.values
            else [f"{where}: {_show(value)} is not one of {', '.join(map(str, schema.values))}"]
        )
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
        return (
            []
            if isinstance(value, schema)
            else [f"{where}: expected {schema.__name__}, got {_show(value)}"]
        )
    raise TypeError(f"bad schema at {where}: {schema!r}")


def said(value: Any, schema: Any, where: str = "", parent: Any = None):
    """Every language map in ``value`` with its voice: ``(where, voice, {zh, en})`` in order.

    Flat facts (a mapping with ``zh``, ``en`` and ``source``, schema ``FACT``) count as language maps
    of voice ``fact``. Values that do not fit their schema are skipped (``check`` reports them).
    """
    if isinstance(schema, Lang):
        if isinstance(value, dict) and {"zh", "en"} <= set(value):
            yield where, schema.voice_in(parent), value
    elif isinstance(schema, Nullable):
        if value is not None:
            yield from said(value, schema.schema, where, parent)
    elif isinstance(schema, AnyOf):
        fitting = next((s for s in schema.schemas if not check(value, s, where)), None)
        if fitting is not None:
            yield from said(value, fitting, where, parent)
    elif isinstance(schema, list) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from said(item, schema[0], f"{where}[{index}]", parent)
    elif isinstance(schema, dict) and isinstance(value, dict):
        if schema.get("zh") is str and schema.get("en") is str:
            # A flat fact {zh, en, source, confidence}; a flat statement without source is the
            # site's own (e.g. districts.addresses).
            yield where, "fact" if "source" in schema else "reading", value
            return
        for key, sub in schema.items():
            name = key.rstrip("?")
            if name in value:
                yield from said(value[name], sub, f"{where}.{name}", value)


def langs_in(schema: Any, where: str = ""):
    """Every ``Lang`` in a schema, with its place (for the test that each declares a voice)."""
    if isinstance(schema, Lang):
        yield where, schema
    elif isinstance(schema, Nullable):
        yield from langs_in(schema.schema, where)
    elif isinstance(schema, AnyOf):
        for s in schema.schemas:
            yield from langs_in(s, where)
    elif isinstance(schema, list):
        yield from langs_in(schema[0], f"{where}[]")
    elif isinstance(schema, dict):
        for key, sub in schema.items():
            yield from langs_in(sub, f"{where}.{key.rstrip('?')}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


#: How the self-check decides a point (the engine has one method per kind):
#: answer        a yes/no answer; ``meets_when`` is the answer that meets it (default true)
#: threshold     a count compared with the point's threshold
#: size_class    the NBS size class against ``size_classes``
#: listed_types  the "in principle" types: none listed leaves the point to the district
#: claim         a point the notice leaves to judgment, asked as the enterprise's own assessment:
#:               yes is met and no is not met on that answer; the district HR department judges it
#: office        no answer can show it: the district HR department judges it from the materials
#: priority      a priority factor: applies when any of its keys is answered yes
DECISIONS = ("answer", "threshold", "size_class", "listed_types", "claim", "office", "priority")
