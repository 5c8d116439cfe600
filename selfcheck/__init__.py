"""Eligibility self-check for Shenzhen's notice on cultivating the chain leader enterprises of
skills ecosystem chains linking industry, education and evaluation (深圳市人力资源和社会保障局,
2026-01-05).

Standard library only; the same code runs in CPython, on the command line (``python -m
selfcheck``) and in Pyodide (through the JSON-string bridge :func:`evaluate_json`). Thresholds,
lists and sentences come from ``policy/`` through the generated bundle ``data/policy.json``.

>>> report = evaluate({"registered_in_shenzhen": True}, lang="en", as_of="2026-01-05")
>>> report.verdict
'incomplete'
"""

from ._bridge import engine_info, evaluate_json, handle, markdown_json
from ._engine import answers_digest, evaluate
from ._format import answer_format
from ._points import PointResult
from ._policy import load_policy_bundle
from ._quantity import say_quantity
from ._render import render_markdown, render_text
from ._report import ConditionResult, MissingAnswer, NextStep, Report
from ._size import SizeResult, classify
from ._text import Text
from ._validate import AnswerError, FieldError, validate_answers

#: The batch's names, loaded from :mod:`selfcheck.batch` when first asked for: a page checking
#: one enterprise never loads the batch's code (a third of the engine's import time).
_BATCH = frozenset(
    {
        "Batch",
        "BatchRow",
        "check_rows",
        "output_columns",
        "parse_row",
        "result_columns",
        "template_csv",
        "write_csv",
        "write_results",
    }
)


def __getattr__(name: str):
    if name in _BATCH:
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "say_quantity",
    "AnswerError",
    "ConditionResult",
    "FieldError",
    "MissingAnswer",
    "NextStep",
    "PointResult",
    "Report",
    "SizeResult",
    "Text",
    "answer_format",
    "answers_digest",
    "classify",
    "engine_info",
    "evaluate",
    "evaluate_json",
    "handle",
    "load_policy_bundle",
    "markdown_json",
    "render_markdown",
    "render_text",
    "validate_answers",
    *sorted(_BATCH),
]
