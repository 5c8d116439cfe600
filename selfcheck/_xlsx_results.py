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
    pol = pol or policy()
    openpyxl, styles = _openpyxl(), _openpyxl("styles")
    cell_of = _openpyxl("cell").WriteOnlyCell
    words = _sheet_words(pol)["names"]
    workbook = openpyxl.Workbook(write_only=True)
    ws = workbook.create_sheet(words["results"][lang])
    conditions = reader_columns - len(_READER_WIDTHS) - len(_TAIL_WIDTHS)
    widths = [*_READER_WIDTHS, *([_CONDITION_WIDTH] * conditions), *_TAIL_WIDTHS]
    widths += [_CODE_WIDTH] * (len(header) - len(widths))
    for index, width in enumerate(widths):
        ws.column_dimensions[column_letter(index)].width = width
    ws.freeze_panes = "C2"
    bold, grey = styles.Font(bold=True), styles.Font(color="808080", size=9)
    fill = styles.PatternFill("solid", fgColor=_HEADER_FILL)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    red = styles.Font(color=_ERROR_FONT)
    head = []
    for index, text in enumerate(header):
        cell = cell_of(ws, value=text)
        cell.font, cell.alignment = (bold, wrap) if index < reader_columns else (grey, wrap)
        if index < reader_columns:
            cell.fill = fill
        head.append(cell)
    ws.append(head)
    count = 0
    for values in rows:
        count += 1
        line: list[Any] = list(values)
        for index, value in enumerate(line):
            if value.__class__ is str and value[:1] in _FORMULA:
                cell = cell_of(ws, value=value)
                cell.data_type = "s"  # text stays text
                line[index] = cell
        if line[PROBLEMS]:
            cell = cell_of(ws, value=values[PROBLEMS])
            cell.font, cell.alignment = red, wrap
            if isinstance(values[PROBLEMS], str) and values[PROBLEMS][:1] in _FORMULA:
                cell.data_type = "s"
            line[PROBLEMS] = cell
        ws.append(line)
    ws.auto_filter.ref = f"A1:{column_letter(len(header) - 1)}{max(count, 1) + 1}"
    if said is not None:
        summary = workbook.create_sheet(words["summary"][lang])
        summary.column_dimensions["A"].width = 100
        summary.append([said.get(lang)])
    workbook.save(out)
