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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .._echo import show_text
from .._policy import Policy, policy
from .._text import Text, fill, join
from .._words import RowReading, read_row, word_data
from ._headers import REF, ambiguous_headers, header_key, header_label, is_example

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


@dataclass(slots=True)
class SheetRow:
    """One data row: its sheet row number and its cells (answer key or ``ref`` -> text).
    ``short``: the mapped columns the row does not reach (a CSV row with fewer cells than the
    header); ``extra``: how many non-empty cells it has beyond the header; ``broken``: the column
    of a cell that swallowed several lines of the file (a quotation mark without its pair)."""

    row: int
    cells: dict[str, str]
    hidden: bool = False
    short: tuple[Column, ...] = ()
    extra: int = 0
    width: int = 0
    broken: Column | None = None
    #: The cells of the columns with a heading the check does not read (联系人, 电话), in order.
    others: tuple[str, ...] = ()


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


#: The enterprise's name is kept in view on a results sheet when it is among this many first
#: columns (further right, freezing it would leave little of a phone's screen to scroll).
_FROZEN_MAX = 3


class SheetStream:
    """A table read as it goes: the header is found in the first rows (the row naming the most
    questions, then an optional row of answer keys), then the data rows are given one at a time
    (:meth:`__iter__`), so a file of any length is read in bounded memory. Empty and example rows
    are skipped (``examples`` lists the latter as they are met). Raises :class:`SheetError` when
    no header is found or two columns answer the same question."""

    def __init__(
        self,
        grid: Iterable[tuple[int, Sequence[Any]]],
        *,
        sheet: str = "",
        hidden: Iterable[int] = (),
        pol: Policy | None = None,
        delimiter: str = ",",
    ) -> None:
        pol = self.pol = pol or policy()
        # A set is kept as it is: a workbook's reader adds the hidden rows as it meets them.
        self.hidden = hidden if isinstance(hidden, set) else set(hidden)
        self.sheet, self.delimiter = sheet, delimiter
        self._grid = iter(grid)
        #: Where the file could not be read on (a :class:`SheetError` with a ``row``), met while
        #: looking for the header: raised when the rows before it have been given.
        self._broken: SheetError | None = None
        head = []
        try:
            for number, cells in islice(self._grid, _SCAN_ROWS):
                head.append((number, _cells(cells)))
        except SheetError as exc:
            if not hasattr(exc, "row"):
                raise
            self._broken = exc
        if not head:
            raise self._broken or problem("empty", pol)
        best, best_score = None, 0
        for i, (_, cells) in enumerate(head):  # the row naming the most questions
            keys = (header_key(c, pol) for c in cells if c.strip())
            score = len({k for k in keys if k and k != REF})
            if score > best_score:
                best, best_score = i, score
        if best is None:
            raise self._broken or no_header(pol)
        header = head[best][1]
        key_cells: list[str] = []
        start = best + 1
        if start < len(head):
            following = [c.strip() for c in head[start][1]]
            named = [c for c in following if c]
            if named and all(c in pol.questions or c == REF for c in named):
                key_cells, start = following, start + 1
        self.header_row = head[best][0]
        self.key_row = head[best + 1][0] if key_cells else None
        self.width = max(len(header), len(key_cells))
        columns = []
        for index in range(self.width):
            text = header[index] if index < len(header) else ""
            coded = key_cells[index] if index < len(key_cells) else ""
            key = coded or (header_key(text, pol) if text.strip() else None)
            columns.append(Column(index, column_letter(index), text.strip(), key))
        _check_duplicates(columns, pol)
        self.columns = tuple(columns)
        self.mapped = tuple(c for c in columns if c.key)
        #: The columns the results workbook gives as the file gives them, in the file's order:
        #: every column with a heading, those the check does not read (联系人, 电话) too.
        self.carried = tuple(c for c in columns if c.key or c.header)
        self._others = tuple(c.index for c in self.carried if not c.key)
        self._ref = any(c.key == REF for c in self.mapped)
        self._pairs = tuple((c.key, c.index) for c in self.mapped)
        self._pending = head[start:]
        self.examples: list[int] = []
        #: What the reader of the file says once the rows are read (a workbook's formulas without
        #: a result, where it stopped reading), if it says anything.
        self.grid_notes: Callable[[], Iterable[Text]] | None = None
        narrow = getattr(grid, "narrow", None)
        if narrow is not None:  # from now on only the columns the header names are read
            narrow(self.width, [c.index for c in self.carried])

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.mapped]

    @property
    def carried_headers(self) -> list[str]:
        """The headings of :attr:`carried` (a column named by an answer key alone: the key)."""
        return [c.header or str(c.key) for c in self.carried]

    @property
    def carried_frozen(self) -> int:
        """How many of :attr:`carried` a results sheet keeps in view: through the enterprise's
        name (the reference) when it is among the first three, else the first."""
        at = next((i for i, c in enumerate(self.carried) if c.key == REF), None)
        return at + 1 if at is not None and at < _FROZEN_MAX else 1

    def given(self, row: Any) -> list[str]:
        """The cells of ``row`` (a checked row: its ``inputs`` and ``others``) in the columns of
        :attr:`carried`, as the file gives them."""
        others = iter(row.others)
        return [row.inputs.get(c.key, "") if c.key else next(others, "") for c in self.carried]

    def _row(self, number: int, cells: list[str]) -> SheetRow | None:
        n = len(cells)
        if n >= self.width:
            values = {key: cells[index] for key, index in self._pairs}
        else:
            values = {key: (cells[index] if index < n else "") for key, index in self._pairs}
        if not "".join(values.values()).strip():
            return None
        if self._ref:
            marker = values.get(REF, "")
        else:
            marker = next((v for v in values.values() if v.strip()), "")
        if marker and is_example(marker, self.pol):
            self.examples.append(number)
            return None
        broken = None
        joined = "".join(cells)
        if "\n" in joined or "\r" in joined:
            broken = next(
                (
                    c
                    for c in self.mapped
                    if c.key != REF and c.index < n and _swallowed(cells[c.index], self.delimiter)
                ),
                None,
            )
        return SheetRow(
            number,
            values,
            number in self.hidden,
            short=tuple(c for c in self.mapped if c.index >= n) if n < self.width else (),
            extra=sum(1 for c in cells[self.width :] if c.strip()) if n > self.width else 0,
            width=n,
            broken=broken,
            others=tuple(cells[i] if i < n else "" for i in self._others),
        )

    def __iter__(self) -> Iterator[SheetRow]:
        pending, self._pending = self._pending, []
        for number, cells in pending:
            row = self._row(number, cells)
            if row is not None:
                yield row
        if self._broken is not None:
            raise self._broken
        for number, cells in self._grid:
            row = self._row(number, _cells(cells))
            if row is not None:
                yield row

    def notes(self) -> tuple[Text, ...]:
        """What was set aside: columns no question is recognised in, example rows met so far."""
        pol = self.pol
        notes = []
        ignored = [c for c in self.carried if not c.key]
        if ignored:
            names = join(
                (Text.same(f"{c.letter} “{show_text(c.header)}”") for c in ignored), pol.joiner()
            )
            notes.append(_say(pol, "ignored", columns=names))
        if self.examples:
            rows = join(map(Text.same, self.examples[:20]), pol.joiner())
            notes.append(_say(pol, "example_skipped", rows=rows))
        return (*notes, *(self.grid_notes() if self.grid_notes else ()))


def _swallowed(cell: str, delimiter: str) -> bool:
    """Whether an answer cell holds several lines of the file: a line break followed by a line
    that has the delimiter (what a quotation mark without its pair makes of the rows after it;
    no answer is written so)."""
    lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return any(delimiter in line for line in lines[1:])


def table_of(stream: SheetStream) -> SheetTable:
    """A :class:`SheetStream` read whole into a :class:`SheetTable`."""
    rows = tuple(stream)
    return SheetTable(
        stream.sheet,
        stream.header_row,
        stream.key_row,
        stream.columns,
        rows,
        tuple(stream.examples),
        stream.notes(),
    )


def table_from_grid(
    grid: Iterable[tuple[int, Sequence[Any]]],
    *,
    sheet: str = "",
    hidden: Iterable[int] = (),
    pol: Policy | None = None,
) -> SheetTable:
    """A table from ``(sheet row number, cell texts)`` pairs, read whole (see
    :class:`SheetStream` for one read as it goes)."""
    return table_of(SheetStream(grid, sheet=sheet, hidden=hidden, pol=pol))


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
