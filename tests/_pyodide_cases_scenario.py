"""The YAML cases and the bridges, run in Pyodide by tests/test_engine_pyodide.py (through
tests/pyodide_script_runner.mjs): ``run(cases)`` with ``cases`` as ``[{id, json, lang, as_of}]``."""

from __future__ import annotations

import json


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
        "batch": json.loads(
            selfcheck.batch_json(
                "ref,employees,training_system\nA,300,yes\nB,3.5,maybe\n", "2026-01-05"
            )
        ),
        "info": selfcheck.engine_info(),
        "handle": [json.loads(selfcheck.handle(request)) for request in handle],
    }
    return {"module": selfcheck.__file__, "results": results, "extras": extras}
