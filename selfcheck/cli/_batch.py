"""``python -m selfcheck batch FILE [--out results.xlsx|results.csv] [--lang zh|en]``: an .xlsx or
CSV file of enterprises checked row by row as it is read (any number of rows, in bounded memory),
the results written as they are made (the rows with errors first), each row that could not be
checked said on standard error with its row and the column as the reader sees it, then the summary.

Exit status 0 when the results are written, whatever the verdicts and however many rows had errors;
2 when the file cannot be used at all (no header, not a table, unreadable, openpyxl missing for
.xlsx) or cannot be read to its end (the rows before are in the results, and the message says
where it stopped).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack

from .._echo import show_text
from .._engine import check_as_of
from .._policy import Policy
from .._validate import AnswerError, FieldError, field_error, file_problem
from ..batch import (
    Batch,
    BatchRow,
    SheetError,
    SheetStream,
    TableBroken,
    open_table_file,
    run_batch,
    sheet_errors,
    spooled,
)


def _open_table(name: str, stack: ExitStack, pol: Policy) -> SheetStream:
    """The table of FILE (``-``: standard input, copied to a temporary file as it comes), opened
    to be read as it goes: a workbook or a CSV file, as its first bytes say."""
    try:
        if name == "-":
            handle = spooled(sys.stdin.buffer, stack)
        else:
            handle = stack.enter_context(open(name, "rb"))  # noqa: SIM115
        return open_table_file(handle, stack, pol)
    except SheetError as exc:
        raise AnswerError(sheet_errors(exc)) from None
    except OSError as exc:
        error = field_error(
            "file_unreadable", None, path=show_text(name, 200), detail=file_problem(exc)
        )
        raise AnswerError([error]) from None


class _Told:
    """The rows passed on to the writer, each row with errors or notes said on standard error;
    where the file cannot be read on, the reason kept (``broken``) and the rows end there."""

    def __init__(self, batch: Batch, pol: Policy, say: Callable[..., None]) -> None:
        self.batch, self.pol, self.say = batch, pol, say
        self.broken: TableBroken | None = None

    def __iter__(self) -> Iterator[BatchRow]:
        try:
            for row in self.batch:
                if row.errors or row.notes:
                    where = self.pol.say("cli", "row_error", row=row.row)
                    self.say(row.errors + row.notes, where, fields=False)
                yield row
        except TableBroken as exc:
            self.broken = exc


def run(args: argparse.Namespace, pol: Policy, say: Callable[..., None]) -> bool:
    """The batch command (``say`` prints errors as the command line does); whether the file was
    read to its end (the results are written either way)."""
    as_of = check_as_of(args.as_of)
    with ExitStack() as stack:
        table = _open_table(args.file, stack, pol)
        batch = Batch(table, as_of=as_of, pol=pol)
        told = _Told(batch, pol, say)
        try:
            run_batch(told, batch, args.out, args.lang, sys.stdout)
        except SheetError as exc:  # openpyxl missing for an .xlsx result
            raise AnswerError(sheet_errors(exc)) from None
        except OSError as exc:
            error = field_error(
                "file_unwritable",
                None,
                path=show_text(args.out or "-", 200),
                detail=file_problem(exc),
            )
            raise AnswerError([error]) from None
        notes = table.notes()
    said: list[FieldError] = [FieldError(None, n.zh, n.en) for n in notes]
    complete = True
    if told.broken is not None:
        said += sheet_errors(told.broken)
        stopped = pol.say("batch", "stopped", row=told.broken.row, rows=batch.rows)
        said.append(FieldError(None, stopped.zh, stopped.en))
        complete = False
    summary = batch.summary()
    said.append(FieldError(None, summary.zh, summary.en))
    if args.out:
        done = pol.say("cli", "batch_done", path=show_text(args.out, 200))
        said.append(FieldError(None, done.zh, done.en))
    say(said)
    return complete
