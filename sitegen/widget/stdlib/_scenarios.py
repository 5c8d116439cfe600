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

from ._code import BATCH, CASES, IMPORT, INFO, MARKDOWN, READ, VALIDATION, XLSX

ROOT = Path(__file__).resolve().parents[3]
CASES_DIR = ROOT / "examples" / "cases"
AS_OF = "2026-01-05"
#: The engine's modules the browser never runs: the command line, a subpackage of its own (argparse
#: and friends would otherwise be shipped to every reader), and ``python -m``'s entry.
COMMAND_LINE = frozenset({"selfcheck.__main__", "selfcheck.cli"})

__all__ = [
    "AS_OF",
    "CASES_DIR",
    "SCENARIOS",
    "Scenario",
    "engine_modules",
    "resolve_cases",
    "scenarios",
]


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
        name = ".".join(parts)
        if not any(name == c or name.startswith(c + ".") for c in COMMAND_LINE):
            names.append(name)
    return names


def resolve_cases(keep: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every YAML case of ``examples/cases/`` as ``{id, json, lang, as_of}`` (the answers as JSON
    text: the case's ``json``, or its profile with its ``answers`` and without its ``unset``),
    with the case's own ``keep`` keys too (the tests keep ``expect``)."""
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
                    **{k: case[k] for k in keep},
                }
            )
    return cases


def _example_csv() -> str:
    return (ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8")


def _batch_inputs() -> dict[str, Any]:
    return {"csv": _batch_csv(), "files": _batch_files()}


def _batch_files() -> dict[str, tuple[str, str, str]]:
    """CSV files as a district officer saves them: (text, encoding, language of the results)."""
    chinese = (ROOT / "examples" / "enterprises-zh.csv").read_text(encoding="utf-8")
    return {
        "example_bom": (_example_csv(), "utf-8-sig", "en"),
        "chinese_gb18030": (chinese, "gb18030", "zh"),
        "chinese_utf8": (chinese, "utf-8", "zh"),
    }


def _read_inputs() -> dict[str, str]:
    return {
        "revenue_10k_cny": "3亿",
        "total_assets_10k_cny": "３，０００万元",
        "employees": "1,200人",
        "insured_staff_shenzhen": "约300",
        "district": "宝安",
        "size_industry": "工业",
        "training_system": "不确定",
        "bad_record_last_3_years": "有",
        "enterprise_types": "规上；专精特新",
        "planned_jobs": "3k",
    }


def _batch_csv() -> dict[str, str]:
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
            "negative": ['{"employees": -1}', "zh", AS_OF],
            "too_large": ['{"employees": 9007199254740992}', "en", AS_OF],
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
    from selfcheck import load_policy_bundle

    return {
        "csv": _example_csv(),
        "districts": [e["id"] for e in load_policy_bundle()["lists"]["districts"]["entries"]],
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("import", "engine", IMPORT, engine_modules),
    Scenario("cases", "engine", CASES, resolve_cases),
    Scenario("markdown", "engine", MARKDOWN, resolve_cases),
    Scenario("batch", "engine", BATCH, _batch_inputs),
    Scenario("read", "engine", READ, _read_inputs),
    Scenario("validation", "engine", VALIDATION, _validation_inputs),
    Scenario("info", "engine", INFO, differs=("python", "platform")),
    Scenario("xlsx", "xlsx", XLSX, _xlsx_data, load=("openpyxl",)),
)


def scenarios(groups: Iterable[str]) -> list[Scenario]:
    """The scenarios of ``groups`` (unknown names are an error), engine first."""
    groups = set(groups)
    unknown = groups - {s.group for s in SCENARIOS}
    if unknown:
        raise ValueError(f"unknown scenario groups {sorted(unknown)}")
    return [s for s in SCENARIOS if s.group in groups]
