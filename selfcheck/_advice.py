"""What the report says around the conditions: verdict, missing answers, next steps.

The verdict rule of the notice's section 二: ``not_eligible`` if any required condition is not met;
else ``incomplete`` if any is unknown; else ``needs_review`` if any needs review; else
``eligible``. Priority-only conditions never enter it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._policy import Policy
from ._report import ConditionResult, MissingAnswer, NextStep
from ._text import Text, fill, join

VERDICT_BY_STATUS = (
    ("not_met", "not_eligible"),
    ("unknown", "incomplete"),
    ("needs_review", "needs_review"),
)


def decide(conditions: Sequence[ConditionResult]) -> str:
    """The verdict from the statuses of the required conditions."""
    statuses = {c.status for c in conditions if c.nature == "required"}
    return next((v for s, v in VERDICT_BY_STATUS if s in statuses), "eligible")


def refs(conditions: Sequence[ConditionResult], pol: Policy) -> Text:
    """ "条件(二)、(三)" / "conditions (2), (3)" (one condition: "条件(二)" / "condition (2)")."""
    markers = [c.marker for c in conditions]
    if len(markers) == 1:
        return fill(pol.messages["condition_ref"], marker=markers[0])
    return fill(pol.messages["condition_refs"], markers=join(markers, pol.joiner()))


def _with(conditions: Sequence[ConditionResult], status: str) -> list[ConditionResult]:
    return [c for c in conditions if c.nature == "required" and c.status == status]


def open_points(conditions: Sequence[ConditionResult], pol: Policy) -> Text:
    """The points that keep the verdict from "eligible", in words: “推进新“八级工”制度落地”
    （条件(四)）, … (the not-met points of the required conditions)."""
    named = [
        pol.open_point(p.point, c.key)
        for c in _with(conditions, "not_met")
        for p in c.points
        if p.status == "not_met"
    ]
    return join(named, pol.joiner())


def verdict_params(conditions: Sequence[ConditionResult], pol: Policy) -> dict[str, Text]:
    """The condition lists the verdict and advice sentences name."""
    return {
        "conditions": refs([c for c in conditions if c.nature == "required"], pol),
        "not_met": refs(_with(conditions, "not_met"), pol),
        "unknown": refs(_with(conditions, "unknown"), pol),
        "review": refs(_with(conditions, "needs_review"), pol),
        "open": open_points(conditions, pol),
    }


def missing_answers(
    conditions: Sequence[ConditionResult], pol: Policy, unsure: frozenset[str] = frozenset()
) -> tuple[MissingAnswer, ...]:
    """The keys that keep a required condition unknown (not answered, or answered "not sure":
    ``unsure``), the most blocking first (ties in question order)."""
    blocks: dict[str, list[str]] = {}
    for condition in _with(conditions, "unknown"):
        for point in condition.points:
            if point.status == "unknown" and point.nature != "priority":
                for key in point.missing:
                    if condition.key not in blocks.setdefault(key, []):
                        blocks[key].append(condition.key)
    order = list(pol.questions)
    ranked = sorted(blocks, key=lambda k: (-len(blocks[k]), order.index(k)))
    return tuple(
        MissingAnswer(k, tuple(blocks[k]), Text.of(pol.questions[k]["label"]), k in unsure)
        for k in ranked
    )


def unsure_variant(missing: Sequence[MissingAnswer]) -> str | None:
    """``only`` when every answer still needed was answered "not sure", ``mixed`` when some
    were, None when none was (see ``unsure`` in messages.yaml)."""
    said = [m.unsure for m in missing]
    if not any(said):
        return None
    return "only" if all(said) else "mixed"


def verdict_words(
    verdict: str, missing: Sequence[MissingAnswer], params: Mapping[str, Text], pol: Policy
) -> tuple[Text, Text]:
    """The verdict's title and summary; an incomplete verdict that waits for answers given as
    "not sure" says so (never "not answered")."""
    variant = unsure_variant(missing) if verdict == "incomplete" else None
    words = (
        pol.messages["unsure"]["verdicts"][variant]
        if variant
        else pol.messages["verdicts"][verdict]
    )
    return Text.of(words["title"]), fill(words["summary"], **params)


def _applies(item: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    return "only_if" not in item or bool(answers.get(item["only_if"]))


def next_steps(
    verdict: str,
    params: Mapping[str, Text],
    answers: Mapping[str, Any],
    missing: Sequence[MissingAnswer],
    pol: Policy,
) -> tuple[NextStep, ...]:
    """Advice for this verdict, the materials the notice requires, the evidence the site suggests
    for this enterprise, and where to submit. ``answers`` are those that say something (no "not
    sure")."""
    variant = unsure_variant(missing) if verdict == "incomplete" else None
    template = (
        pol.messages["unsure"]["steps"][variant] if variant else pol.messages["steps"][verdict]
    )
    steps = [
        NextStep(f"advice-{verdict}", "advice", None, fill(template, count=len(missing), **params))
    ]
    district_question = pol.questions["district"]
    district = pol.districts.get(answers.get("district"))
    if district is None:
        steps.append(
            NextStep(
                "choose-district",
                "advice",
                district_question["condition"],
                pol.say("steps", "choose_district"),
            )
        )
    materials = pol.materials
    steps += [
        NextStep(m["id"], "material", m["clause"], Text.of(m["text"]), "notice")
        for m in materials["required"]
    ]
    steps += [
        NextStep(m["id"], "material", m["clause"], Text.of(m["text"]), "site")
        for m in materials["evidence"]
        if _applies(m, answers)
    ]
    where = Text.of(district["name"]) if district else pol.say("steps", "district_unknown")
    steps += [
        NextStep(m["id"], "submission", m["clause"], fill(m["text"], district=where), "notice")
        for m in materials["submission"]
    ]
    if district is not None and "note" in district:
        steps.append(
            NextStep(
                f"district-{district['id']}",
                "submission",
                district_question["condition"],
                Text.of(district["note"]),
            )
        )
    addresses = pol.raw["lists"]["districts"].get("addresses")
    if addresses and not addresses.get("available"):
        steps.append(
            NextStep(
                "addresses",
                "submission",
                pol.procedure_item("submission")["id"],
                Text.of(addresses),
            )
        )
    return tuple(steps)
