"""Batch files in and out, in bounded memory: a CSV or .xlsx file opened as a table that is read as
it goes, and the results written as CSV (UTF-8 with a BOM when it is a file, so that Excel on
Chinese Windows opens it as UTF-8: the reader's columns then the machine columns, as they always
were, for scripts) or as .xlsx (for people: see :mod:`selfcheck.xlsx`).

CSV: rows with errors first, while the rows stream: each result row goes to one of two spools (temporary
files once they pass a few megabytes), which are then written out in turn. Text cells a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are
written with a leading ``'`` in CSV and as text in .xlsx.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import chain
from typing import Any, BinaryIO, TextIO

from .._policy import Policy, policy
from ._csvfile import csv_grid, delimiter_of, encodings_to_try
from ._results import sheet_row
from ._rows import Batch, BatchRow, output_columns, result_cells, result_columns
from ._sheet import SheetStream, problem
from ._xlsx import open_xlsx, sniff

_SPOOL_BYTES = 4 * 1024 * 1024
_CHUNK = 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = frozenset(_FORMULA_START)


def as_text_cell(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'`` (OWASP's advice for
    CSV injection); other cells unchanged."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


# -- reading ------------------------------------------------------------------------------------


def csv_file_encoding(source: str | os.PathLike[str] | BinaryIO, pol: Policy | None = None) -> str:
    """The encoding of a CSV file (a path or a seekable binary file) as Excel or WPS saves it
    (UTF-8 with BOM, UTF-16 with BOM, UTF-8, else GB18030), found by decoding the whole file in
    chunks (nothing is kept). Raises :class:`~selfcheck.batch.SheetError` for a workbook, an old
    .xls, binary data or text in neither encoding."""
    with ExitStack() as stack:
        if isinstance(source, (str, os.PathLike)):
            handle: BinaryIO = stack.enter_context(open(source, "rb"))
        else:
            handle = source
        for encoding in encodings_to_try(handle.read(8), pol):
            handle.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := handle.read(_CHUNK):
                    if "\x00" in decoder.decode(chunk):
                        raise problem("binary", pol)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            handle.seek(0)
            return encoding
    raise problem("encoding", pol)


def open_table_file(handle: BinaryIO, stack: ExitStack, pol: Policy | None = None) -> SheetStream:
    """The table of an open, seekable binary file, read as it goes: a workbook when its first
    bytes say so (whatever the file is named), else a CSV file (its encoding found first). What
    reading it needs open is closed with ``stack``."""
    head = handle.read(8)
    handle.seek(0)
    if sniff(head) == "xlsx":
        return open_xlsx(handle, pol=pol)
    encoding = csv_file_encoding(handle, pol)
    text = stack.enter_context(io.TextIOWrapper(handle, encoding=encoding, newline=""))
    return open_csv_file(text, pol)


def spooled(stream: BinaryIO, stack: ExitStack) -> BinaryIO:
    """A stream (standard input) copied to a temporary file, in chunks, so that it can be read
    twice (its encoding found, then its rows) without being held in memory."""
    spool = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 - closed with the stack
    shutil.copyfileobj(stream, spool, _CHUNK)
    spool.seek(0)
    return spool


def open_csv_file(handle: TextIO, pol: Policy | None = None) -> SheetStream:
    """The table of an open CSV text file (opened with ``newline=""``), read as it goes."""
    consumed = []
    for line in handle:
        consumed.append(line)
        if line.strip():
            break
    if not consumed or not consumed[-1].strip():
        raise problem("empty", pol)
    delimiter = delimiter_of(consumed[-1].removeprefix("\ufeff"))
    lines = chain(consumed, handle)
    if consumed[0].startswith("\ufeff"):  # a BOM the decoder left (text from standard input)
        consumed[0] = consumed[0][1:]
    return SheetStream(csv_grid(lines, delimiter, pol), pol=pol, delimiter=delimiter)


def is_xlsx(name: str) -> bool:
    return str(name).lower().endswith((".xlsx", ".xlsm"))


# -- writing ------------------------------------------------------------------------------------


class Spools:
    """Result rows kept for writing, the rows with errors apart, in bounded memory (a context
    manager: the temporary files go when it closes). ``csv``: kept as CSV text (formula-safe),
    else as JSON lines (typed, for a workbook)."""

    def __init__(self, csv_text: bool = False) -> None:
        self._stack = ExitStack()
        self.csv = csv_text
        self.errors, self.good = (
            self._stack.enter_context(
                tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed with the stack
                    _SPOOL_BYTES, "w+", encoding="utf-8", newline=""
                )
            )
            for _ in range(2)
        )
        self._writers = {
            spool: csv.writer(spool, lineterminator="\r\n") for spool in (self.errors, self.good)
        }
        self.count = 0

    def __enter__(self) -> Spools:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def add(self, good: bool, cells: list[Any]) -> None:
        spool = self.good if good else self.errors
        if self.csv:
            self._writers[spool].writerow(
                ["'" + c if c.__class__ is str and c[:1] in _FORMULA else c for c in cells]
            )
        else:
            spool.write(json.dumps(cells, ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[list[Any]]:
        """The rows with errors, then the others, each in the order they came (JSON kind)."""
        for spool in (self.errors, self.good):
            spool.seek(0)
            for line in spool:
                yield json.loads(line)

    def copy_to(self, stream: TextIO) -> None:
        """The rows with errors, then the others, as CSV text (CSV kind)."""
        for spool in (self.errors, self.good):
            spool.seek(0)
            shutil.copyfileobj(spool, stream)


def header(lang: str, pol: Policy | None = None) -> list[str]:
    """The results' header: the reader's columns in ``lang``, then the machine columns."""
    return [*result_columns(lang, pol), *output_columns(pol)]


def spool(rows: Iterable[BatchRow], spools: Spools, lang: str) -> None:
    """Every result row of ``rows`` into ``spools``."""
    pol = policy()
    for row in rows:
        spools.add(row.found is not None, result_cells(row, lang, pol))


def write_csv(rows: Iterable[BatchRow], stream: TextIO, lang: str = "zh") -> None:
    """The results as CSV: the header, then the rows with errors, then the others."""
    csv.writer(stream, lineterminator="\r\n").writerow(header(lang))
    with Spools(csv_text=True) as spools:
        spool(rows, spools, lang)
        spools.copy_to(stream)


def csv_rows_text(rows: Iterable[list[Any]]) -> str:
    """Result rows (already made) as CSV text, formula-safe (for the browser's downloads)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([as_text_cell(c) for c in cells] for cells in rows)
    return out.getvalue()


def write_xlsx(
    rows: Iterable[BatchRow],
    out: str | os.PathLike[str] | BinaryIO,
    lang: str = "zh",
    *,
    batch: Batch,
) -> None:
    """The results as a workbook for people (see :mod:`selfcheck.xlsx`: the file's own columns,
    then the result, what is missing and each condition; the shortlist, the counts by district, the
    summary, the codes), the rows in the file's order."""
    from ..xlsx import write_batch

    pol = policy()
    table = batch.table
    write_batch(
        table.carried_headers,
        (sheet_row(row, result_cells(row, lang, pol), table.given(row), lang, pol) for row in rows),
        out,
        lang=lang,
        said=batch.summary,
        notes=batch.table.notes,
        pol=pol,
        frozen=table.carried_frozen,
    )


def run_batch(
    rows: Iterable[BatchRow], batch: Batch, out: str | None, lang: str, stdout: TextIO
) -> None:
    """Write the result ``rows`` of ``batch`` to ``out`` (.xlsx or .csv; standard output without
    it)."""
    if out is None:
        write_csv(rows, stdout, lang)
    elif is_xlsx(out):
        write_xlsx(rows, out, lang, batch=batch)
    else:
        with open(out, "w", encoding="utf-8-sig", newline="") as stream:
            write_csv(rows, stream, lang)


#: The name of the older API: the results of checked rows as CSV (see :func:`write_csv`).
write_results = write_csv
