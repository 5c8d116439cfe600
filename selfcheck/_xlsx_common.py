"""What the spreadsheet modules share: openpyxl imported on first use (with a bilingual message when
it is missing), writing a cell so that text stays text, display widths, saving."""

from __future__ import annotations

import importlib
import io
import os
import unicodedata
from typing import Any, BinaryIO

from ._policy import Policy, policy
from ._text import Text
from ._words import word_data
from .batch._sheet import SheetError

OPENPYXL = "openpyxl"


class XlsxUnavailable(SheetError, ImportError):
    """openpyxl is not installed; the text says how to install it."""


def _openpyxl(part: str = "") -> Any:
    """``openpyxl`` (or ``openpyxl.<part>``), imported on first use."""
    try:
        return importlib.import_module(OPENPYXL + ("." + part if part else ""))
    except ImportError as exc:
        pol = policy()
        raise XlsxUnavailable(
            "unavailable", [Text.of(word_data(pol)["sheet"]["unavailable"])]
        ) from exc


def _sheet_words(pol: Policy) -> dict[str, Any]:
    return word_data(pol)["sheet"]


_FORMULA_START = ("=", "+", "-", "@")
_HEADER_FILL = "DDEBF7"
_ERROR_FONT = "9C0006"


def _width(text: str) -> int:
    """Display width: East Asian wide characters count two."""
    lines = str(text).split("\n") or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines
    )


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text stays text even when it starts like a formula."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
    return cell


def _save(workbook: Any, out: str | os.PathLike[str] | BinaryIO | None) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as handle:
            handle.write(data)
    elif out is not None:
        out.write(data)
    return data
