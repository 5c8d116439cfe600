"""The public answer format's rules that live in the engine's code, as one documented value.

The site's answers page documents them from here (instead of typing them again), and the widget's
configuration is built from them (the input limits, the answer "not sure", the figures the form
reads without asking the engine), so that the page, the widget and the engine cannot drift apart:
the largest figure a browser carries exactly, the answer "not sure", the words a cell may use, the
input limits, the results columns, the exit status for invalid input and the command line's usage.
"""

from __future__ import annotations

from typing import Any

from ._figures import PLAIN_FIGURES
from ._limits import LIMITS
from ._policy import policy
from ._report import FORMAT
from ._validate import MAX_FIGURE, UNSURE
from ._words import word_data


def answer_format() -> dict[str, Any]:
    """The rules of the public answer format, batch mode and the command line::

    max_figure      the largest figure accepted (2**53 - 1)
    unsure          the answer "not sure", accepted for every question ("unsure")
    ref             the key of the optional reference column of a batch file
    words           the words a cell or a typed answer may use for yes, no, not sure and
                    "none of these" (besides the answer format's own values), by answer
    limits          the input limits (see selfcheck._limits; their sentences are in
                    messages.yaml, ``limits``)
    plain_figures   by answer type (integer, number), a regular expression of the figures
                    written exactly as the format writes them (read as they are, nothing to say)
    output_columns  the machine columns of the results (codes)
    result_columns  the reader's columns of the results, by language
    link_order      the answer keys in the order a share link lists them (append-only)
    exit_invalid    the exit status of the command line for invalid input
    usage           one line of usage per command ("check", "batch")
    report_format   the version of the report JSON
    """
    # The batch and the command line, imported only when asked (a page's start loads neither).
    from .batch import REF, output_columns, result_columns
    from .cli import INVALID, usage_lines

    pol = policy()
    return {
        "max_figure": MAX_FIGURE,
        "unsure": UNSURE,
        "ref": REF,
        "words": {a["id"]: list(a["words"]) for a in word_data(pol)["answers"]},
        "limits": dict(LIMITS),
        "plain_figures": dict(PLAIN_FIGURES),
        "output_columns": output_columns(pol),
        "result_columns": {lang: result_columns(lang, pol) for lang in ("zh", "en")},
        "link_order": list(pol.raw["selfcheck"]["questions"]["link_order"]),
        "exit_invalid": INVALID,
        "usage": usage_lines(),
        "report_format": FORMAT,
    }
