"""Input limits, in one place: checked before or while input is parsed, so that no input can stop the
engine (in Pyodide, JSON nested about 6,000 deep overflows the JavaScript stack and kills the
interpreter: nesting is measured before ``json.loads`` ever sees the text).

The numbers are published through :func:`selfcheck.answer_format` (``limits``) and their sentences
are in ``policy/selfcheck/messages.yaml`` (``limits``), so the widget checks the same numbers with
the same words before it sends anything. Every refusal is an :class:`AnswerError` naming the cause.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ._echo import show_text
from ._policy import policy
from ._text import Text
from ._validate import AnswerError, FieldError

#: The limits of the public answer format and of a batch in the browser. One enterprise's answers
#: need 25 keys, nesting 2 (an object holding a list of strings) and strings of a few dozen
#: characters: each limit leaves ample room and none is reachable by honest input.
LIMITS: Mapping[str, int] = {
    # one enterprise's answers as JSON text (share links, receipts, the form, answer files)
    "answers_chars": 64 * 1024,
    "depth": 8,
    "keys": 200,
    "text_chars": 1000,
    "list_items": 200,
    # answers in an envelope (a receipt: the answers with their report, as saved from the page;
    # the answers kept on the reader's device): the envelope is read within these, then the
    # answers in it within the limits above
    "receipt_chars": 2 * 1024 * 1024,
    "receipt_depth": 16,
    "receipt_keys": 64,
    # one cell of a batch file, as typed
    "cell_chars": 1000,
    # a workbook's sheet: empty cells and rows read one after another before the rest of the
    # sheet is left unread (said, with the row it stopped at), and the characters of its shared
    # texts kept in all (each no longer than a cell)
    "sheet_empty_run": 1_000_000,
    "sheet_text_chars": 32_000_000,
    # one batch in the browser (the command line takes any number of rows, streamed)
    "batch_rows": 20_000,
    "batch_bytes": 20 * 1024 * 1024,
    # one request to the browser's engine (a batch file travels in it as base64)
    "request_chars": 30 * 1024 * 1024,
}

_SCAN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]|[\]}]')


def say(name: str, field: str | None = None, **params: Any) -> FieldError:
    """The limit message ``name`` of messages.yaml, filled in both languages."""
    text = policy().say("limits", name, **params)
    return FieldError(field, text.zh, text.en)


def refuse(name: str, field: str | None = None, **params: Any) -> AnswerError:
    return AnswerError([say(name, field, **params)])


def nesting(text: str, stop: int) -> int:
    """How deep lists and objects nest in JSON ``text`` (strings skipped), counted up to ``stop``
    (the scan ends there: a text of a million brackets costs no more than ``stop`` of them)."""
    depth = deepest = 0
    for match in _SCAN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def check_json_text(text: str, chars: str = "answers_chars", what: str = "answers") -> None:
    """Refuse JSON ``text`` that is too long or nests too deeply, before it is parsed."""
    if len(text) > LIMITS[chars]:
        raise refuse(f"{what}_too_long", max=LIMITS[chars], got=len(text))
    if nesting(text, LIMITS["depth"] + 1) > LIMITS["depth"]:
        raise refuse("too_deep", max=LIMITS["depth"])


def check_parsed(value: Any) -> None:
    """Refuse parsed answers that nest too deeply (YAML: JSON text is measured before parsing),
    or whose objects hold too many keys, lists too many items or strings too many characters."""
    errors: list[FieldError] = []
    stack: list[tuple[Any, str | None, int]] = [(value, None, 0)]
    while stack and len(errors) < 10:
        node, field, depth = stack.pop()
        if isinstance(node, (dict, list)) and depth >= LIMITS["depth"]:
            errors.append(say("too_deep", None, max=LIMITS["depth"]))
            break
        if isinstance(node, dict):
            if len(node) > LIMITS["keys"]:
                errors.append(say("too_many_keys", None, max=LIMITS["keys"], got=len(node)))
                continue
            for key, item in node.items():
                if isinstance(key, str) and len(key) > LIMITS["text_chars"]:
                    errors.append(say("key_too_long", None, max=LIMITS["text_chars"]))
                    continue
                stack.append((item, key if field is None else field, depth + 1))
        elif isinstance(node, list):
            if len(node) > LIMITS["list_items"]:
                errors.append(
                    say("list_too_long", field, max=LIMITS["list_items"], question=_name(field))
                )
                continue
            stack.extend((item, field, depth + 1) for item in node)
        elif isinstance(node, str) and len(node) > LIMITS["text_chars"]:
            errors.append(
                say("text_too_long", field, max=LIMITS["text_chars"], question=_name(field))
            )
    if errors:
        raise AnswerError(errors)


def _name(field: str | None) -> Any:
    """A field as the limit messages say it: the question as the form asks it, or the key."""
    pol = policy()
    if field in pol.questions:
        return Text.of(pol.questions[field]["label"])
    return show_text(str(field or ""))
