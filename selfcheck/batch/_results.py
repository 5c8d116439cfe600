"""The results of a batch as they read: one row per enterprise, the reader's columns (the result,
the problems, what is still open, the size class, each condition's status, the priority factors,
what was understood, in the reader's language) then the machine columns (codes, for programs), and
the summary of a batch ("30 行：本自查能核对的条件均符合 18 行；尚无结论 7 行；…"). Every verdict, status
and section is named with the words of the one table (``words`` in messages.yaml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._advice import weighed_words
from .._engine import Assessment, answers_digest
from .._policy import Policy, policy
from .._text import LANGS, Text, fill, join
from .._validate import UNSURE
from .._words import show_answer
from ._sheet import REF

#: The verdicts in the order the summary names them and the results list them (the closest to
#: applying first), and the word for rows with errors.
VERDICTS = ("eligible", "needs_review", "incomplete", "not_eligible")
ERRORS = "errors"
#: The statuses that leave a required condition open: not met, or not yet confirmed.
OPEN_STATUSES = ("not_met", "needs_review", "unknown")
#: The outcomes a batch counts: each verdict, the rows one condition short (also counted under
#: their verdict) and the rows with errors.
ONE_SHORT = "one_short"


def lacking(found: Assessment) -> tuple[tuple[str, str], ...]:
    """The required conditions a row leaves open, ``(status, condition key)`` in the notice's
    order: its "what is missing" (priority factors are never missing)."""
    return tuple(
        (c.status, c.key)
        for c in found.conditions
        if c.nature == "required" and c.status in OPEN_STATUSES
    )


def order_key(verdict: str, missing: int, row: int) -> tuple[int, int, int]:
    """Where a row stands in the results: by verdict (:data:`VERDICTS`, rows with errors last),
    then by how many conditions it leaves open, then by its row."""
    rank = VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)
    return (rank, missing, row)


def lacking_words(lack: tuple[tuple[str, str], ...], pol: Policy | None = None) -> Text | None:
    """ "尚不符合：条件(四)；待确认：条件(二)、(三)": the open conditions by status (the one table's
    words), each by its marker; ``None`` when none is open."""
    pol = pol or policy()
    key = (id(pol), lack)
    known = _LACKING.get(key)
    if known is None:
        parts = []
        for status in OPEN_STATUSES:
            markers = [pol.condition_words[k][0] for s, k in lack if s == status]
            if markers:
                refs = (
                    fill(pol.messages["condition_ref"], marker=markers[0])
                    if len(markers) == 1
                    else fill(pol.messages["condition_refs"], markers=join(markers, pol.joiner()))
                )
                parts.append(
                    fill(pol.messages["labelled"], label=pol.status_words[status], items=refs)
                )
        known = _LACKING[key] = (pol, join(parts, pol.joiner("errors")) if parts else None)
    return known[1]


_LACKING: dict[tuple, tuple[Policy, Text | None]] = {}


def summary(counts: Mapping[str, int], pol: Policy | None = None) -> Text:
    """The summary of a batch's outcomes, in both languages."""
    pol = pol or policy()
    words = pol.messages["batch"]["summary"]
    total = sum(n for outcome, n in counts.items() if outcome != ONE_SHORT)
    if not total:
        return Text.of(words["empty"])
    named = {v: pol.word("verdicts", v) for v in VERDICTS}
    named[ERRORS] = Text.of(pol.messages["batch"]["error_verdict"])
    parts = [
        fill(words["part"], verdict=named[name], n=counts[name])
        for name in (*VERDICTS, ERRORS)
        if counts[name]
    ]
    template = words["total_one"] if total == 1 else words["total"]
    return fill(template, rows=total, parts=join(parts, pol.joiner("errors")))


# -- the results --------------------------------------------------------------------------------


def output_columns(pol: Policy | None = None) -> list[str]:
    """The machine columns of the results (codes, after the reader's columns): the row, ``ref``,
    the verdict, the size class, one column per condition (its report key), the priority factors
    and the keys still waiting for an answer (``;``-separated), those answered "not sure", the
    digest, and the keys of the cells that could not be read."""
    conditions = [c["key"] for c in (pol or policy()).conditions]
    return [
        "row",
        REF,
        "verdict",
        "size_class",
        *conditions,
        "priority_factors",
        "missing",
        "unsure",
        "digest",
        "error_fields",
    ]


def reader_codes(pol: Policy | None = None) -> list[str]:
    """The reader's columns of the results by code, in order (their names: :func:`result_columns`):
    the row, ``ref``, the result, the problems, what is still open, the size class, one column per
    condition (its report key), the priority factors and what was understood."""
    conditions = [c["key"] for c in (pol or policy()).conditions]
    return [
        "row",
        REF,
        "verdict",
        "problems",
        "open",
        "size_class",
        *conditions,
        "priority_factors",
        "understood",
    ]


def result_columns(lang: str, pol: Policy | None = None) -> list[str]:
    """The reader's columns of the results, in ``lang``."""
    pol = pol or policy()
    return column_names(reader_codes(pol), lang, pol)


def column_names(codes: list[str], lang: str, pol: Policy) -> list[str]:
    """Columns by code in the reader's words (``columns`` of the batch's messages; a condition by
    its marker)."""
    names = {k: v[lang] for k, v in pol.messages["batch"]["columns"].items()}
    markers = {c["key"]: c["marker"][lang] for c in pol.conditions}
    return [
        names["condition"].format(marker=markers[code]) if code in markers else names[code]
        for code in codes
    ]


def _texts(items: Iterable[Any], lang: str, joiner: str) -> str:
    return joiner.join(i.zh if lang == "zh" else i.en for i in items)


def _open(found: Assessment, pol: Policy) -> Text | None:
    """What a row leaves open, in words (its not-met points, the questions to answer or confirm,
    the conditions for the district, and, where nothing is unmet, the points the district
    weighs from the materials); kept by what it names (few combinations recur across a batch)."""
    not_met = tuple(
        (p.point, c.key)
        for c in found.conditions
        if c.nature == "required" and c.status == "not_met"
        for p in c.points
        if p.status == "not_met"
    )
    missing = tuple((m.key, m.unsure) for m in found.missing)
    review = ()
    if found.verdict == "needs_review":
        review = tuple(c.key for c in found.conditions if c.status == "needs_review")
    weighed = found.verdict in ("eligible", "needs_review")
    key = (id(pol), not_met, missing, review, weighed)
    known = _OPEN.get(key)
    if known is None:
        if len(_OPEN) >= _OPEN_MAX:
            _OPEN.clear()
        said = _open_words(not_met, missing, review, pol)
        if weighed:
            line = _weighed_line(found, pol)
            said = join((said, line), pol.joiner("errors")) if said else line
        known = _OPEN[key] = (pol, said)
    return known[1]


def _weighed_line(found: Assessment, pol: Policy) -> Text:
    return fill(
        pol.messages["labelled"],
        label=pol.status_words["judged_by_office"],
        items=weighed_words(found.conditions, pol),
    )


_OPEN: dict[tuple, tuple[Policy, Text | None]] = {}
_OPEN_MAX = 2_000


def _open_words(not_met: tuple, missing: tuple, review: tuple, pol: Policy) -> Text | None:
    labelled = pol.messages["labelled"]
    parts = []
    if not_met:
        points = join((pol.open_point(*p) for p in not_met), pol.joiner())
        parts.append(fill(labelled, label=pol.status_words["not_met"], items=points))
    if missing:
        mark = pol.messages["unsure"]["mark"]
        questions = [
            Text(*(pol.questions[k]["label"][lang] + (mark[lang] if u else "") for lang in LANGS))
            for k, u in missing
        ]
        section = pol.word("sections", "open")
        parts.append(fill(labelled, label=section, items=join(questions, pol.joiner())))
    if review:
        markers = join((pol.condition_words[k][0] for k in review), pol.joiner())
        refs = fill(pol.messages["condition_refs"], markers=markers)
        parts.append(fill(labelled, label=pol.status_words["needs_review"], items=refs))
    return join(parts, pol.joiner("errors")) if parts else None


def _size_words(found: Assessment, pol: Policy, lang: str) -> str:
    size = found.size
    classes, labels = pol.messages["size_classes"], pol.messages["labels"]
    if size.size_class is not None:
        return classes[size.size_class][lang]
    if size.group is not None and size.at_most not in (None, "large"):
        return labels["size_at_most"][lang].format(**{"class": classes[size.at_most][lang]})
    return ""


def result_cells(row: Any, lang: str = "zh", pol: Policy | None = None) -> list[Any]:
    """One result row of a :class:`~selfcheck.batch.BatchRow`: the reader's columns
    (:func:`result_columns`) then the machine columns (:func:`output_columns`)."""
    pol = pol or policy()
    sep = pol.joiner("errors")[lang]
    problems = _texts((*row.errors, *row.notes), lang, "" if lang == "zh" else " ")
    conditions = len(pol.conditions)
    if row.found is None:
        verdict = pol.messages["batch"]["error_verdict"][lang]
        reader = [row.row, row.ref, verdict, problems, "", "", *([""] * conditions), "", ""]
        fields = ";".join(dict.fromkeys(e.field for e in row.errors if e.field))
        codes = [row.row, row.ref, "", "", *([""] * conditions), "", "", "", "", fields]
        return reader + codes
    found = row.found
    words = _row_words(found, lang, pol)
    factors = _texts((pol.fact(k) for k in found.priority_factors), lang, pol.joiner()[lang])
    reader = [
        row.row,
        row.ref,
        words[0],
        problems,
        words[1],
        _size_words(found, pol, lang),
        *words[2],
        factors,
        _texts(row.understood, lang, sep),
    ]
    codes = [
        row.row,
        row.ref,
        found.verdict,
        found.size.size_class or "",
        *words[3],
        ";".join(found.priority_factors),
        words[4],
        words[5],
        answers_digest(pol.version, found.answers),
        "",
    ]
    return reader + codes


def _row_words(found: Assessment, lang: str, pol: Policy) -> tuple:
    """The words of a row that follow from its conditions: the result, what is still open, the
    statuses (words and codes), the keys still needed and those answered "not sure"."""
    still = _open(found, pol)
    return (
        _verdict_title(found, pol).get(lang),
        still.get(lang) if still else "",
        [c.status_text.get(lang) for c in found.conditions],
        [c.status for c in found.conditions],
        ";".join(m.key for m in found.missing),
        ";".join(m.key for m in found.missing if m.unsure),
    )


def _verdict_title(found: Assessment, pol: Policy) -> Text:
    return pol.word("verdicts", found.verdict)


# -- the results workbook -----------------------------------------------------------------------


def sheet_codes(pol: Policy | None = None) -> list[str]:
    """The columns the results workbook adds after the file's own, by code (their names:
    :func:`sheet_columns`): the result, what is missing, each condition, what is still open (every
    open point, the points the district weighs too), the size class, the priority factors, the
    problems, how cells were read, the row."""
    conditions = [c["key"] for c in (pol or policy()).conditions]
    return [
        "verdict",
        "lacking",
        *conditions,
        "open",
        "size_class",
        "priority_factors",
        "problems",
        "understood",
        "row",
    ]


def sheet_columns(lang: str, pol: Policy | None = None) -> list[str]:
    """The names of :func:`sheet_codes` in ``lang``."""
    pol = pol or policy()
    return column_names(sheet_codes(pol), lang, pol)


def district_words(row: Any, lang: str, pol: Policy | None = None) -> str:
    """The district a row names, in the reader's words ("" when it names none or its cell could
    not be read); a row with errors elsewhere names it too."""
    value = row.answers.get("district") if row.answers is not None else row.district
    if value is None or value == UNSURE:
        return ""
    return show_answer("district", value, lang, pol=pol)


def sheet_row(row: Any, cells: list[Any], given: Sequence[str], lang: str, pol: Policy) -> dict:
    """One row of the results workbook, from its result ``cells`` (:func:`result_cells`): the
    file's own cells as given (``given``: the table's ``given(row)``), then the columns of
    :func:`sheet_codes`; the machine columns (``codes``), the verdict, how many conditions are
    open and the district, for the other sheets."""
    codes = reader_codes(pol)
    reader = dict(zip(codes, cells))
    lack = lacking(row.found) if row.found is not None else ()
    still = lacking_words(lack, pol) if lack else None
    conditions = [c["key"] for c in pol.conditions]
    return {
        "cells": [
            *given,
            reader["verdict"],
            still.get(lang) if still else "",
            *(reader[c] for c in conditions),
            reader["open"],
            reader["size_class"],
            reader["priority_factors"],
            reader["problems"],
            reader["understood"],
            reader["row"],
        ],
        "codes": cells[len(codes) :],
        "verdict": row.verdict,
        "missing": len(lack),
        "district": district_words(row, lang, pol),
    }
