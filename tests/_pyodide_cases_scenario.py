"""The YAML cases and the bridges, run in Pyodide by tests/test_engine_pyodide.py (through
tests/pyodide_script_runner.mjs): ``run(cases)`` with ``cases`` as ``[{id, json, lang, as_of}]``."""

from __future__ import annotations

import json


def _batch(selfcheck, text: str) -> dict:
    """A CSV text through the page's batch ops (start, the rows in one chunk, close)."""
    import base64

    def ask(op: str, **args) -> dict:
        return json.loads(selfcheck.handle(json.dumps({"op": op, **args})))

    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    start = ask("batch_start", file=data, name="rows.csv", lang="zh", as_of="2026-01-05")
    session = start.pop("session")
    rows = ask("batch_next", session=session, count=100, show=100)
    while rows.get("reading"):  # the rows are still being read (and counted)
        rows = ask("batch_next", session=session, count=100, show=100)
    return {"start": start, "rows": rows}


def run(cases: list) -> dict:
    import selfcheck

    results = {
        case["id"]: json.loads(selfcheck.evaluate_json(case["json"], case["lang"], case["as_of"]))
        for case in cases
    }
    strong = next(c for c in cases if c["id"] == "strong-enterprise-is-eligible")
    handle = (
        json.dumps(
            {"op": "evaluate", "answers_json": strong["json"], "lang": "en", "as_of": "2026-01-05"}
        ),
        json.dumps({"op": "info"}),
        json.dumps({"op": "no-such-op"}),
        "not json",
    )
    extras = {
        "markdown": json.loads(selfcheck.markdown_json(strong["json"], "en", "2026-01-05")),
        "batch": _batch(selfcheck, "ref,employees,training_system\nA,300,yes\nB,3.5,maybe\n"),
        "info": selfcheck.engine_info(),
        "handle": [json.loads(selfcheck.handle(request)) for request in handle],
    }
    return {"module": selfcheck.__file__, "results": results, "extras": extras}
