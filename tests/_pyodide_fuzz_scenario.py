"""Run in Pyodide (and in CPython, to compare): the hostile documents through the worker's router
and the bridge, and a batch through the chunked ops. Returns what each answered."""

import base64
import json

import selfcheck


def run(data):
    answers = []
    for doc in data["documents"]:
        request = json.dumps(
            {"op": "evaluate", "answers_json": doc, "lang": "en", "as_of": "2026-01-05"}
        )
        answers.append(
            [selfcheck.handle(request), selfcheck.evaluate_json(doc, "zh", "2026-01-05")]
        )
    reads = [
        selfcheck.handle(json.dumps({"op": "read", "cells": cells})) for cells in data["cells"]
    ]
    start = json.loads(
        selfcheck.handle(
            json.dumps(
                {
                    "op": "batch_start",
                    "file": base64.b64encode(data["csv"].encode("gb18030")).decode("ascii"),
                    "name": "企业.csv",
                    "lang": "zh",
                    "as_of": "2026-01-05",
                }
            )
        )
    )
    steps = []
    while start.get("ok"):
        body = json.loads(
            selfcheck.handle(
                json.dumps(
                    {"op": "batch_next", "session": start["session"], "count": 3, "show": 100}
                )
            )
        )
        if not body.get("reading"):  # the rows are still being read (and counted)
            steps.append(body)
        if not body.get("ok") or body["done"]:
            break
    # Where a step ends depends on the time it took (at most `count` rows): the steps' sizes
    # apart, and the rows of all of them together (what the page puts together).
    start.pop("session", None)
    last = dict(steps[-1])
    last["rows"] = [row for step in steps for row in step["rows"]]
    last["csv"] = {k: "".join(step["csv"][k] for step in steps) for k in ("errors", "good")}
    chunks = {"processed": [step["processed"] for step in steps], "all": last}
    refused = selfcheck.handle(json.dumps({"op": "batch_check", "size": 10**9, "name": "x.csv"}))
    return {
        "answers": answers,
        "reads": reads,
        "start": start,
        "chunks": chunks,
        "refused": refused,
    }
