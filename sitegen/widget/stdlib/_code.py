"""The scenarios' Python: each reads ``DATA`` and sets ``RESULT`` (JSON-able), and reaches the
engine as the page's worker does, through ``selfcheck.handle`` (see :mod:`._scenarios`)."""

__all__ = ["BATCH", "CASES", "IMPORT", "INFO", "MARKDOWN", "READ", "VALIDATION", "XLSX"]

# Every scenario asks the engine as the worker does: one JSON request, one JSON response.
ASK = """
import json
import selfcheck


def ask(op, **args):
    return json.loads(selfcheck.handle(json.dumps({"op": op, **args}, ensure_ascii=False)))


def chunked(data, name, lang, xlsx=False):
    # A file through the page's batch: check, start, rows in steps, the workbook, close (the
    # session's name, a counter of the process, left out; the steps joined, as the page joins
    # them: where a step ends depends on the time it took).
    import base64

    out = {"check": ask("batch_check", size=len(data), name=name)}
    start = ask("batch_start", file=base64.b64encode(data).decode(), name=name, lang=lang,
                as_of="2026-01-05")
    session = start.pop("session", None)
    out["start"], out["chunks"] = start, []
    steps = []
    while session:
        step = ask("batch_next", session=session, count=3, show=2)
        if not step.get("ok") or not step.get("reading"):
            steps.append(step)
        if not step.get("ok") or step.get("done"):
            break
    if steps:
        last = dict(steps[-1])
        if last.get("ok"):
            last["rows"] = [r for s in steps for r in s["rows"]]
            last["csv"] = {k: "".join(s["csv"][k] for s in steps) for k in ("errors", "good")}
        out["chunks"] = [last]
    if session and xlsx:
        first = ask("batch_xlsx", session=session, part=0)
        while not first["ready"]:
            first = ask("batch_xlsx", session=session, part=0)
        parts = [first] + [ask("batch_xlsx", session=session, part=i) for i in range(1, first["parts"])]
        out["xlsx"] = base64.b64decode("".join(p["data"] for p in parts))
    if session:
        out["close"] = ask("batch_close", session=session)
    return out
"""

IMPORT = """
# What the worker imports before the first answer, then every module of the engine but its command
# line: a module the page reaches only later (the spreadsheet readers) cannot miss a
# standard-library module it imports at its top.
import importlib

import selfcheck

for name in DATA:
    importlib.import_module(name)
RESULT = {"public": sorted(selfcheck.__all__), "modules": DATA}
"""

CASES = (
    ASK
    + """
RESULT = {c["id"]: ask("evaluate", answers_json=c["json"], lang=c["lang"], as_of=c["as_of"])
          for c in DATA}
"""
)

MARKDOWN = (
    ASK
    + """
# The Markdown download of every case, in both languages.
RESULT = {f"{c['id']}/{lang}": ask("markdown", answers_json=c["json"], lang=lang, as_of=c["as_of"])
          for c in DATA for lang in ("zh", "en")}
"""
)

BATCH = (
    ASK
    + """
# The example file, good and bad rows, short rows, extra cells, a BOM, CRLF, Chinese yes/no, list
# cells, and every kind of unusable header, in chunks as the page sends a file (also its bytes as
# Excel and WPS save a CSV: UTF-8 with a BOM, GB18030), with the CSV template.
RESULT = {name: chunked(text.encode("utf-8"), name + ".csv", "zh") for name, text in DATA["csv"].items()}
for name, (text, encoding, lang) in DATA["files"].items():
    RESULT[f"chunked/{name}"] = chunked(text.encode(encoding), name + ".csv", lang)
RESULT["too_large"] = ask("batch_check", size=10**9, name="big.csv")
RESULT["old_xls"] = ask("batch_check", size=100, name="old.xls")
RESULT["template"] = {lang: ask("template", format="csv", lang=lang) for lang in ("zh", "en")}
"""
)

VALIDATION = (
    ASK
    + """
# The errors the worker can answer, each on its own (the command line's file errors aside).
RESULT = {kind: ask("evaluate", answers_json=answers, lang=lang, as_of=as_of)
          for kind, (answers, lang, as_of) in DATA["answers"].items()}
RESULT["json_not_text"] = ask("evaluate", answers_json=None, lang="zh", as_of="2026-01-05")
RESULT["markdown_error"] = ask("markdown", answers_json="[1]", lang="en", as_of="2026-01-05")
RESULT["not_a_request"] = json.loads(selfcheck.handle("not json"))
RESULT["unknown_op"] = ask("nope")
RESULT["json_deep_5000"] = ask("evaluate", answers_json="[" * 5000 + "]" * 5000, lang="zh",
                               as_of="2026-01-05")
RESULT["missing_argument"] = ask("evaluate")
for kind, text in DATA["csv"].items():
    RESULT[kind] = chunked(text.encode("utf-8"), kind + ".csv", "zh")
# No date: the engine takes today's (not compared: it changes at midnight).
RESULT["today_ok"] = ask("evaluate", answers_json='{"employees": 300}', lang="en")["ok"]
"""
)

READ = (
    ASK
    + """
# What the form reads as the reader types (numbers with units and magnitudes, districts, yes/no
# and not-sure words, lists), one field and several at once.
RESULT = {"cells": ask("read", cells=DATA)}
RESULT["one"] = {key: ask("read", key=key, text=text) for key, text in DATA.items()}
"""
)

INFO = (
    ASK
    + """
RESULT = ask("info")["info"]
"""
)

XLSX = (
    ASK
    + """
# The spreadsheet feature: a workbook with data validation (lists, whole numbers, decimals, dates),
# styles, a comment, frozen panes and a list sheet written with openpyxl; read back (normal,
# read-only and values-only) and through selfcheck.xlsx.read_workbook; checked as CSV through the
# engine in chunks; results written with selfcheck.xlsx.write_results and with a write-only workbook.
import csv
import dataclasses
import datetime
import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from selfcheck import xlsx


def plain(o):
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: plain(getattr(o, f.name)) for f in dataclasses.fields(o)}
    if isinstance(o, (list, tuple)):
        return [plain(x) for x in o]
    if isinstance(o, dict):
        return {str(k): plain(v) for k, v in o.items()}
    if o is None or isinstance(o, (str, int, float, bool)):
        return o
    return str(o)


rows = list(csv.reader(io.StringIO(DATA["csv"])))
header, body = rows[0], rows[1:]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "answers"
ws.append(header)
for row in body:
    ws.append(row)
for cell in ws[1]:
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDEBF7")
    cell.alignment = Alignment(wrap_text=True)
ws.freeze_panes = "B2"
for i in range(1, len(header) + 1):
    ws.column_dimensions[get_column_letter(i)].width = 14
ws["A1"].comment = Comment("ref: your own label", "selfcheck")
lists = wb.create_sheet("lists")
for value in DATA["districts"]:
    lists.append([value])
yes_no = DataValidation(type="list", formula1='"yes,no,是,否"', allow_blank=True,
                        showErrorMessage=True, errorTitle="yes/no", error="yes or no")
district = DataValidation(type="list", formula1=f"=lists!$A$1:$A${len(DATA['districts'])}")
whole = DataValidation(type="whole", operator="between", formula1="0", formula2="100000000")
decimal = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
date = DataValidation(type="date", operator="greaterThan", formula1="DATE(2020,1,1)")
for dv, col in ((yes_no, "B"), (district, "F"), (whole, "H"), (decimal, "I"), (date, "AA")):
    dv.add(f"{col}2:{col}1000")
    ws.add_data_validation(dv)
ws["AA1"] = "as_of"
ws["AA2"] = datetime.date(2026, 1, 5)
ws["AA3"] = datetime.datetime(2026, 1, 5, 9, 30)
wb.properties.creator = "selfcheck"
wb.properties.created = datetime.datetime(2026, 1, 5)
wb.properties.modified = datetime.datetime(2026, 1, 5)
out = io.BytesIO()
wb.save(out)
data = out.getvalue()

back = openpyxl.load_workbook(io.BytesIO(data))
sheet = back["answers"]
validations = sorted((dv.type, str(dv.sqref), dv.formula1, dv.formula2, dv.operator)
                     for dv in sheet.data_validations.dataValidation)
values = [[c.isoformat() if isinstance(c, (datetime.date, datetime.datetime)) else c for c in row]
          for row in sheet.iter_rows(values_only=True)]
ro = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
ro_values = [list(row) for row in ro["answers"].iter_rows(min_col=1, max_col=len(header),
                                                          values_only=True)]
ro.close()
text = io.StringIO()
writer = csv.writer(text)
for row in ro_values:
    writer.writerow(["" if c is None else c for c in row])
checked = chunked(text.getvalue().encode("utf-8"), "answers.csv", "zh")
results_csv = "".join(c["csv"]["errors"] + c["csv"]["good"] for c in checked["chunks"])
batch = {"ok": checked["start"]["ok"], "header": checked["start"]["header"],
         "rows": list(csv.reader(io.StringIO(results_csv)))}
table = xlsx.read_workbook(data)
results = xlsx.write_results(batch["header"], batch["rows"])
written = openpyxl.load_workbook(io.BytesIO(results))
# As the page does it: the template, and a workbook through the batch in chunks, results as .xlsx.
templates = {}
for lang in ("zh", "en"):
    made = ask("template", format="xlsx", lang=lang, base_url="https://selfcheck.example.org/")
    book = openpyxl.load_workbook(io.BytesIO(__import__("base64").b64decode(made["data"])))
    templates[lang] = {name: [[c for c in r] for r in book[name].iter_rows(max_row=3, values_only=True)]
                       for name in book.sheetnames}
through = chunked(data, "answers.xlsx", "zh", xlsx=True)
out_book = openpyxl.load_workbook(io.BytesIO(through.pop("xlsx")), read_only=True)
through["xlsx_rows"] = [list(r) for r in out_book.worksheets[0].iter_rows(values_only=True)]
out_book.close()

wo = openpyxl.Workbook(write_only=True)
wo_sheet = wo.create_sheet("results")
wo_sheet.append(batch["header"])
for row in batch["rows"]:
    wo_sheet.append(row)
wo_out = io.BytesIO()
wo.save(wo_out)
again = openpyxl.load_workbook(io.BytesIO(wo_out.getvalue()), read_only=True)
wo_rows = [list(row) for row in again["results"].iter_rows(values_only=True)]
again.close()

RESULT = {
    "validations": validations,
    "values": values,
    "comment": sheet["A1"].comment.text,
    "frozen": sheet.freeze_panes,
    "bold": sheet["A1"].font.b,
    "sheets": back.sheetnames,
    "round_trip": ro_values == [[None if c == "" else c for c in r] for r in rows],
    "batch": batch,
    "table": plain(table),
    "templates": templates,
    "chunked": through,
    "results": [[c.value for c in row] for row in written.active.iter_rows()],
    "write_only_rows": wo_rows,
}
"""
)
