"""The template workbook made for people (:func:`build_template`): headers in the reader's language,
a hidden row of answer keys, dropdowns, number checks and formats, an example row and a guide sheet.
Needs openpyxl (imported on first use)."""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._text import Text, fill
from ._words import (
    UNSURE,
    answer_words,
    choice_names,
    join_names,
    show_answer,
    unit_example,
    word_data,
)
from ._xlsx_common import _HEADER_FILL, _openpyxl, _put, _save, _sheet_words, _width
from .batch._sheet import REF, column_letter, header_label

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
    checked = f"{labels['checked_on'][lang]}{pol.joiner('label')[lang]}{pol.compiled_on}"
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
