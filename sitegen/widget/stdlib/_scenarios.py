"""What the trimmed standard library must be enough for: Python that exercises each code path the
page reaches, run in Pyodide under Node to record the modules it imports, and again on the trimmed
library to check it (the tests also run it in CPython and compare).

A scenario reads ``DATA`` and sets ``RESULT`` (JSON-able). It reaches the engine as the worker
does, through ``selfcheck.handle`` (JSON text in and out), and the spreadsheet feature through the
public ``selfcheck.xlsx`` and openpyxl. Groups: ``engine`` (always in the library) and ``xlsx``
(openpyxl and et-xmlfile, loaded from their wheels as the page will load them on demand).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CASES_DIR = ROOT / "tests" / "cases"
AS_OF = "2026-01-05"
#: The engine's modules the browser never runs: the command line (argparse and friends would
#: otherwise be shipped to every reader).
COMMAND_LINE = frozenset({"__main__", "_cli"})

__all__ = ["AS_OF", "SCENARIOS", "Scenario", "engine_modules", "resolve_cases", "scenarios"]


@dataclass(frozen=True)
class Scenario:
    """Python that exercises one code path: reads ``DATA``, sets ``RESULT`` (JSON-able).

    ``load``: packages (names in the run's lock file) loaded before it, as the page would load them
    on demand. ``differs``: keys of RESULT known to differ between CPython and Pyodide (the tests
    compare them apart). The code must also run in CPython (the tests run it there).
    """

    name: str
    group: str
    code: str
    data: Callable[[], Any] | None = None
    load: tuple[str, ...] = ()
    differs: tuple[str, ...] = ()

    def to_step(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "load": list(self.load),
            "code": self.code,
            "data": self.data() if self.data else None,
        }


def engine_modules() -> list[str]:
    """Every module of the engine package but its command line, by dotted name."""
    package = ROOT / "selfcheck"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] not in COMMAND_LINE and "__pycache__" not in parts:
            names.append(".".join(parts))
    return names


def resolve_cases() -> list[dict[str, Any]]:
    """Every YAML case of ``tests/cases/`` as ``{id, json, lang, as_of}`` (the answers as JSON
    text), resolved as ``tests/test_engine_cases.py`` does (a test keeps the two in step)."""
    import yaml

    profiles = yaml.safe_load((CASES_DIR / "profiles.yaml").read_text(encoding="utf-8"))
    profiles = profiles["profiles"]
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name == "profiles.yaml":
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            answers = dict(profiles[case.get("profile", "empty")])
            answers.update(case.get("answers", {}))
            for key in case.get("unset", []):
                del answers[key]
            cases.append(
                {
                    "id": case["id"],
                    "json": case.get("json", json.dumps(answers, ensure_ascii=False)),
                    "lang": case.get("lang", "zh"),
                    "as_of": case.get("as_of", AS_OF),
                }
            )
    return cases


# Every scenario asks the engine as the worker does: one JSON request, one JSON response.
_ASK = """
import json
import selfcheck


def ask(op, **args):
    return json.loads(selfcheck.handle(json.dumps({"op": op, **args}, ensure_ascii=False)))
"""

_IMPORT = """
# What the worker imports before the first answer, then every module of the engine but its command
# line: a module the page reaches only later (the spreadsheet readers) cannot miss a
# standard-library module it imports at its top.
import importlib

import selfcheck

for name in DATA:
    importlib.import_module(name)
RESULT = {"public": sorted(selfcheck.__all__), "modules": DATA}
"""

_CASES = (
    _ASK
    + """
RESULT = {c["id"]: ask("evaluate", answers_json=c["json"], lang=c["lang"], as_of=c["as_of"])
          for c in DATA}
"""
)

_MARKDOWN = (
    _ASK
    + """
# The Markdown download of every case, in both languages.
RESULT = {f"{c['id']}/{lang}": ask("markdown", answers_json=c["json"], lang=lang, as_of=c["as_of"])
          for c in DATA for lang in ("zh", "en")}
"""
)

_BATCH = (
    _ASK
    + """
# The example file, good and bad rows, short rows, extra cells, a BOM, CRLF, Chinese yes/no, list
# cells, and every kind of unusable header.
RESULT = {name: ask("batch", csv=text, as_of="2026-01-05") for name, text in DATA.items()}
"""
)

_VALIDATION = (
    _ASK
    + """
# The errors the worker can answer, each on its own (the command line's file errors aside).
RESULT = {kind: ask("evaluate", answers_json=answers, lang=lang, as_of=as_of)
          for kind, (answers, lang, as_of) in DATA["answers"].items()}
RESULT["json_not_text"] = ask("evaluate", answers_json=None, lang="zh", as_of="2026-01-05")
RESULT["markdown_error"] = ask("markdown", answers_json="[1]", lang="en", as_of="2026-01-05")
RESULT["not_a_request"] = json.loads(selfcheck.handle("not json"))
RESULT["unknown_op"] = ask("nope")
RESULT["missing_argument"] = ask("evaluate")
for kind, text in DATA["csv"].items():
    RESULT[kind] = ask("batch", csv=text, as_of="2026-01-05")
# No date: the engine takes today's (not compared: it changes at midnight).
RESULT["today_ok"] = ask("evaluate", answers_json='{"employees": 300}', lang="en")["ok"]
"""
)

_INFO = (
    _ASK
    + """
RESULT = ask("info")["info"]
"""
)

_XLSX = (
    _ASK
    + """
# The spreadsheet feature: a workbook with data validation (lists, whole numbers, decimals, dates),
# styles, a comment, frozen panes and a list sheet written with openpyxl; read back (normal,
# read-only and values-only) and through selfcheck.xlsx.read_workbook; checked as CSV through the
# engine; results written with selfcheck.xlsx.write_results and with a write-only workbook.
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
batch = ask("batch", csv=text.getvalue(), as_of="2026-01-05")
table = xlsx.read_workbook(data)
results = xlsx.write_results(batch["header"], batch["rows"])
written = openpyxl.load_workbook(io.BytesIO(results))

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
    "results": [[c.value for c in row] for row in written.active.iter_rows()],
    "write_only_rows": wo_rows,
}
"""
)


def _example_csv() -> str:
    return (ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8")


def _batch_inputs() -> dict[str, str]:
    example = _example_csv()
    head = example.splitlines()[0]
    return {
        "example": example,
        "example_bom_crlf": "\ufeff" + example.replace("\n", "\r\n"),
        "good_and_bad": (
            "ref,employees,training_system,enterprise_types,revenue_10k_cny\n"
            "A,300,yes,none,1999.5\n"
            "B,3.5,maybe,listed;listed,-1\n"
            "\n"
            ",,,,\n"
            "C,299,是,cluster_20_8；above_designated_size,2000\n"
            "D,1200,no,unknown_type,abc\n"
        ),
        "short_and_extra": f"{head}\nA,yes\nB,yes,yes,yes,no,nanshan" + ",1" * 40 + "\n",
        "quoted": 'ref,employees\n"=cmd|\' /C calc\'!A0",300\n"multi\nline",5\n',
    }


def _validation_inputs() -> dict[str, Any]:
    strong = '{"registered_in_shenzhen": true, "employees": 300}'
    return {
        "answers": {
            "not_object": ["[true]", "en", AS_OF],
            "unknown_key": ['{"emploees": 1}', "zh", AS_OF],
            "boolean": ['{"training_system": 1}', "en", AS_OF],
            "integer": ['{"planned_jobs": 300.5}', "zh", AS_OF],
            "number": ['{"revenue_10k_cny": -0.5}', "en", AS_OF],
            "choice": ['{"district": "shenzhen"}', "zh", AS_OF],
            "multi_choice": ['{"enterprise_types": ["listed", "listed"]}', "en", AS_OF],
            "duplicate_key": ['{"employees": 1, "employees": 2}', "zh", AS_OF],
            "invalid_json": ['{"employees": 300', "en", AS_OF],
            "json_constant": ['{"revenue_10k_cny": Infinity}', "zh", AS_OF],
            "json_constant_anywhere": ["[1, NaN]", "en", AS_OF],
            "json_number_too_long": ['{"employees": ' + "9" * 5000 + "}", "en", AS_OF],
            "lang": [strong, "fr", AS_OF],
            "as_of": [strong, "en", "2026-02-30"],
            "as_of_shape": [strong, "zh", "5 Jan 2026"],
        },
        "csv": {
            "csv_boolean": "training_system\nmaybe\n",
            "csv_integer": "planned_jobs\n1.5\n",
            "csv_number": "revenue_10k_cny\n1,000\n",
            "csv_list": "enterprise_types\nlisted;nope\n",
            "csv_unknown_column": "ref,emploees\nA,1\n",
            "csv_duplicate_column": "employees,employees\n1,2\n",
            "csv_short_row": "ref,employees,planned_jobs\nA,300\n",
            "csv_extra_cells": "ref,employees\nA,300,extra\n",
            "csv_empty": "",
            "csv_blank_header": ",,\n1,2,3\n",
        },
    }


def _xlsx_data() -> dict[str, Any]:
    from policykit import load_policy

    return {
        "csv": _example_csv(),
        "districts": [e["id"] for e in load_policy()["lists"]["districts"]["entries"]],
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("import", "engine", _IMPORT, engine_modules),
    Scenario("cases", "engine", _CASES, resolve_cases),
    Scenario("markdown", "engine", _MARKDOWN, resolve_cases),
    Scenario("batch", "engine", _BATCH, _batch_inputs),
    Scenario("validation", "engine", _VALIDATION, _validation_inputs),
    Scenario("info", "engine", _INFO, differs=("python", "platform")),
    Scenario("xlsx", "xlsx", _XLSX, _xlsx_data, load=("openpyxl",)),
)


def scenarios(groups: Iterable[str]) -> list[Scenario]:
    """The scenarios of ``groups`` (unknown names are an error), engine first."""
    groups = set(groups)
    unknown = groups - {s.group for s in SCENARIOS}
    if unknown:
        raise ValueError(f"unknown scenario groups {sorted(unknown)}")
    return [s for s in SCENARIOS if s.group in groups]
