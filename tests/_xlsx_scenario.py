"""One scenario run both in CPython and in Pyodide (tests/pyodide_script_runner.mjs): reading cells,
decoding CSV bytes, building the template, filling it, reading it back, writing results.

It imports only the engine and openpyxl (in Pyodide only the wheels are there), and returns plain
JSON-able data; ``timings`` (seconds) is the only part allowed to differ between the two runs.
"""

from __future__ import annotations

import io
import time


def run_engine(data: dict) -> dict:
    """The standard-library part: cells read one by one, and CSV bytes in GBK and UTF-8 with BOM."""
    from selfcheck._words import WordError, parse_cell
    from selfcheck.batch._csvfile import read_csv_bytes
    from selfcheck.batch._sheet import read_answers

    cells = []
    for key, text in data["cells"]:
        try:
            parsed = parse_cell(key, text)
            cells.append([key, text, None if parsed is None else parsed.to_dict()])
        except WordError as exc:
            cells.append([key, text, exc.to_dict()])
    csv_answers = {}
    for encoding in ("gbk", "gb18030", "utf-8-sig"):
        table = read_csv_bytes(data["csv"].encode(encoding))
        csv_answers[encoding] = [[r.row, r.ref, r.reading.answers] for r in read_answers(table)]
    return {"cells": cells, "csv": csv_answers}


def run_xlsx(data: dict) -> dict:
    """The openpyxl part: template, filled in, read back; results written and read back."""
    import openpyxl

    from selfcheck import xlsx
    from selfcheck.batch._sheet import read_answers

    timings = {}
    t = time.perf_counter()
    template = {
        lang: xlsx.build_template(lang, base_url="https://selfcheck.example.org/")
        for lang in ("zh", "en")
    }
    timings["build_templates"] = time.perf_counter() - t

    t = time.perf_counter()
    wb = openpyxl.load_workbook(io.BytesIO(template["zh"]))
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[2]]
    for i, row in enumerate(data["rows"]):
        for key, value in row.items():
            ws.cell(4 + i, keys.index(key) + 1, value)
    out = io.BytesIO()
    wb.save(out)
    timings["fill"] = time.perf_counter() - t

    t = time.perf_counter()
    table = xlsx.read_workbook(out.getvalue())
    readings = read_answers(table)
    timings["read_back"] = time.perf_counter() - t

    t = time.perf_counter()
    many = [
        [
            n,
            f"企业{n}",
            "符合" if n % 2 else "还需补充回答",
            "" if n % 3 else "从业人员数：“约300”不是确切的数。",
        ]
        for n in range(2, 2 + data["result_rows"])
    ]
    results = xlsx.write_results(
        ["行", "编号", "结论", "错误"],
        [[2, "=1+1", "符合", ""], *many],
        codes=["row", "ref", "verdict", "errors"],
    )
    timings["write_results"] = time.perf_counter() - t
    back = openpyxl.load_workbook(io.BytesIO(results)).active

    return {
        "sheets": {
            lang: openpyxl.load_workbook(io.BytesIO(b)).sheetnames for lang, b in template.items()
        },
        "header": [c.value for c in ws[1]],
        "table": {
            "sheet": table.sheet,
            "header_row": table.header_row,
            "key_row": table.key_row,
            "examples": list(table.examples),
            "notes": [n.zh for n in table.notes],
        },
        "answers": [
            [r.row, r.ref, r.reading.answers, [e.kind for e in r.reading.errors]] for r in readings
        ],
        "results": {
            "title": back.title,
            "freeze": back.freeze_panes,
            "first_rows": [[c.value for c in r] for r in back.iter_rows(max_row=3)],
            "rows": back.max_row,
            "formula_cell_type": back["B3"].data_type,
        },
        "timings": timings,
    }


def run(data: dict) -> dict:
    """Both parts, and which openpyxl ran them (the runner's entry point)."""
    import openpyxl

    engine = run_engine(data)
    return {
        "engine": engine,
        "xlsx": run_xlsx(data),
        "openpyxl": openpyxl.__version__,
        "openpyxl_file": openpyxl.__file__,
    }
