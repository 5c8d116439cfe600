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
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._policy import Policy, policy
from ._text import LANGS, Text, fill, show_number
from ._validate import MAX_FIGURE, FieldError, allowed_text, field_error

UNSURE = "unsure"
# Longer cells are refused rather than read: no answer of this format needs more.
MAX_CHARS = 300
_MAX_DIGITS = 30


# -- the word data -------------------------------------------------------------------------------


def word_data(pol: Policy | None = None) -> Mapping[str, Any]:
    """The aliases data (the bundle's ``selfcheck.aliases``)."""
    return (pol or policy()).raw["selfcheck"]["aliases"]


# -- folding: what counts as the same text ---------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_NAME_DROP = re.compile(r"[\s'\"“”‘’「」『』《》·・、,，.。\-‐‑‒–—―_()（）\[\]【】]+")
_TRAILING = "。.!！"


def fold_words(text: str) -> str:
    """``text`` for matching a word: NFKC (full-width to half-width), case folded, spaces folded,
    a trailing full stop dropped."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(folded.split()).rstrip(_TRAILING).strip()


def fold_name(text: str) -> str:
    """``text`` for matching a name: as :func:`fold_words`, without spaces, quotes, brackets,
    dashes, dots and list commas (``Bao'an`` = ``baoan``, ``农、林、牧、渔业`` = ``农林牧渔业``)."""
    return _NAME_DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def _variants(folded: str, prefixes: Iterable[str], suffixes: Iterable[str]) -> list[str]:
    """``folded`` and the forms without one of ``prefixes`` and/or ``suffixes`` (2 chars left)."""
    out = [folded]
    for prefix in prefixes:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            out.append(folded[len(prefix) :])
    for form in list(out):
        for suffix in suffixes:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                out.append(form[: -len(suffix)])
    return out


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """An answer value of the public format, and what was understood when the text was not already
    written that way (``None`` when it was: ``600`` for 600, ``是`` for yes, ``宝安区``)."""

    value: Any
    understood: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "understood": self.understood.to_dict() if self.understood else None,
        }


class WordError(ValueError):
    """A cell that cannot be read as an answer. ``message`` says what was read and what would be
    accepted; ``label`` is the question as the reader sees it; ``text`` is both together. ``key``
    is for programs (it is never in the text), ``kind`` names the problem (``number``, ``range``,
    ``wrong_unit``, ``choice``...; see ``errors`` in the aliases file)."""

    def __init__(
        self, key: str, kind: str, message: Text, label: Text, got: str, joiner: Mapping[str, str]
    ) -> None:
        super().__init__(message.en)
        self.key, self.kind, self.message, self.label, self.got = key, kind, message, label, got
        self.text = Text(*(label.get(lang) + joiner[lang] + message.get(lang) for lang in LANGS))

    @property
    def zh(self) -> str:
        return self.message.zh

    @property
    def en(self) -> str:
        return self.message.en

    def field_error(self) -> FieldError:
        """The engine's error shape (field = the key, for programs; text = label and message)."""
        return FieldError(self.key, self.text.zh, self.text.en)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "got": self.got,
            "label": self.label.to_dict(),
            "zh": self.zh,
            "en": self.en,
        }


@dataclass(frozen=True)
class RowReading:
    """One row of cells read: the answers, what was understood, and the cells that could not be."""

    answers: dict[str, Any]
    understood: dict[str, Text] = field(default_factory=dict)
    errors: tuple[WordError, ...] = ()


# -- the reader ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    zh: str
    text: Text  # the question's unit (万元 / 10,000 CNY)
    power: int
    words: tuple[str, ...]
    magnitudes: Mapping[str, int]
    currency: bool
    large: Mapping[str, int]  # language -> power of the magnitude that restates a large amount
    example: Text


def _longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


_FIGURE = re.compile(r"(?P<sign>[-−+]?)\s*(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<rest>.*)", re.S)
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_NUMERIC = ("integer", "number")


class _Reader:
    """The look-up tables for one policy (built once, see :func:`_reader`)."""

    def __init__(self, pol: Policy, data: Mapping[str, Any]) -> None:
        self.pol = pol
        self.label_joiner = pol.joiner("label")
        self.understood = data["understood"]
        self.errors = data["errors"]
        self.shown = {a["id"]: Text.of(a["shown"]) for a in data["answers"]}
        self.words = {a["id"]: {fold_words(w) for w in a["words"]} for a in data["answers"]}
        for answer_id, shown in self.shown.items():
            self.words[answer_id] |= {fold_words(shown.zh), fold_words(shown.en)}
        self.words[UNSURE].add(UNSURE)
        self.meanings = {
            m["key"]: {True: Text.of(m["yes"]), False: Text.of(m["no"])} for m in data["meanings"]
        }
        numbers = data["numbers"]
        self.magnitudes = {fold_words(m["word"]): m["power"] for m in numbers["magnitudes"]}
        self.magnitude_words = _longest_first(self.magnitudes)
        self.currency = _longest_first(fold_words(w) for w in numbers["currency"])
        self.units: dict[str, _Unit] = {}
        self.unit_of_word: dict[str, str] = {}
        unit_texts = {
            q["unit"]["zh"]: Text.of(q["unit"]) for q in pol.questions.values() if "unit" in q
        }
        for u in numbers["units"]:
            words = tuple(fold_words(w) for w in u["words"])
            self.units[u["unit"]] = _Unit(
                zh=u["unit"],
                text=unit_texts.get(u["unit"], Text.same(u["unit"])),
                power=u["power"],
                words=words,
                magnitudes={fold_words(w): self.magnitudes[fold_words(w)] for w in u["magnitudes"]},
                currency=u["currency"],
                large={
                    lang: self.magnitudes[fold_words(w)] for lang, w in u.get("large", {}).items()
                },
                example=Text.of(u["example"]),
            )
            for word in words:
                self.unit_of_word.setdefault(word, u["unit"])
        self.unit_words = _longest_first(self.unit_of_word)
        self.approximate = _longest_first(fold_words(w) for w in numbers["approximate"])
        self.range = _longest_first(fold_words(w) for w in numbers["range"])
        self.abbreviations = {fold_words(w) for w in numbers["abbreviations"]}
        seps = sorted({unicodedata.normalize("NFKC", s) for s in data["separators"]})
        self.separators = re.compile("|".join(re.escape(s) for s in seps))
        self.names = {n["key"]: n for n in data["names"]}
        self.options: dict[str, dict[str, Text]] = {}
        self.forms: dict[str, dict[str, set[str]]] = {}
        for key in pol.choices:
            self._index_choices(key)

    # choices

    def _entries(self, key: str) -> list[tuple[str, Text]]:
        question = self.pol.questions[key]
        if "options" in question:
            return [(o["value"], Text.of(o["label"])) for o in question["options"]]
        lst = self.pol.raw["lists"][question["options_from"]]
        return [(e["id"], Text.of(e["name"])) for e in lst.get("groups") or lst.get("entries")]

    def _affixes(self, key: str) -> tuple[list[str], list[str]]:
        names = self.names.get(key, {})
        return (
            [fold_name(p) for p in names.get("prefixes", ())],
            [fold_name(s) for s in names.get("suffixes", ())],
        )

    def _index_choices(self, key: str) -> None:
        entries = self._entries(key)
        self.options[key] = dict(entries)
        prefixes, suffixes = self._affixes(key)
        forms: dict[str, set[str]] = {}
        written = {code: [code, name.zh, name.en] for code, name in entries}
        for alias in self.names.get(key, {}).get("aliases", ()):
            written[alias["value"]] = written.get(alias["value"], []) + list(alias["words"])
        for code, texts in written.items():
            for text in texts:
                for form in _variants(fold_name(text), prefixes, suffixes):
                    if form:
                        forms.setdefault(form, set()).add(code)
        self.forms[key] = forms

    def ambiguous_forms(self, key: str) -> dict[str, set[str]]:
        """Forms that name more than one option (none in the current data: a test says so)."""
        return {f: codes for f, codes in self.forms[key].items() if len(codes) > 1}

    def find_choice(self, key: str, text: str) -> set[str]:
        """The option codes ``text`` can name (empty: none; several: ambiguous)."""
        if text.strip() in self.options[key]:
            return {text.strip()}
        prefixes, suffixes = self._affixes(key)
        for form in _variants(fold_name(text), prefixes, suffixes):
            if form in self.forms[key]:
                return set(self.forms[key][form])
        return set()

    # sentences

    def label(self, key: str) -> Text:
        return Text.of(self.pol.questions[key]["label"])

    def error(self, key: str, kind: str, got: str, **params: Any) -> WordError:
        got = got.strip()
        shown = got if len(got) <= 30 else got[:27] + "..."
        message = fill(self.errors[kind], got=shown, **params)
        return WordError(key, kind, message, self.label(key), shown, self.label_joiner)

    def allowed(self, key: str) -> Text:
        return join_names(self.options[key].values(), self.pol)

    def said(self, answer_id: str, key: str | None = None, value: Any = None) -> Text:
        meaning = self.meanings.get(key, {}).get(value) if key else None
        if meaning is not None:
            return fill(
                self.understood["answer_meaning"], shown=self.shown[answer_id], meaning=meaning
            )
        return fill(self.understood["answer"], shown=self.shown[answer_id])


# Readers by policy (a Policy holds dicts, so it is not hashable); the entry keeps the policy alive.
_READERS: dict[int, tuple[Policy, _Reader]] = {}


def _reader(pol: Policy | None) -> _Reader:
    pol = pol or policy()
    cached = _READERS.get(id(pol))
    if cached is None or cached[0] is not pol:
        if len(_READERS) >= 4:
            _READERS.clear()
        cached = _READERS[id(pol)] = (pol, _Reader(pol, word_data(pol)))
    return cached[1]


# -- figures -------------------------------------------------------------------------------------


def _exact(mantissa: int, shift: int) -> str:
    """``mantissa × 10^shift`` written out exactly: ``_exact(12345, -4)`` is ``1.2345``."""
    if shift >= 0:
        return str(mantissa * 10**shift)
    digits = str(mantissa).rjust(1 - shift, "0")
    whole, decimals = digits[:shift], digits[shift:].rstrip("0")
    return whole + ("." + decimals if decimals else "")


def _show(text: str, lang: str) -> str:
    """A figure as written in ``lang``: ``30000`` in Chinese, ``30,000`` in English."""
    if lang != "en":
        return text
    whole, dot, decimals = text.partition(".")
    return f"{int(whole):,}" + dot + decimals


def _strip_word(rest: str, words: Iterable[str]) -> tuple[str | None, str]:
    for word in words:
        if rest.startswith(word):
            return word, rest[len(word) :].lstrip()
    return None, rest


def _figure(r: _Reader, key: str, question: Mapping[str, Any], text: str) -> Parsed:
    unit = r.units.get(question.get("unit", {}).get("zh", ""))
    example = unit.example if unit else Text.same("0")
    unit_text = unit.text if unit else Text.same("")

    def fail(kind: str, **params: Any) -> WordError:
        return r.error(key, kind, text, example=example, unit=unit_text, **params)

    t = unicodedata.normalize("NFKC", text).casefold().strip().rstrip(_TRAILING).strip()
    currency, t = _strip_word(t, r.currency)
    m = _FIGURE.fullmatch(t)
    if not m:
        if any(t.startswith(w) for w in r.approximate):
            raise fail("approximate")
        raise fail("number")
    sign, num, rest = m["sign"], m["num"], m["rest"].strip()
    magnitude, rest = _strip_word(rest, r.magnitude_words)
    base, rest = _strip_word(rest, r.unit_words)
    if currency is None:
        currency, rest = _strip_word(rest, r.currency)
    if rest:
        if any(rest.startswith(w) and rest[len(w) :].strip()[:1].isdigit() for w in r.range):
            raise fail("range")
        if any(w in rest for w in r.approximate):
            raise fail("approximate")
        if rest in r.abbreviations:
            raise fail("abbreviation")
        if (rest[:1].isdigit() or rest[:1] == ",") and magnitude is None and base is None:
            raise fail("separators")
        raise fail("number")
    if sign == "+":
        raise fail("number")
    if sign:
        raise fail("negative")
    whole, _, decimals = num.partition(".")
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise fail("separators")
    digits = whole.replace(",", "") + decimals
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise fail("too_large")
    written = (magnitude or "") + (base or "")
    if unit is None:
        if written or currency:
            raise fail("wrong_unit", unit_got=written or currency)
        exponent = 0
    else:
        if base is not None and r.unit_of_word[base] != unit.zh:
            raise fail("wrong_unit", unit_got=written)
        if magnitude is not None and magnitude not in unit.magnitudes:
            raise fail("wrong_unit", unit_got=written)
        if currency is not None and not unit.currency:
            raise fail("wrong_unit", unit_got=currency)
        power = r.magnitudes[magnitude] if magnitude else 0
        if currency is not None and not written:
            raise fail("unclear_unit")
        if magnitude is not None and base is None and power < unit.power:
            raise fail("unclear_unit")
        exponent = power - unit.power if written else 0
    mantissa, shift = int(digits), exponent - len(decimals)
    if shift >= 0:
        value: int | float = mantissa * 10**shift
    elif mantissa % 10**-shift == 0:
        value = mantissa // 10**-shift
    else:
        value = mantissa / 10**-shift
    if value > MAX_FIGURE:
        raise fail("too_large")
    if question["type"] == "integer" and isinstance(value, float):
        raise fail("not_whole")
    if unit is not None and unit.large:
        return Parsed(value, _amount(r, unit, value, mantissa, shift))
    if text.strip() == show_number(value):
        return Parsed(value)
    exact = _exact(mantissa, shift)
    return Parsed(
        value,
        fill(
            r.understood["figure"],
            unit=unit_text,
            value=Text(_show(exact, "zh"), _show(exact, "en")),
        ),
    )


def _amount(r: _Reader, unit: _Unit, value: int | float, mantissa: int, shift: int) -> Text:
    """``按 30000 万元计（即 3 亿元）`` / ``read as 30,000 × 10,000 CNY (CNY 300 million)``: the
    amount restated in the language's large magnitude once it reaches one of it."""
    parts = []
    for lang in LANGS:
        shown = _show(_exact(mantissa, shift), lang)
        power = unit.large.get(lang)
        if power is not None and value >= 10 ** (power - unit.power):
            large = _show(_exact(mantissa, shift - (power - unit.power)), lang)
            text = fill(r.understood["amount_large"], value=shown, unit=unit.text, large=large)
        else:
            text = fill(r.understood["amount"], value=shown, unit=unit.text)
        parts.append(text.get(lang))
    return Text(*parts)


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


def join_names(names: Iterable[Text], pol: Policy) -> Text:
    """Option names joined with the list joiner (、 / ,), or with the semicolon joiner in a
    language where a name itself holds the list joiner (农、林、牧、渔业; "Specialised, refined")."""
    names = list(names)
    parts = []
    for lang in LANGS:
        joiner = pol.joiner()[lang]
        if any(joiner.strip() in n.get(lang) for n in names):
            joiner = pol.joiner("errors")[lang]
        parts.append(joiner.join(n.get(lang) for n in names))
    return Text(*parts)


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
        return _figure(r, key, question, text)
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
