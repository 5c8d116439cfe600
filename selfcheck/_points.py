"""The outcome of each point of a condition, with the sentence that explains it.

A point is one part of a clause (``points`` in ``policy/notice/s2-i*.yaml``). :class:`Judge` has one
method per kind of point: a yes/no answer, a count against a threshold, the size class, the
"in principle" type list, the qualitative reputation, a point only the district office can judge
and a priority factor. Every method reads its threshold and wording from the policy data.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Mapping

from ._policy import Policy
from ._size import ORDER, SizeResult
from ._text import Text, fill, join, sentences

# Point statuses. Required points: met, not_met, needs_review, unknown. A qualitative point that
# no answer shows: judged_by_office. Priority points: applies, does_not_apply, unknown.
OFFICE = "judged_by_office"
APPLIES, DOES_NOT_APPLY = "applies", "does_not_apply"

_COMPARE = {"gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}


@dataclass(frozen=True)
class PointResult:
    """One point's status, why, and which unanswered keys would settle it."""

    point: str
    nature: str
    status: str
    reason: Text
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.point, "nature": self.nature, "status": self.status,
                "missing": list(self.missing)}


class Judge:
    """Decides single points for one enterprise's (validated) answers."""

    def __init__(self, answers: Mapping[str, Any], pol: Policy, size: SizeResult) -> None:
        self.answers = answers
        self.pol = pol
        self.size_result = size

    # -- helpers -----------------------------------------------------------------------------
    def _result(
        self, point: Mapping[str, Any], status: str, reason: Text, missing=()
    ) -> PointResult:
        return PointResult(point["id"], point["nature"], status, reason, tuple(missing))

    def _say(self, point: Mapping[str, Any], outcome: str, generic: str, **params: Any) -> Text:
        """The point's own sentence for ``outcome`` if it has one, else the generic ``reasons``."""
        template = self.pol.point_reasons.get((point["id"], outcome))
        if template is None:
            template = self.pol.messages["reasons"][generic]
        if "threshold" in point:
            params.setdefault("phrase", Text.of(point["threshold"]["phrase"]))
        return fill(template, clause=Text.of(point["text"]), **params)

    def _question(self, key: str) -> Text:
        return Text.of(self.pol.questions[key]["label"])

    def _unanswered(self, point: Mapping[str, Any], key: str) -> PointResult:
        reason = self._say(point, "unknown", "unanswered", question=self._question(key))
        return self._result(point, "unknown", reason, [key])

    def _answered(self, point_id: str) -> tuple[Mapping[str, Any], str, Any]:
        """The point, its one answer key, and the answer (None when not answered)."""
        point = self.pol.points[point_id]
        (key,) = point["keys"]
        return point, key, self.answers.get(key)

    # -- kinds of point ----------------------------------------------------------------------
    def yes(self, point_id: str, *, good: bool = True) -> PointResult:
        """A yes/no answer; ``good`` is the answer that meets the point (False for a bad record)."""
        point, key, answer = self._answered(point_id)
        if answer is None:
            return self._unanswered(point, key)
        if answer is good:
            return self._result(point, "met", self._say(point, "met", "answer_yes"))
        return self._result(point, "not_met", self._say(point, "not_met", "answer_no"))

    def office(self, point_id: str) -> PointResult:
        """A qualitative point no answer can show: the district office judges it from materials."""
        point = self.pol.points[point_id]
        return self._result(point, OFFICE, self._say(point, OFFICE, "office_judges"))

    def threshold(self, point_id: str) -> PointResult:
        """A count compared with the point's threshold (value, comparison, phrase from the data)."""
        point, key, actual = self._answered(point_id)
        if actual is None:
            return self._unanswered(point, key)
        rule = point["threshold"]
        met = _COMPARE[rule["comparison"]](actual, rule["value"])
        outcome = "met" if met else "not_met"
        unit = self.pol.questions[key].get("unit", rule["unit"])
        reason = self._say(
            point, outcome, f"threshold_{outcome}_{rule['comparison']}",
            fact=self.pol.fact(key), actual=actual, unit=Text.of(unit), value=rule["value"],
        )
        if rule.get("basis") == "editorial":
            reason = sentences(reason, self._say(point, outcome, "editorial_threshold"))
        return self._result(point, outcome, reason)

    def size(self, point_id: str) -> PointResult:
        """The NBS size class against the classes the point accepts (large or medium)."""
        point = self.pol.points[point_id]
        result = self.size_result
        if result.group is None:
            reason = self._say(point, "unknown", "size_no_group")
            return self._result(point, "unknown", reason, result.missing)
        minimum = max(point["size_classes"], key=ORDER.index)
        group = next(g for g in self.pol.size_table["groups"] if g["id"] == result.group)
        labels = {i["id"]: i for i in self.pol.size_table["indicators"]}
        reaches = result.reaches(minimum)
        if reaches is None:
            missing = [i for i in result.indicators if i.value is None]
            reason = self._say(
                point, "unknown", "size_missing", group=Text.of(group["name"]),
                needed=self._labels(result.indicators, labels),
                missing=self._labels(missing, labels),
            )
            return self._result(point, "unknown", reason, result.missing)
        cls = result.size_class if reaches else minimum
        shown = [i for i in result.indicators
                 if reaches or (i.value is not None and i.value < i.bounds[minimum])]
        facts = join((self._indicator(i, labels, cls) for i in shown), self.pol.joiner())
        if reaches:
            reason = self._say(point, "met", "size_met", group=Text.of(group["name"]),
                               indicators=facts, **{"class": self._class(cls)})
            return self._result(point, "met", reason)
        bounds = join(
            (self.pol.say("reasons", "size_bound", indicator=Text.of(labels[i.id]["label"]),
                          bound=i.bounds[minimum], unit=Text.of(labels[i.id]["unit"]))
             for i in result.indicators),
            self.pol.joiner(),
        )
        reason = self._say(point, "not_met", "size_not_met", group=Text.of(group["name"]),
                           shortfalls=facts, minimum=self._class(minimum), bounds=bounds)
        return self._result(point, "not_met", reason)

    def types(self, point_id: str) -> PointResult:
        """The "in principle" enterprise types: none listed leaves it to the district office."""
        point, key, chosen = self._answered(point_id)
        if chosen is None:
            return self._unanswered(point, key)
        if not chosen:
            reason = self._say(point, "needs_review", "types_none")
            return self._result(point, "needs_review", reason)
        labels = {o["value"]: Text.of(o["label"]) for o in self.pol.questions[key]["options"]}
        types = join((labels[v] for v in chosen), self.pol.joiner())
        return self._result(point, "met", self._say(point, "met", "types_listed", types=types))

    def reputation(self, point_id: str) -> PointResult:
        """A qualitative point the enterprise states: yes is met (the office still judges it),
        no is for the office to weigh, never a failure."""
        point, key, answer = self._answered(point_id)
        if answer is None:
            return self._unanswered(point, key)
        if answer:
            return self._result(point, "met", self._say(point, "met", "reputation_yes"))
        reason = self._say(point, "needs_review", "reputation_no")
        return self._result(point, "needs_review", reason)

    def priority(self, point_id: str) -> PointResult:
        """A priority factor: applies when any of its keys is answered yes; never a requirement."""
        point = self.pol.points[point_id]
        true_keys = [k for k in point["keys"] if self.answers.get(k) is True]
        unanswered = [k for k in point["keys"] if k not in self.answers]
        if true_keys:
            facts = join((self.pol.fact(k) for k in true_keys), self.pol.joiner())
            reason = self._say(point, APPLIES, "priority_yes", facts=facts)
            return self._result(point, APPLIES, reason)
        if unanswered:
            quoted = (self.pol.say("reasons", "quoted", text=self._question(k)) for k in unanswered)
            reason = self._say(point, "unknown", "priority_unanswered",
                               questions=join(quoted, self.pol.joiner()))
            return self._result(point, "unknown", reason, unanswered)
        return self._result(point, DOES_NOT_APPLY, self._say(point, DOES_NOT_APPLY, "priority_no"))

    # -- wording of the size class -----------------------------------------------------------
    def _class(self, cls: str) -> Text:
        return Text.of(self.pol.messages["size_classes"][cls])

    def _labels(self, indicators, labels) -> Text:
        return join((Text.of(labels[i.id]["label"]) for i in indicators), self.pol.joiner())

    def _indicator(self, indicator, labels, cls: str) -> Text:
        meta = labels[indicator.id]
        return self.pol.say(
            "reasons", "size_indicator", indicator=Text.of(meta["label"]), value=indicator.value,
            unit=Text.of(meta["unit"]), bound=indicator.bounds[cls], **{"class": self._class(cls)},
        )
