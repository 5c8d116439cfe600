"""The public answer format's rules that live in the engine's code, as one documented value.

The site's answers page documents them from here (instead of typing them again), so the page and
the engine cannot drift apart: the largest figure a browser carries exactly, the CSV conventions of
batch mode, the results columns, the exit status for invalid input and the command line's usage.
"""

from __future__ import annotations

from typing import Any

from ._batch import EMPTY_LIST_WORDS, NO_WORDS, REF, YES_WORDS, output_columns
from ._cli import INVALID, usage_lines
from ._policy import policy
from ._report import FORMAT
from ._validate import LIMITS, MAX_FIGURE


def answer_format() -> dict[str, Any]:
    """The rules of the public answer format, CSV batch mode and the command line::

    max_figure      the largest figure accepted (2**53 - 1)
    ref             the name of the optional reference column of a batch CSV
    yes_no          (yes, no) pairs of the words a yes/no cell accepts, e.g. ("是", "否")
    empty_list      the words of a list cell that mean "none of these"
    output_columns  the columns of the results CSV
    exit_invalid    the exit status of the command line for invalid input
    usage           one line of usage per command ("check", "batch")
    report_format   the version of the report JSON
    """
    return {
        "max_figure": MAX_FIGURE,
        "ref": REF,
        "yes_no": list(zip(YES_WORDS, NO_WORDS)),
        "empty_list": list(EMPTY_LIST_WORDS),
        "output_columns": output_columns(policy()),
        "exit_invalid": INVALID,
        "usage": usage_lines(),
        "report_format": FORMAT,
        "limits": dict(LIMITS),
    }
