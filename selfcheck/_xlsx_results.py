"""The results of a batch as a workbook for the people who read it, written as it goes (openpyxl's
write-only mode: memory does not grow with the rows):

- the results (自查结果): the enterprise's own columns as the file gives them, then the result,
  what is missing (the open conditions), each condition in words, every point still open (those
  the district weighs too), the size class, the priority factors, the problems, how cells were
  read and the row, in the file's order; the header and the columns through the enterprise's name
  frozen, a filter on the header; text never becomes a formula;
- the shortlist (短名单): the same columns for the rows whose conditions are all met, then those one
  condition short (by verdict);
- by district (按区统计): how many rows of each district, all of them and by outcome;
- the summary (摘要): the batch's summary and its notes;
- the codes (代码): the machine columns (the CSV's), for programs.

The command line and the page write it with this one class, so the two workbooks are the same."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._text import Text
from ._words import choice_names
from ._xlsx_common import _ERROR_FONT, _HEADER_FILL, _openpyxl, _sheet_words
from .batch._results import ERRORS, ONE_SHORT, VERDICTS, output_columns, sheet_codes, sheet_columns
from .batch._sheet import column_letter, header_label

_FORMULA = frozenset("=+-@")
#: Widths of the columns added after the file's own, by code; the conditions take _CONDITION.
_WIDTHS = {
    "verdict": 24,
    "lacking": 44,
    "open": 50,
    "size_class": 10,
    "priority_factors": 28,
    "problems": 60,
    "understood": 40,
    "row": 6,
}
_CONDITION, _INPUT, _CODE = 14, 14, 12
_SPOOL_BYTES = 4 * 1024 * 1024


class BatchWorkbook:
    """The results workbook written a row at a time (:meth:`append`, a row of
    :func:`selfcheck.batch.sheet_row`), then saved (:meth:`save`). ``inputs``: the file's own
    columns as its header names them; ``frozen``: how many of them stay in view when the sheet is
    scrolled sideways (through the enterprise's name)."""

    def __init__(
        self,
        inputs: Sequence[str],
        *,
        lang: str = "zh",
        pol: Policy | None = None,
        frozen: int = 1,
    ) -> None:
        pol = self.pol = pol or policy()
        self.lang, self.count = lang, 0
        self._frozen = f"{column_letter(frozen)}2"
        openpyxl, styles = _openpyxl(), _openpyxl("styles")
        self._cell = _openpyxl("cell").WriteOnlyCell
        names = _sheet_words(pol)["names"]
        self.workbook = openpyxl.Workbook(write_only=True)
        codes = sheet_codes(pol)
        self.header = [*inputs, *sheet_columns(lang, pol)]
        widths = [_INPUT] * len(inputs) + [_WIDTHS.get(c, _CONDITION) for c in codes]
        self._problems = len(inputs) + codes.index("problems")
        self._bold = styles.Font(bold=True)
        self._fill = styles.PatternFill("solid", fgColor=_HEADER_FILL)
        self._wrap = styles.Alignment(wrap_text=True, vertical="top")
        self._red = styles.Font(color=_ERROR_FONT)
        self.results = self._sheet(names["results"][lang], self.header, widths)
        self.shortlist = self._sheet(names["shortlist"][lang], self.header, widths)
        self.districts = self.workbook.create_sheet(names["districts"][lang])
        self.summary = self.workbook.create_sheet(names["summary"][lang])
        self.codes = self.workbook.create_sheet(names["codes"][lang])
        for index in range(len(output_columns(pol))):
            self.codes.column_dimensions[column_letter(index)].width = _CODE
        self.codes.append(output_columns(pol))
        self.by_district: dict[str, Counter[str]] = {}
        #: The rows one condition short, kept until the rows all met are on the shortlist.
        self._short = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by save
            _SPOOL_BYTES, "w+", encoding="utf-8"
        )

    def _sheet(self, title: str, header: Sequence[str], widths: Sequence[int]) -> Any:
        ws = self.workbook.create_sheet(title)
        for index, width in enumerate(widths):
            ws.column_dimensions[column_letter(index)].width = width
        ws.freeze_panes = self._frozen
        head = []
        for text in header:
            cell = self._cell(ws, value=text)
            cell.font, cell.alignment, cell.fill = self._bold, self._wrap, self._fill
            head.append(cell)
        ws.append(head)
        return ws

    def _line(self, ws: Any, values: Sequence[Any], problems: int | None = None) -> list[Any]:
        """A row's cells for ``ws``: text never becomes a formula; the problems in dark red."""
        cell_of = self._cell
        line: list[Any] = list(values)
        for index, value in enumerate(line):
            if value.__class__ is str and value[:1] in _FORMULA:
                cell = cell_of(ws, value=value)
                cell.data_type = "s"  # text stays text
                line[index] = cell
        if problems is not None and values[problems]:
            cell = line[problems]
            if not hasattr(cell, "font"):
                cell = line[problems] = cell_of(ws, value=values[problems])
            cell.font, cell.alignment = self._red, self._wrap
        return line

    def append(self, row: dict[str, Any]) -> None:
        """One result row (see :func:`selfcheck.batch.sheet_row`)."""
        self.count += 1
        cells, verdict = row["cells"], row["verdict"]
        self.results.append(self._line(self.results, cells, self._problems))
        self.codes.append(self._line(self.codes, row["codes"]))
        if verdict == VERDICTS[0]:
            self.shortlist.append(self._line(self.shortlist, cells, self._problems))
        elif verdict != ERRORS and row["missing"] == 1:
            self._short.write(json.dumps([verdict, cells], ensure_ascii=False) + "\n")
        counts = self.by_district.setdefault(row["district"], Counter())
        counts[verdict] += 1
        if verdict != ERRORS and row["missing"] == 1:
            counts[ONE_SHORT] += 1

    def _write_short(self) -> None:
        for verdict in VERDICTS[1:]:  # by verdict, each in the file's order
            self._short.seek(0)
            for line in self._short:
                kept, cells = json.loads(line)
                if kept == verdict:
                    self.shortlist.append(self._line(self.shortlist, cells, self._problems))
        self._short.close()

    def _write_districts(self) -> None:
        pol, lang, ws = self.pol, self.lang, self.districts
        words = pol.messages["batch"]
        outcomes = [*VERDICTS, ONE_SHORT, ERRORS]
        titles = [
            *(pol.word("verdicts", v).get(lang) for v in VERDICTS),
            words["one_short"][lang],
            words["error_verdict"][lang],
        ]
        head = [header_label("district", pol).get(lang), words["columns"]["total"][lang], *titles]
        for index, width in enumerate([22, 8, *([16] * len(titles))]):
            ws.column_dimensions[column_letter(index)].width = width
        ws.append(self._line(ws, head))
        known = [name.get(lang) for name in choice_names("district", pol).values()]
        order = [d for d in known if d in self.by_district]
        order += sorted(d for d in self.by_district if d not in known and d)
        if "" in self.by_district:
            order.append("")
        for district in order:
            counts = self.by_district[district]
            total = sum(n for outcome, n in counts.items() if outcome != ONE_SHORT)
            name = district or words["columns"]["district_unknown"][lang]
            ws.append([name, total, *(counts[o] for o in outcomes)])

    def save(
        self,
        out: str | os.PathLike[str] | BinaryIO,
        *,
        said: Text | None = None,
        notes: Iterable[Text] = (),
    ) -> None:
        """The shortlist's rows one condition short, the counts by district, the summary and its
        notes, the filters, and the file."""
        self._write_short()
        self._write_districts()
        last = column_letter(len(self.header) - 1)
        self.results.auto_filter.ref = f"A1:{last}{max(self.count, 1) + 1}"
        self.summary.column_dimensions["A"].width = 100
        for text in (said, *notes):
            if text is not None:
                self.summary.append([text.get(self.lang)])
        self.workbook.save(out)


def write_batch(
    inputs: Sequence[str],
    rows: Iterable[dict[str, Any]],
    out: str | os.PathLike[str] | BinaryIO,
    *,
    lang: str = "zh",
    said: Any = None,
    notes: Any = None,
    pol: Policy | None = None,
    frozen: int = 1,
) -> None:
    """Write ``rows`` (rows of :func:`selfcheck.batch.sheet_row`) under the file's own columns
    ``inputs`` (``frozen`` of them kept in view); ``said`` and ``notes``: the summary and its
    notes (or functions giving them, called once the rows are written)."""
    workbook = BatchWorkbook(inputs, lang=lang, pol=pol, frozen=frozen)
    for row in rows:
        workbook.append(row)
    workbook.save(
        out,
        said=said() if callable(said) else said,
        notes=(notes() if callable(notes) else notes) or (),
    )
