"""A cell of a workbook as the reader sees it: ``600`` (not ``600.0``), ``1999.5``, ``TRUE``,
dates as ``2026-01-05`` (the sheet saves numbers and date serials; its styles say which is a
date); column letters and areas (``B3:D4``)."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

#: Excel's last column (XFD), as a count.
MAX_COLUMNS = 16_384


def cell_text(value: Any) -> str:
    """A cell's value as the reader sees it: ``600`` (never ``600.0``), ``1999.5``, ``TRUE``,
    ``2026-01-05``; an empty cell is ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return _plain(format(value, ".15g"))  # Excel shows 15 significant digits
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _plain(text: str) -> str:
    """``1.5e-07`` written out: ``0.00000015`` (a figure never reaches a reader in E notation)."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    whole, _, decimals = mantissa.lstrip("-").partition(".")
    digits, point = whole + decimals, len(whole) + int(exponent)
    if point <= 0:
        return sign + "0." + "0" * -point + digits.rstrip("0")
    digits = digits.ljust(point, "0")
    return (
        sign
        + digits[:point]
        + ("." + digits[point:].rstrip("0") if digits[point:].rstrip("0") else "")
    )


def _number(raw: str) -> int | float | None:
    """A number cell's saved text as a number (``None``: not a number)."""
    try:
        if "." in raw or "e" in raw or "E" in raw:
            return float(raw)
        return int(raw)
    except ValueError:  # not a number, or more digits than int() reads
        return None


def number_text(raw: str) -> str:
    if raw.isdigit() and (raw[0] != "0" or len(raw) == 1) and len(raw) < 16:
        return raw  # most figures: already as the reader sees them
    value = _number(raw)
    return raw if value is None else cell_text(value)


WINDOWS_EPOCH = _dt.datetime(1899, 12, 30)
MAC_EPOCH = _dt.datetime(1904, 1, 1)


def date_text(raw: str, epoch: _dt.datetime) -> str:
    """A date cell's serial number as the reader sees the date (Excel's 1900 leap-year bug kept,
    as Excel and openpyxl keep it)."""
    value = _number(raw)
    if value is None or not -1e7 < value < 1e7:
        return raw
    day, fraction = divmod(value, 1)
    diff = _dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        return cell_text((_dt.datetime.min + diff).time())
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    try:
        return cell_text(epoch + _dt.timedelta(days=day) + diff)
    except OverflowError:
        return raw


def iso_text(raw: str) -> str:
    """A cell saved as an ISO date (``t="d"``), as the reader sees it."""
    try:
        return cell_text(_dt.datetime.fromisoformat(raw.strip().removesuffix("Z")))
    except ValueError:
        return raw


# Number formats that show a date or time: Excel's built-in ones (the Chinese and Japanese date
# formats included), and any custom format with a day, month, year, hour or second in it.
DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATELETTERS = re.compile(r"[dmyhsDMYHS]")


def is_date_format(code: str) -> bool:
    section = _FORMAT_NOISE.sub("", code.split(";")[0])
    return bool(_DATELETTERS.search(section)) and "General" not in section


#: Column letters met, and their index (kept: a sheet repeats them on every row).
LETTERS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """The 0-based index of column ``letters`` (``A`` -> 0), or -1 when they name none."""
    index = LETTERS.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            if not "A" <= ch <= "Z":
                return -1
            index = index * 26 + ord(ch) - 64
        index = index - 1 if 0 < index <= MAX_COLUMNS else -1
        if len(LETTERS) < MAX_COLUMNS:
            LETTERS[letters] = index
    return index


_AREA = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")


def area(ref: str) -> tuple[int, int, int, int] | None:
    """``B3:D4`` as (first row, first column, last row, last column), rows from 1, columns from 0."""
    match = _AREA.match(ref.strip())
    if not match:
        return None
    c1, r1, c2, r2 = match.group(1), int(match.group(2)), match.group(3), match.group(4)
    first, last = column_index(c1), column_index(c2 or c1)
    rows = (r1, int(r2 or r1))
    if first < 0 or last < 0:
        return None
    return min(rows), min(first, last), max(rows), max(first, last)
