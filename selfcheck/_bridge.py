"""The JSON-string bridge for the browser: JavaScript and Python exchange JSON text only.

``evaluate_json`` never raises: it returns ``{"ok": true, "report": {...}}`` or
``{"ok": false, "errors": [{"field", "zh", "en"}, ...]}``. The answer JSON is parsed strictly:
NaN and Infinity are refused and a key given twice is an error. An internal error (a bug) is said
in both languages like any other, with the technical detail apart in ``detail``.
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


class DuplicateKey(ValueError):
    """A key given twice in one object (raised while parsing JSON, or YAML on the CLI)."""

    def __init__(self, key: Any) -> None:
        super().__init__(key)
        self.key = key


class _Constant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise _Constant(name)


def parse_answers(text: str) -> Any:
    """Parse answer JSON strictly; raise :class:`AnswerError` when it is not valid JSON."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except DuplicateKey as dup:
        error = field_error("duplicate_key", str(dup.key))
    except _Constant as exc:
        error = field_error("json_constant", None, got=exc.name)
    except json.JSONDecodeError as exc:
        error = field_error("invalid_json", None, line=exc.lineno, column=exc.colno)
    except RecursionError:
        error = field_error("json_too_deep", None)
    except ValueError:  # the only other one: an integer beyond Python's digit limit
        error = field_error("json_number_too_long", None)
    except TypeError:
        error = field_error("json_not_text", None, got=type(text).__name__)
    raise AnswerError([error])


# The last resort when even the policy data cannot be read: the sentence of ``validation.internal``
# in messages.yaml, copied (tests/test_engine_validate.py checks that the two agree).
_INTERNAL = {"zh": "自查出现内部错误，请反馈此问题。",
             "en": "The self-check hit an internal error; please report it."}


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


def _respond(answers_json: str, lang: Any, as_of: Any, build: Callable[[Report], dict]) -> str:
    try:
        report = evaluate(parse_answers(answers_json), lang=lang, as_of=as_of)
        body = {"ok": True, **build(report)}
    except AnswerError as exc:
        body = {"ok": False, "errors": exc.to_list()}
    except Exception as exc:  # noqa: BLE001 - the bridge must answer, never raise into JavaScript
        body = _internal(exc)
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
        body = _internal(exc)
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
