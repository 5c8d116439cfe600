"""Excel workbooks (.xlsx) beside the engine: read a reader's list of enterprises, write results,
build the template. Reading needs nothing but the standard library (:mod:`selfcheck.batch`'s
workbook reader); writing needs openpyxl (``pip install "selfcheck[xlsx]"``), imported only when
one of those functions runs, so the engine itself stays standard-library only; without it they
raise :class:`XlsxUnavailable`, which says how to install it in both languages.

Every word in the workbooks comes from the policy bundle (questions, lists, messages) and the
aliases file (``sheet`` section); no question is typed here.

- :func:`read_workbook`: the sheet that names the most questions, as a :class:`~selfcheck.batch._sheet.SheetTable`
  (cells as the reader sees them: ``600`` not ``600.0``, dates as ``2026-01-05``, merged cells
  repeated over the rows of their area, a formula without a saved result shown as its text with a
  note).
- :func:`write_results`: a header (and optionally a row of machine codes) and rows, bold frozen
  header, column widths from the content, the errors column wide and wrapped.
- :func:`build_template`: the template in one language (see its docstring).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._xlsx_common import (
    _ERROR_FONT,
    _HEADER_FILL,
    OPENPYXL,
    XlsxUnavailable,
    _openpyxl,
    _put,
    _save,
    _sheet_words,
    _width,
)
from ._xlsx_results import BatchWorkbook, write_batch
from ._xlsx_template import answers_url, build_template
from .batch._sheet import SheetStream, SheetTable, column_letter, table_of
from .batch._xlsx import cell_text, open_xlsx

__all__ = [
    "OPENPYXL",
    "BatchWorkbook",
    "XlsxUnavailable",
    "answers_url",
    "build_template",
    "cell_text",
    "open_workbook",
    "read_workbook",
    "write_batch",
    "write_results",
]

# -- reading ---------------------------------------------------------------------------------------


def open_workbook(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    *,
    sheet: str | None = None,
    pol: Policy | None = None,
) -> SheetStream:
    """The table of a workbook (a path, bytes or a binary file), read as it goes with the
    standard library (openpyxl is not needed to read): see
    :func:`selfcheck.batch.open_xlsx`."""
    return open_xlsx(source, sheet=sheet, pol=pol)


def read_workbook(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    *,
    sheet: str | None = None,
    pol: Policy | None = None,
) -> SheetTable:
    """The table of a workbook, read whole (see :func:`open_workbook`)."""
    return table_of(open_workbook(source, sheet=sheet, pol=pol))


def write_results(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    codes: Sequence[str] | None = None,
    errors_column: int | str | None = "errors",
    lang: str = "zh",
    out: str | os.PathLike[str] | BinaryIO | None = None,
    pol: Policy | None = None,
) -> bytes:
    """A results workbook: ``header`` (the reader's words) in bold on row 1, ``codes`` (machine
    names, e.g. ``verdict`` or a condition's key) on row 2 if given, both frozen with a filter; then ``rows``.
    The errors column (an index, or a name in ``codes`` or ``header``) is wide, wrapped and dark
    red. Text is never turned into a formula. Returns the bytes (also written to ``out``)."""
    pol = pol or policy()
    styles = _openpyxl("styles")
    workbook = _openpyxl().Workbook()
    ws = workbook.active
    ws.title = _sheet_words(pol)["names"]["results"][lang]
    bold = styles.Font(bold=True)
    fill_ = styles.PatternFill("solid", fgColor=_HEADER_FILL)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    widths = [_width(h) for h in header]
    for c, text in enumerate(header, start=1):
        cell = _put(ws, 1, c, text)
        cell.font, cell.fill, cell.alignment = bold, fill_, wrap
    top = 1
    if codes is not None:
        top = 2
        grey = styles.Font(color="808080", size=9)
        for c, text in enumerate(codes, start=1):
            _put(ws, 2, c, text).font = grey
    if isinstance(errors_column, str):
        name = errors_column
        errors_column = (
            list(codes).index(name)
            if codes and name in codes
            else list(header).index(name)
            if name in header
            else None
        )
    red = styles.Font(color=_ERROR_FONT)
    count = 0
    for r, values in enumerate(rows, start=top + 1):
        count += 1
        for c, value in enumerate(values, start=1):
            cell = _put(ws, r, c, value)
            if c - 1 == errors_column:
                cell.font, cell.alignment = red, wrap
            if count <= 1000 and c <= len(widths):
                widths[c - 1] = max(widths[c - 1], _width(cell_text(value)))
            elif count <= 1000:
                widths.append(_width(cell_text(value)))
    for c, width in enumerate(widths):
        low, high = (40, 80) if c == errors_column else (6, 50)  # the errors column stays in view
        ws.column_dimensions[column_letter(c)].width = min(max(width + 2, low), high)
    ws.freeze_panes = f"A{top + 1}"
    if widths:
        ws.auto_filter.ref = f"A{top}:{column_letter(len(widths) - 1)}{top + max(count, 1)}"
    return _save(workbook, out)
