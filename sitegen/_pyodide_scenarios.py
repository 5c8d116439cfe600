"""The scenarios of the trimmed standard library (:mod:`sitegen.pyodide_stdlib`): pieces of Python
that read ``DATA`` and set ``RESULT``, run in Pyodide (recording and verifying the library) and in
CPython (the tests compare), grouped ``engine`` and ``xlsx``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ._pyodide_node import AS_OF, CASES_DIR, ROOT

# -- scenarios ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """Python that exercises one code path: reads ``DATA``, sets ``RESULT`` (JSON-able).

    ``load``: packages (names in the run's lock file) loaded before it, as the page would load them
    on demand. ``differs``: keys of RESULT known to differ between CPython and Pyodide (the tests
    compare them apart, saying why). The code must also run in CPython (the tests run it there).
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


def _example_csv() -> str:
    return (ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8")


_IMPORT = """
# What the page's worker imports before the first answer (its dispatch shim).
import json
import selfcheck
from selfcheck._bridge import _internal

RESULT = sorted(selfcheck.__all__)
"""

_CASES = """
import json
import selfcheck

RESULT = {case["id"]: json.loads(selfcheck.evaluate_json(case["json"], case["lang"], case["as_of"]))
          for case in DATA}
"""

_RENDERERS = """
# The Markdown download and the text report, in both languages, of every case that gives a report.
import json
import selfcheck
from selfcheck._bridge import parse_answers

RESULT = {}
for case in DATA:
    for lang in ("zh", "en"):
        md = json.loads(selfcheck.markdown_json(case["json"], lang, case["as_of"]))
        if not md["ok"]:
            RESULT[f"{case['id']}/{lang}"] = md
            continue
        report = selfcheck.evaluate(parse_answers(case["json"]), lang=lang, as_of=case["as_of"])
        RESULT[f"{case['id']}/{lang}"] = {
            "markdown": md["markdown"],
            "text": selfcheck.render_text(report, lang),
            "same_markdown": selfcheck.render_markdown(report, lang) == md["markdown"],
            "digest": selfcheck.answers_digest(report.version, report.answers) == report.digest,
        }
"""

_BATCH = """
# The batch bridge: the example file, good and bad rows, short rows, extra cells, a BOM, CRLF,
# Chinese yes/no, list cells, and every kind of unusable header.
import json
import selfcheck

RESULT = {name: json.loads(selfcheck.batch_json(text, "2026-01-05")) for name, text in DATA.items()}
"""

_VALIDATION = """
# Every error the bridge can answer (the command line's file errors aside), each on its own.
import json
import selfcheck
from selfcheck._bridge import _internal

RESULT = {}
for kind, (answers, lang, as_of) in DATA["answers"].items():
    RESULT[kind] = json.loads(selfcheck.evaluate_json(answers, lang, as_of))
RESULT["markdown_error"] = json.loads(selfcheck.markdown_json("[1]", "en", "2026-01-05"))
RESULT["json_not_text"] = json.loads(selfcheck.evaluate_json(None, "zh", "2026-01-05"))
# Deep nesting: CPython 3.11 raises RecursionError at depth 1000 (json_too_deep); Pyodide 314's
# decoder parses 5000 levels and overflows the JavaScript stack from about 6000 (a fatal error of
# the interpreter), so it never answers json_too_deep. Kept apart: the tests expect it to differ.
RESULT["json_deep_5000"] = json.loads(selfcheck.evaluate_json("[" * 5000 + "]" * 5000))
RESULT["json_number_too_long"] = json.loads(
    selfcheck.evaluate_json('{"employees": ' + "9" * 5000 + "}", "en", "2026-01-05"))
RESULT["internal"] = _internal(RuntimeError("scenario"))
for kind, text in DATA["csv"].items():
    RESULT[kind] = json.loads(selfcheck.batch_json(text, "2026-01-05"))
# No date: the engine takes today's (not compared: it changes at midnight).
today = json.loads(selfcheck.evaluate_json('{"employees": 300}', "en"))
RESULT["today_ok"] = today["ok"]
"""

_INFO = """
import selfcheck

RESULT = selfcheck.engine_info()
"""

_XLSX = """
# The planned spreadsheet feature: write the answers template as .xlsx with data validation (lists,
# whole numbers, decimals, dates), styles, a comment, frozen panes and a list sheet; read it back
# (normal, read-only and values-only), turn it into CSV text and run the batch bridge on it; and
# write a write-only workbook.
import csv
import datetime
import io
import json

import openpyxl
import selfcheck
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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
batch = json.loads(selfcheck.batch_json(text.getvalue(), "2026-01-05"))

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
    "write_only_rows": wo_rows,
}
"""


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
            "json_constant_anywhere": ["[Infinity]", "en", AS_OF],
            "negative": ['{"employees": -1}', "zh", AS_OF],
            "too_large": ['{"employees": 9007199254740992}', "en", AS_OF],
            "lang": [strong, "fr", AS_OF],
            "as_of": [strong, "zh", "5 Jan 2026"],
            "as_of_day": [strong, "en", "2026-02-30"],
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


#: The error kinds of ``policy/selfcheck/messages.yaml`` (``validation``) that only the command
#: line can give (files, YAML, arguments): the browser never meets them.
CLI_ONLY_ERRORS = frozenset(
    {
        "file_unreadable",
        "file_unwritable",
        "file_encoding",
        "file_yaml",
        "file_yaml_unreadable",
        "file_yaml_alias",
        "yaml_unavailable",
        "arguments",
    }
)


def _districts() -> list[str]:
    from selfcheck import load_policy_bundle

    return [e["id"] for e in load_policy_bundle()["lists"]["districts"]["entries"]]


def _xlsx_data() -> dict[str, Any]:
    return {"csv": _example_csv(), "districts": _districts()}


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("import", "engine", _IMPORT),
    Scenario("cases", "engine", _CASES, resolve_cases),
    Scenario("renderers", "engine", _RENDERERS, resolve_cases),
    Scenario("batch", "engine", _BATCH, _batch_inputs),
    Scenario("validation", "engine", _VALIDATION, _validation_inputs, differs=("json_deep_5000",)),
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
