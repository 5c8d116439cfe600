"""Glossary tooltips that also work inside Chinese text.

Material's abbreviations (``<abbr title>`` shown as tooltips with ``content.tooltips``) come from
Python-Markdown's ``abbr`` extension, whose matcher requires ``\\b`` word boundaries around a term.
Chinese is written without spaces, so ``链主`` inside ``链主企业`` never matches. This extension
keeps the stock extension (its glossary option, its ``*[term]: definition`` syntax, its output) and
only changes the boundary: a term may not be glued to a Latin letter or digit, but may touch any
CJK character. Headings are left alone so the table of contents stays plain text, and so is any
element with the class ``cl-define`` (a glossary term's own definition or explanation: a tooltip
there would only repeat the block it sits in).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

__all__ = ["NO_TOOLTIP_CLASS", "CJKAbbrExtension", "makeExtension"]

_SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "abbr", "code", "pre", "script", "style"}
#: Elements with this class get no tooltips (definition blocks of glossary terms).
NO_TOOLTIP_CLASS = "cl-define"


def _skipped(el: etree.Element) -> bool:
    return el.tag in _SKIP or NO_TOOLTIP_CLASS in (el.get("class") or "").split()


class _CJKAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root: etree.Element) -> None:
        if not self.abbrs:
            return
        terms = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile(
            "(?<![A-Za-z0-9_])(?:" + "|".join(map(re.escape, terms)) + ")(?![A-Za-z0-9_])"
        )
        self._walk(root)

    def _walk(self, el: etree.Element) -> None:
        for child in list(el):
            if _skipped(child):
                # The element's own text is skipped; its tail belongs to the parent and is
                # handled by iter_element below, which only looks at text and tails.
                if child.tail:
                    self._tail_only(child, el)
                continue
            self._walk(child)
            if child.tail:
                self._tail_only(child, el)
        if el.text and not _skipped(el):
            holder = etree.Element("_")
            holder.text = el.text
            self.iter_element(holder)
            el.text = holder.text
            for i, new in enumerate(list(holder)):
                el.insert(i, new)

    def _tail_only(self, child: etree.Element, parent: etree.Element) -> None:
        text, child.tail = child.tail, None
        holder = etree.Element("_")
        holder.text = text
        self.iter_element(holder)
        child.tail = holder.text
        index = list(parent).index(child) + 1
        for i, new in enumerate(list(holder)):
            parent.insert(index + i, new)


class CJKAbbrExtension(AbbrExtension):
    """The stock ``abbr`` extension with a CJK-aware term matcher."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.treeprocessors.register(_CJKAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs) -> CJKAbbrExtension:  # noqa: N802 (Python-Markdown's name)
    return CJKAbbrExtension(**kwargs)
