"""The command line: ``python -m selfcheck check FILE`` and ``python -m selfcheck batch FILE.csv``.

Exit status 0 whenever a report is produced (whatever the verdict); 2 for invalid input, with a
message on stderr in both languages that names the field and what is allowed. Never a traceback
for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn, TextIO

from ._batch import check_rows, write_results
from ._bridge import DuplicateKey, parse_answers
from ._engine import check_as_of, evaluate
from ._policy import Policy, policy
from ._render import render_markdown, render_text
from ._validate import AnswerError, FieldError, field_error, file_problem

INVALID = 2


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in both languages (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _print_errors([field_error("arguments", None, detail=message)])
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


def _print_errors(
    errors: Iterable[FieldError], where: str = "", stream: TextIO | None = None
) -> None:
    """Each error on two lines, Chinese then English, prefixed with the place and field."""
    stream = stream or sys.stderr
    for error in errors:
        prefix = "selfcheck: " + where + (f"{error.field}: " if error.field else "")
        print(prefix + error.zh, file=stream)
        print(prefix + error.en, file=stream)


def _read_text(name: str, encoding: str = "utf-8-sig") -> str:
    """The file's text (``-`` is standard input); raises AnswerError when it cannot be read."""
    try:
        if name == "-":
            return sys.stdin.read()
        return Path(name).read_text(encoding=encoding)
    except UnicodeDecodeError:
        raise AnswerError([field_error("file_encoding", None, path=name)]) from None
    except OSError as exc:
        error = field_error("file_unreadable", None, path=name, detail=file_problem(exc))
        raise AnswerError([error]) from None


def _load_yaml(text: str, name: str) -> Any:
    """Answers from YAML text (PyYAML's safe loader); a key given twice is an error, as in JSON."""
    try:
        import yaml
    except ImportError:
        raise AnswerError([field_error("yaml_unavailable", None)]) from None

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":  # '<<' may be overridden
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    if key in seen:
                        raise DuplicateKey(key)
                    seen.add(key)
                except TypeError:  # unhashable: the safe loader itself refuses it below
                    pass
            return super().construct_mapping(node, deep=deep)

    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKey as dup:
        raise AnswerError([field_error("duplicate_key", str(dup.key))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            error = field_error(
                "file_yaml", None, path=name, line=mark.line + 1, column=mark.column + 1
            )
            raise AnswerError([error]) from None
        raise AnswerError([field_error("file_yaml_unreadable", None, path=name)]) from None
    except (yaml.YAMLError, ValueError, RecursionError):  # ValueError: a huge integer
        raise AnswerError([field_error("file_yaml_unreadable", None, path=name)]) from None


def _load_answers(name: str) -> Any:
    """Answers from a JSON file, or a YAML file when PyYAML is installed."""
    text = _read_text(name)
    if name.lower().endswith((".yaml", ".yml")):
        return _load_yaml(text, name)
    return parse_answers(text)


def _check(args: argparse.Namespace) -> int:
    report = evaluate(_load_answers(args.file), lang=args.lang, as_of=args.as_of)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report))
    else:
        sys.stdout.write(render_text(report))
    return 0


def _batch(args: argparse.Namespace, pol: Policy) -> int:
    as_of = check_as_of(args.as_of)
    rows = check_rows(_read_text(args.file).splitlines(keepends=True), as_of=as_of)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8-sig", newline="") as stream:
                write_results(rows, stream)
        except OSError as exc:
            error = field_error("file_unwritable", None, path=args.out, detail=file_problem(exc))
            raise AnswerError([error]) from None
    else:
        write_results(rows, sys.stdout)
    bad = [row for row in rows if row.report is None]
    for row in rows:
        if row.errors or row.notes:
            where = pol.say("cli", "row_error", row=row.row)
            _print_errors(row.errors + row.notes, f"{where.zh} / {where.en}: ")
    done = pol.say("cli", "batch_done", rows=len(rows), bad=len(bad))
    print(f"selfcheck: {done.zh} / {done.en}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    pol = policy()
    args = build_parser(pol).parse_args(argv)
    try:
        return _check(args) if args.command == "check" else _batch(args, pol)
    except AnswerError as exc:
        _print_errors(exc.errors)
        return INVALID
