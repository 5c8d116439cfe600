"""What the report says around the conditions: verdict, missing answers, next steps.

The verdict rule of the notice's section 二: ``not_eligible`` if any required condition ((一)–(六))
is not met; else ``incomplete`` if any is unknown; else ``needs_review`` if any needs review; else
``eligible``. Priority-only conditions ((七), (八)) never enter it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

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
    """"条件(二)、(三)" / "conditions (2), (3)" (one condition: "条件(二)" / "condition (2)")."""
    markers = [Text(c.marker, f"({c.key[1:]})") for c in conditions]
    if len(markers) == 1:
        return fill(pol.messages["condition_ref"], marker=markers[0])
    return fill(pol.messages["condition_refs"], markers=join(markers, pol.joiner()))


def _with(conditions: Sequence[ConditionResult], status: str) -> list[ConditionResult]:
    return [c for c in conditions if c.nature == "required" and c.status == status]


def verdict_params(conditions: Sequence[ConditionResult], pol: Policy) -> dict[str, Text]:
    """The condition lists the verdict and advice sentences name."""
    return {
        "conditions": refs([c for c in conditions if c.nature == "required"], pol),
        "not_met": refs(_with(conditions, "not_met"), pol),
        "unknown": refs(_with(conditions, "unknown"), pol),
        "review": refs(_with(conditions, "needs_review"), pol),
    }


def missing_answers(
    conditions: Sequence[ConditionResult], pol: Policy
) -> tuple[MissingAnswer, ...]:
    """Unanswered keys that keep a required condition unknown, the most blocking first
    (ties in question order)."""
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
        MissingAnswer(k, tuple(blocks[k]), Text.of(pol.questions[k]["label"])) for k in ranked
    )


def next_steps(
    verdict: str, params: Mapping[str, Text], answers: Mapping[str, Any], missing: int, pol: Policy
) -> tuple[NextStep, ...]:
    """Advice for this verdict, the materials this enterprise prepares, and where to submit."""
    steps = [NextStep(f"advice-{verdict}", "advice", None,
                      pol.say("steps", verdict, count=missing, **params))]
    district = pol.districts.get(answers.get("district"))
    if district is None:
        steps.append(NextStep("choose-district", "advice", "s4-i1",
                              pol.say("steps", "choose_district")))
    for item in pol.materials["materials"]:
        if "only_if" not in item or answers.get(item["only_if"]):
            steps.append(NextStep(item["id"], "material", item["clause"], Text.of(item["text"])))
    where = Text.of(district["name"]) if district else pol.say("steps", "district_unknown")
    for item in pol.materials["submission"]:
        steps.append(NextStep(item["id"], "submission", item["clause"],
                              fill(item["text"], district=where)))
    if district is not None and "note" in district:
        steps.append(NextStep(f"district-{district['id']}", "submission", "s4-i1",
                              Text.of(district["note"])))
    addresses = pol.raw["lists"]["districts"].get("addresses")
    if addresses and not addresses.get("available"):
        steps.append(NextStep("addresses", "submission", "s4-i6", Text.of(addresses)))
    return tuple(steps)
