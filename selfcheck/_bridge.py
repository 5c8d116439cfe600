"""The JSON-string bridge for the browser: JavaScript and Python exchange JSON text only.

``evaluate_json`` never raises: it returns ``{"ok": true, "report": {...}}`` or
``{"ok": false, "errors": [{"field", "zh", "en"}, ...]}``. The answer JSON is parsed strictly:
NaN and Infinity are refused and a key given twice is an error.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any, Callable

from ._engine import evaluate
from ._render import render_markdown
from ._report import Report
from ._validate import AnswerError, field_error


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_answers(text: str) -> Any:
    """Parse answer JSON strictly; raise :class:`AnswerError` when it is not valid JSON."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except _Duplicate as dup:
        raise AnswerError([field_error("duplicate_key", dup.key)]) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise AnswerError([field_error("invalid_json", None, detail=str(exc)[:200])]) from None


def _respond(answers_json: str, lang: Any, as_of: Any, build: Callable[[Report], dict]) -> str:
    try:
        report = evaluate(parse_answers(answers_json), lang=lang, as_of=as_of)
        body = {"ok": True, **build(report)}
    except AnswerError as exc:
        body = {"ok": False, "errors": exc.to_list()}
    except Exception as exc:  # noqa: BLE001 - the bridge must answer, never raise into JavaScript
        try:
            error = field_error("internal", None, detail=repr(exc))
            body = {"ok": False, "errors": [error.to_dict()]}
        except Exception:  # noqa: BLE001 - even the policy data failed to load
            body = {"ok": False, "errors": [{"field": None, "zh": "内部错误", "en": repr(exc)}]}
    return json.dumps(body, ensure_ascii=False, allow_nan=False)


def evaluate_json(answers_json: str, lang: str = "zh", as_of: str | None = None) -> str:
    """Answers as JSON text in, ``{"ok": true, "report": ...}`` or the errors out, as JSON text."""
    return _respond(answers_json, lang, as_of, lambda r: {"report": r.to_dict()})


def markdown_json(answers_json: str, lang: str = "zh", as_of: str | None = None) -> str:
    """Like :func:`evaluate_json` but gives ``{"ok": true, "markdown": "..."}`` for download."""
    return _respond(answers_json, lang, as_of, lambda r: {"markdown": render_markdown(r, lang)})


def batch_json(csv_text: str, as_of: str | None = None) -> str:
    """A batch CSV (text) in; out ``{"ok": true, "csv", "header", "rows", "bad_rows"}`` (the
    results as CSV text and as a table, and each bad row's errors) or the header's errors."""
    from ._batch import OUTPUT_COLUMNS, check_rows, result_cells, write_results

    try:
        rows = check_rows(io.StringIO(csv_text, newline=""), as_of=as_of)
        out = io.StringIO()
        write_results(rows, out)
        body = {
            "ok": True,
            "csv": out.getvalue(),
            "header": OUTPUT_COLUMNS,
            "rows": [result_cells(row) for row in rows],
            "bad_rows": [{"row": r.row, "errors": [e.to_dict() for e in r.errors]}
                         for r in rows if r.errors],
        }
    except AnswerError as exc:
        body = {"ok": False, "errors": exc.to_list()}
    except Exception as exc:  # noqa: BLE001 - never raise into JavaScript
        body = {"ok": False, "errors": [{"field": None, "zh": "内部错误", "en": repr(exc)}]}
    return json.dumps(body, ensure_ascii=False, allow_nan=False)


def engine_info() -> dict[str, Any]:
    """What is running: data version, date the facts were checked, notice, Python version."""
    from ._policy import policy

    pol = policy()
    return {
        "data_version": pol.version,
        "checked_on": pol.checked_on,
        "notice": pol.raw["notice"],
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }
