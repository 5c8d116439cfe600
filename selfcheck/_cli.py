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
from typing import Any, NoReturn, TextIO

from ._bridge import DuplicateKey, parse_answers
from ._cli_batch import run
from ._echo import printable, show_text
from ._engine import evaluate
from ._limits import LIMITS, check_parsed, refuse
from ._policy import Policy, policy
from ._render import render_markdown, render_text
from ._text import Text
from ._validate import AnswerError, FieldError, field_error, file_problem

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


def _read_text(name: str) -> str:
    """The file's text (``-`` is standard input), UTF-8 with or without a BOM; raises AnswerError
    when it cannot be read. An answers file longer than the limit is refused unread."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(LIMITS["answers_chars"] * 4 + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(LIMITS["answers_chars"] * 4 + 1)
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerError([field_error("file_encoding", None, path=show_text(name, 200))]) from None
    except OSError as exc:
        error = field_error(
            "file_unreadable", None, path=show_text(name, 200), detail=file_problem(exc)
        )
        raise AnswerError([error]) from None
    if len(text) > LIMITS["answers_chars"]:
        raise refuse("answers_too_long", max=LIMITS["answers_chars"], got=len(text))
    return text


def _load_yaml(text: str, name: str) -> Any:
    """Answers from YAML text (PyYAML's safe loader): a key given twice is an error, as in JSON;
    an alias is refused where it stands (so no alias can multiply the document), and the answers
    get the limits of JSON answers."""
    try:
        import yaml
    except ImportError:
        raise AnswerError([field_error("yaml_unavailable", None)]) from None

    class AliasRefused(Exception):
        def __init__(self, mark: Any) -> None:
            self.mark = mark

    class StrictLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise AliasRefused(self.peek_event().start_mark)
            return super().compose_node(parent, index)

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

    path = show_text(name, 200)
    try:
        value = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except AliasRefused as alias:
        error = field_error("file_yaml_alias", None, path=path, line=alias.mark.line + 1)
        raise AnswerError([error]) from None
    except DuplicateKey as dup:
        raise AnswerError([field_error("duplicate_key", str(dup.key))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            error = field_error(
                "file_yaml", None, path=path, line=mark.line + 1, column=mark.column + 1
            )
            raise AnswerError([error]) from None
        raise AnswerError([field_error("file_yaml_unreadable", None, path=path)]) from None
    except (yaml.YAMLError, ValueError, RecursionError):  # ValueError: a huge integer
        raise AnswerError([field_error("file_yaml_unreadable", None, path=path)]) from None
    check_parsed(value)
    return value


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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status. Whatever a message holds, it prints (a
    character the terminal cannot show is written as an escape, never an encoding error)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    pol = policy()
    args = build_parser(pol).parse_args(argv)
    try:
        return _check(args) if args.command == "check" else run(args, pol, print_errors)
    except AnswerError as exc:
        print_errors(exc.errors)
        return INVALID
