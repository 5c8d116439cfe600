"""What the report says around the conditions: verdict, missing answers, next steps.

The verdict rule of the notice's section 二: ``not_eligible`` if any required condition is not met;
else ``incomplete`` if any is unknown; else ``needs_review`` if any needs review; else
``eligible``. Priority-only conditions never enter it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._points import OFFICE
from ._policy import Policy
from ._report import ConditionResult, MissingAnswer, NextStep
from ._text import LANGS, Text, fill, join

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


def open_points(
    conditions: Sequence[ConditionResult], pol: Policy, status: str = "not_met"
) -> Text:
    """The points in ``status`` of the required conditions in that status, in words:
    “推进新“八级工”制度落地”（条件(四)）, … (by default the points that keep the verdict from
    "eligible": the not-met ones; "needs_review": those left to the district)."""
    named = [
        pol.open_point(p.point, c.key)
        for c in _with(conditions, status)
        for p in c.points
        if p.status == status
    ]
    return join(named, pol.joiner())


def weighed_points(conditions: Sequence[ConditionResult]) -> list[tuple[ConditionResult, Any]]:
    """The points of the required conditions that no answer shows and the district weighs
    from the materials (``office``), with their conditions, in the notice's order."""
    return [
        (c, p)
        for c in conditions
        if c.nature == "required"
        for p in c.points
        if p.status == OFFICE and p.nature != "priority"
    ]


def weighed_words(conditions: Sequence[ConditionResult], pol: Policy) -> Text:
    """The points the district weighs, by condition: "(一)社会信誉度高；(四)积极建立…、对…"."""
    groups: dict[str, tuple[ConditionResult, list[Text]]] = {}
    for c, p in weighed_points(conditions):
        groups.setdefault(c.key, (c, []))[1].append(Text.of(pol.points[p.point]["text"]))
    template = pol.messages["verdicts"]["weighed_group"]
    return join(
        (
            fill(template, marker=c.marker, points=join(texts, pol.joiner()))
            for c, texts in groups.values()
        ),
        pol.joiner("errors"),
    )


def _judged(conditions: Sequence[ConditionResult], pol: Policy) -> list[ConditionResult]:
    """The required conditions with a point the notice leaves to judgment met on the enterprise's
    own assessment (``claim``)."""
    return [
        c
        for c in conditions
        if c.nature == "required"
        and any(p.status == "met" and pol.points[p.point]["decision"] == "claim" for p in c.points)
    ]


_NOTHING = Text("", "")


def verdict_params(conditions: Sequence[ConditionResult], pol: Policy) -> dict[str, Any]:
    """What the verdict, headline and advice sentences name: the condition lists by status, the
    points not met and left to the district, the points the district weighs and their number,
    the sentences on the enterprise's own assessments and on what is still to confirm, and the
    section of the questions to confirm."""
    section = pol.word("sections", "open")
    unknown = _with(conditions, "unknown")
    judged = _judged(conditions, pol)
    verdicts = pol.messages["verdicts"]
    return {
        "conditions": refs([c for c in conditions if c.nature == "required"], pol),
        "not_met": refs(_with(conditions, "not_met"), pol),
        "unknown": refs(unknown, pol),
        "review": refs(_with(conditions, "needs_review"), pol),
        "open": open_points(conditions, pol),
        "review_points": open_points(conditions, pol, "needs_review"),
        "weighed_count": len(weighed_points(conditions)),
        "weighed": weighed_words(conditions, pol),
        "judged": fill(verdicts["judged"], conditions=refs(judged, pol)) if judged else _NOTHING,
        "pending": (
            fill(verdicts["pending"], unknown=refs(unknown, pol), section=section)
            if unknown
            else _NOTHING
        ),
        "section": section,
    }


def headline(verdict: str, conditions: Sequence[ConditionResult], pol: Policy) -> Text:
    """The verdict's title and what is still open, in one line: the conditions by status (not
    met, to be confirmed, for the district to judge) and, for a verdict with nothing unmet, how
    many more points the district weighs from the materials."""
    words = pol.messages["headline"]
    parts = [
        fill(words["status"], conditions=refs(named, pol), status=pol.status_words[status])
        for status in ("not_met", "unknown", "needs_review")
        if (named := _with(conditions, status))
    ]
    weighed = len(weighed_points(conditions))
    if verdict in ("eligible", "needs_review") and weighed:
        parts.append(fill(words["weighed"], count=weighed))
    title = pol.word("verdicts", verdict)
    if not parts:
        return title
    return fill(words["line"], verdict=title, open=join(parts, pol.joiner("errors")))


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
    """The verdict's title (from the table of words) and summary; an incomplete verdict that
    waits for answers given as "not sure" says so (never "not answered")."""
    variant = unsure_variant(missing) if verdict == "incomplete" else None
    summary = (
        pol.messages["unsure"]["summaries"][variant]
        if variant
        else pol.messages["verdicts"][verdict]["summary"]
    )
    return pol.word("verdicts", verdict), fill(summary, **params)


def office(answers: Mapping[str, Any], pol: Policy) -> Text:
    """The office the application goes to: the chosen district's HR department, the HR department
    of the district of commercial registration when none is chosen, and no office for a district
    whose office this site does not know (its note says so: one thing, not two)."""
    district = pol.districts.get(answers.get("district"))
    steps = pol.messages["steps"]
    if district is None:
        return fill(steps["office"], district=Text.of(steps["district_unknown"]))
    if district.get("office_known") is False:
        return Text.of(steps["office_unconfirmed"])
    return fill(steps["office"], district=Text.of(district["name"]))


#: How many questions the summary for a chat names before "and N more".
_BRIEF_QUESTIONS = 3


def brief(
    verdict: str,
    conditions: Sequence[ConditionResult],
    missing: Sequence[MissingAnswer],
    params: Mapping[str, Any],
    answers: Mapping[str, Any],
    pol: Policy,
) -> tuple[Text, ...]:
    """The summary for a chat, line by line: the headline; the points not yet met; the questions
    to confirm; the points the district weighs (a verdict with nothing unmet); the next step. The
    page adds the title with the enterprise's name and the date before, and the link after."""
    labelled = pol.messages["labelled"]
    words = pol.messages["brief"]
    lines = [headline(verdict, conditions, pol)]
    if params["open"].zh:
        lines.append(fill(labelled, label=pol.status_words["not_met"], items=params["open"]))
    if missing:
        mark = pol.messages["unsure"]["mark"]
        named = [
            fill(
                {lang: "{q}" + (mark[lang] if m.unsure else "") for lang in LANGS},
                q=_plain(m.question),
            )
            for m in missing[:_BRIEF_QUESTIONS]
        ]
        items = join(named, pol.joiner("errors"))
        if len(missing) > _BRIEF_QUESTIONS:
            items = fill(words["more"], items=items, count=len(missing))
        lines.append(fill(labelled, label=pol.word("sections", "open"), items=items))
    if verdict in ("eligible", "needs_review") and params["weighed_count"]:
        lines.append(fill(labelled, label=pol.status_words[OFFICE], items=params["weighed"]))
    step = fill(words["next"][verdict], office=office(answers, pol))
    lines.append(fill(labelled, label=pol.word("sections", "next_steps"), items=step))
    return tuple(lines)


def _plain(question: Text) -> Text:
    """A question as a list item: without its question mark."""
    return Text(*(question.get(lang).rstrip("？?") for lang in LANGS))


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
    where = office(answers, pol)
    steps += [
        NextStep(m["id"], "submission", m["clause"], fill(m["text"], office=where), "notice")
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
