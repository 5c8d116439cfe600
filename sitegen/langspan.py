"""Chinese inside an English page, marked as Chinese: every run of Chinese characters in the text
of a page whose language is not Chinese is wrapped in ``<span lang="zh">``.

A reader's browser and screen reader then know which words are Chinese (the right font, the right
voice), and ``tests/test_english.py`` can tell a Chinese term given beside its English from Chinese
left in an English sentence by mistake. Elements already marked as Chinese are left alone, and so are code blocks (``pre``); inline ``code`` is marked like text. The extension
runs on the Markdown's element tree, after the glossary tooltips (:mod:`sitegen.abbr`); raw HTML
blocks are not in that tree and mark their Chinese themselves.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

__all__ = ["CHINESE_RUN", "LangSpanExtension", "makeExtension"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARK = "\u3000-\u303f\uff00-\uffef"  # CJK punctuation and full-width forms
#: A run of Chinese: Chinese characters and full-width marks, with the digits, Latin letters and
#: spaces between them (粤人社规〔2025〕25号, 300人以上), and an opening mark before them.
CHINESE_RUN = re.compile(
    rf"[“《〔（]?[0-9]*[{_HAN}{_MARK}](?:[{_HAN}{_MARK}0-9A-Za-z+\-.·“”]*[{_HAN}{_MARK}”])?"
)
_SKIP = {"pre", "script", "style"}


class _LangSpans(Treeprocessor):
    def __init__(self, md, lang: str) -> None:
        super().__init__(md)
        self.lang = lang

    def run(self, root: etree.Element) -> None:
        if self.lang != "zh":
            self._walk(root)

    def _walk(self, el: etree.Element) -> None:
        for child in list(el):
            if child.tag not in _SKIP and not child.get("lang", "").startswith("zh"):
                self._walk(child)
            if child.tail and CHINESE_RUN.search(child.tail):
                child.tail, spans = self._split(child.tail)
                index = list(el).index(child) + 1
                for offset, span in enumerate(spans):
                    el.insert(index + offset, span)
        if el.text and CHINESE_RUN.search(el.text) and el.tag not in _SKIP:
            el.text, spans = self._split(el.text)
            for offset, span in enumerate(spans):
                el.insert(offset, span)

    @staticmethod
    def _split(text: str) -> tuple[str, list[etree.Element]]:
        """``text`` cut at its Chinese runs: the text before the first run, and one span per run
        (each carrying the text up to the next run as its tail)."""
        atomic = isinstance(text, AtomicString)
        keep = AtomicString if atomic else str
        parts = CHINESE_RUN.split(text)
        runs = CHINESE_RUN.findall(text)
        spans = []
        for run, after in zip(runs, parts[1:], strict=True):
            span = etree.Element("span", {"lang": "zh"})
            span.text = keep(run)
            span.tail = keep(after)
            spans.append(span)
        return keep(parts[0]), spans


class LangSpanExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"lang": ["zh", "the page's language; Chinese runs are marked when not zh"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_LangSpans(md, self.getConfig("lang")), "cl_langspan", 5)


def makeExtension(**kwargs) -> LangSpanExtension:  # noqa: N802 (Python-Markdown's name)
    return LangSpanExtension(**kwargs)
