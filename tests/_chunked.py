"""A CSV text through the page's batch ops, as the worker sends them (``batch_start``, then
``batch_next`` until done, then ``batch_close``), all through :func:`selfcheck.handle`."""

from __future__ import annotations

import base64
import json
from typing import Any

from selfcheck import handle


def ask(op: str, **args: Any) -> dict[str, Any]:
    return json.loads(handle(json.dumps({"op": op, **args}, ensure_ascii=False)))


def chunked(csv_text: str, as_of: str, lang: str = "zh", count: int = 1000) -> dict[str, Any]:
    """``{ok, header, rows, errors_csv, good_csv, summary, notes}`` (``rows``: every row as the page
    shows it, in the file's order), or the refusal of ``batch_start`` or ``batch_next``."""
    data = base64.b64encode(csv_text.encode("utf-8")).decode("ascii")
    start = ask("batch_start", file=data, name="rows.csv", lang=lang, as_of=as_of)
    if not start["ok"]:
        return start
    chunks = []
    while not (chunks and chunks[-1]["done"]):
        chunk = ask("batch_next", session=start["session"], count=count, show=10**6)
        if not chunk["ok"]:
            return chunk
        if not chunk.get("reading"):  # the rows are still being read (and counted)
            chunks.append(chunk)
    assert ask("batch_close", session=start["session"])["ok"]
    return {
        "ok": True,
        "header": start["header"],
        "rows": [row for chunk in chunks for row in chunk["rows"]],
        "errors_csv": "".join(c["csv"]["errors"] for c in chunks),
        "good_csv": "".join(c["csv"]["good"] for c in chunks),
        "summary": chunks[-1]["summary"],
        "notes": chunks[-1]["notes"],
    }
