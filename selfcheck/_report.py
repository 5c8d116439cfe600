"""The report: frozen dataclasses with ``to_dict()`` giving the stable JSON (``--format json``).

The JSON keeps both languages of every sentence; ``lang`` only says which one the reader chose
(for the text and Markdown renderings and the widget). It says whose sentence each one is: every
reason is the site's reading of the answers (``voice: "reading"``), a point's ``advice`` and the
next steps of kind ``advice`` are the site's advice, and each material says whether the notice
requires it (``basis: "notice"``) or the site suggests it (``basis: "site"``).

``FORMAT`` is the version of this JSON; the answers page lists what changed between versions.

Each condition also says how a reader takes it in at a glance: ``lead``, the points that decide
its status (not met, to be confirmed, left to the district), said in full with their advice, and
``lines``, one line for each other state of its points ("符合：…", "由区人力资源部门结合申报材料判断：
…"). The report's ``headline`` is the verdict with what is still open, ``weighed`` the points the
district weighs from the materials, and ``brief`` the lines of the summary for a chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._points import OFFICE, PointResult
from ._policy import policy
from ._quantity import shown_indicators
from ._size import SizeResult
from ._text import Text, fill, join

#: Version of the report JSON. 2: markers as {zh, en}; priority-only conditions take the statuses
#: applies / does_not_apply / unknown; reasons carry their voice and points their advice; materials
#: carry their basis; ``checked_on`` became ``compiled_on``. 3: an answer may be ``"unsure"`` (not
#: sure), and each entry of ``missing`` says whether it was answered so (``unsure``). 4: the report
#: has ``headline``, ``weighed`` and ``brief``, each condition ``lead`` and ``lines``.
FORMAT = 4

#: The point statuses that decide a condition and lead its card, in full.
LEAD = ("not_met", "unknown", "needs_review")
#: The order of the one-line groups of the other points.
LINES = ("met", "applies", "does_not_apply", "unknown", OFFICE)


@dataclass(slots=True)
class ConditionResult:
    """One condition of section 二 (its report key ``cN`` and its clause id). Not frozen, for
    speed (a batch makes eight per enterprise); nothing changes one once made."""

    key: str
    clause: str
    marker: Text
    title: Text
    nature: str
    status: str
    status_text: Text
    points: tuple[PointResult, ...]

    def lead(self) -> list[PointResult]:
        """The points that decide the status (priority points only in a priority condition)."""
        return [
            p
            for p in self.points
            if p.status in LEAD and (p.nature != "priority" or self.nature == "priority")
        ]

    def lines(self) -> list[tuple[str, list[PointResult], Text]]:
        """The other points, one line per status: the status's word and the points' clauses."""
        pol = policy()
        lead = {p.point for p in self.lead()}
        out = []
        for status in LINES:
            points = [p for p in self.points if p.status == status and p.point not in lead]
            if points:
                items = join(
                    (Text.of(pol.points[p.point]["text"]) for p in points), pol.joiner("errors")
                )
                said = fill(pol.messages["labelled"], label=pol.status_words[status], items=items)
                out.append((status, points, said))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "marker": self.marker.to_dict(),
            "title": self.title.to_dict(),
            "nature": self.nature,
            "status": self.status,
            "status_text": self.status_text.to_dict(),
            "reasons": [
                {"point": p.point, "voice": "reading", **p.reason.to_dict()} for p in self.points
            ],
            "points": [p.to_dict() for p in self.points],
            "lead": [p.point for p in self.lead()],
            "lines": [
                {"status": status, "points": [p.point for p in points], **said.to_dict()}
                for status, points, said in self.lines()
            ],
        }


@dataclass(frozen=True)
class MissingAnswer:
    """A key that keeps required conditions (their report keys) from being settled: not answered,
    or answered "not sure" (``unsure``)."""

    key: str
    blocks: tuple[str, ...]
    question: Text
    unsure: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "blocks": list(self.blocks),
            "question": self.question.to_dict(),
            "unsure": self.unsure,
        }


@dataclass(frozen=True)
class NextStep:
    """One thing to do: ``advice`` (by verdict), a ``material`` to prepare, or a ``submission``
    step. ``basis`` says whose it is: ``notice`` (the notice requires it; the text is the site's
    summary of the clause) or ``site`` (the site's advice or suggested evidence)."""

    id: str
    kind: str
    clause: str | None
    text: Text
    basis: str = "site"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "clause": self.clause,
            "basis": self.basis,
            **self.text.to_dict(),
        }


@dataclass(frozen=True)
class Report:
    """The self-check of one enterprise: verdict, each condition with reasons, what to do next."""

    verdict: str
    title: Text
    summary: Text
    size: SizeResult
    conditions: tuple[ConditionResult, ...]
    priority_factors: tuple[str, ...]
    missing: tuple[MissingAnswer, ...]
    next_steps: tuple[NextStep, ...]
    version: str | None
    compiled_on: str | None
    as_of: str
    lang: str
    answers: Mapping[str, Any] = field(hash=False)
    digest: str = ""
    disclaimer: Text = Text("", "")
    size_note: Text | None = None
    headline: Text = Text("", "")
    weighed: tuple[tuple[str, str], ...] = ()  # (condition key, point id)
    brief: tuple[Text, ...] = ()

    @property
    def size_class(self) -> str | None:
        return self.size.size_class

    def condition(self, key: str) -> ConditionResult:
        """The condition with report key ``key`` (``cN``)."""
        return next(c for c in self.conditions if c.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "verdict": self.verdict,
            "title": self.title.to_dict(),
            "headline": self.headline.to_dict(),
            "summary": self.summary.to_dict(),
            "weighed": [
                {"condition": c, "point": p, "text": Text.of(policy().points[p]["text"]).to_dict()}
                for c, p in self.weighed
            ],
            "brief": [line.to_dict() for line in self.brief],
            "size_class": self.size_class,
            "size": {
                **self.size.to_dict(),
                "indicators": shown_indicators(self.size.indicators, policy()),
                "note": self.size_note.to_dict() if self.size_note else None,
            },
            "conditions": {c.key: c.to_dict() for c in self.conditions},
            "priority_factors": list(self.priority_factors),
            "missing": [m.to_dict() for m in self.missing],
            "next_steps": [s.to_dict() for s in self.next_steps],
            "version": self.version,
            "compiled_on": self.compiled_on,
            "as_of": self.as_of,
            "lang": self.lang,
            "answers": dict(self.answers),
            "digest": self.digest,
            "disclaimer": self.disclaimer.to_dict(),
        }
