"""The outcome of each point of a condition, with the sentence that explains it.

A point is one part of a clause (``points`` in ``policy/notice/s2-i*.yaml``), in the clause's order.
Its ``decision`` says how it is decided, and :meth:`Judge.decide` calls the method of that name: a
yes/no answer, a count against a threshold, the size class, the "in principle" type list, a point
the notice leaves to judgment (asked as the enterprise's own assessment), a point only the district
office can judge, and a priority factor. Every method reads its threshold and wording from the
policy data. The status of a condition follows from its points (:func:`condition_status`):

- a required condition is ``not_met`` if any point is not met, else ``unknown`` if an answer it
  needs is missing, else ``needs_review`` if the notice itself leaves a point open to the district
  office ("in principle": no type of the list applies), else ``met``;
- one rule for the points the notice leaves to judgment (``claim``): the enterprise's own
  assessment decides the status (yes: met, no: not met), and the reason says that the district
  office judges it from the materials whatever the answer;
- points that no answer can show (``office``) never change a status: the reason says the district
  office judges them from the materials, and the verdict names them;
- priority points never change a required condition; a priority-only condition is ``applies`` when
  a factor applies, ``unknown`` when none applies and one is unanswered, else ``does_not_apply``.

A point's sentence is written only when it is read (``PointResult.reason``): the status is decided
at once, the words on demand, so that a batch of thousands of enterprises, which needs the statuses
only, does not pay for sentences nobody reads. The report reads them all and is unchanged.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ._hints import said_above_size
from ._policy import Policy
from ._quantity import quantity
from ._signature import signature_values
from ._size import ORDER, SizeResult
from ._text import Text, fill, join, sentences

# Point statuses. Required points: met, not_met, needs_review, unknown. A point no answer shows:
# judged_by_office. Priority points: applies, does_not_apply, unknown.
OFFICE = "judged_by_office"
APPLIES, DOES_NOT_APPLY = "applies", "does_not_apply"
#: The order in which a required condition's status is taken from its points' statuses.
RANK = ("not_met", "unknown", "needs_review", "met")

_COMPARE = {"gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}


class PointResult:
    """One point's status, why (the site's reading), the site's advice if any, and which
    unanswered keys would settle it. ``reason`` and ``advice`` are written when first read."""

    __slots__ = ("point", "nature", "status", "missing", "_say", "_reason", "_advice")

    def __init__(
        self,
        point: str,
        nature: str,
        status: str,
        say: Callable[[], Text],
        missing: tuple[str, ...] = (),
        advice: Mapping[str, str] | None = None,
    ) -> None:
        self.point, self.nature, self.status, self.missing = point, nature, status, missing
        self._say, self._reason, self._advice = say, None, advice

    @property
    def reason(self) -> Text:
        if self._reason is None:
            self._reason = self._say()
        return self._reason

    @property
    def advice(self) -> Text | None:
        if isinstance(self._advice, Mapping):
            self._advice = fill(self._advice)
        return self._advice

    def __repr__(self) -> str:
        return f"PointResult({self.point!r}, {self.status!r}, missing={self.missing!r})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.point,
            "nature": self.nature,
            "status": self.status,
            "missing": list(self.missing),
            "advice": self.advice.to_dict() if self.advice else None,
        }


def condition_status(nature: str, points: list[PointResult]) -> str:
    """The status of a condition from its points (see the module docstring)."""
    if nature == "priority":
        if any(p.status == APPLIES for p in points):
            return APPLIES
        return "unknown" if any(p.status == "unknown" for p in points) else DOES_NOT_APPLY
    statuses = {p.status for p in points if p.nature != "priority"}
    return next((s for s in RANK if s in statuses), "met")


def _open_reason(name: str, unanswered: list, unsure: list) -> str:
    """The reason ``name`` when answers are only missing, ``name_unsure`` when some of them were
    answered "not sure", ``name_unsure_only`` when all of them were."""
    if not unsure:
        return name
    return f"{name}_unsure" if unanswered else f"{name}_unsure_only"


class Judge:
    """Decides single points for one enterprise's (validated) answers."""

    def __init__(
        self,
        answers: Mapping[str, Any],
        pol: Policy,
        size: SizeResult,
        unsure: frozenset[str] = frozenset(),
        values: Mapping[str, Any] | None = None,
        memo: dict[tuple, PointResult] | None = None,
    ) -> None:
        self.answers = answers  # the answers that say something ("not sure" left out)
        self.unsure = unsure  # the keys answered "not sure"
        self.pol = pol
        self.size_result = size
        self.values = signature_values(answers, unsure) if values is None else values
        self.memo = memo

    def decide(self, point: Mapping[str, Any]) -> PointResult:
        """The point decided the way its data says (``decision``).

        A point's result depends on the answers to its own ``keys`` only (the size point lists
        the group and every indicator; a point's ``reads`` add the answers its sentence reads for a
        hint), so with a ``memo`` it is kept by those answers and shared
        by every enterprise that gives them. The result and its sentence never change once made."""
        if self.memo is None:
            return getattr(self, point["decision"])(point)
        values = self.values
        signature = (point["id"], *map(values.get, self.pol.point_inputs(point)))
        found = self.memo.get(signature)
        if found is None:
            found = self.memo[signature] = getattr(self, point["decision"])(point)
        return found

    # -- helpers -----------------------------------------------------------------------------
    def _result(
        self,
        point: Mapping[str, Any],
        status: str,
        say: Callable[[], Text],
        missing: tuple[str, ...] = (),
    ) -> PointResult:
        advice = self.pol.point_advice.get((point["id"], status))
        return PointResult(point["id"], point["nature"], status, say, missing, advice)

    def _sentence_later(self, point: Mapping[str, Any], outcome: str, generic: str, **params: Any):
        """The sentence of :meth:`_sentence`, to be written when it is read."""
        return partial(self._sentence, point, outcome, generic, **params)

    def _sentence(
        self, point: Mapping[str, Any], outcome: str, generic: str, **params: Any
    ) -> Text:
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
        """The point waits for ``key``: not answered, or answered "not sure" (said as such)."""
        if key in self.unsure:
            say = self._sentence_later(point, "unsure", "unsure", question=self._question(key))
        else:
            say = self._sentence_later(point, "unknown", "unanswered", question=self._question(key))
        return self._result(point, "unknown", say, (key,))

    def _answer_of(self, point: Mapping[str, Any]) -> tuple[str, Any]:
        """The point's one answer key and the answer (None when not answered)."""
        (key,) = point["keys"]
        return key, self.answers.get(key)

    # -- kinds of decision (named as in the data: ``decision``) -------------------------------
    def answer(self, point: Mapping[str, Any]) -> PointResult:
        """A yes/no answer; ``meets_when`` is the answer that meets the point (false for a bad
        record)."""
        key, answer = self._answer_of(point)
        if answer is None:
            return self._unanswered(point, key)
        if answer is point.get("meets_when", True):
            return self._result(point, "met", self._sentence_later(point, "met", "answer_yes"))
        return self._result(point, "not_met", self._sentence_later(point, "not_met", "answer_no"))

    def office(self, point: Mapping[str, Any]) -> PointResult:
        """A point no answer can show: the district judges (or, for a priority profile,
        weighs) it from the materials."""
        generic = "office_weighs_priority" if point["nature"] == "priority" else "office_judges"
        return self._result(point, OFFICE, self._sentence_later(point, OFFICE, generic))

    def threshold(self, point: Mapping[str, Any]) -> PointResult:
        """A count compared with the point's threshold (value, comparison, phrase from the data)."""
        key, actual = self._answer_of(point)
        if actual is None:
            return self._unanswered(point, key)
        rule = point["threshold"]
        met = _COMPARE[rule["comparison"]](actual, rule["value"])
        outcome = "met" if met else "not_met"

        def say() -> Text:
            unit = self.pol.questions[key].get("unit", rule["unit"])
            reason = self._sentence(
                point,
                outcome,
                f"threshold_{outcome}_{rule['comparison']}",
                fact=self.pol.fact(key),
                amount=quantity(actual, unit, self.pol),
                bound=quantity(rule["value"], unit, self.pol),
            )
            if rule.get("basis") == "editorial":
                reason = sentences(reason, self._sentence(point, outcome, "editorial_threshold"))
            return reason

        return self._result(point, outcome, say)

    def size_class(self, point: Mapping[str, Any]) -> PointResult:
        """The NBS size class against the classes the point accepts (large or medium)."""
        result = self.size_result
        if result.group is None:
            generic = "size_no_group_unsure" if "size_industry" in self.unsure else "size_no_group"
            return self._result(
                point, "unknown", self._sentence_later(point, "unknown", generic), result.missing
            )
        minimum = max(point["size_classes"], key=ORDER.index)
        reaches = result.reaches(minimum)
        if reaches is None:
            return self._result(
                point, "unknown", partial(self._size_open, point, result), result.missing
            )
        outcome = "met" if reaches else "not_met"
        return self._result(point, outcome, partial(self._size_said, point, result, minimum))

    def _size_open(self, point: Mapping[str, Any], result: SizeResult) -> Text:
        missing = [i for i in result.indicators if i.value is None]
        unanswered = [i for i in missing if i.key not in self.unsure]
        unsure = [i for i in missing if i.key in self.unsure]
        return self._sentence(
            point,
            "unknown",
            _open_reason("size_missing", unanswered, unsure),
            group=Text.of(self.pol.size_group(result.group)["name"]),
            needed=self._labels(result.indicators),
            missing=self._labels(unanswered),
            unsure=self._labels(unsure),
        )

    def _size_said(self, point: Mapping[str, Any], result: SizeResult, minimum: str) -> Text:
        group = self.pol.size_group(result.group)
        labels = self.pol.size_indicators
        reaches = result.reaches(minimum)
        cls = result.size_class if reaches else minimum
        shown = [
            i
            for i in result.indicators
            if reaches or (i.value is not None and i.value < i.bounds[minimum])
        ]
        facts = join((self._indicator(i, cls) for i in shown), self.pol.joiner())
        if reaches:
            return self._sentence(
                point,
                "met",
                "size_met",
                group=Text.of(group["name"]),
                indicators=facts,
                **{"class": self._class(cls)},
            )
        bounds = join(
            (
                self.pol.say(
                    "reasons",
                    "size_bound",
                    indicator=Text.of(labels[i.id]["label"]),
                    bound=quantity(i.bounds[minimum], labels[i.id]["unit"], self.pol),
                )
                for i in result.indicators
            ),
            self.pol.joiner(),
        )
        return self._sentence(
            point,
            "not_met",
            "size_not_met",
            group=Text.of(group["name"]),
            shortfalls=facts,
            minimum=self._class(minimum),
            bounds=bounds,
        )

    def listed_types(self, point: Mapping[str, Any]) -> PointResult:
        """The "in principle" enterprise types: none listed leaves it to the district. When
        the enterprise's own figures reach the above-designated-size threshold of its industry in
        the site's table, the reason and the advice say so (``above_size``)."""
        key, chosen = self._answer_of(point)
        if chosen is None:
            return self._unanswered(point, key)
        if not chosen:
            said = self._sentence_later(point, "needs_review", "types_none")
            return said_above_size(
                self._result(point, "needs_review", said), self.answers, self.pol
            )

        def say() -> Text:
            options = self.pol.questions[key]["options"]
            labels = {o["value"]: Text.of(o["label"]) for o in options}
            types = join((labels[v] for v in chosen), self.pol.joiner())
            return self._sentence(point, "met", "types_listed", types=types)

        return self._result(point, "met", say)

    def claim(self, point: Mapping[str, Any]) -> PointResult:
        """A point the notice leaves to judgment, asked as the enterprise's own assessment: yes is
        met and no is not met on that answer; either way the reason says the district HR department
        judges it from the materials (the one rule of such points)."""
        key, answer = self._answer_of(point)
        if answer is None:
            return self._unanswered(point, key)
        if answer:
            return self._result(point, "met", self._sentence_later(point, "met", "claim_yes"))
        return self._result(point, "not_met", self._sentence_later(point, "not_met", "claim_no"))

    def priority(self, point: Mapping[str, Any]) -> PointResult:
        """A priority factor: applies when any of its keys is answered yes; never a requirement."""
        true_keys = [k for k in point["keys"] if self.answers.get(k) is True]
        waiting = tuple(k for k in point["keys"] if k not in self.answers)
        if true_keys:

            def say() -> Text:
                facts = join((self.pol.fact(k) for k in true_keys), self.pol.joiner())
                return self._sentence(point, APPLIES, "priority_yes", facts=facts)

            return self._result(point, APPLIES, say)
        if waiting:

            def open_() -> Text:
                unanswered = [k for k in waiting if k not in self.unsure]
                unsure = [k for k in waiting if k in self.unsure]
                return self._sentence(
                    point,
                    "unknown",
                    _open_reason("priority_unanswered", unanswered, unsure),
                    questions=self._quoted(unanswered),
                    unsure=self._quoted(unsure),
                )

            return self._result(point, "unknown", open_, waiting)
        return self._result(
            point, DOES_NOT_APPLY, self._sentence_later(point, DOES_NOT_APPLY, "priority_no")
        )

    def _quoted(self, keys) -> Text:
        quoted = (self.pol.say("reasons", "quoted", text=self._question(k)) for k in keys)
        return join(quoted, self.pol.joiner())

    # -- wording of the size class -----------------------------------------------------------
    def _class(self, cls: str) -> Text:
        return Text.of(self.pol.messages["size_classes"][cls])

    def _labels(self, indicators) -> Text:
        labels = self.pol.size_indicators
        return join((Text.of(labels[i.id]["label"]) for i in indicators), self.pol.joiner())

    def _indicator(self, indicator, cls: str) -> Text:
        meta = self.pol.size_indicators[indicator.id]
        return self.pol.say(
            "reasons",
            "size_indicator",
            indicator=Text.of(meta["label"]),
            amount=quantity(indicator.value, meta["unit"], self.pol),
            bound=quantity(indicator.bounds[cls], meta["unit"], self.pol),
            **{"class": self._class(cls)},
        )
