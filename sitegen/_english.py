"""The English the site writes, checked against the glossary (policy/lists/glossary.yaml).

The glossary is the source of each term's English: where a Chinese text names a term (its
``term.zh`` or ``abbr.zh``), the English beside it names the term as the glossary writes it
(``term.en`` or ``abbr.en``), and no English text uses one of the entry's ``variants``. These
functions say what breaks those rules; ``tests/test_english.py`` runs them over every language map
of ``policy/`` and of the site's strings, over every built English page and over every English
report and spreadsheet the engine writes. Chinese in English text is allowed only inside an
element marked ``lang="zh"`` (pages) and never in a report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "CJK",
    "backslash_quotes",
    "drop_chinese",
    "lang_maps",
    "missing_terms",
    "normalise",
    "refused_variants",
]

#: Chinese characters and full-width punctuation (CJK symbols, ideographs, full-width forms).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_BACKSLASH_QUOTE = re.compile(r"\\[\"'“”‘’]")


def normalise(text: str) -> str:
    """Lower case, hyphens and runs of white space as one space, curly quotes as straight ones:
    ``Chain-leader  Enterprises`` and ``chain leader enterprises`` read the same."""
    text = text.lower().replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[\s\-‐‑–]+", " ", text)


def lang_maps(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every ``{zh, en}`` map of text in ``node`` (a loaded YAML tree), with where it is."""
    if isinstance(node, dict):
        if set(node) >= {"zh", "en"} and isinstance(node.get("zh"), str):
            if isinstance(node.get("en"), str):
                yield path, {"zh": node["zh"], "en": node["en"]}
            return
        for key, value in node.items():
            yield from lang_maps(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from lang_maps(value, f"{path}[{index}]")


def _names(entry: dict[str, Any], lang: str) -> list[str]:
    return [entry["term"][lang], entry["abbr"][lang]]


def missing_terms(glossary: Iterable[dict[str, Any]], zh: str, en: str) -> list[str]:
    """The glossary terms that ``zh`` names and whose English ``en`` does not use."""
    entries = list(glossary)
    english = normalise(en)
    out = []
    for entry in entries:
        names = _names(entry, "zh")
        # A term inside a longer term of the glossary (产教评 in 产教评技能生态链) is carried by the
        # longer term's English.
        longer = {
            other
            for e in entries
            if e is not entry
            for other in _names(e, "zh")
            if any(name in other and name != other for name in names)
        }
        rest = zh
        for other in sorted(longer, key=len, reverse=True):
            rest = rest.replace(other, "\0")
        if any(name in rest for name in names) and not any(
            normalise(name) in english for name in _names(entry, "en")
        ):
            out.append(f"{entry['term']['zh']} → {entry['term']['en']}")
    return out


def refused_variants(glossary: Iterable[dict[str, Any]], en: str) -> list[str]:
    """The refused English renderings of glossary terms (``variants``) that ``en`` uses."""
    english = normalise(en)
    return [
        f"{variant!r} (say {entry['term']['en']!r})"
        for entry in glossary
        for variant in entry.get("variants", [])
        if re.search(r"(?<![a-z])" + re.escape(normalise(variant)) + r"s?(?![a-z])", english)
    ]


def backslash_quotes(text: str) -> list[str]:
    """Backslashes before a quotation mark (an escape that was never meant to be read)."""
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in _BACKSLASH_QUOTE.finditer(text)]


_GLOSS = re.compile(r"\s*[(（][^()（）]*" + CJK.pattern + r"[^()（）]*[)）]")


def drop_chinese(text: str) -> str:
    """``text`` without the Chinese given in brackets beside the English: ``SRDI (专精特新)
    stands for`` becomes ``SRDI stands for`` (for attributes, where Chinese cannot be marked)."""
    return _GLOSS.sub("", text)
