"""Batch mode: a table of enterprises (CSV or a workbook's sheet, read by :mod:`._sheet`), one
enterprise a row, checked row by row as the rows come (memory does not grow with the rows).

Every cell is read in the reader's words (:mod:`selfcheck._words`: 是/否/不确定, 宝安, 3亿, 3,000,
规上；专精特新...); a header may name a column by its question (Chinese or English, with or without
its unit), the short name of its fact, a header word of the aliases file or its answer key. A row
whose cells cannot all be read is reported with every such cell, named as the reader sees it
(``C 列“员工人数”：“abc”不是数字……``), and the other rows are still checked. A row with fewer cells
than the header is checked with the missing columns taken as not answered, and a note saying so.

A result row (:func:`result_cells`) has the reader's columns (:func:`result_columns`: the result,
the problems, what is still open, the size class, each condition's status, the priority factors,
what was understood, in the reader's language) and then the machine columns
(:func:`output_columns`: codes, for programs). :class:`Batch` counts the outcomes for the summary
("30 行：18 行可申报，7 行待补充，3 行不符合，2 行有错误").
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .._echo import show_text
from .._engine import Assessment, assess, evaluate
from .._policy import Policy, policy
from .._report import Report
from .._text import Text, fill, join, sentences
from .._validate import AnswerError, FieldError, field_error
from .._words import WordError, parse_cell, said_back
from ._csvfile import csv_stream
from ._results import (
    ERRORS,
    ONE_SHORT,
    VERDICTS,
    lacking,
    output_columns,
    result_cells,
    result_columns,
    summary,
)
from ._sheet import REF, Column, SheetError, SheetRow, SheetStream

#: The verdicts in the order the summary names them, and the word for rows with errors.
_REF_CHARS = 200
_EMPTY = object()  # a cell that says nothing
_SEEN_MAX = 8_000


@dataclass
class BatchRow:
    """One input row: its sheet row number, its ``ref``, and either what the answers decide
    (``found``) or the cells that could not be read (``errors``); ``notes`` say what was
    assumed (missing trailing cells taken as not answered), ``understood`` what was read from
    cells not written as the answer format writes them."""

    row: int
    ref: str
    answers: dict[str, Any] | None
    found: Assessment | None
    errors: tuple[FieldError, ...] = ()
    notes: tuple[FieldError, ...] = ()
    understood: tuple[Text, ...] = ()
    as_of: Any = None
    #: The row's cells as the file gives them (answer key or ``ref`` -> text).
    inputs: Mapping[str, str] = field(default_factory=dict)
    #: Whether the row is hidden in its sheet (a workbook's hidden row: checked like the others).
    hidden: bool = False
    #: The cells of the columns the check does not read (联系人, 电话), as the file gives them.
    others: tuple[str, ...] = ()
    #: The district a row with errors names, read like any cell (counted under it by district).
    district: Any = None

    @property
    def verdict(self) -> str:
        return self.found.verdict if self.found else ERRORS

    @property
    def report(self) -> Report | None:
        """The full report of this row (made on demand: a batch needs the statuses only)."""
        if self.answers is None:
            return None
        return evaluate(self.answers, as_of=self.as_of)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (checking rows makes no cyclic garbage, but the
    collector would scan the growing memo tables of :func:`~selfcheck._engine.assess` again and
    again: a third of a batch's time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _cell_words(column: Column, text: Text, pol: Policy) -> Text:
    """``C 列“员工人数”：...``: a sentence about one cell, naming the column as the reader sees it."""
    header = Text.same(show_text(column.header or column.key or "", 30))
    return fill(pol.messages["batch"]["cell"], letter=column.letter, header=header, text=text)


class Batch:
    """The rows of a table checked one at a time (iterate it), with the outcomes counted."""

    def __init__(self, table: SheetStream, *, as_of: Any = None, pol: Policy | None = None):
        self.table = table
        self.pol = pol or policy()
        self.as_of = as_of
        self.counts: Counter[str] = Counter()
        self.by_key = {c.key: c for c in table.mapped}
        self.seen: dict[tuple[str, str], Any] = {}
        #: How many of the rows checked are hidden in their sheet.
        self.hidden = 0

    def check(self, sheet_row: SheetRow) -> BatchRow:
        """One row read in the reader's words and decided (never raises for a cell)."""
        pol = self.pol
        answers: dict[str, Any] = {}
        errors: list[FieldError] = []
        understood: list[Text] = []
        ref = ""
        seen = self.seen
        for key, text in sheet_row.cells.items():
            if key == REF:
                ref = text.strip()[:_REF_CHARS]
                continue
            found = seen.get((key, text))  # most cells repeat: each is read once a batch
            if found is None:
                if len(seen) >= _SEEN_MAX:
                    seen.clear()
                found = seen[(key, text)] = self._read(key, text)
            if found is _EMPTY:
                continue
            value, note, error = found
            if error is not None:
                errors.append(error)
                continue
            answers[key] = value
            if note is not None:
                understood.append(note)
        if sheet_row.broken is not None:  # said once, instead of what its cell reads as
            said = pol.say("limits", "unclosed_quote", row=sheet_row.row)
            key = sheet_row.broken.key
            errors = [FieldError(key, said.zh, said.en), *(e for e in errors if e.field != key)]
        if sheet_row.extra:
            errors.append(
                field_error("csv_extra_cells", None, expected=self.table.width, got=sheet_row.width)
            )
        notes = ()
        if sheet_row.short:
            columns = join(
                (
                    Text.same(f"{c.letter} “{show_text(c.header or c.key)}”")
                    for c in sheet_row.short
                ),
                pol.joiner(),
            )
            notes = (
                field_error(
                    "csv_short_row",
                    None,
                    got=sheet_row.width,
                    expected=self.table.width,
                    columns=columns,
                ),
            )
        given = {
            "notes": notes,
            "as_of": self.as_of,
            "inputs": sheet_row.cells,
            "hidden": sheet_row.hidden,
            "others": sheet_row.others,
        }
        if errors:
            result = BatchRow(
                sheet_row.row,
                ref,
                None,
                None,
                errors=tuple(errors),
                district=answers.get("district"),
                **given,
            )
        else:
            found = assess(answers, pol)  # the report (on demand) puts them in question order
            result = BatchRow(
                sheet_row.row, ref, found.answers, found, understood=tuple(understood), **given
            )
            if len(lacking(found)) == 1:
                self.counts[ONE_SHORT] += 1
        self.counts[result.verdict] += 1
        if result.hidden:
            self.hidden += 1
        return result

    def _read(self, key: str, text: str) -> Any:
        """One cell read: ``(value, what was understood, None)`` or ``(None, None, the error)``,
        both said with the column as the reader sees it; ``_EMPTY`` for an empty cell."""
        pol, column = self.pol, self.by_key[key]
        try:
            parsed = parse_cell(key, text, pol=pol)
        except WordError as exc:
            said = _cell_words(column, exc.message, pol)
            return None, None, FieldError(key, said.zh, said.en)
        if parsed is None:
            return _EMPTY
        said = said_back(text, parsed)
        note = _cell_words(column, said, pol) if said is not None else None
        return parsed.value, note, None

    def __iter__(self) -> Iterator[BatchRow]:
        """The rows checked, one at a time, the cyclic garbage collector paused meanwhile (see
        :func:`gc_paused`)."""
        with gc_paused():
            for sheet_row in self.table:
                yield self.check(sheet_row)

    @property
    def rows(self) -> int:
        return sum(n for outcome, n in self.counts.items() if outcome != ONE_SHORT)

    def summary(self) -> Text:
        """ "30 行：18 行可申报，7 行待补充，3 行不符合，2 行有错误" (only the outcomes met), and how
        many of them are hidden in the sheet, if any."""
        said = summary(self.counts, self.pol)
        hidden = self.hidden_said()
        return sentences(said, hidden) if hidden else said

    def hidden_said(self) -> Text | None:
        """How many of the rows checked are hidden in their sheet (``None`` when none is)."""
        if not self.hidden:
            return None
        if self.hidden == 1:
            return Text.of(self.pol.messages["batch"]["hidden_one"])
        return self.pol.say("batch", "hidden", rows=self.hidden)


def _in_order(answers: Mapping[str, Any], pol: Policy) -> dict[str, Any]:
    """The answers in question order (as validation returns them: the report lists them so)."""
    return {k: answers[k] for k in pol.questions if k in answers}


# -- compatibility: CSV text in, every row checked ---------------------------------------------


def check_rows(lines: Iterable[str] | str, *, as_of: Any = None) -> list[BatchRow]:
    """Check every row of CSV text (or its lines); raises :class:`AnswerError` when the table has
    no usable header. A convenience for small tables: :class:`Batch` streams."""
    text = lines if isinstance(lines, str) else "".join(lines)
    return list(Batch(open_csv_text(text), as_of=as_of))


def open_csv_text(text: str) -> SheetStream:
    """The table of CSV text, or :class:`AnswerError` with the reason (no header, ...)."""
    try:
        return csv_stream(text.removeprefix("\ufeff"))
    except SheetError as exc:
        raise AnswerError(sheet_errors(exc)) from None


def sheet_errors(exc: Any) -> list[FieldError]:
    """A :class:`~selfcheck.batch.SheetError` as the engine's errors."""
    return [FieldError(None, p.zh, p.en) for p in exc.problems]


def parse_row(cells: dict[str, str], pol: Policy | None = None) -> dict[str, Any]:
    """The answers of one row (answer key -> text, in the reader's words); raises
    :class:`AnswerError` with every cell that cannot be read."""
    pol = pol or policy()
    answers: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, text in cells.items():
        if key == REF:
            continue
        try:
            parsed = parse_cell(key, text, pol=pol)
        except WordError as exc:
            errors.append(exc.field_error())
            continue
        if parsed is not None:
            answers[key] = parsed.value
    if errors:
        raise AnswerError(errors)
    return _in_order(answers, pol)


__all__ = [
    "VERDICTS",
    "Batch",
    "BatchRow",
    "check_rows",
    "gc_paused",
    "output_columns",
    "parse_row",
    "result_cells",
    "result_columns",
    "sheet_errors",
    "summary",
]
