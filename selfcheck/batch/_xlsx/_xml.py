"""The XML of a workbook's parts, parsed safely with expat: no part may declare a document type
(that refuses entity expansion, the billion laughs, and external entities, XXE, before expat could
meet them); elements are named by their local name in the spreadsheet namespaces; a part is fed a
chunk at a time as it is decompressed."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.parsers import expat  # part of CPython and of Pyodide's runtime

#: Bytes fed to expat at a time.
CHUNK = 64 * 1024

#: The spreadsheet's namespaces (transitional, strict), of its elements and of its relationships.
MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SEP = " "  # expat's namespace separator: "<uri> <local name>"


def element_names(*locals_: str, spaces: tuple[str, ...] = MAIN) -> dict[str, str]:
    """Expat's names of elements (namespaced or not) -> their local name."""
    out = {name: name for name in locals_}
    for uri in spaces:
        out.update({f"{uri}{SEP}{name}": name for name in locals_})
    return out


class Refused(Exception):
    """An XML part declares a document type (entities, external or not): never read."""


def _refuse(*_: Any) -> None:
    raise Refused


def parser() -> Any:
    """An expat parser that refuses a document type, names elements ``<namespace> <local name>``
    and gives a text node in one piece."""
    made = expat.ParserCreate(namespace_separator=SEP)
    made.StartDoctypeDeclHandler = _refuse
    made.EntityDeclHandler = _refuse
    made.buffer_text = True
    return made


def feed(member: BinaryIO, to: Any) -> Iterator[None]:
    """Feed ``member`` to the parser ``to`` a chunk at a time, yielding after each."""
    while chunk := member.read(CHUNK):
        to.Parse(chunk, False)
        yield
    to.Parse(b"", True)
    yield


#: What a damaged or hostile workbook raises while it is read.
DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    IndexError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    Refused,
    expat.ExpatError,
)
