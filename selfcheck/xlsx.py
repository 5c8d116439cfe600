"""Excel workbooks (.xlsx) beside the engine: read a reader's list of enterprises, write results,
build the template. Needs openpyxl (``pip install "selfcheck[xlsx]"``), imported only when one of
these functions runs, so the engine itself stays standard-library only; without it they raise
:class:`XlsxUnavailable`, which says how to install it in both languages.

Every word in the workbooks comes from the policy bundle (questions, lists, messages) and the
aliases file (``sheet`` section); no question is typed here.

- :func:`read_workbook`: the sheet that names the most questions, as a :class:`~selfcheck.batch._sheet.SheetTable`
  (cells as the reader sees them: ``600`` not ``600.0``, dates as ``2026-01-05``, merged cells
  repeated over their area, a formula without a saved result shown as its text with a note).
- :func:`write_results`: a header (and optionally a row of machine codes) and rows, bold frozen
  header, column widths from the content, the errors column wide and wrapped.
- :func:`build_template`: the template in one language (see its docstring).
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._text import Text, fill, join
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
from ._xlsx_results import write_batch
from ._xlsx_template import answers_url, build_template
from .batch._sheet import (
    REF,
    SheetError,
    SheetStream,
    SheetTable,
    column_letter,
    no_header,
    problem,
    table_of,
)

__all__ = [
    "OPENPYXL",
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


def cell_text(value: Any) -> str:
    """A cell's value as the reader sees it: ``600`` (never ``600.0``), ``1999.5``, ``TRUE``,
    ``2026-01-05``; an empty cell is ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return _plain(format(value, ".15g"))  # Excel shows 15 significant digits
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _plain(text: str) -> str:
    """``1.5e-07`` written out: ``0.00000015`` (a figure never reaches a reader in E notation)."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    whole, _, decimals = mantissa.lstrip("-").partition(".")
    digits, point = whole + decimals, len(whole) + int(exponent)
    if point <= 0:
        return sign + "0." + "0" * -point + digits.rstrip("0")
    digits = digits.ljust(point, "0")
    return (
        sign
        + digits[:point]
        + ("." + digits[point:].rstrip("0") if digits[point:].rstrip("0") else "")
    )


def _read_bytes(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read()
    return source.read()


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _load(data: bytes, pol: Policy, *, data_only: bool, read_only: bool = False) -> Any:
    openpyxl = _openpyxl()
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, read_only=read_only)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise problem("not_xlsx", pol) from exc


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            _FORMULA.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _grid(ws: Any, formulas: Any = None) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """The sheet's rows as cell texts (merged areas repeated), and the cells whose formula has no
    saved result (their text is the formula)."""
    merged = {}
    for area in ws.merged_cells.ranges:
        top = ws.cell(area.min_row, area.min_col).value
        for r in range(area.min_row, area.max_row + 1):
            for c in range(area.min_col, area.max_col + 1):
                merged[(r, c)] = top
    unsaved = []
    rows = []
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = []
        for c, value in enumerate(values, start=1):
            value = merged.get((r, c), value)
            if value is None and formulas is not None:
                formula = formulas.cell(r, c).value
                if isinstance(formula, str) and formula.startswith("="):
                    value = formula
                    unsaved.append(f"{column_letter(c - 1)}{r}")
            cells.append(cell_text(value))
        rows.append((r, cells))
    return rows, unsaved


def _streamed(ws: Any) -> Iterator[tuple[int, list[str]]]:
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        yield r, [cell_text(v) for v in values]


#: Workbooks larger than this (about 2,000 rows of the template) are read as they go (openpyxl's
#: read-only mode: faster, in bounded memory, but merged cells are not repeated, hidden rows not
#: flagged and formulas without a saved result read as empty).
STREAM_BYTES = 256 * 1024


def _rows_in_part(data: bytes, part: str | None) -> int | None:
    """The row elements of a sheet's XML (an upper bound of its rows: what a workbook saved
    without a dimension, as openpyxl's write-only mode saves it, says of its size)."""
    if not part:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(part.lstrip("/")).count(b"<row ")
    except (KeyError, zipfile.BadZipFile):
        return None


def open_workbook(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    *,
    sheet: str | None = None,
    pol: Policy | None = None,
    stream: bool | None = None,
) -> SheetStream:
    """The table of a workbook (a path, bytes or a binary file), read as it goes: the sheet named
    ``sheet``, else the sheet whose header names the most questions (visible sheets first).
    ``stream`` (default: for files over :data:`STREAM_BYTES`) reads rows one at a time. Raises
    :class:`~selfcheck.batch.SheetError` for a file that is not .xlsx (an old .xls, an encrypted
    file), a workbook without a recognisable header, or two columns for one question."""
    pol = pol or policy()
    data = _read_bytes(source)
    if data.startswith(_OLE):
        raise problem("old_xls", pol)
    if not data.startswith(b"PK\x03\x04"):
        raise problem("not_xlsx", pol)
    stream = len(data) > STREAM_BYTES if stream is None else stream
    workbook = _load(data, pol, data_only=True, read_only=stream)
    formulas = None
    if not stream and _has_formulas(data):
        formulas = _load(data, pol, data_only=False)
    sheets = list(workbook.worksheets)
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise problem("no_sheet", pol, sheet=sheet)
        sheets = [workbook[sheet]]
    sheets.sort(key=lambda ws: ws.sheet_state != "visible")  # stable: visible first
    best: tuple[int, SheetStream] | None = None
    first_error: SheetError | None = None
    for ws in sheets:
        if stream:
            grid: Iterable[tuple[int, list[str]]] = _streamed(ws)
            hidden: list[int] = []
            unsaved: list[str] = []
        else:
            grid, unsaved = _grid(ws, formulas[ws.title] if formulas is not None else None)
            hidden = [r for r, dim in ws.row_dimensions.items() if dim.hidden]
        try:
            table = SheetStream(grid, sheet=ws.title, hidden=hidden, pol=pol)
        except SheetError as exc:
            if exc.kind not in ("no_header", "empty") and first_error is None:
                first_error = exc
            continue
        rows = ws.max_row or _rows_in_part(data, getattr(ws, "_worksheet_path", None))
        if rows:  # the sheet's stated dimension, or its row elements (counted, not read)
            table.size_hint = max(rows - (table.key_row or table.header_row), 0)
        if unsaved:
            table.extra_notes.append(
                fill(
                    _sheet_words(pol)["problems"]["formula"],
                    cells=join(map(Text.same, unsaved[:10]), pol.joiner()),
                )
            )
        score = len([k for k in table.keys if k != REF])
        if best is None or score > best[0]:
            best = (score, table)
    if best is not None:
        return best[1]
    raise first_error or no_header(pol)


def read_workbook(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    *,
    sheet: str | None = None,
    pol: Policy | None = None,
) -> SheetTable:
    """The table of a workbook, read whole (see :func:`open_workbook`)."""
    return table_of(open_workbook(source, sheet=sheet, pol=pol, stream=False))


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
