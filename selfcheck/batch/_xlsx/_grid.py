"""The rows of one sheet, parsed as its XML is decompressed (expat, :mod:`._xml`): ``(row number,
cell texts)`` one at a time; rows the sheet does not write are never made, empty cells never kept,
and a long run of them (``LIMITS["sheet_empty_run"]``) ends the reading with a note naming the row;
once the header is known, only the columns it names are read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..._limits import LIMITS
from ..._policy import Policy
from ..._text import Text, fill, join
from ..._words import word_data
from .._sheet import SheetError, column_letter, problem
from ._book import Book, Sheet
from ._cells import LETTERS, MAX_COLUMNS, column_index, date_text, iso_text, number_text
from ._xml import DAMAGED, element_names, feed
from ._xml import parser as new_parser

_SHEET = element_names("row", "c", "v", "t", "f", "is", "rPh")


class _EmptyRun(Exception):
    """More empty cells and rows one after another than ``LIMITS["sheet_empty_run"]``."""


class Grid:
    """The rows of one sheet as ``(row number, cell texts)``, parsed as the XML is decompressed.
    Before :meth:`narrow`, a row's list reaches its last cell with a value; after it, a row is a
    list as wide as the header with only the named columns read. ``hidden`` collects the hidden
    rows met, ``unsaved`` the cells whose formula has no saved result."""

    def __init__(self, book: Book, sheet: Sheet) -> None:
        self.book, self.sheet = book, sheet
        self.hidden: set[int] = set()
        self.unsaved: list[str] = []
        self.stopped: tuple[int, int] | None = None  # (last row with a value, row stopped at)
        self.width = 0
        self.wanted: frozenset[int] | None = None
        self.merges = book.merges(sheet.part)
        self._rows = self._read()

    def __iter__(self) -> Grid:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        return next(self._rows)

    def narrow(self, width: int, columns: Any) -> None:
        """From now on, rows as wide as the header (``width``), with only ``columns`` read."""
        self.width, self.wanted = width, frozenset(columns)

    def close(self) -> None:
        self._rows.close()

    def notes(self, pol: Policy) -> list[Text]:
        words = word_data(pol)["sheet"]["problems"]
        notes = []
        if self.unsaved:
            cells = join(map(Text.same, self.unsaved[:10]), pol.joiner())
            notes.append(fill(words["formula"], cells=cells))
        if self.stopped is not None:
            last, at = self.stopped
            notes.append(
                pol.say("limits", "sheet_empty_run", row=last, at=at, max=LIMITS["sheet_empty_run"])
            )
        return notes

    def _read(self) -> Iterator[tuple[int, list[str]]]:
        book = self.book
        strings = book.strings
        dates = book.date_styles
        epoch = book.epoch
        empty_run = LIMITS["sheet_empty_run"]
        parser = new_parser()
        names = _SHEET
        ready: list[tuple[int, dict[int, str]]] = []
        cells: dict[int, str] = {}
        text: list[str] = []
        formula: list[str] = []
        merges = self.merges
        tops = {(r1, c1) for r1, c1, _, _ in merges}
        top_values: dict[tuple[int, int], str] = {}
        row = col = 0
        kind = style = ref = None
        valued = keep = False
        phonetic = empty = 0
        last_valued = 0

        local_name = names.get
        letters_of = LETTERS.get

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row, col, kind, style, ref, valued, keep, phonetic, cells
            local = local_name(name)
            if local == "c":
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col = letters_of(letters)
                    if col is None:
                        col = column_index(letters)
                else:
                    col += 1
                wanted = self.wanted
                keep = 0 <= col < MAX_COLUMNS and (
                    wanted is None or col in wanted or (row, col) in tops
                )
                if keep:
                    kind, style, valued = attrs.get("t"), attrs.get("s"), False
                    text.clear()
                    formula.clear()
            elif local == "v" or (local == "t" and not phonetic):
                if keep:
                    parser.CharacterDataHandler = text.append
                    valued = True
            elif local == "f":
                if keep:
                    parser.CharacterDataHandler = formula.append
            elif local == "row":
                number = attrs.get("r", "")
                row = int(number) if number.isdigit() and len(number) < 8 else row + 1
                col = -1
                cells = {}
                if attrs.get("hidden") in ("1", "true"):
                    self.hidden.add(row)
            elif local == "rPh":
                phonetic += 1

        def end(name: str) -> None:
            nonlocal phonetic, empty, last_valued
            local = local_name(name)
            if local == "c":
                if keep:
                    value = _value() if valued or formula else ""
                    if value:
                        cells[col] = value
                        return
                empty += 1
            elif local == "v" or local == "t" or local == "f":
                parser.CharacterDataHandler = None
            elif local == "row":
                if merges:
                    _merge()
                if cells:
                    ready.append((row, cells))
                    last_valued, empty = row, 0
                    return
                empty += 1
                if empty > empty_run:
                    raise _EmptyRun
            elif local == "rPh":
                phonetic -= 1

        def _value() -> str:
            raw = text[0] if len(text) == 1 else "".join(text)
            if formula and not raw:  # a formula without a saved result (<v/> or none)
                self.unsaved.append(f"{column_letter(col)}{row}")
                return "=" + "".join(formula)
            if kind is None or kind == "n":
                if style is not None and style in dates:
                    return date_text(raw, epoch)
                return number_text(raw)
            if kind == "s":
                return strings[int(raw)]
            if kind == "b":
                return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
            if kind == "d":
                return iso_text(raw)
            return raw  # inlineStr, str (a formula's text), e (an error such as #DIV/0!)

        pending = sorted(merges)  # by first row: taken in as the rows reach them
        active: list[tuple[int, int, int, int]] = []

        def _merge() -> None:
            nonlocal pending, active
            if pending and pending[0][0] <= row:
                if active and row < active[-1][0]:  # rows out of order: look at every area again
                    pending, active = sorted(merges), []
                while pending and pending[0][0] <= row:
                    active.append(pending.pop(0))
            active = [a for a in active if a[2] >= row]
            wanted = self.wanted
            for r1, c1, _, c2 in active:
                if row == r1:
                    if c1 in cells:
                        top_values[(r1, c1)] = cells[c1]
                    continue
                value = top_values.get((r1, c1))
                if not value:
                    continue
                if wanted is None:
                    columns: Any = range(c1, min(c2, MAX_COLUMNS - 1) + 1)
                else:
                    columns = (c for c in wanted if c1 <= c <= c2)
                for c in columns:
                    cells.setdefault(c, value)

        parser.StartElementHandler, parser.EndElementHandler = start, end
        try:
            with book.archive.open(self.sheet.part) as member:
                for _ in feed(member, parser):
                    for number, found in ready:
                        yield number, self._as_list(found)
                    ready.clear()
        except _EmptyRun:
            for number, found in ready:
                yield number, self._as_list(found)
            self.stopped = (last_valued, row)
        except DAMAGED as exc:  # before any row: not a workbook; after: the rows before stand
            raise (_broken(row, book.pol) if row else problem("not_xlsx", book.pol)) from exc

    def _as_list(self, found: dict[int, str]) -> list[str]:
        if self.wanted is None:
            cells = [""] * (max(found) + 1)
        else:
            cells = [""] * self.width
            found = {c: v for c, v in found.items() if c < self.width}
        for c, value in found.items():
            cells[c] = value
        return cells


def _broken(row: int, pol: Policy) -> SheetError:
    from ._csvfile import TableBroken

    return TableBroken(max(row, 1), pol, "damaged_from")


def _broken(row: int, pol: Policy) -> SheetError:
    from .._csvfile import TableBroken

    return TableBroken(max(row, 1), pol, "damaged_from")
