"""The answers file of ``python -m selfcheck check FILE``: JSON (read as the browser's bridge reads
it), or YAML when PyYAML is installed, from a file or standard input (``-``), UTF-8 with or without a
byte-order mark, within the answer format's limits."""

from __future__ import annotations

import sys
from typing import Any

from .._answers_json import DuplicateKey, parse_answers
from .._echo import show_text
from .._limits import LIMITS, check_parsed, refuse
from .._validate import AnswerError, field_error, file_problem


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


def load_answers(name: str) -> Any:
    """Answers from a JSON file, or a YAML file when PyYAML is installed."""
    text = _read_text(name)
    if name.lower().endswith((".yaml", ".yml")):
        return _load_yaml(text, name)
    return parse_answers(text)
