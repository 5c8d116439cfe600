"""An opened workbook: its sheets (name, visible or not, where each one's XML is), its shared strings
and the styles that show a date (each read when first needed), the merged areas of a sheet. Every
part is parsed with :mod:`._xml` (no document type), the small ones whole, the shared strings as
they are decompressed, within ``LIMITS["sheet_text_chars"]``."""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import Any

from ..._limits import LIMITS
from ..._policy import Policy
from .._sheet import problem
from ._cells import DATE_FORMAT_IDS, MAC_EPOCH, WINDOWS_EPOCH, area, is_date_format
from ._xml import CHUNK, DAMAGED, PACKAGE_RELS, RELS, SEP, element_names, feed
from ._xml import parser as new_parser

#: Parts read whole (the workbook, its relationships, the styles): none is anywhere near this.
_PART_BYTES = 16 * 1024 * 1024
#: Merged areas are found before the rows (they are written after them) in a sheet of at most this
#: many bytes of XML (some 50,000 rows); a larger sheet is read without repeating merged values.
MERGES_SCAN_BYTES = 64 * 1024 * 1024
_MERGES_MAX = 1_000
#: What a kept shared string costs beyond its characters, counted against sheet_text_chars.
_STRING_COST = 16


class TooManyTexts(Exception):
    """The shared strings hold more text than ``LIMITS["sheet_text_chars"]``."""


_PARTS = element_names("sheet", "workbookPr", "numFmt", "cellXfs", "xf", "Relationship")
_PARTS.update(element_names("Relationship", spaces=(PACKAGE_RELS,)))


class Sheet:
    def __init__(self, name: str, state: str, part: str) -> None:
        self.name, self.state, self.part = name, state, part


class Book:
    """An opened workbook: its sheets (name, visible or not, where its XML is), its shared strings
    and date styles (read when first needed). Raises :class:`SheetError` (``not_xlsx``) for a file
    that is not a workbook or is damaged."""

    def __init__(self, source: Any, pol: Policy) -> None:
        self.pol = pol
        try:
            self.archive = zipfile.ZipFile(source)
            main = self._target("_rels/.rels", "", "/officeDocument") or "xl/workbook.xml"
            rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main))
            targets = self._relationships(rels + ".rels", posixpath.dirname(main))
            self.sheets: list[Sheet] = []
            self.epoch = WINDOWS_EPOCH
            for local, attrs, _ in self._elements(main):
                if local == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                    self.epoch = MAC_EPOCH
                elif local == "sheet":
                    rid = next(
                        (attrs[f"{ns}{SEP}id"] for ns in RELS if f"{ns}{SEP}id" in attrs), ""
                    )
                    kind, part = targets.get(rid, ("", ""))
                    if kind.endswith("/worksheet") and part in self.archive.NameToInfo:
                        self.sheets.append(
                            Sheet(attrs.get("name", ""), attrs.get("state", "visible"), part)
                        )
            self._strings_part = next(
                (p for k, p in targets.values() if k.endswith("/sharedStrings")), None
            )
            self._styles_part = next(
                (p for k, p in targets.values() if k.endswith("/styles")), None
            )
        except DAMAGED as exc:
            raise problem("not_xlsx", pol) from exc
        if not self.sheets:
            raise problem("not_xlsx", pol)
        self._strings: list[str] | None = None
        self._dates: frozenset[str] | None = None

    def _elements(self, part: str) -> list[tuple[str, dict[str, str], str]]:
        """The elements of a small part this reader knows: (local name, attributes, parent)."""
        info = self.archive.getinfo(part)
        if info.file_size > _PART_BYTES:
            raise ValueError(f"{part} is too large")
        found: list[tuple[str, dict[str, str], str]] = []
        stack: list[str] = []
        parser = new_parser()

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _PARTS.get(name)
            if local is not None:
                found.append((local, attrs, stack[-1] if stack else ""))
            stack.append(local or "")

        parser.StartElementHandler = start
        parser.EndElementHandler = lambda name: stack.pop()
        with self.archive.open(info) as member:
            for _ in feed(member, parser):
                pass
        return found

    def _relationships(self, part: str, base: str) -> dict[str, tuple[str, str]]:
        """A relationships part: id -> (type, the target's path in the package)."""
        if part not in self.archive.NameToInfo:
            return {}
        out = {}
        for local, attrs, _ in self._elements(part):
            if local == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
                )
                out[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(path))
        return out

    def _target(self, part: str, base: str, kind: str) -> str | None:
        return next(
            (p for k, p in self._relationships(part, base).values() if k.endswith(kind)), None
        )

    @property
    def strings(self) -> list[str]:
        """The shared strings, each cut to one character more than a cell may hold (so that an
        over-long cell is still refused as one)."""
        if self._strings is None:
            self._strings = self._read_strings() if self._strings_part else []
        return self._strings

    def _read_strings(self) -> list[str]:
        keep = LIMITS["cell_chars"] + 1
        budget = LIMITS["sheet_text_chars"]
        strings: list[str] = []
        parts: list[str] = []
        phonetic = 0
        parser = new_parser()
        names = element_names("si", "t", "rPh")

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal phonetic
            local = names.get(name)
            if local == "t" and not phonetic:
                parser.CharacterDataHandler = parts.append
            elif local == "si":
                parts.clear()
            elif local == "rPh":
                phonetic += 1

        def end(name: str) -> None:
            nonlocal phonetic, budget
            local = names.get(name)
            if local == "t":
                parser.CharacterDataHandler = None
            elif local == "si":
                text = "".join(parts)[:keep]
                budget -= len(text) + _STRING_COST
                if budget < 0:
                    raise TooManyTexts
                strings.append(text)
            elif local == "rPh":
                phonetic -= 1

        parser.StartElementHandler, parser.EndElementHandler = start, end
        with self.archive.open(self._strings_part) as member:
            for _ in feed(member, parser):
                pass
        return strings

    @property
    def date_styles(self) -> frozenset[str]:
        """The style indices (``s`` of a cell) whose number format shows a date or time."""
        if self._dates is None:
            self._dates = self._read_dates() if self._styles_part else frozenset()
        return self._dates

    def _read_dates(self) -> frozenset[str]:
        formats: dict[str, str] = {}
        styles: list[str] = []
        for local, attrs, parent in self._elements(self._styles_part):
            if local == "numFmt":
                formats[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
            elif local == "xf" and parent == "cellXfs":
                styles.append(attrs.get("numFmtId", "0"))
        dates = set()
        for index, fmt in enumerate(styles):
            code = formats.get(fmt)
            if code is None:
                date = fmt.isdigit() and int(fmt) in DATE_FORMAT_IDS
            else:
                date = is_date_format(code)
            if date:
                dates.add(str(index))
        return frozenset(dates)

    def merges(self, part: str) -> list[tuple[int, int, int, int]]:
        """The merged areas of a sheet (found by scanning its XML, which writes them after its
        rows), at most :data:`_MERGES_MAX`; none for a sheet over :data:`MERGES_SCAN_BYTES`."""
        info = self.archive.getinfo(part)
        if info.file_size > MERGES_SCAN_BYTES:
            return []
        found: dict[tuple[int, int, int, int], None] = {}
        tail = b""
        with self.archive.open(info) as member:
            while (chunk := member.read(CHUNK * 4)) and len(found) < _MERGES_MAX:
                text = tail + chunk
                for match in _MERGE.finditer(text):
                    if match.end() > len(tail):  # those within the tail were found before
                        merged = area(match.group(1).decode("ascii"))
                        if merged is not None:
                            found[merged] = None
                tail = text[-_MERGE_LONGEST:]
        return list(found)[:_MERGES_MAX]

    def close(self) -> None:
        self.archive.close()


_MERGE = re.compile(
    rb"<(?:[\w.-]{1,20}:)?mergeCell\s[^>]{0,200}?\bref\s*=\s*[\"']([A-Z0-9$:]{2,30})[\"']"
)
_MERGE_LONGEST = 300  # bytes: no match of _MERGE is longer
