"""The JSON-string bridge for the browser: JavaScript and Python exchange JSON text only.

``evaluate_json`` never raises: it returns ``{"ok": true, "report": {...}}`` or
``{"ok": false, "errors": [{"field", "zh", "en"}, ...]}``. The answer JSON is parsed strictly:
NaN and Infinity are refused and a key given twice is an error. An internal error (a bug) is said
in both languages like any other, with the technical detail apart in ``detail``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from ._answers_json import parse_answers
from ._engine import evaluate
from ._limits import check_json_text
from ._render import render_markdown
from ._report import Report
from ._validate import AnswerError, field_error
from ._words import read_cells

# The last resort when even the policy data cannot be read: the sentence of ``validation.internal``
# in messages.yaml, copied (tests/test_engine_validate.py checks that the two agree).
_INTERNAL = {
    "zh": "自查出现内部错误，请反馈此问题。",
    "en": "The self-check hit an internal error; please report it.",
}


def _internal(exc: BaseException) -> dict[str, Any]:
    """An internal error as the bridge answers it: the bilingual sentence and the detail apart."""
    try:
        said = field_error("internal", None).to_dict()
    except Exception:  # noqa: BLE001 - even the policy data failed to load
        said = {"field": None, **_INTERNAL}
    try:
        detail = repr(exc)[:500]
    except Exception:  # noqa: BLE001 - an exception that cannot even be printed
        detail = type(exc).__name__
    return {"ok": False, "errors": [{**said, "detail": detail}]}


def dumps(body: Any) -> str:
    """A response as JSON text. Readable characters stay as they are; should a lone surrogate have
    slipped into a text (it cannot cross into JavaScript), the whole response is written with
    escapes instead."""
    text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(body, ensure_ascii=True, allow_nan=False)
    return text


def _respond(answers_json: str, lang: Any, as_of: Any, build: Callable[[Report], dict]) -> str:
    try:
        report = evaluate(parse_answers(answers_json), lang=lang, as_of=as_of)
        body = {"ok": True, **build(report)}
    except AnswerError as exc:
        body = {"ok": False, "errors": exc.to_list()}
    except Exception as exc:  # noqa: BLE001 - the bridge must answer, never raise into JavaScript
        body = _internal(exc)
    return dumps(body)


def evaluate_json(answers_json: str, lang: str = "zh", as_of: str | None = None) -> str:
    """Answers as JSON text in, ``{"ok": true, "report": ...}`` or the errors out, as JSON text."""
    return _respond(answers_json, lang, as_of, lambda r: {"report": r.to_dict()})


def markdown_json(answers_json: str, lang: str = "zh", as_of: str | None = None) -> str:
    """Like :func:`evaluate_json` but gives ``{"ok": true, "markdown": "..."}`` for download."""
    return _respond(answers_json, lang, as_of, lambda r: {"markdown": render_markdown(r, lang)})


def engine_info() -> dict[str, Any]:
    """What is running: data version, the date the data was compiled, notice, Python version."""
    from ._policy import policy

    pol = policy()
    return {
        "data_version": pol.version,
        "compiled_on": pol.compiled_on,
        "notice": pol.raw["notice"],
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }


# -- the browser's one entry point ---------------------------------------------------------------


def read_json(request: dict[str, Any]) -> str:
    """The ``read`` op: what the reader typed, read as the answer format, with what was understood
    (see :func:`selfcheck._words.read_cells`). ``{"key", "text"}`` for one field or ``{"cells":
    {key: text, ...}}`` for several."""
    cells = request["cells"] if "cells" in request else {request["key"]: request["text"]}
    if not isinstance(cells, dict) or not all(isinstance(k, str) for k in cells):
        raise TypeError("read: cells must be an object of texts")
    return dumps(read_cells(cells))


def _as_json(op: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[dict[str, Any]], str]:
    """An op that answers a dict, answering JSON text."""
    return lambda request: dumps(op(request))


_OPS: dict[str, Callable[[dict[str, Any]], str]] = {
    "evaluate": lambda req: evaluate_json(
        req["answers_json"], req.get("lang", "zh"), req.get("as_of")
    ),
    "markdown": lambda req: markdown_json(
        req["answers_json"], req.get("lang", "zh"), req.get("as_of")
    ),
    "read": read_json,
    "info": lambda req: json.dumps({"ok": True, "info": engine_info()}, ensure_ascii=False),
}


def _route(op: str) -> Callable[[dict[str, Any]], str]:
    """The bridge of ``op``: one of :data:`_OPS`, else one of the batch's (:data:`selfcheck.batch.OPS`,
    whose code is loaded with the first of them); KeyError when there is none."""
    found = _OPS.get(op)
    if found is None:
        from . import batch

        found = _OPS[op] = _as_json(batch.OPS[op])
    return found


def handle(request_json: str) -> str:
    """The web worker's router: one request as JSON text in, the response as JSON text out.

    A request is ``{"op": "evaluate" | "markdown" | "read" | "info", ...}`` with the arguments of
    the bridge of that name (``answers_json``, ``lang``, ``as_of``; ``key`` and ``text`` or
    ``cells``), or one of the batch's ops (``batch_check``, ``batch_start``, ``batch_next``,
    ``batch_xlsx``, ``batch_close``, ``template``: :mod:`selfcheck.batch`). The request is
    measured before it is parsed (size, nesting: :mod:`selfcheck._limits`). Never raises: a
    request that is too large is answered with the reason; one it cannot route is answered like
    an internal error, in both languages.
    """
    try:
        if isinstance(request_json, str):
            check_json_text(request_json, "request_chars", "request")
        request = json.loads(request_json)
        return _route(request["op"])(request)
    except AnswerError as exc:
        return dumps({"ok": False, "errors": exc.to_list()})
    except Exception as exc:  # noqa: BLE001 - the worker must get an answer, never a traceback
        return dumps(_internal(exc))
