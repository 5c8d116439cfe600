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
from typing import Any

from ._advice import decide, missing_answers, next_steps, refs, verdict_params, verdict_words
from ._points import Judge, condition_status
from ._policy import Policy, policy
from ._report import ConditionResult, Report
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
        except ValueError:
            pass
    raise AnswerError([field_error("as_of", "as_of", got=show_value(str(as_of)))])


def split_unsure(answers: Mapping[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """The answers that say something, and the keys answered "not sure"."""
    known = {k: v for k, v in answers.items() if v != UNSURE}
    return known, frozenset(k for k, v in answers.items() if v == UNSURE)


def answers_digest(version: str | None, answers: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the data version and the answers (for receipts)."""
    canonical = json.dumps(
        {"version": version, "answers": dict(answers)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
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
                bound=i.bounds["small"],
                unit=Text.of(labels[i.id]["unit"]),
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


def evaluate(answers: Mapping[str, Any], *, lang: str = "zh", as_of: Any = None) -> Report:
    """Check one enterprise's answers against the conditions of the notice's section 二.

    Raises :class:`AnswerError` (every invalid field, in both languages) when the answers, the
    language or the date are invalid; otherwise always returns a report, whatever the verdict.
    """
    lang, as_of = check_lang(lang), check_as_of(as_of)
    clean = validate_answers(answers)
    pol = policy()
    known, unsure = split_unsure(clean)
    size = classify(known, pol.size_table)
    judge = Judge(known, pol, size, unsure)
    conditions = []
    for item in pol.conditions:
        points = tuple(judge.decide(point) for point in item["points"])
        status = condition_status(item["nature"], list(points))
        conditions.append(
            ConditionResult(
                key=item["key"],
                clause=item["id"],
                marker=Text.of(item["marker"]),
                title=Text.of(item["title"]),
                nature=item["nature"],
                status=status,
                status_text=pol.say("statuses", status),
                points=points,
            )
        )
    verdict = decide(conditions)
    params = verdict_params(conditions, pol)
    missing = missing_answers(conditions, pol, unsure)
    title, summary = verdict_words(verdict, missing, params, pol)
    return Report(
        verdict=verdict,
        title=title,
        summary=summary,
        size=size,
        conditions=tuple(conditions),
        priority_factors=tuple(k for k in pol.priority_keys if clean.get(k) is True),
        missing=missing,
        next_steps=next_steps(verdict, params, known, missing, pol),
        version=pol.version,
        compiled_on=pol.compiled_on,
        as_of=as_of,
        lang=lang,
        answers=clean,
        digest=answers_digest(pol.version, clean),
        disclaimer=Text.of(pol.messages["labels"]["disclaimer"]),
        size_note=size_note(size, conditions, pol),
    )
