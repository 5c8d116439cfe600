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

from collections.abc import Iterable, Mapping
from typing import Any

from ._figures import figure, plain_figure
from ._policy import Policy, policy
from ._text import Text, fill, show_number
from ._validate import unknown_key
from ._wordtables import (
    UNSURE,
    Parsed,
    RowReading,
    WordError,
    _Reader,
    fold_name,
    fold_words,
    join_names,
    nfkc,
    reader_of,
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
    "read_cells",
    "read_error",
    "read_row",
    "reader_of",
    "said_back",
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


def _multi(r: _Reader, key: str, text: str, flat: str, folded_text: str) -> Parsed:
    """A list cell: ``flat`` is ``text`` in NFKC, ``folded_text`` its :func:`fold_words`."""
    none = r.shown["none"]
    if folded_text in r.words["none"]:
        literal = text.strip() in (none.zh, none.en)
        return Parsed([], None if literal else r.said("none"))
    flat = flat.replace("\r\n", "\n")
    pieces: list[tuple[int, int]] = []
    start = 0
    for sep in r.separators.finditer(flat):
        pieces.append((start, sep.start()))
        start = sep.end()
    pieces.append((start, len(flat)))
    pieces = [(a, b) for a, b in pieces if flat[a:b].strip()]
    # A run of pieces names an option only if its folded text (the pieces' folded texts and what
    # stands between them, folded: fold_name folds character by character) is one of the key's
    # forms, with or without a prefix or suffix: runs are extended only while their folded text
    # can still become one (reading is linear in the cell's length).
    accepted, prefixes = r.runs(key)
    fold = r.folds(key)
    texts = [flat[a:b] for a, b in pieces]
    folded = [fold(t) for t in texts]
    between = [fold(flat[pieces[k][1] : pieces[k + 1][0]]) for k in range(len(pieces) - 1)]
    n = len(pieces)
    if n and all(folded[k] + between[k] not in prefixes for k in range(n - 1)):
        # No run of two pieces can name an option (the usual list): each piece stands alone.
        alone = [
            r.choice_of(key, t.strip()) if f in accepted else None for t, f in zip(texts, folded)
        ]
        if None not in alone:
            codes = list(dict.fromkeys(code for code, _ in alone))
            literal = all(plain for _, plain in alone) and len(codes) == n
            return _listed(r, key, codes, literal)
    codes: list[str] = []
    literal = True
    i = 0
    while i < n:
        ends = []
        run = folded[i]
        j = i
        while run in prefixes:
            j += 1
            if run in accepted:
                ends.append(j)
            if j == n:
                break
            run = run + between[j - 1] + folded[j]
        for j in reversed(ends):  # the longest run of pieces that names one option
            segment = (
                flat[pieces[i][0] : pieces[j - 1][1]].strip() if j > i + 1 else texts[i].strip()
            )
            found = r.choice_of(key, segment)
            if found is not None:
                break
        else:
            item = texts[i].strip()
            folded_item = fold_words(item)
            if folded_item in r.words["none"]:
                raise r.error(key, "none_mixed", item, none=item)
            if folded_item in r.words[UNSURE]:
                raise r.error(key, "unsure_mixed", item, unsure=item)
            many = r.find_choice(key, item)
            if len(many) > 1:
                names = join_names((r.options[key][c] for c in sorted(many)), r.pol)
                raise r.error(key, "ambiguous", item, allowed=names)
            raise r.error(key, "multi_item", item, allowed=r.allowed(key), none=none)
        code, plain = found
        literal = literal and plain and code not in codes
        if code not in codes:
            codes.append(code)
        i = j
    if not codes:
        raise r.error(key, "multi_item", text, allowed=r.allowed(key), none=none)
    return _listed(r, key, codes, literal)


def _listed(r: _Reader, key: str, codes: list[str], literal: bool) -> Parsed:
    """The options a list cell names; what was understood, unless it wrote each as it is written
    (its code or its name), once."""
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
    r = reader_of(pol)
    text = _as_text(text)
    if not text.strip():
        return None
    known = r.read.get((key, text))
    if known is None:
        try:
            known = _parse(r, key, text)
        except WordError as exc:
            known = exc.with_traceback(None)  # kept: no frame (and no cycle) comes with it
        if len(r.read) >= _READ_MAX:
            r.read.clear()
        r.read[(key, text)] = known
    if isinstance(known, WordError):
        raise known.with_traceback(None)  # raised again and again: keep no growing traceback
    return known


# Cells read, kept by question and text in each reader (a batch repeats 是, 否, 宝安区... thousands
# of times; a Parsed never changes, and neither does the error a text gets); cleared when full.
_READ_MAX = 8_000


def _parse(r: _Reader, key: str, text: str) -> Parsed:
    question = r.pol.questions[key]
    if len(text) > MAX_CHARS:
        raise r.error(key, "too_long", "")
    kind = question["type"]
    if kind in _NUMERIC and (plain := plain_figure(r, question, text)) is not None:
        return plain
    flat = nfkc(text)  # once: a long cell takes a while
    folded = fold_words(flat)
    if folded in r.words[UNSURE]:
        if not question.get("not_sure"):
            raise r.error(key, "unsure_not_allowed", text, unsure=r.shown[UNSURE])
        literal = text.strip() in (UNSURE, r.shown[UNSURE].zh, r.shown[UNSURE].en)
        return Parsed(UNSURE, None if literal else r.said(UNSURE))
    if kind == "boolean":
        return _boolean(r, key, question, text)
    if kind in _NUMERIC:
        return figure(r, key, question, text)
    if kind == "choice":
        return _choice(r, key, text)
    if kind == "multi_choice":
        return _multi(r, key, text, flat, folded)
    raise ValueError(f"unknown answer type {kind!r} for {key!r}")


#: Yes and no as people plainly write them: nothing to say back about them.
_PLAIN_YES_NO = frozenset({"是", "否", "yes", "no", "true", "false", "y", "n"})


def said_back(text: str, parsed: Parsed) -> Text | None:
    """What was understood from ``text``, to say back to the reader (the form under its field, a
    batch in its results): nothing when the text already says its value plainly, a figure as the
    answer format writes it (`` 2000 `` too) or yes / no in their plain words."""
    if not parsed.noted:
        return None
    value = parsed.value
    if isinstance(value, bool):
        if text.strip().lower() in _PLAIN_YES_NO:
            return None
    elif isinstance(value, (int, float)) and text.strip() == show_number(value):
        return None
    return parsed.understood


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
    r = reader_of(pol)
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
    return dict(reader_of(pol).shown)


def choice_names(key: str, pol: Policy | None = None) -> dict[str, Text]:
    """The options of a choice question: code -> name, in the policy's order."""
    return dict(reader_of(pol).options[key])


def unit_example(key: str, pol: Policy | None = None) -> Text | None:
    """The example of a figure question's unit (``例如 3亿元 填 30000``), if it has one."""
    r = reader_of(pol)
    unit = r.units.get(r.pol.questions[key].get("unit", {}).get("zh", ""))
    return unit.example if unit else None


def read_error(exc: WordError) -> dict[str, Any]:
    """A cell that cannot be read, in the engine's error shape: ``field`` (the key), ``zh`` and
    ``en`` (the question, then what was read and what would be accepted), plus ``kind``, ``got``,
    ``label`` and ``message`` (the sentence without the question, for a form that shows it)."""
    return {
        "field": exc.key,
        "zh": exc.text.zh,
        "en": exc.text.en,
        "kind": exc.kind,
        "got": exc.got,
        "label": exc.label.to_dict(),
        "message": exc.message.to_dict(),
    }


def read_cells(cells: Mapping[str, Any], *, pol: Policy | None = None) -> dict[str, Any]:
    """The bridge's ``read`` op: what the reader typed in some fields (key -> text), read as the
    answer format. ``{"ok", "answers", "answered", "understood", "errors"}``: ``answers`` holds
    every field that could be read (an empty one is left out and listed in ``answered`` as
    false), ``understood`` what was understood where the text did not already say it plainly
    (:func:`said_back`, as a batch says it), ``errors`` the fields that could not be read (``ok``
    is false then).
    Never raises for a cell; an unknown key is an error like any other."""
    pol = pol or policy()
    answers: dict[str, Any] = {}
    answered: dict[str, bool] = {}
    understood: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for key, text in cells.items():
        if key not in pol.questions:
            errors.append({**unknown_key(key, pol).to_dict(), "kind": "unknown_key"})
            continue
        try:
            parsed = parse_cell(key, text, pol=pol)
        except WordError as exc:
            errors.append(read_error(exc))
            continue
        answered[key] = parsed is not None
        if parsed is not None:
            answers[key] = parsed.value
            said = said_back(text if isinstance(text, str) else _as_text(text), parsed)
            if said is not None:
                understood[key] = said.to_dict()
    return {
        "ok": not errors,
        "answers": answers,
        "answered": answered,
        "understood": understood,
        "errors": errors,
    }
