"""Excel workbooks (.xlsx) beside the engine: read a reader's list of enterprises, write results,
build the template. Needs openpyxl (``pip install "selfcheck[xlsx]"``), imported only when one of
these functions runs, so the engine itself stays standard-library only; without it they raise
:class:`XlsxUnavailable`, which says how to install it in both languages.

Every word in the workbooks comes from the policy bundle (questions, lists, messages) and the
aliases file (``sheet`` section); no question is typed here.

- :func:`read_workbook`: the sheet that names the most questions, as a :class:`~selfcheck._sheet.SheetTable`
  (cells as the reader sees them: ``600`` not ``600.0``, dates as ``2026-01-05``, merged cells
  repeated over their area, a formula without a saved result shown as its text with a note).
- :func:`write_results`: a header (and optionally a row of machine codes) and rows, bold frozen
  header, column widths from the content, the errors column wide and wrapped.
- :func:`build_template`: the template in one language (see its docstring).
"""

from __future__ import annotations

import datetime as _dt
import importlib
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._sheet import (
    REF,
    SheetError,
    SheetTable,
    column_letter,
    header_label,
    no_header,
    problem,
    table_from_grid,
)
from ._text import Text, fill, join
from ._words import (
    UNSURE,
    answer_words,
    choice_names,
    join_names,
    show_answer,
    unit_example,
    word_data,
)

OPENPYXL = "openpyxl"


class XlsxUnavailable(SheetError, ImportError):
    """openpyxl is not installed; the text says how to install it."""


def _openpyxl(part: str = "") -> Any:
    """``openpyxl`` (or ``openpyxl.<part>``), imported on first use."""
    try:
        return importlib.import_module(OPENPYXL + ("." + part if part else ""))
    except ImportError as exc:
        pol = policy()
        raise XlsxUnavailable(
            "unavailable", [Text.of(word_data(pol)["sheet"]["unavailable"])]
        ) from exc


def _sheet_words(pol: Policy) -> dict[str, Any]:
    return word_data(pol)["sheet"]


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


def _load(data: bytes, pol: Policy, *, data_only: bool) -> Any:
    openpyxl = _openpyxl()
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
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


def read_workbook(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO,
    *,
    sheet: str | None = None,
    pol: Policy | None = None,
) -> SheetTable:
    """The table of a workbook (a path, bytes or a binary file): the sheet named ``sheet``, else
    the sheet whose header names the most questions (visible sheets first). Raises
    :class:`~selfcheck._sheet.SheetError` for a file that is not .xlsx (an old .xls, an encrypted
    file), a workbook without a recognisable header, or two columns for one question."""
    pol = pol or policy()
    data = _read_bytes(source)
    if data.startswith(_OLE):
        raise problem("old_xls", pol)
    if not data.startswith(b"PK\x03\x04"):
        raise problem("not_xlsx", pol)
    workbook = _load(data, pol, data_only=True)
    formulas = _load(data, pol, data_only=False) if _has_formulas(data) else None
    sheets = [ws for ws in workbook.worksheets]
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise problem("no_sheet", pol, sheet=sheet)
        sheets = [workbook[sheet]]
    sheets.sort(key=lambda ws: ws.sheet_state != "visible")  # stable: visible first
    best: tuple[int, SheetTable] | None = None
    first_error: SheetError | None = None
    for ws in sheets:
        rows, unsaved = _grid(ws, formulas[ws.title] if formulas is not None else None)
        hidden = [r for r, dim in ws.row_dimensions.items() if dim.hidden]
        try:
            table = table_from_grid(rows, sheet=ws.title, hidden=hidden, pol=pol)
        except SheetError as exc:
            if exc.kind not in ("no_header", "empty") and first_error is None:
                first_error = exc
            continue
        if unsaved:
            note = fill(
                _sheet_words(pol)["problems"]["formula"],
                cells=join(map(Text.same, unsaved[:10]), pol.joiner()),
            )
            table = replace(table, notes=(*table.notes, note))
        score = len([k for k in table.keys if k != REF])
        if best is None or score > best[0]:
            best = (score, table)
    if best is not None:
        return best[1]
    raise first_error or no_header(pol)


# -- writing ---------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@")
_HEADER_FILL = "DDEBF7"
_ERROR_FONT = "9C0006"


def _width(text: str) -> int:
    """Display width: East Asian wide characters count two."""
    lines = str(text).split("\n") or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines
    )


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text stays text even when it starts like a formula."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
    return cell


def _save(workbook: Any, out: str | os.PathLike[str] | BinaryIO | None) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as handle:
            handle.write(data)
    elif out is not None:
        out.write(data)
    return data


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


# -- the template ----------------------------------------------------------------------------------


def answers_url(key: str, lang: str, base_url: str | None, pol: Policy | None = None) -> str:
    """Where the answers page explains a column: ``<base>/<lang>/answers/#values-<key>`` for a
    choice, ``#keys`` otherwise; a path relative to the site's root without ``base_url``."""
    pol = pol or policy()
    anchor = f"values-{key}" if key in pol.choices else "keys"
    path = f"{lang}/answers/#{anchor}"
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def _values_text(key: str, lang: str, pol: Policy) -> str:
    words = _sheet_words(pol)
    shown = answer_words(pol)
    example_word = Text.of(words["example_word"])
    if key == REF:
        return fill(words["values"]["ref"], example=example_word).get(lang)
    kind = pol.questions[key]["type"]
    params: dict[str, Any] = {
        "yes": shown["yes"],
        "no": shown["no"],
        "unsure": shown[UNSURE],
        "none": shown["none"],
    }
    if kind in ("integer", "number"):
        params["example"] = unit_example(key, pol) or Text.same("0")
    if kind in ("choice", "multi_choice"):
        params["allowed"] = join_names(choice_names(key, pol).values(), pol)
    return fill(words["values"][kind], **params).get(lang)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_template(
    lang: str = "zh",
    *,
    base_url: str | None = None,
    rows: int = 1000,
    out: str | os.PathLike[str] | BinaryIO | None = None,
    pol: Policy | None = None,
) -> bytes:
    """The template workbook in ``lang`` (``zh`` or ``en``).

    Sheet 1 (企业名单 / Enterprises): row 1 the questions with their units in the reader's
    language; row 2, hidden, the answer keys (what :func:`read_workbook` goes by); row 3 an example
    whose ref starts with 示例 / Example (the importer skips such rows and says so); then ``rows``
    rows with dropdown lists for the yes/no and choice columns (yes, no, not sure; districts; NBS
    groups; each with not sure), whole-number and number checks (a warning, not a block: 3亿 is
    still accepted on import) and number formats for the figures. The enterprise types take several
    values, which a dropdown cannot: their header has a note saying how to write them.
    Sheet 2 (填写说明 / How to fill in): every column with its question, unit, allowed values,
    help and a link to the answers page (``answers_url``). A hidden sheet holds the dropdown lists.
    """
    pol = pol or policy()
    words = _sheet_words(pol)
    styles = _openpyxl("styles")
    validation = _openpyxl("worksheet.datavalidation")
    comments = _openpyxl("comments")
    example_row = word_data(pol)["example_row"]
    keys = [REF, *pol.questions]
    shown = answer_words(pol)
    first, last = 3, 3 + rows

    workbook = _openpyxl().Workbook()
    ws = workbook.active
    ws.title = words["names"]["answers"][lang]
    guide = workbook.create_sheet(words["names"]["guide"][lang])
    lists = workbook.create_sheet(words["names"]["lists"][lang])
    lists.sheet_state = "hidden"

    bold = styles.Font(bold=True)
    fill_ = styles.PatternFill("solid", fgColor=_HEADER_FILL)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    example_font = styles.Font(italic=True, color="808080")

    # the dropdown lists, one column each, on the hidden sheet
    sources: dict[str, str] = {}

    def dropdown(name: str, values: list[str]) -> str:
        if name not in sources:
            column = column_letter(len(sources))
            for r, value in enumerate(values, start=1):
                _put(lists, r, len(sources) + 1, value)
            sources[name] = f"'{lists.title}'!${column}$1:${column}${len(values)}"
        return sources[name]

    prompt_title = _clip(words["prompt_title"][lang], 32)
    by_rule: dict[tuple[str, str], Any] = {}

    def rule(kind: str, prompt: str, source: str = "", error: str = "") -> Any:
        """One data validation per kind of column and prompt (and per list), shared by the
        columns that have the same; a warning, never a block: the importer reads more."""
        ident = (kind, source, prompt)
        if ident not in by_rule:
            if kind == "list":
                dv = validation.DataValidation(
                    type="list",
                    formula1=source,
                    allow_blank=True,
                    errorStyle="warning",
                    showErrorMessage=True,
                    error=_clip(words["dropdown_error"][lang], 225),
                )
            elif kind in ("whole", "decimal"):
                dv = validation.DataValidation(
                    type=kind,
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    errorStyle="warning",
                    showErrorMessage=True,
                    error=_clip(error, 225),
                )
            else:
                dv = validation.DataValidation(allow_blank=True)
            dv.showInputMessage = bool(prompt)
            dv.promptTitle, dv.prompt = prompt_title, _clip(prompt, 255)
            ws.add_data_validation(dv)
            by_rule[ident] = dv
        return by_rule[ident]

    for c, key in enumerate(keys, start=1):
        letter = column_letter(c - 1)
        label = header_label(key, pol).get(lang)
        head = _put(ws, 1, c, label)
        head.font, head.fill, head.alignment = bold, fill_, wrap
        _put(ws, 2, c, key)
        ws.column_dimensions[letter].width = min(max(_width(label) // 2 + 2, 12), 28)
        value_cell = _put(
            ws,
            3,
            c,
            words["example"][lang]
            if key == REF
            else show_answer(key, example_row[key], lang, pol=pol),
        )
        value_cell.font = example_font
        area = f"{letter}{first}:{letter}{last}"
        if key == REF:
            ws.column_dimensions[letter].number_format = "@"
            ws.column_dimensions[letter].width = 24
            continue
        kind = pol.questions[key]["type"]
        prompt = _values_text(key, lang, pol)
        if kind == "boolean":
            names = [shown["yes"].get(lang), shown["no"].get(lang), shown[UNSURE].get(lang)]
            rule("list", prompt, dropdown("boolean", names)).add(area)
        elif kind == "choice":
            names = [n.get(lang) for n in choice_names(key, pol).values()] + [
                shown[UNSURE].get(lang)
            ]
            short = fill(words["choice_prompt"], unsure=shown[UNSURE]).get(lang)
            rule("list", short, dropdown(key, names)).add(area)
            ws.column_dimensions[letter].width = 24
        elif kind in ("integer", "number"):
            ws.column_dimensions[letter].number_format = "0" if kind == "integer" else "#,##0.00"
            error = fill(words["figure_error"], example=unit_example(key, pol)).get(lang)
            rule("whole" if kind == "integer" else "decimal", prompt, error=error).add(area)
        else:
            note = fill(
                words["multi_note"],
                none=shown["none"],
                example=Text(
                    *(show_answer(key, example_row[key], x, pol=pol) for x in ("zh", "en"))
                ),
            ).get(lang)
            head.comment = comments.Comment(note, "selfcheck", width=300, height=120)
            rule("any", note).add(area)
            ws.column_dimensions[letter].width = 30
    ws.row_dimensions[1].height = 60
    ws.row_dimensions[2].hidden = True
    ws.freeze_panes = "B3"

    _guide(guide, keys, lang, base_url, pol, bold, fill_, wrap)
    return _save(workbook, out)


def _guide(
    ws: Any,
    keys: list[str],
    lang: str,
    base_url: str | None,
    pol: Policy,
    bold: Any,
    fill_: Any,
    wrap: Any,
) -> None:
    words = _sheet_words(pol)
    shown = answer_words(pol)
    styles = _openpyxl("styles")
    labels = pol.messages["labels"]
    _put(ws, 1, 1, words["title"][lang]).font = styles.Font(bold=True, size=14)
    version = f"{labels['version'][lang]}{pol.joiner('label')[lang]}{pol.version}"
    checked = f"{labels['checked_on'][lang]}{pol.joiner('label')[lang]}{pol.checked_on}"
    _put(ws, 2, 1, f"{version}    {checked}")
    params = {
        "sheet": words["names"]["answers"][lang],
        "unsure": shown[UNSURE].get(lang),
        "example": words["example_word"][lang],
    }
    r = 3
    for note in words["notes"]:
        _put(ws, r, 1, f"• {note[lang].format_map(params)}")
        r += 1
    r += 1
    columns = words["guide_columns"]
    names = ["column", "question", "unit", "values", "help", "more"]
    for c, name in enumerate(names, start=1):
        cell = _put(ws, r, c, columns[name][lang])
        cell.font, cell.fill = bold, fill_
    ws.freeze_panes = f"A{r + 1}"
    for i, key in enumerate(keys):
        r += 1
        question = pol.questions.get(key, {})
        unit = question.get("unit", {}).get(lang, "")
        more = words["more_values" if key in pol.choices else "more_keys"][lang]
        cells = [
            column_letter(i),
            header_label(key, pol).get(lang),
            unit,
            _values_text(key, lang, pol),
            question.get("help", {}).get(lang, ""),
            more,
        ]
        for c, value in enumerate(cells, start=1):
            _put(ws, r, c, value).alignment = wrap
        link = ws.cell(r, 6)
        url = answers_url(key, lang, base_url, pol)
        if base_url:
            link.hyperlink = url
            link.font = styles.Font(color="0563C1", underline="single")
        else:
            link.value = f"{more}{pol.joiner('label')[lang]}{url}"
    for letter, width in zip("ABCDEF", (6, 40, 10, 60, 60, 24)):
        ws.column_dimensions[letter].width = width
