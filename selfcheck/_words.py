"""What a reader types on a phone or writes in a spreadsheet cell, read as an answer of the public
answer format, for one question at a time, with what was understood said back in both languages.

Standard library only (runs in Pyodide). Every word it knows comes from the policy: the questions'
option labels and units, the list files' names, and ``policy/selfcheck/aliases.yaml`` (yes/no/not-sure
words, magnitudes such as 亿 and million, short forms such as 规上, and every sentence it says),
which the bundle carries as ``selfcheck.aliases``.

>>> parse_cell("revenue_10k_cny", "3亿").value
30000
>>> parse_cell("district", "宝安").value
'baoan'

An empty cell is not an answer (``None``: the key stays absent). ``"unsure"`` is the answer "not
sure" (不确定, 不知道, ...), for every question that allows it. What cannot be read raises
:class:`WordError`, whose text says, in the reader's words, what was read and what would be
accepted; it never names the answer key.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from ._figures import figure
from ._policy import Policy, policy
from ._text import Text, fill, show_number
from ._validate import allowed_text, field_error
from ._wordtables import (
    UNSURE,
    Parsed,
    RowReading,
    WordError,
    _Reader,
    _reader,
    fold_name,
    fold_words,
    join_names,
    word_data,
)

__all__ = [
    "UNSURE",
    "Parsed",
    "RowReading",
    "WordError",
    "answer_words",
    "choice_names",
    "fold_name",
    "fold_words",
    "join_names",
    "parse_cell",
    "parse_cell_json",
    "read_row",
    "show_answer",
    "unit_example",
    "word_data",
]

# Longer cells are refused rather than read: no answer of this format needs more.
MAX_CHARS = 300
_NUMERIC = ("integer", "number")


# -- the other types -----------------------------------------------------------------------------


def _answer_words(r: _Reader, folded: str) -> str | None:
    for answer_id in ("yes", "no"):
        if folded in r.words[answer_id]:
            return answer_id
    return None


def _boolean(r: _Reader, key: str, question: Mapping[str, Any], text: str) -> Parsed:
    answer = _answer_words(r, fold_words(text))
    if answer is None:
        kind = "yes_no" if question.get("not_sure") else "yes_no_only"
        raise r.error(key, kind, text, yes=r.shown["yes"], no=r.shown["no"], unsure=r.shown[UNSURE])
    value = answer == "yes"
    literal = text.strip() in (r.shown[answer].zh, r.shown[answer].en)
    if literal and key not in r.meanings:
        return Parsed(value)
    return Parsed(value, r.said(answer, key, value))


def _choice(r: _Reader, key: str, text: str) -> Parsed:
    codes = r.find_choice(key, text)
    if not codes:
        raise r.error(key, "choice", text, allowed=r.allowed(key))
    if len(codes) > 1:
        names = join_names((r.options[key][c] for c in sorted(codes)), r.pol)
        raise r.error(key, "ambiguous", text, allowed=names)
    code = codes.pop()
    name = r.options[key][code]
    if text.strip() in (code, name.zh, name.en):
        return Parsed(code)
    return Parsed(code, fill(r.understood["answer"], shown=name))


def _multi(r: _Reader, key: str, text: str) -> Parsed:
    whole = fold_words(text)
    none = r.shown["none"]
    if whole in r.words["none"]:
        literal = text.strip() in (none.zh, none.en)
        return Parsed([], None if literal else r.said("none"))
    flat = unicodedata.normalize("NFKC", text.replace("\r\n", "\n"))
    pieces: list[tuple[int, int]] = []
    start = 0
    for sep in r.separators.finditer(flat):
        pieces.append((start, sep.start()))
        start = sep.end()
    pieces.append((start, len(flat)))
    pieces = [(a, b) for a, b in pieces if flat[a:b].strip()]
    codes: list[str] = []
    literal = True
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):  # the longest run of pieces that names an option
            segment = flat[pieces[i][0] : pieces[j - 1][1]].strip()
            found = r.find_choice(key, segment)
            if len(found) == 1:
                break
        else:
            item = flat[pieces[i][0] : pieces[i][1]].strip()
            folded = fold_words(item)
            if folded in r.words["none"]:
                raise r.error(key, "none_mixed", item, none=item)
            if folded in r.words[UNSURE]:
                raise r.error(key, "unsure_mixed", item, unsure=item)
            found = r.find_choice(key, item)
            if len(found) > 1:
                names = join_names((r.options[key][c] for c in sorted(found)), r.pol)
                raise r.error(key, "ambiguous", item, allowed=names)
            raise r.error(key, "multi_item", item, allowed=r.allowed(key), none=none)
        code = found.pop()
        name = r.options[key][code]
        literal = literal and segment in (code, name.zh, name.en) and code not in codes
        if code not in codes:
            codes.append(code)
        i = j
    if not codes:
        raise r.error(key, "multi_item", text, allowed=r.allowed(key), none=none)
    if literal:
        return Parsed(codes)
    names = join_names((r.options[key][c] for c in codes), r.pol)
    return Parsed(codes, fill(r.understood["answer"], shown=names))


# -- the API -------------------------------------------------------------------------------------


def _as_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, (int, float)):
        return show_number(cell)
    return str(cell)


def parse_cell(key: str, text: Any, *, pol: Policy | None = None) -> Parsed | None:
    """Read ``text`` (what the reader typed, or a cell's text) as the answer to question ``key``.

    Returns ``None`` for an empty cell (not answered), else a :class:`Parsed`; raises
    :class:`WordError` when the text cannot be read unambiguously, and ``KeyError`` for a key that
    is not a question.
    """
    r = _reader(pol)
    question = r.pol.questions[key]
    text = _as_text(text)
    if not text.strip():
        return None
    if len(text) > MAX_CHARS:
        raise r.error(key, "too_long", "")
    folded = fold_words(text)
    if folded in r.words[UNSURE]:
        if not question.get("not_sure"):
            raise r.error(key, "unsure_not_allowed", text, unsure=r.shown[UNSURE])
        literal = text.strip() in (UNSURE, r.shown[UNSURE].zh, r.shown[UNSURE].en)
        return Parsed(UNSURE, None if literal else r.said(UNSURE))
    kind = question["type"]
    if kind == "boolean":
        return _boolean(r, key, question, text)
    if kind in _NUMERIC:
        return figure(r, key, question, text)
    if kind == "choice":
        return _choice(r, key, text)
    if kind == "multi_choice":
        return _multi(r, key, text)
    raise ValueError(f"unknown answer type {kind!r} for {key!r}")


def read_row(
    cells: Mapping[str, Any], *, pol: Policy | None = None, skip: Iterable[str] = ("ref",)
) -> RowReading:
    """Read every cell of one row (answer key -> text); keys in ``skip`` are not answers. Never
    raises for a cell: the cells that cannot be read are in ``errors``."""
    answers: dict[str, Any] = {}
    understood: dict[str, Text] = {}
    errors: list[WordError] = []
    skip = set(skip)
    for key, text in cells.items():
        if key in skip:
            continue
        try:
            parsed = parse_cell(key, text, pol=pol)
        except WordError as exc:
            errors.append(exc)
            continue
        if parsed is not None:
            answers[key] = parsed.value
            if parsed.understood is not None:
                understood[key] = parsed.understood
    return RowReading(answers, understood, tuple(errors))


def show_answer(key: str, value: Any, lang: str = "zh", *, pol: Policy | None = None) -> str:
    """An answer value as the reader writes it in ``lang`` (the inverse of :func:`parse_cell`):
    ``是``, ``宝安区``, ``规模以上企业；上市公司``, ``30000``, ``不确定``."""
    r = _reader(pol)
    kind = r.pol.questions[key]["type"]
    if value == UNSURE:
        return r.shown[UNSURE].get(lang)
    if kind == "boolean":
        return r.shown["yes" if value else "no"].get(lang)
    if kind in _NUMERIC:
        return show_number(value)
    if kind == "choice":
        return r.options[key][value].get(lang)
    if not value:
        return r.shown["none"].get(lang)
    return ("；" if lang == "zh" else "; ").join(r.options[key][v].get(lang) for v in value)


def answer_words(pol: Policy | None = None) -> dict[str, Text]:
    """How the site writes yes, no, not sure and none of these (``shown`` in the aliases file)."""
    return dict(_reader(pol).shown)


def choice_names(key: str, pol: Policy | None = None) -> dict[str, Text]:
    """The options of a choice question: code -> name, in the policy's order."""
    return dict(_reader(pol).options[key])


def unit_example(key: str, pol: Policy | None = None) -> Text | None:
    """The example of a figure question's unit (``例如 3亿元 填 30000``), if it has one."""
    r = _reader(pol)
    unit = r.units.get(r.pol.questions[key].get("unit", {}).get("zh", ""))
    return unit.example if unit else None


def parse_cell_json(key: str, text: str) -> str:
    """The JSON-string bridge for the browser: ``{"ok": true, "value", "understood"}`` or
    ``{"ok": false, "error": {"kind", "got", "label", "zh", "en"}}``. Never raises."""
    try:
        parsed = parse_cell(key, text)
        out: dict[str, Any] = {"ok": True, "answered": parsed is not None}
        out.update(parsed.to_dict() if parsed else {"value": None, "understood": None})
    except WordError as exc:
        out = {"ok": False, "error": exc.to_dict()}
    except KeyError:
        text_ = field_error("unknown_key", str(key), allowed=allowed_text(policy().questions))
        out = {
            "ok": False,
            "error": {
                "kind": "unknown_key",
                "got": str(key),
                "label": None,
                "zh": text_.zh,
                "en": text_.en,
            },
        }
    return json.dumps(out, ensure_ascii=False)
