"""The command line: ``python -m selfcheck check FILE`` and ``python -m selfcheck batch FILE.csv``.

Not imported by ``import selfcheck`` (the browser's engine carries no argparse): ``python -m
selfcheck`` and :func:`selfcheck.answer_format` (its usage lines and exit status) import it.

Exit status 0 whenever a report is produced (whatever the verdict); 2 for invalid input, with a
message on stderr in both languages that names the field and what is allowed. Never a traceback
for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import NoReturn, TextIO

from .._echo import printable
from .._engine import evaluate
from .._policy import Policy, policy
from .._render import render_markdown, render_text
from .._text import Text
from .._validate import AnswerError, FieldError, field_error
from ._batch import run
from ._files import load_answers

INVALID = 2


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in both languages (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print_errors([field_error("arguments", None, detail=message)])
        raise SystemExit(INVALID)


def _help(pol: Policy, name: str) -> str:
    text = pol.messages["cli"][name]
    return f"{text['zh']} / {text['en']}"


def build_parser(pol: Policy) -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m selfcheck", description=_help(pol, "description"))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("check", help=_help(pol, "check"))
    check.add_argument("file", help=_help(pol, "check"))
    check.add_argument(
        "--format", choices=("json", "text", "markdown"), default="text", help=_help(pol, "format")
    )
    check.add_argument("--lang", choices=("zh", "en"), default="zh", help=_help(pol, "lang"))
    check.add_argument("--as-of", dest="as_of", help=_help(pol, "as_of"))
    batch = commands.add_parser("batch", help=_help(pol, "batch"))
    batch.add_argument("file", help=_help(pol, "batch"))
    batch.add_argument("--out", help=_help(pol, "out"))
    batch.add_argument("--lang", choices=("zh", "en"), default="zh", help=_help(pol, "batch_lang"))
    batch.add_argument("--as-of", dest="as_of", help=_help(pol, "as_of"))
    return parser


def usage_lines() -> dict[str, str]:
    """One line of usage per command, whitespace folded (argparse wraps to the terminal)."""
    parser = build_parser(policy())
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: " ".join(sub.format_usage().split()).removeprefix("usage: ")
        for name, sub in commands.choices.items()
    }


def print_errors(
    errors: Iterable[FieldError],
    where: Text | None = None,
    stream: TextIO | None = None,
    *,
    fields: bool = True,
) -> None:
    """Each error on two lines, Chinese then English, prefixed with the place (a row of a batch)
    and, for an answers file, the field (the key the file holds)."""
    stream = stream or sys.stderr
    for error in errors:
        for lang in ("zh", "en"):
            prefix = "selfcheck: " + (where.get(lang) + ": " if where else "")
            field = f"{printable(error.field)}: " if fields and error.field else ""
            print(prefix + field + (error.zh if lang == "zh" else error.en), file=stream)


def _check(args: argparse.Namespace) -> int:
    report = evaluate(load_answers(args.file), lang=args.lang, as_of=args.as_of)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report))
    else:
        sys.stdout.write(render_text(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status. Whatever a message holds, it prints (a
    character the terminal cannot show is written as an escape, never an encoding error)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    pol = policy()
    args = build_parser(pol).parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        return 0 if run(args, pol, print_errors) else INVALID
    except AnswerError as exc:
        print_errors(exc.errors)
        return INVALID
