"""Tables of enterprises as readers keep them (CSV from Excel or WPS, or a grid of cell texts read
from a workbook by :mod:`selfcheck.xlsx`): the header recognised, the rows read with
:mod:`selfcheck._words`. Standard library only, so the browser can use it as it is.

A header cell names its column by the answer key, the question (Chinese or English, with or without
its unit), the short name of the fact, or a header word of the aliases file. A second header row of
answer keys (the template's hidden row) takes precedence over the first. Rows above the header (a
title) are skipped, and so are fully empty rows and example rows (the ref cell starts with 示例 /
Example); sheet row numbers are kept.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._headers import REF, ambiguous_headers, header_key, header_label, is_example
from ._policy import Policy, policy
from ._text import Text, fill, join
from ._words import RowReading, read_row, word_data

__all__ = ["REF", "ambiguous_headers", "header_key", "header_label", "is_example"]

_SCAN_ROWS = 20


class SheetError(ValueError):
    """A file or table that cannot be read; ``problems`` are bilingual sentences for the reader."""

    def __init__(self, kind: str, problems: Iterable[Text]) -> None:
        self.kind = kind
        self.problems = tuple(problems)
        super().__init__(" ".join(p.en for p in self.problems))

    @property
    def zh(self) -> str:
        return "".join(p.zh for p in self.problems)

    @property
    def en(self) -> str:
        return " ".join(p.en for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "zh": self.zh, "en": self.en}


def _say(pol: Policy, name: str, **params: Any) -> Text:
    return fill(word_data(pol)["sheet"]["problems"][name], **params)


def problem(name: str, pol: Policy | None = None, **params: Any) -> SheetError:
    """The error ``sheet.problems[name]`` of the aliases file."""
    pol = pol or policy()
    return SheetError(name, [_say(pol, name, **params)])


# -- text files ------------------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and Office files with a password


def decode_csv_bytes(data: bytes, *, pol: Policy | None = None) -> str:
    """The text of a CSV file as Excel or WPS saves it: UTF-8 with or without BOM, UTF-16 with BOM
    (Excel's "Unicode text"), else GB18030 (a superset of GBK, what "CSV" means on Chinese Windows).
    Raises :class:`SheetError` for anything else (never a silently mangled text), and for a
    workbook given as CSV."""
    data = bytes(data)
    if data.startswith(_ZIP):
        raise problem("xlsx_as_csv", pol)
    if data.startswith(_OLE):
        raise problem("old_xls", pol)
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise problem("binary", pol)
        return text
    raise problem("encoding", pol)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def no_header(pol: Policy | None = None) -> SheetError:
    """The error for a table whose header names no question (with an example header cell)."""
    pol = pol or policy()
    example = next(
        (header_label(k, pol) for k, q in pol.questions.items() if q["type"] == "integer"),
        header_label(REF, pol),
    )
    return problem("no_header", pol, example=example)


# -- tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the sheet: 0-based ``index``, its ``letter``, its header text, its key."""

    index: int
    letter: str
    header: str
    key: str | None


@dataclass(frozen=True)
class SheetRow:
    """One data row: its sheet row number and its cells (answer key or ``ref`` -> text)."""

    row: int
    cells: dict[str, str]
    hidden: bool = False


@dataclass(frozen=True)
class SheetTable:
    """A table read: where its header is, its columns, its data rows, and what was set aside."""

    sheet: str
    header_row: int
    key_row: int | None
    columns: tuple[Column, ...]
    rows: tuple[SheetRow, ...]
    examples: tuple[int, ...] = ()
    notes: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns if c.key]

    @property
    def ignored(self) -> list[Column]:
        return [c for c in self.columns if c.key is None and c.header.strip()]


def _cells(row: Sequence[Any]) -> list[str]:
    return ["" if c is None else str(c) for c in row]


def table_from_grid(
    grid: Iterable[tuple[int, Sequence[Any]]],
    *,
    sheet: str = "",
    hidden: Iterable[int] = (),
    pol: Policy | None = None,
) -> SheetTable:
    """A table from ``(sheet row number, cell texts)`` pairs; raises :class:`SheetError` when no
    header is found or two columns answer the same question."""
    pol = pol or policy()
    rows = [(number, _cells(cells)) for number, cells in grid]
    hidden = set(hidden)
    if not rows:
        raise problem("empty", pol)
    best, best_score = None, 0
    for i, (_, cells) in enumerate(rows[:_SCAN_ROWS]):  # the row naming the most questions
        score = len({k for k in (header_key(c, pol) for c in cells if c.strip()) if k and k != REF})
        if score > best_score:
            best, best_score = i, score
    if best is None:
        raise no_header(pol)
    header = rows[best][1]
    key_cells: list[str] = []
    start = best + 1
    if start < len(rows):
        following = [c.strip() for c in rows[start][1]]
        named = [c for c in following if c]
        if named and all(c in pol.questions or c == REF for c in named):
            key_cells, start = following, start + 1
    width = max(len(header), len(key_cells))
    columns = []
    for index in range(width):
        text = header[index] if index < len(header) else ""
        coded = key_cells[index] if index < len(key_cells) else ""
        key = coded or (header_key(text, pol) if text.strip() else None)
        columns.append(Column(index, column_letter(index), text.strip(), key))
    _check_duplicates(columns, pol)
    mapped = [c for c in columns if c.key]
    ref = next((c for c in mapped if c.key == REF), None)
    data, examples = [], []
    for number, cells in rows[start:]:
        values = {c.key: (cells[c.index] if c.index < len(cells) else "") for c in mapped}
        if not any(v.strip() for v in values.values()):
            continue
        marker = values.get(REF, "") if ref else next((v for v in values.values() if v.strip()), "")
        if is_example(marker, pol):
            examples.append(number)
            continue
        data.append(SheetRow(number, values, number in hidden))
    notes = []
    ignored = [c for c in columns if c.key is None and c.header]
    if ignored:
        names = join((Text.same(f"{c.letter} “{c.header}”") for c in ignored), pol.joiner())
        notes.append(_say(pol, "ignored", columns=names))
    if examples:
        notes.append(
            _say(pol, "example_skipped", rows=join(map(Text.same, examples), pol.joiner()))
        )
    return SheetTable(
        sheet,
        rows[best][0],
        rows[best + 1][0] if key_cells else None,
        tuple(columns),
        tuple(data),
        tuple(examples),
        tuple(notes),
    )


def _check_duplicates(columns: list[Column], pol: Policy) -> None:
    seen: dict[str, Column] = {}
    problems = []
    for column in columns:
        if not column.key:
            continue
        if column.key in seen:
            first = seen[column.key]
            question = header_label(column.key, pol)
            problems.append(
                _say(
                    pol,
                    "duplicate_column",
                    column=first.header or first.letter,
                    other=column.header or column.letter,
                    question=question,
                )
            )
        else:
            seen[column.key] = column
    if problems:
        raise SheetError("duplicate_column", problems)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv_text(text: str, *, pol: Policy | None = None) -> SheetTable:
    """A table from CSV text (comma, tab or semicolon separated; see :func:`decode_csv_bytes`)."""
    pol = pol or policy()
    if not text.strip():
        raise problem("empty", pol)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return table_from_grid(((n, row) for n, row in enumerate(reader, start=1)), pol=pol)


def read_csv_bytes(data: bytes, *, pol: Policy | None = None) -> SheetTable:
    """:func:`read_csv_text` of :func:`decode_csv_bytes`."""
    return read_csv_text(decode_csv_bytes(data, pol=pol), pol=pol)


@dataclass(frozen=True)
class SheetAnswers:
    """One data row read as answers: its row number, its ref, and the reading (answers, what was
    understood, the cells that could not be read)."""

    row: int
    ref: str
    reading: RowReading


def read_answers(table: SheetTable, *, pol: Policy | None = None) -> list[SheetAnswers]:
    """Every data row of ``table`` read with :func:`selfcheck._words.read_row`."""
    return [
        SheetAnswers(r.row, r.cells.get(REF, "").strip(), read_row(r.cells, pol=pol))
        for r in table.rows
    ]
