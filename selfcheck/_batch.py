"""Batch mode: a CSV file with one enterprise a row, checked row by row.

Input: a header of answer keys (plus an optional ``ref`` column copied to the output), UTF-8 with
or without Excel's BOM. Cells: ``true``/``false``, ``yes``/``no`` or ``是``/``否`` (any case) for
yes/no questions; digits for counts; numbers such as ``2000`` or ``1999.5``; lists separated by
``;`` (``none`` or ``无`` for the empty list); an empty cell means "not answered". A row with
every cell empty is skipped. A bad row is reported with its row number (the header is row 1) and
field; the other rows are still checked. A row with fewer cells than the header is checked with the
missing trailing columns taken as not answered, and a note saying so (a short row is often a row
broken by a stray line break or comma, which would otherwise pass as merely unanswered).

Output: text cells a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) are written with a leading ``'`` so they stay text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from ._engine import evaluate
from ._policy import Policy, policy
from ._report import Report
from ._validate import MAX_FIGURE, AnswerError, FieldError, allowed_text, clip, field_error

REF = "ref"
#: The words a CSV cell may use for yes / no (any case), and for the empty list.
YES_WORDS, NO_WORDS = ("true", "yes", "是"), ("false", "no", "否")
EMPTY_LIST_WORDS = ("none", "无")
_TRUE, _FALSE = set(YES_WORDS), set(NO_WORDS)
_EMPTY_LIST = set(EMPTY_LIST_WORDS)
_WHOLE = re.compile(r"^\d{1,16}$")
_DECIMAL = re.compile(r"^\d{1,16}(?:\.\d{1,12})?$")


@dataclass(frozen=True)
class BatchRow:
    """One input row: its number, its ``ref``, and either a report or the errors; ``notes`` says
    what was assumed (missing trailing cells taken as not answered)."""

    row: int
    ref: str
    report: Report | None
    errors: tuple[FieldError, ...] = ()
    notes: tuple[FieldError, ...] = ()


def _cell(key: str, kind: str, text: str, choices: tuple[str, ...], pol: Policy) -> Any:
    """One non-empty cell as a typed answer; raises AnswerError naming ``key``."""
    value = text.strip()
    if kind == "boolean" and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    if kind == "integer" and _WHOLE.match(value):
        return int(value)
    if kind == "number" and _DECIMAL.match(value):
        return float(value) if "." in value else int(value)
    if kind == "choice" and value in choices:
        return value
    if kind == "multi_choice":
        if value.lower() in _EMPTY_LIST:
            return []
        items = [v.strip() for v in re.split(r"[;；]", value) if v.strip()]
        if items and all(v in choices for v in items) and len(set(items)) == len(items):
            return items
    name = {"choice": "choice", "multi_choice": "csv_list"}.get(kind, f"csv_{kind}")
    raise AnswerError(
        [
            field_error(
                name, key, got=clip(value), max=MAX_FIGURE, allowed=allowed_text(choices, pol)
            )
        ]
    )


def parse_row(cells: dict[str, str], pol: Policy | None = None) -> dict[str, Any]:
    """The answers of one row (header key -> cell text); raises AnswerError with every bad cell."""
    pol = pol or policy()
    answers: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, text in cells.items():
        if key == REF or not text.strip():
            continue
        question = pol.questions[key]
        try:
            answers[key] = _cell(key, question["type"], text, pol.choices.get(key, ()), pol)
        except AnswerError as exc:
            errors += exc.errors
    if errors:
        raise AnswerError(errors)
    return answers


def check_header(header: list[str], pol: Policy | None = None) -> list[str]:
    """The column names (trailing empty ones dropped); raises AnswerError for a bad header."""
    pol = pol or policy()
    names = [h.strip() for h in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise AnswerError([field_error("csv_empty", None)])
    allowed = [REF, *pol.questions]
    errors = [
        field_error("csv_unknown_column", name, allowed=allowed_text(allowed, pol))
        for name in names
        if name not in allowed
    ]
    repeated = sorted({name for i, name in enumerate(names) if name in names[:i]})
    errors += [field_error("csv_duplicate_column", name) for name in repeated]
    if errors:
        raise AnswerError(errors)
    return names


def check_rows(lines: Iterable[str], *, as_of: Any = None) -> list[BatchRow]:
    """Check every row of CSV text; raises AnswerError only when the header is unusable."""
    pol = policy()
    reader = csv.reader(lines)
    header = check_header(next(reader, []), pol)
    results = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        ref = dict(zip(header, cells)).get(REF, "").strip()
        extra = cells[len(header) :]
        notes = ()
        if len(cells) < len(header):
            columns = allowed_text(header[len(cells) :], pol)
            notes = (
                field_error(
                    "csv_short_row", None, got=len(cells), expected=len(header), columns=columns
                ),
            )
        try:
            if any(c.strip() for c in extra):
                raise AnswerError(
                    [field_error("csv_extra_cells", None, expected=len(header), got=len(cells))]
                )
            report = evaluate(parse_row(dict(zip(header, cells)), pol), as_of=as_of)
            results.append(BatchRow(number, ref, report, notes=notes))
        except AnswerError as exc:
            results.append(BatchRow(number, ref, None, exc.errors, notes))
    return results


def output_columns(pol: Policy | None = None) -> list[str]:
    """The columns of the results CSV: the row, ``ref``, the verdict, the size class, one column
    per condition (its report key, c1, c2, …), then priority factors, missing answers, the digest
    and the errors."""
    conditions = [c["key"] for c in (pol or policy()).conditions]
    return [
        "row",
        REF,
        "verdict",
        "size_class",
        *conditions,
        "priority_factors",
        "missing",
        "digest",
        "errors",
    ]


def error_text(errors: Iterable[FieldError]) -> str:
    """Errors in one cell: ``field: 中文 / English``, separated by `` | ``."""
    return " | ".join((f"{e.field}: " if e.field else "") + f"{e.zh} / {e.en}" for e in errors)


def result_cells(row: BatchRow) -> list[Any]:
    """One output row (see :func:`output_columns`): statuses for a report, the errors otherwise; the
    last column also carries the row's notes."""
    report = row.report
    if report is None:
        blanks = [""] * (len(output_columns()) - 3)
        return [row.row, row.ref, *blanks, error_text(row.errors + row.notes)]
    return [
        row.row,
        row.ref,
        report.verdict,
        report.size_class or "",
        *(c.status for c in report.conditions),
        ";".join(report.priority_factors),
        ";".join(m.key for m in report.missing),
        report.digest,
        error_text(row.notes),
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'`` (OWASP's advice for
    CSV injection); other cells unchanged."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def write_results(rows: Iterable[BatchRow], stream: TextIO) -> None:
    """The results as CSV: a header, then one row per checked input row (formula-safe)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(output_columns())
    writer.writerows([as_text_cell(c) for c in result_cells(row)] for row in rows)
