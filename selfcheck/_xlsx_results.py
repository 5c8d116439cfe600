"""The results of a batch as a workbook, written as it goes (openpyxl's write-only mode: memory does
not grow with the rows): the reader's columns with a bold header, then the machine columns in grey;
the problems column wide, wrapped and dark red; the header and the first two columns frozen, a
filter on the header; text never becomes a formula. A second sheet says the summary."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._text import Text
from ._xlsx_common import _ERROR_FONT, _HEADER_FILL, _openpyxl, _sheet_words
from .batch._sheet import column_letter

_FORMULA = frozenset("=+-@")
#: Widths of the reader's columns by position (row, ref, result, problems, open, size), then the
#: conditions, the priority factors and what was understood; machine columns are narrow.
_READER_WIDTHS = (6, 22, 24, 60, 50, 10)
_CONDITION_WIDTH, _TAIL_WIDTHS, _CODE_WIDTH = 14, (30, 40), 12
PROBLEMS = 3  # the index of the problems column


class BatchWorkbook:
    """The results workbook written a row at a time (:meth:`append`), then saved (:meth:`save`):
    ``header`` (the reader's words), whose first ``reader_columns`` are the reader's."""

    def __init__(
        self,
        header: Sequence[str],
        reader_columns: int,
        *,
        lang: str = "zh",
        pol: Policy | None = None,
    ) -> None:
        pol = self.pol = pol or policy()
        self.lang, self.header, self.count = lang, header, 0
        openpyxl, styles = _openpyxl(), _openpyxl("styles")
        self._cell = _openpyxl("cell").WriteOnlyCell
        self.words = _sheet_words(pol)["names"]
        self.workbook = openpyxl.Workbook(write_only=True)
        ws = self.ws = self.workbook.create_sheet(self.words["results"][lang])
        conditions = reader_columns - len(_READER_WIDTHS) - len(_TAIL_WIDTHS)
        widths = [*_READER_WIDTHS, *([_CONDITION_WIDTH] * conditions), *_TAIL_WIDTHS]
        widths += [_CODE_WIDTH] * (len(header) - len(widths))
        for index, width in enumerate(widths):
            ws.column_dimensions[column_letter(index)].width = width
        ws.freeze_panes = "C2"
        bold, grey = styles.Font(bold=True), styles.Font(color="808080", size=9)
        fill = styles.PatternFill("solid", fgColor=_HEADER_FILL)
        self._wrap = wrap = styles.Alignment(wrap_text=True, vertical="top")
        self._red = styles.Font(color=_ERROR_FONT)
        head = []
        for index, text in enumerate(header):
            cell = self._cell(ws, value=text)
            cell.font, cell.alignment = (bold, wrap) if index < reader_columns else (grey, wrap)
            if index < reader_columns:
                cell.fill = fill
            head.append(cell)
        ws.append(head)

    def append(self, values: Sequence[Any]) -> None:
        """One result row (text never becomes a formula; the problems in dark red)."""
        cell_of, ws = self._cell, self.ws
        self.count += 1
        line: list[Any] = list(values)
        for index, value in enumerate(line):
            if value.__class__ is str and value[:1] in _FORMULA:
                cell = cell_of(ws, value=value)
                cell.data_type = "s"  # text stays text
                line[index] = cell
        if line[PROBLEMS]:
            cell = cell_of(ws, value=values[PROBLEMS])
            cell.font, cell.alignment = self._red, self._wrap
            if isinstance(values[PROBLEMS], str) and values[PROBLEMS][:1] in _FORMULA:
                cell.data_type = "s"
            line[PROBLEMS] = cell
        ws.append(line)

    def save(self, out: str | os.PathLike[str] | BinaryIO, *, said: Text | None = None) -> None:
        """The filter over the rows written, the summary on its own sheet, and the file."""
        self.ws.auto_filter.ref = (
            f"A1:{column_letter(len(self.header) - 1)}{max(self.count, 1) + 1}"
        )
        if said is not None:
            summary = self.workbook.create_sheet(self.words["summary"][self.lang])
            summary.column_dimensions["A"].width = 100
            summary.append([said.get(self.lang)])
        self.workbook.save(out)


def write_batch(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    reader_columns: int,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    lang: str = "zh",
    said: Text | None = None,
    pol: Policy | None = None,
) -> None:
    """Write ``rows`` (result rows, the rows with errors first) under ``header``, whose first
    ``reader_columns`` are the reader's; ``said``: the summary, on its own sheet."""
    workbook = BatchWorkbook(header, reader_columns, lang=lang, pol=pol)
    for values in rows:
        workbook.append(values)
    workbook.save(out, said=said)
