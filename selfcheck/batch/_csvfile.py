r"""CSV files as Excel and WPS save them in China: the bytes decoded (UTF-8 with or without BOM,
UTF-16 with BOM, else GB18030), the lines split as the csv module splits them (a line break inside
a quoted cell, or U+2028, \f, \x1c, \x85 inside any cell, never splits a row), the delimiter
found, and where the csv module cannot read on, the row said. Standard library only."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator

from .._policy import Policy, policy
from ._sheet import SheetError, SheetStream, SheetTable, problem, table_from_grid

# -- text files ------------------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and Office files with a password


def encodings_to_try(head: bytes, pol: Policy | None = None) -> tuple[str, ...]:
    """From a file's first bytes: the encodings to try in turn (the BOM's; else UTF-8, then
    GB18030). Raises :class:`SheetError` for a workbook given as CSV or an old .xls."""
    if head.startswith(_ZIP):
        raise problem("xlsx_as_csv", pol)
    if head.startswith(_OLE):
        raise problem("old_xls", pol)
    if head.startswith(codecs.BOM_UTF8):
        return ("utf-8-sig",)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16",)
    return ("utf-8", "gb18030")


def decode_csv_bytes(data: bytes, *, pol: Policy | None = None) -> str:
    """The text of a CSV file as Excel or WPS saves it: UTF-8 with or without BOM, UTF-16 with BOM
    (Excel's "Unicode text"), else GB18030 (a superset of GBK, what "CSV" means on Chinese Windows).
    Raises :class:`SheetError` for anything else (never a silently mangled text), and for a
    workbook given as CSV."""
    data = bytes(data)
    for encoding in encodings_to_try(data[:8], pol):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise problem("binary", pol)
        return text
    raise problem("encoding", pol)


def delimiter_of(line: str) -> str:
    """The delimiter of a CSV file from its first non-empty line: comma, tab or semicolon."""
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _delimiter(text: str) -> str:
    first = next((line for line in _lines(text[:65536]) if line.strip()), "")
    return delimiter_of(first)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> Iterator[str]:
    r"""The lines of ``text`` as a file opened with ``newline=""`` gives them to the csv module:
    split after \r\n, \r or \n only (never at U+2028, \f, \x1c or \x85, which may stand in a
    cell), without copying the text."""
    start = 0
    for match in _NEWLINE.finditer(text):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


class TableBroken(SheetError):
    """The file could not be read on from row ``row``: the rows before it were read. ``kind``
    names the message of ``limits`` that says why: ``cell_too_long`` (a CSV cell longer than the
    csv module's limit) or ``damaged_from`` (a workbook damaged there)."""

    def __init__(self, row: int, pol: Policy | None = None, kind: str = "cell_too_long") -> None:
        text = (pol or policy()).say("limits", kind, row=row, max=csv.field_size_limit())
        super().__init__(kind, [text])
        self.row = row


def csv_grid(lines: Iterable[str], delimiter: str, pol: Policy | None = None):
    """``(record number, cells)`` of CSV ``lines`` (records counted from 1, as a spreadsheet
    numbers rows); raises :class:`TableBroken` where the csv module cannot read on."""
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise TableBroken(number + 1, pol) from None
        number += 1
        yield number, cells


def csv_stream(text: str, *, pol: Policy | None = None) -> SheetStream:
    """A :class:`SheetStream` of CSV text (comma, tab or semicolon separated)."""
    pol = pol or policy()
    if not text.strip():
        raise problem("empty", pol)
    delimiter = _delimiter(text)
    grid = csv_grid(_lines(text), delimiter, pol)
    return SheetStream(grid, pol=pol, delimiter=delimiter)


def read_csv_text(text: str, *, pol: Policy | None = None) -> SheetTable:
    """A table from CSV text (comma, tab or semicolon separated; see :func:`decode_csv_bytes`)."""
    pol = pol or policy()
    if not text.strip():
        raise problem("empty", pol)
    delimiter = _delimiter(text)
    return table_from_grid(csv_grid(_lines(text), delimiter, pol), pol=pol)


def read_csv_bytes(data: bytes, *, pol: Policy | None = None) -> SheetTable:
    """:func:`read_csv_text` of :func:`decode_csv_bytes`."""
    return read_csv_text(decode_csv_bytes(data, pol=pol), pol=pol)
