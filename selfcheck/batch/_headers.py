"""Spreadsheet headers as readers write them: a column named by its answer key, its question
(Chinese or English, with or without its unit), the short name of its fact, an NBS indicator label
or a header word of the aliases file; and the example rows the importer skips. Standard library
only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .._policy import Policy, policy
from .._text import Text, fill
from .._words import fold_name, fold_words, word_data

REF = "ref"
_HEADER_DROP = re.compile(r"[?？*:：#]+")
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


def header_label(key: str, pol: Policy | None = None) -> Text:
    """A column's header: the question with its unit, unless it already says it; the ref column's
    label for ``ref``."""
    pol = pol or policy()
    headers = word_data(pol)["headers"]
    if key == REF:
        return Text.of(headers["ref"]["label"])
    question = pol.questions[key]
    label = Text.of(question["label"])
    unit = question.get("unit")
    if not unit:
        return label
    with_unit = fill(headers["with_unit"], label=label, unit=Text.of(unit))
    return Text(
        *(
            label.get(lang) if _says_unit(label.get(lang), unit[lang]) else with_unit.get(lang)
            for lang in ("zh", "en")
        )
    )


def _says_unit(label: str, unit: str) -> bool:
    """Whether a label already gives its unit in brackets: 营业收入（万元）, revenue (in 10,000 CNY)."""
    return any(
        unit in part for part in _BRACKETED.findall(unicodedata.normalize("NFKC", label))
    ) or any(unit in part for part in _BRACKETED.findall(label))


def _header_forms(text: str) -> list[str]:
    flat = unicodedata.normalize("NFKC", text)
    forms = [_HEADER_DROP.sub("", fold_name(flat))]
    without = _HEADER_DROP.sub("", fold_name(_BRACKETED.sub("", flat)))
    if without and without != forms[0]:
        forms.append(without)
    return [f for f in forms if f]


@dataclass(frozen=True)
class _Headers:
    forms: Mapping[str, str]  # folded form -> key (or ref)
    ambiguous: Mapping[str, frozenset[str]]


def _headers(pol: Policy) -> _Headers:
    data = word_data(pol)["headers"]
    written: dict[str, list[str]] = {REF: [REF, *data["ref"]["words"]]}
    written[REF] += [data["ref"]["label"]["zh"], data["ref"]["label"]["en"]]
    indicators = {i["answer_key"]: i["label"] for i in pol.size_table.get("indicators", ())}
    for key, question in pol.questions.items():
        texts = [key, question["label"]["zh"], question["label"]["en"]]
        texts += [header_label(key, pol).zh, header_label(key, pol).en]
        if key in pol.facts:
            texts += [pol.facts[key]["zh"], pol.facts[key]["en"]]
        if key in indicators:
            texts += [indicators[key]["zh"], indicators[key]["en"]]
        written[key] = texts
    for alias in data["aliases"]:
        written[alias["key"]] = written.get(alias["key"], []) + list(alias["words"])
    found: dict[str, set[str]] = {}
    for key, texts in written.items():
        for text in texts:
            for form in _header_forms(text):
                found.setdefault(form, set()).add(key)
    return _Headers(
        forms={f: next(iter(k)) for f, k in found.items() if len(k) == 1},
        ambiguous={f: frozenset(k) for f, k in found.items() if len(k) > 1},
    )


_HEADER_CACHE: dict[int, tuple[Policy, _Headers]] = {}


def _header_table(pol: Policy) -> _Headers:
    cached = _HEADER_CACHE.get(id(pol))
    if cached is None or cached[0] is not pol:
        if len(_HEADER_CACHE) >= 4:
            _HEADER_CACHE.clear()
        cached = _HEADER_CACHE[id(pol)] = (pol, _headers(pol))
    return cached[1]


def header_key(text: str, pol: Policy | None = None) -> str | None:
    """The answer key (or ``ref``) a header cell names, or ``None``."""
    pol = pol or policy()
    if text.strip() in pol.questions or text.strip() == REF:
        return text.strip()
    table = _header_table(pol)
    for form in _header_forms(text):
        if form in table.forms:
            return table.forms[form]
    return None


def ambiguous_headers(pol: Policy | None = None) -> dict[str, frozenset[str]]:
    """Header forms that would name two columns (none in the current data: a test says so)."""
    return dict(_header_table(pol or policy()).ambiguous)


def is_example(text: str, pol: Policy | None = None) -> bool:
    """Whether a ref cell marks its row as an example: it starts with 示例 / Example (alone, or
    followed by a bracket, colon, dash or space)."""
    words = _example_words(pol or policy())
    first = text.lstrip()[:1]
    if not first or unicodedata.normalize("NFKC", first).casefold() not in words[0]:
        return False  # most refs: no example word starts with their first letter
    folded = fold_words(text)
    for word in words[1]:
        if folded.startswith(word) and (
            len(folded) == len(word) or folded[len(word)] in "([（【:：-—_ "
        ):
            return True
    return False


_EXAMPLES: dict[int, tuple[Policy, tuple[frozenset[str], tuple[str, ...]]]] = {}


def _example_words(pol: Policy) -> tuple[frozenset[str], tuple[str, ...]]:
    """The example words folded, and their first letters."""
    found = _EXAMPLES.get(id(pol))
    if found is None or found[0] is not pol:
        words = tuple(fold_words(w) for w in word_data(pol)["headers"]["example_words"])
        found = _EXAMPLES[id(pol)] = (pol, (frozenset(w[:1] for w in words), words))
    return found[1]
