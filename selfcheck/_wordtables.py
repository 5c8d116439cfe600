"""The word tables behind :mod:`selfcheck._words`: how text is folded for matching, the result and
error types, and the look-up tables built once per policy from the questions, the list files and
``policy/selfcheck/aliases.yaml`` (the bundle's ``selfcheck.aliases``). Standard library only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._echo import show_text
from ._policy import Policy, policy
from ._text import LANGS, Text, fill
from ._validate import UNSURE, FieldError

# -- the word data -------------------------------------------------------------------------------


def word_data(pol: Policy | None = None) -> Mapping[str, Any]:
    """The aliases data (the bundle's ``selfcheck.aliases``)."""
    return (pol or policy()).raw["selfcheck"]["aliases"]


# -- folding: what counts as the same text ---------------------------------------------------------

_NAME_DROP = re.compile(r"[\s'\"“”‘’「」『』《》·・、,，.。\-‐‑‒–—―_()（）\[\]【】]+")
_TRAILING = "。.!！"


def nfkc(text: str) -> str:
    """``text`` in Unicode NFKC (full-width letters, digits and punctuation half-width); a text
    already so is returned as it is (checking is much quicker than normalising again)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def fold_words(text: str) -> str:
    """``text`` for matching a word: NFKC (full-width to half-width), case folded, spaces folded,
    a trailing full stop dropped."""
    folded = nfkc(text)
    if not folded.isascii():
        folded = folded.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(folded.casefold().split()).rstrip(_TRAILING).strip()


def fold_name(text: str) -> str:
    """``text`` for matching a name: as :func:`fold_words`, without spaces, quotes, brackets,
    dashes, dots and list commas (``Bao'an`` = ``baoan``, ``农、林、牧、渔业`` = ``农林牧渔业``)."""
    return _NAME_DROP.sub("", nfkc(text).casefold())


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


class Parsed:
    """An answer value of the public format, and what was understood when the text was not already
    written that way (``None`` when it was: ``600`` for 600, ``是`` for yes, ``宝安区``).
    ``understood`` may be given as a function that writes it, called when it is first read."""

    __slots__ = ("value", "_understood")

    def __init__(self, value: Any, understood: Text | Callable[[], Text] | None = None) -> None:
        self.value, self._understood = value, understood

    @property
    def noted(self) -> bool:
        """Whether there is something understood to say (without writing it)."""
        return self._understood is not None

    @property
    def understood(self) -> Text | None:
        if callable(self._understood):
            self._understood = self._understood()
        return self._understood

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Parsed):
            return NotImplemented
        return (self.value, self.understood) == (other.value, other.understood)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Parsed({self.value!r}, {self.understood!r})"

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


class _Reader:
    """The look-up tables for one policy (built once, see :func:`reader_of`)."""

    def __init__(self, pol: Policy, data: Mapping[str, Any]) -> None:
        self.pol = pol
        self.read: dict[tuple[str, str], Any] = {}  # see selfcheck._words.parse_cell
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
        self._runs: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._affix_cache: dict[str, tuple[list[str], list[str]]] = {}
        self._folds: dict[str, dict[str, str]] = {}
        self._choices: dict[str, dict[str, tuple[str, bool] | None]] = {}
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
        known = self._affix_cache.get(key)
        if known is None:
            names = self.names.get(key, {})
            known = self._affix_cache[key] = (
                [fold_name(p) for p in names.get("prefixes", ())],
                [fold_name(s) for s in names.get("suffixes", ())],
            )
        return known

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

    def folds(self, key: str) -> Callable[[str], str]:
        """:func:`fold_name`, kept for the texts met in the cells of ``key`` (a list cell's items
        repeat from row to row)."""
        known = self._folds.setdefault(key, {})

        def fold(text: str) -> str:
            found = known.get(text)
            if found is None:
                if len(known) >= _KEPT_MAX:
                    known.clear()
                found = known[text] = fold_name(text)
            return found

        return fold

    def choice_of(self, key: str, segment: str) -> tuple[str, bool] | None:
        """The one option ``segment`` names, and whether it names it as the option is written (its
        code or its name), or ``None`` when it names none or several; kept by text."""
        known = self._choices.setdefault(key, {})
        if segment in known:
            return known[segment]
        codes = self.find_choice(key, segment)
        found = None
        if len(codes) == 1:
            code = codes.pop()
            name = self.options[key][code]
            found = (code, segment in (code, name.zh, name.en))
        if len(known) >= _KEPT_MAX:
            known.clear()
        known[segment] = found
        return found

    def runs(self, key: str) -> tuple[frozenset[str], frozenset[str]]:
        """The folded texts that may name an option of ``key`` (a form, with or without one of
        its prefixes and suffixes), and every prefix of them: what a multi-choice cell's run of
        pieces must stay within to name one (see :func:`selfcheck._words._multi`)."""
        known = self._runs.get(key)
        if known is None:
            prefixes, suffixes = self._affixes(key)
            accepted = {
                before + form + after
                for form in self.forms[key]
                for before in ("", *prefixes)
                for after in ("", *suffixes)
            }
            starts = {text[:n] for text in accepted for n in range(len(text) + 1)}
            known = self._runs[key] = (frozenset(accepted), frozenset(starts))
        return known

    def ambiguous_forms(self, key: str) -> dict[str, set[str]]:
        """Forms that name more than one option (none in the current data: a test says so)."""
        return {f: codes for f, codes in self.forms[key].items() if len(codes) > 1}

    def find_choice(self, key: str, text: str) -> set[str]:
        """The option codes ``text`` can name (empty: none; several: ambiguous)."""
        if text.strip() in self.options[key]:
            return {text.strip()}
        return self.find_folded(key, fold_name(text))

    def find_folded(self, key: str, folded: str) -> set[str]:
        """The option codes a text folded with :func:`fold_name` can name (as
        :meth:`find_choice`, but for a text that is not an option's code as it stands)."""
        prefixes, suffixes = self._affixes(key)
        forms = self.forms[key]
        if folded in forms:
            return set(forms[folded])
        for form in _variants(folded, prefixes, suffixes):
            if form in forms:
                return set(forms[form])
        return set()

    # sentences

    def label(self, key: str) -> Text:
        return Text.of(self.pol.questions[key]["label"])

    def error(self, key: str, kind: str, got: str, **params: Any) -> WordError:
        shown = show_text(got.strip(), 30)
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


#: Texts kept by each of a reader's tables (cleared when full).
_KEPT_MAX = 4_000

# Readers by policy (a Policy holds dicts, so it is not hashable); the entry keeps the policy alive.
_READERS: dict[int, tuple[Policy, _Reader]] = {}


def reader_of(pol: Policy | None) -> _Reader:
    pol = pol or policy()
    cached = _READERS.get(id(pol))
    if cached is None or cached[0] is not pol:
        if len(_READERS) >= 4:
            _READERS.clear()
        cached = _READERS[id(pol)] = (pol, _Reader(pol, word_data(pol)))
    return cached[1]


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
