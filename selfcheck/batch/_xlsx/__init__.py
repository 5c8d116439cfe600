"""Excel workbooks (.xlsx) read with the standard library (one public face: :func:`open_xlsx`), as a table read as it goes: the sheet's
XML is parsed with expat while it is decompressed, one row at a time, so that what a workbook says
about its size never decides what is read (its ``<dimension>`` is ignored: some tools write it
wrong) and what it does not hold costs nothing.

- Rows the sheet does not write are never made: a cell at A1048576 is one row, read after the
  rows before it, not a million empty ones. Empty cells (a style, no value) are skipped, and a
  long run of them ends the reading with a note naming the row it stopped at
  (``LIMITS["sheet_empty_run"]``), so that no file makes the reading run on without an answer.
- Once the header is known, only the columns it names are kept (:meth:`Grid.narrow`): a row is
  a list as wide as the header, whatever columns the file writes to.
- Shared strings are read once, each kept no longer than a cell may be, within
  ``LIMITS["sheet_text_chars"]`` in all.
- Merged cells repeat their value over the rows of their area that the sheet writes (found before
  the rows, in a sheet of at most :data:`MERGES_SCAN_BYTES`); hidden rows are flagged; a formula
  without a saved result reads as its text, with a note; numbers read as the reader sees them
  (``600``, not ``600.0``), dates as ``2026-01-05``.
- No XML part may declare a document type: that refuses entity expansion (billion laughs) and
  external entities (XXE) before expat could meet them.

Works the same in CPython and in Pyodide (expat and zlib are built in); no third-party package.
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO

from ..._limits import LIMITS
from ..._policy import Policy, policy
from .._headers import REF
from .._sheet import SheetError, SheetStream, no_header, problem
from ._book import MERGES_SCAN_BYTES, Book, TooManyTexts
from ._cells import cell_text
from ._grid import Grid
from ._xml import DAMAGED

__all__ = ["MERGES_SCAN_BYTES", "Book", "Grid", "cell_text", "open_xlsx", "sniff"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and Office files with a password
_ZIP = b"PK\x03\x04"


def sniff(head: bytes) -> str | None:
    """What a file's first bytes say it is: ``"xlsx"`` (a zip), ``"xls"`` (an old or encrypted
    Office file) or ``None`` (text, perhaps CSV)."""
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return "xls"
    return None


def open_xlsx(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    *,
    sheet: str | None = None,
    pol: Policy | None = None,
) -> SheetStream:
    """The table of a workbook (a path, bytes or a binary file), read as it goes: the sheet named
    ``sheet``, else the sheet whose header names the most questions (visible sheets first).
    Raises :class:`SheetError` for a file that is not .xlsx (an old .xls, an encrypted file), a
    workbook without a recognisable header, or two columns for one question."""
    pol = pol or policy()
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(bytes(source))
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            head = handle.read(8)
    else:
        head = source.read(8)
        source.seek(0)
    kind = sniff(head)
    if kind == "xls":
        raise problem("old_xls", pol)
    if kind != "xlsx":
        raise problem("not_xlsx", pol)
    book = Book(source, pol)
    sheets = list(book.sheets)
    if sheet is not None:
        sheets = [s for s in sheets if s.name == sheet]
        if not sheets:
            raise problem("no_sheet", pol, sheet=sheet)
    sheets.sort(key=lambda s: s.state != "visible")  # stable: visible first
    best: tuple[int, SheetStream] | None = None
    first_error: SheetError | None = None
    for info in sheets:
        try:
            grid = Grid(book, info)
            table = SheetStream(grid, sheet=info.name, hidden=grid.hidden, pol=pol)
        except TooManyTexts:
            raise problem("too_many_texts", pol, max=LIMITS["sheet_text_chars"]) from None
        except SheetError as exc:  # (a ValueError: before the damaged file's errors)
            if exc.kind not in ("no_header", "empty") and first_error is None:
                first_error = exc
            continue
        except DAMAGED as exc:
            raise problem("not_xlsx", pol) from exc
        table.grid_notes = lambda grid=grid: grid.notes(pol)
        score = len([k for k in table.keys if k != REF])
        if best is None or score > best[0]:
            best = (score, table)
    if best is not None:
        return best[1]
    raise first_error or no_header(pol)
