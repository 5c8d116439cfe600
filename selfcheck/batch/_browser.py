"""The browser's batch, in steps: the worker's requests about a file of enterprises (through
:func:`selfcheck.handle`), so that a large file never crosses the worker boundary as one giant
string, the page can show progress and cancel between steps, and no step holds the engine for
longer than :data:`STEP_MS` (the engine is one thread: an answer typed during a batch is evaluated
between two steps).

- ``batch_check`` ``{size, name}``: whether a file of that size and name would be taken, said
  before the page reads it (``{ok}`` or the refusal).
- ``batch_start`` ``{file: base64, name, lang, as_of, show, show_errors}``: the file (.xlsx or
  CSV, decoded as Excel and WPS save it; what it is, its first bytes say, whatever its name) is
  opened and read up to its header; a file over ``limits.batch_bytes`` is refused. ``{ok,
  session, header, header_csv, columns}``: ``columns`` the file's columns as read. The page's
  results will hold the first ``show`` rows in the results' order (:func:`order_key`: by verdict,
  then by how many conditions are open) and the first ``show_errors`` rows with errors.
- ``batch_next`` ``{session, count, show, show_errors}``: one step. First the rows are read (and counted: every row
  the file has, whatever it says of its size), a step at a time: ``{ok, done: false, reading:
  true, read}``; a file over ``limits.batch_rows`` rows is refused then, before any row is
  checked. Then up to ``count`` rows are checked (:data:`CHUNK_ROWS` when not said,
  :data:`MAX_CHUNK_ROWS` at most), fewer when the step's time is up. ``{ok, done, processed,
  total, counts, summary, csv: {errors, good}}``: ``counts`` by verdict (and ``errors``,
  ``one_short``), the rows as CSV text (rows with errors apart, to be put first), and the step's
  first ``show`` rows (``show_errors`` of those with errors; none unless asked) as they come, each
  ``{row, ref, verdict, cells, problems, errors}`` (``cells`` the reader's columns); ``notes``
  once done.
- ``batch_rows`` ``{session}``: the page's results so far (done, or cancelled): ``{ok, rows,
  errors, counts, hidden}``, ``rows`` in the results' order, each ``{row, ref, verdict, missing,
  lacking, still, district, answers, problems}`` (``missing``: how many required conditions are
  not met or not yet confirmed, ``lacking`` their report keys, ``still`` them in words, ``answers``
  the answers as the engine read them, for the self-check form), ``errors`` the rows that could
  not be checked, in the file's order, each ``{row, ref, verdict: UNREADABLE, problems}``.
- ``batch_xlsx`` ``{session, part}``: the results as a workbook (openpyxl, loaded by the page
  first), written a step at a time (``{ok, ready: false, written, total}``), then given in parts
  of base64 (``{ok, ready: true, parts, part, data}``).
- ``batch_close`` ``{session}``: forget the session (cancel, or done with it).
- ``template`` ``{format: "xlsx" | "csv", lang, base_url}``: the template made for people.

Sessions live in the worker's Python, two at most (the oldest is dropped).
"""

from __future__ import annotations

import base64
import binascii
import heapq
import io
import itertools
import time
from collections.abc import Iterator
from typing import Any

from .._echo import show_text
from .._engine import check_as_of, check_lang
from .._limits import LIMITS, refuse
from .._policy import policy
from .._validate import AnswerError, FieldError
from .._words import show_answer, word_data
from ._csvfile import TableBroken, csv_stream, decode_csv_bytes
from ._files import Spools, csv_rows_text, header
from ._results import district_words, lacking, lacking_words, order_key, reader_codes, sheet_row
from ._rows import Batch, BatchRow, gc_paused, result_cells, sheet_errors
from ._sheet import REF, SheetError, SheetRow, SheetStream, header_label, problem
from ._xlsx import open_xlsx, sniff

#: The longest one step of a batch may take, in milliseconds (reading, checking or writing rows):
#: the step ends after the row that reaches it. An answer typed meanwhile waits at most this long.
STEP_MS = 250
#: Rows checked per ``batch_next`` when the page does not say (its chunk), and at most.
CHUNK_ROWS = 2000
MAX_CHUNK_ROWS = 10_000
#: The verdict of a shown row that could not be checked.
UNREADABLE = "error"
#: The rows the page's results hold when it does not say (the downloads hold every row).
SHOW_ROWS = 500
SHOW_ERRORS = 100
_PART_CHARS = 1024 * 1024
_clock = time.monotonic  # (seconds; a test gives it a clock of its own)
_SESSIONS: dict[str, _Session] = {}
_IDS = itertools.count(1)


class _Session:
    def __init__(
        self, table: SheetStream, lang: str, as_of: str, show: int, show_errors: int
    ) -> None:
        self.table = table
        self.batch = Batch(table, as_of=as_of)
        self.lang, self.processed = lang, 0
        self.show, self.show_errors = show, show_errors
        #: The rows the page shows: a heap of the best ``show`` by :func:`order_key` (negated), and
        #: the first rows with errors.
        self.best: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
        self.errors: list[dict[str, Any]] = []
        self.problems_at = reader_codes().index("problems")
        #: The rows read so far; ``None`` once every row is read (then ``queue`` gives them).
        self.read: list[SheetRow] | None = []
        self._reading: Iterator[SheetRow] = iter(table)
        self.queue: Iterator[SheetRow] = iter(())
        self.total = 0
        self.spools = Spools()
        self.done = False
        self.broken: TableBroken | None = None
        self.workbook: Any = None
        self.unwritten: Iterator[list[Any]] | None = None
        self.xlsx: str | None = None

    def read_rows(self, until: float) -> bool:
        """Read rows until the step's time is up; whether every row is read (or the limit passed)."""
        assert self.read is not None
        limit, read = LIMITS["batch_rows"], self.read
        try:
            for row in self._reading:
                read.append(row)
                if len(read) > limit:
                    return True
                if _clock() >= until:
                    return False
        except TableBroken as exc:  # read as far as it reads: the rows before are checked
            self.broken = exc
        return True

    def keep(self, row: BatchRow, cells: list[Any], pol: Any) -> None:
        """Keep ``row`` for the page's results if it is among the first in their order."""
        problems = cells[self.problems_at]
        found = row.found
        if found is None:
            if len(self.errors) < self.show_errors:
                self.errors.append(
                    {"row": row.row, "ref": row.ref, "verdict": UNREADABLE, "problems": problems}
                )
            return
        lack = lacking(found)
        key = order_key(found.verdict, len(lack), row.row)
        rank = (-key[0], -key[1], -key[2])
        best = self.best
        if len(best) >= self.show and (not best or rank <= best[0][0]):
            return  # the page shows ``show`` rows that come before it
        still = lacking_words(lack, pol) if lack else None
        shown = {
            "row": row.row,
            "ref": row.ref,
            "verdict": found.verdict,
            "missing": len(lack),
            "lacking": [k for _, k in lack],
            "still": still.get(self.lang) if still else "",
            "district": district_words(row, self.lang, pol),
            "answers": dict(found.answers),
            "problems": problems,
        }
        if len(best) < self.show:
            heapq.heappush(best, (rank, shown))
        else:
            heapq.heapreplace(best, (rank, shown))

    def close(self) -> None:
        self.spools.__exit__(None, None, None)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _open(data: bytes) -> SheetStream:
    """The file's table, by what its first bytes say it is (an .xlsx renamed .csv is read as the
    workbook it is)."""
    if sniff(data[:8]) == "xlsx":
        return open_xlsx(data)
    return csv_stream(decode_csv_bytes(data))


def batch_check(request: dict[str, Any]) -> dict[str, Any]:
    """Before a file is read: is it within the stated size, and a kind of file the batch reads?
    (The page asks first, so that the same numbers and words refuse it.)"""
    size, name = int(request.get("size", 0)), str(request.get("name", ""))
    if size > LIMITS["batch_bytes"]:
        raise refuse("batch_too_large", size=_size(size), max=_size(LIMITS["batch_bytes"]))
    if name.lower().endswith(".xls"):
        raise AnswerError(sheet_errors(problem("old_xls")))
    return {"ok": True}


def batch_start(request: dict[str, Any]) -> dict[str, Any]:
    lang, as_of = check_lang(request.get("lang", "zh")), check_as_of(request.get("as_of"))
    encoded = request["file"]
    if len(encoded) * 3 // 4 > LIMITS["batch_bytes"] + 3:
        raise refuse(
            "batch_too_large",
            size=_size(len(encoded) * 3 // 4),
            max=_size(LIMITS["batch_bytes"]),
        )
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise TypeError("batch_start: the file is not base64") from None
    try:
        table = _open(data)
    except SheetError as exc:
        raise AnswerError(sheet_errors(exc)) from None
    for old in list(_SESSIONS)[:-1]:
        _SESSIONS.pop(old).close()
    session_id = f"s{next(_IDS)}"
    show = max(0, int(request.get("show", SHOW_ROWS)))
    show_errors = max(0, int(request.get("show_errors", SHOW_ERRORS)))
    _SESSIONS[session_id] = _Session(table, lang, as_of, show, show_errors)
    columns = [
        {"letter": c.letter, "header": show_text(c.header, 60), "key": c.key} for c in table.columns
    ]
    return {
        "ok": True,
        "session": session_id,
        "header": header(lang),
        "header_csv": csv_rows_text([header(lang)]),
        "reader_columns": len(reader_codes()),
        "columns": columns,
    }


def _session(request: dict[str, Any]) -> _Session:
    session = _SESSIONS.get(request.get("session"))
    if session is None:
        raise TypeError("no such batch session")
    return session


def _until() -> float:
    return _clock() + STEP_MS / 1000


def batch_next(request: dict[str, Any]) -> dict[str, Any]:
    session = _session(request)
    until = _until()
    count = max(1, min(int(request.get("count", CHUNK_ROWS)), MAX_CHUNK_ROWS))
    show = max(0, int(request.get("show", 0)))
    show_errors = max(0, int(request.get("show_errors", show)))
    pol = policy()
    if session.read is not None:
        with gc_paused():
            complete = session.read_rows(until)
        read = len(session.read)
        if read > LIMITS["batch_rows"]:
            _SESSIONS.pop(request.get("session"), session).close()
            raise refuse(
                "batch_too_many_rows", rows=f"{LIMITS['batch_rows']}+", max=LIMITS["batch_rows"]
            )
        if not complete:
            return {"ok": True, "done": False, "reading": True, "read": read, "processed": 0}
        session.total, session.queue, session.read = read, iter(session.read), None
    errors, good, shown = [], [], []
    lang, table = session.lang, session.table
    with gc_paused():
        for read in session.queue:
            row = session.batch.check(read)
            cells = result_cells(row, lang, pol)
            ok = row.found is not None
            session.spools.add(True, sheet_row(row, cells, table.given(row), lang, pol))
            (good if ok else errors).append(cells)
            if (len(good) <= show) if ok else (len(errors) <= show_errors):
                shown.append(_shown(row, cells, lang, pol))
            session.keep(row, cells, pol)
            session.processed += 1
            if len(errors) + len(good) >= count or _clock() >= until:
                break
    session.done = session.processed >= session.total
    body: dict[str, Any] = {
        "ok": True,
        "done": session.done,
        "processed": session.processed,
        "total": session.total,
        "counts": dict(session.batch.counts),
        "summary": session.batch.summary().to_dict(),
        "csv": {"errors": csv_rows_text(errors), "good": csv_rows_text(good)},
        "rows": shown,
    }
    if session.done:
        notes = [{"field": None, **n.to_dict()} for n in session.table.notes()]
        if session.broken is not None:
            notes += [e.to_dict() for e in sheet_errors(session.broken)]
            stopped = pol.say("batch", "stopped", row=session.broken.row, rows=session.processed)
            notes.append(FieldError(None, stopped.zh, stopped.en).to_dict())
        body["notes"] = notes
    return body


def _shown(row: BatchRow, cells: list[Any], lang: str, pol: Any) -> dict[str, Any]:
    """A row as it comes: the reader's cells, the verdict code (:data:`UNREADABLE` for a row that
    could not be checked), its problems in words and the errors each with its field."""
    codes = reader_codes(pol)
    reader = cells[: len(codes)]
    return {
        "row": row.row,
        "ref": row.ref,
        "verdict": row.found.verdict if row.found else UNREADABLE,
        "cells": reader,
        "problems": reader[codes.index("problems")],
        "errors": [e.to_dict() for e in (*row.errors, *row.notes)],
    }


def batch_rows(request: dict[str, Any]) -> dict[str, Any]:
    """The page's results so far: the rows in the results' order, the rows with errors apart."""
    session = _session(request)
    return {
        "ok": True,
        "rows": [shown for _, shown in sorted(session.best, reverse=True)],
        "errors": session.errors,
        "counts": dict(session.batch.counts),
        "processed": session.processed,
        "hidden": session.batch.hidden,
    }


def batch_xlsx(request: dict[str, Any]) -> dict[str, Any]:
    """The session's results as a workbook: written a step at a time, then one part of base64 at
    a time."""
    session = _session(request)
    if session.xlsx is None:
        if session.workbook is None:
            from ..xlsx import BatchWorkbook

            session.workbook = BatchWorkbook(
                session.table.carried_headers,
                lang=session.lang,
                frozen=session.table.carried_frozen,
            )
            session.unwritten = iter(session.spools)
        until = _until()
        for values in session.unwritten or ():
            session.workbook.append(values)
            if _clock() >= until:
                return {
                    "ok": True,
                    "ready": False,
                    "written": session.workbook.count,
                    "total": session.spools.count,
                }
        out = io.BytesIO()
        session.workbook.save(out, said=session.batch.summary(), notes=session.table.notes())
        session.workbook = session.unwritten = None
        session.xlsx = base64.b64encode(out.getvalue()).decode("ascii")
    parts = max(1, -(-len(session.xlsx) // _PART_CHARS))
    part = max(0, min(int(request.get("part", 0)), parts - 1))
    data = session.xlsx[part * _PART_CHARS : (part + 1) * _PART_CHARS]
    return {"ok": True, "ready": True, "parts": parts, "part": part, "data": data}


def batch_close(request: dict[str, Any]) -> dict[str, Any]:
    session = _SESSIONS.pop(request.get("session"), None)
    if session is not None:
        session.close()
    return {"ok": True}


def template(request: dict[str, Any]) -> dict[str, Any]:
    """The template made for people: .xlsx (base64) or CSV text, in the reader's language."""
    lang = check_lang(request.get("lang", "zh"))
    if request.get("format") == "xlsx":
        from ..xlsx import build_template

        data = build_template(lang, base_url=request.get("base_url"))
        return {"ok": True, "data": base64.b64encode(data).decode("ascii")}
    return {"ok": True, "text": template_csv(lang)}


def template_csv(lang: str = "zh") -> str:
    """The CSV template: the questions with their units in ``lang`` (labels and keys are both
    accepted as headers), then the example row, written in the reader's words (the importer skips
    it)."""
    pol = policy()
    keys = [REF, *pol.questions]
    example = word_data(pol)["example_row"]
    first = word_data(pol)["sheet"]["example"][lang]
    row = [first, *(show_answer(k, example[k], lang, pol=pol) for k in pol.questions)]
    return csv_rows_text([[header_label(k, pol).get(lang) for k in keys], row])


#: The worker's requests about a file of enterprises, by op name (see the module docstring).
OPS = {
    "batch_check": batch_check,
    "batch_start": batch_start,
    "batch_next": batch_next,
    "batch_rows": batch_rows,
    "batch_xlsx": batch_xlsx,
    "batch_close": batch_close,
    "template": template,
}
