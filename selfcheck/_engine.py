"""``evaluate``: one enterprise's answers in, a :class:`Report` out.

Pure and deterministic: the same answers, language and date give the same report, in CPython and
in Pyodide. ``as_of`` is a parameter (default today) so that tests and receipts can pin it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._advice import (
    brief,
    decide,
    headline,
    missing_answers,
    next_steps,
    refs,
    verdict_params,
    verdict_words,
    weighed_points,
)
from ._echo import show_text
from ._points import Judge, condition_status
from ._policy import Policy, policy
from ._quantity import quantity
from ._report import ConditionResult, MissingAnswer, Report
from ._signature import signature_value, signature_values
from ._size import SizeResult, classify
from ._text import LANGS, Text, join
from ._validate import (
    UNSURE,
    AnswerError,
    allowed_text,
    field_error,
    show_value,
    validate_answers,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_lang(lang: Any) -> str:
    """``lang`` if it is ``zh`` or ``en``; else :class:`AnswerError` on the field ``lang``."""
    if lang in LANGS:
        return lang
    error = field_error("lang", "lang", got=show_value(lang), allowed=allowed_text(LANGS))
    raise AnswerError([error])


def check_as_of(as_of: Any) -> str:
    """The report date as ``YYYY-MM-DD`` (today when None)."""
    if as_of is None:
        return _dt.date.today().isoformat()
    if isinstance(as_of, _dt.date) and not isinstance(as_of, _dt.datetime):
        return as_of.isoformat()
    if isinstance(as_of, str) and _ISO_DATE.match(as_of):
        try:
            return _dt.date.fromisoformat(as_of).isoformat()
        except ValueError:  # the shape of a date, but no such day (2026-02-30)
            raise AnswerError([field_error("as_of_day", "as_of", got=as_of)]) from None
    got = show_value(as_of) if not isinstance(as_of, str) else show_text(as_of)
    raise AnswerError([field_error("as_of", "as_of", got=got)])


def split_unsure(answers: Mapping[str, Any]) -> tuple[Mapping[str, Any], frozenset[str]]:
    """The answers that say something, and the keys answered "not sure"."""
    if UNSURE not in answers.values():
        return answers, frozenset()
    known = {k: v for k, v in answers.items() if v != UNSURE}
    return known, frozenset(k for k, v in answers.items() if v == UNSURE)


# The canonical JSON of the digest: keys sorted, non-ASCII as it is, no spaces (one encoder, made
# once: json.dumps with options makes a new one at every call).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def answers_digest(version: str | None, answers: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the data version and the answers (for receipts)."""
    canonical = _CANONICAL({"version": version, "answers": dict(answers)})
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def size_note(size: SizeResult, conditions: list[ConditionResult], pol: Policy) -> Text | None:
    """The caveat on a small or micro class when the group's small bounds are not checked
    against the official table (``small_confidence`` in ``lists/nbs-size-2017.yaml``)."""
    if size.size_class not in ("small", "micro"):
        return None
    group = pol.size_group(size.group)
    if group.get("small_confidence", group["confidence"]) == "checked":
        return None
    labels = pol.size_indicators
    bounds = join(
        (
            pol.say(
                "reasons",
                "size_bound",
                indicator=Text.of(labels[i.id]["label"]),
                bound=quantity(i.bounds["small"], labels[i.id]["unit"], pol),
            )
            for i in size.indicators
        ),
        pol.joiner(),
    )

    # The conditions whose size point treats small and micro alike: the split does not touch them.
    def alike(point_id: str) -> bool:
        accepted = pol.points[point_id].get("size_classes")
        return accepted is not None and ("small" in accepted) == ("micro" in accepted)

    untouched = [c for c in conditions if any(alike(p.point) for p in c.points)]
    return pol.say(
        "reasons",
        "size_small_unverified",
        group=Text.of(group["name"]),
        bounds=bounds,
        conditions=refs(untouched, pol),
        **{"class": Text.of(pol.messages["size_classes"][size.size_class])},
    )


@dataclass(slots=True)
class Assessment:
    """What the answers decide, before anything is said about it: the answers (clean, and those
    that say something), the keys answered "not sure", the size class, each condition with its
    points (their sentences are written only when read), the verdict and what would settle it.
    :func:`evaluate` words it as a :class:`Report`; a batch reads the statuses only."""

    answers: Mapping[str, Any]
    known: Mapping[str, Any]
    unsure: frozenset[str]
    size: SizeResult
    conditions: tuple[ConditionResult, ...]
    verdict: str
    missing: tuple[MissingAnswer, ...]

    @property
    def priority_factors(self) -> tuple[str, ...]:
        return tuple(k for k in policy().priority_keys if self.known.get(k) is True)


# What has been decided, by policy (the entry keeps the policy alive, so its id is not reused):
# size classes by the answers they read, conditions by the answers their points read. A condition
# depends on nothing else, so an enterprise that gives the same answers to a condition's questions
# gets the very same result; a batch decides each distinct condition once. Cleared when full.
_MEMO: dict[int, tuple[Policy, dict[str, dict[tuple, Any]]]] = {}
_MEMO_MAX = 4_000


def _memo(pol: Policy, name: str) -> dict[tuple, Any]:
    found = _MEMO.get(id(pol))
    if found is None or found[0] is not pol:
        found = _MEMO[id(pol)] = (pol, {"size": {}, "condition": {}, "point": {}})
    memo = found[1][name]
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    return memo


def assess(clean: Mapping[str, Any], pol: Policy | None = None) -> Assessment:
    """Decide every point and condition for valid answers (see :func:`validate_answers`)."""
    pol = pol or policy()
    known, unsure = split_unsure(clean)
    values = signature_values(known, unsure)
    size_keys = pol.size_keys
    memo = _memo(pol, "size")
    signature = tuple(signature_value(known.get(key)) for key in size_keys)
    size = memo.get(signature)
    if size is None:
        size = memo[signature] = classify(known, pol.size_table)
    judge = None
    words = pol.condition_words
    memo = _memo(pol, "condition")
    conditions = []
    for item, keys in pol.condition_inputs:
        signature = (item["key"], *map(values.get, keys))
        found = memo.get(signature)
        if found is None:
            if judge is None:
                judge = Judge(known, pol, size, unsure, values, _memo(pol, "point"))
            points = [judge.decide(point) for point in item["points"]]
            status = condition_status(item["nature"], points)
            marker, title = words[item["key"]]
            found = memo[signature] = ConditionResult(
                key=item["key"],
                clause=item["id"],
                marker=marker,
                title=title,
                nature=item["nature"],
                status=status,
                status_text=pol.status_words[status],
                points=tuple(points),
            )
        conditions.append(found)
    return Assessment(
        answers=clean,
        known=known,
        unsure=unsure,
        size=size,
        conditions=tuple(conditions),
        verdict=decide(conditions),
        missing=missing_answers(conditions, pol, unsure),
    )


def evaluate(answers: Mapping[str, Any], *, lang: str = "zh", as_of: Any = None) -> Report:
    """Check one enterprise's answers against the conditions of the notice's section 二.

    Raises :class:`AnswerError` (every invalid field, in both languages) when the answers, the
    language or the date are invalid; otherwise always returns a report, whatever the verdict.
    """
    lang, as_of = check_lang(lang), check_as_of(as_of)
    clean = validate_answers(answers)
    pol = policy()
    found = assess(clean, pol)
    conditions, verdict, missing = list(found.conditions), found.verdict, found.missing
    params = verdict_params(conditions, pol)
    title, summary = verdict_words(verdict, missing, params, pol)
    return Report(
        verdict=verdict,
        title=title,
        summary=summary,
        size=found.size,
        conditions=found.conditions,
        priority_factors=found.priority_factors,
        missing=missing,
        next_steps=next_steps(verdict, params, found.known, missing, pol),
        version=pol.version,
        compiled_on=pol.compiled_on,
        as_of=as_of,
        lang=lang,
        answers=clean,
        digest=answers_digest(pol.version, clean),
        disclaimer=Text.of(pol.messages["labels"]["disclaimer"]),
        size_note=size_note(found.size, conditions, pol),
        headline=headline(verdict, conditions, pol),
        weighed=tuple((c.key, p.point) for c, p in weighed_points(conditions)),
        brief=brief(verdict, conditions, missing, params, found.known, pol),
    )
