"""A Python standard library made for the engine: recorded by running, precompiled by Pyodide.

Pyodide 314 writes the ``python_stdlib.zip`` it is given (``loadPyodide({stdLibURL})``, default
``<indexURL>python_stdlib.zip``) unchanged into its file system as ``/lib/python314.zip``, which is
on ``sys.path`` (and is ``sys._stdlib_dir``): modules are imported from it by ``zipimport``, not
unpacked. The stock zip holds 559 ``.py`` files that every visitor's phone compiles on import.
This module builds a replacement that holds only what start-up and the engine import, as ``.pyc``:

1. **Record** (``sitegen/pyodide_stdlib.mjs`` under Node): boot the pinned Pyodide the way the
   browser does (an inline lock file listing the engine wheel, ``packages: ["selfcheck"]``) with
   the stock library, then run the :data:`SCENARIOS` one after another; after start-up and after
   each scenario, every module in ``sys.modules`` that ``zipimport`` loaded from the library zip is
   recorded (frozen and built-in modules need no file). An audit hook and a wrapper of
   ``zipimporter.get_data`` watch for imports that left ``sys.modules`` again and for data files
   read from the zip (none today; the build fails if one appears, since a ``.pyc``-only zip would
   not be enough for it to be handled by hand).
2. **Compile** the recorded files in that same Pyodide (Python 3.14, so the magic number matches)
   into unchecked hash-based ``.pyc`` (no source is shipped, so nothing is ever re-validated or
   recompiled), with ``co_filename`` the path the stock module has (tracebacks name the same file).
3. **Zip** them deterministically (sorted entries, directory entries for packages, dated
   1980-01-01, mode 0644) and name the zip by its content: ``python_stdlib-<sha256[:12]>.zip``.
4. **Verify**: boot again with ``stdLibURL`` pointing at the new zip, run every scenario again and
   require the same results as with the stock library; any difference fails the build.

A scenario is a piece of Python that reads ``DATA`` and sets ``RESULT`` (JSON-able); the same code
runs in CPython in ``tests/test_pyodide_stdlib.py``, which compares the trimmed Pyodide's results
with CPython's. To cover a new code path, add a :class:`Scenario` to :data:`SCENARIOS`. Scenarios
are grouped: ``engine`` (always included) and ``xlsx`` (openpyxl 3.1.5 + et-xmlfile 2.0.0 reading
and writing a workbook, for the planned spreadsheet feature). ``build_stdlib(groups=...)`` selects
the groups in the zip; :func:`build_supplement` builds the modules of extra groups alone, as a zip
to put on ``sys.path`` after start-up.

The result is cached by a hash of every input (the stock zip, the helper, this file, the wheels,
the scenarios and their data) in ``$SITEGEN_CACHE`` or ``$XDG_CACHE_HOME`` (default
``~/.cache``), under ``sitegen/pyodide-stdlib/``: a cold build takes 11-18 s on 2 shared cores
(three Pyodide boots under Node: record, compile, verify), a cached one a few milliseconds. The
output is byte-for-byte reproducible (same inputs, same zip and name).

``python -m sitegen.pyodide_stdlib OUT_DIR [--groups engine,xlsx] [--measure]`` writes the zip and
its manifest and prints what it holds (``--measure``: boot times, stock against trimmed).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
HELPER = Path(__file__).with_suffix(".mjs")
CASES_DIR = ROOT / "tests" / "cases"
AS_OF = "2026-01-05"
#: Fixed date of every zip entry (the earliest a zip can hold): same inputs, same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: The groups in the library by default. ``engine`` is start-up plus everything the self-check
#: does (144 modules, 1.42 MB zipped); ``xlsx`` adds what openpyxl needs (7 modules: decimal,
#: mimetypes, numbers, xml.etree; +61 KB, 4 %), small enough to ship in the one zip.
DEFAULT_GROUPS = ("engine", "xlsx")
BASE_GROUP = "engine"

__all__ = [
    "DEFAULT_GROUPS",
    "SCENARIOS",
    "Package",
    "Scenario",
    "StdlibBuild",
    "build_stdlib",
    "build_supplement",
    "engine_package",
    "resolve_cases",
    "run_node",
    "scenarios",
    "xlsx_packages",
    "zip_pycs",
]


# -- wheels for Pyodide ---------------------------------------------------------------------


@dataclass(frozen=True)
class Package:
    """A wheel listed in the inline lock file of a run (as the site's minimal lock lists the
    engine)."""

    name: str
    version: str
    path: Path
    imports: tuple[str, ...]
    depends: tuple[str, ...] = ()

    def to_job(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "file": str(self.path),
            "imports": list(self.imports),
            "depends": list(self.depends),
        }


#: The spreadsheet wheels (pure Python), pinned by SHA-256. ``scripts/setup.sh`` downloads them
#: (``pip download --no-deps``) into ``<venv>/pyodide-wheels/``; ``$PYODIDE_WHEELS`` overrides.
XLSX_WHEELS = {
    "openpyxl-3.1.5-py2.py3-none-any.whl": (
        "openpyxl",
        "3.1.5",
        ("openpyxl",),
        ("et-xmlfile",),
        "5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2",
    ),
    "et_xmlfile-2.0.0-py3-none-any.whl": (
        "et-xmlfile",
        "2.0.0",
        ("et_xmlfile",),
        (),
        "7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa",
    ),
}


def wheels_dir() -> Path:
    """Where the pinned wheels for Pyodide are looked for."""
    return Path(os.environ.get("PYODIDE_WHEELS") or Path(sys.prefix) / "pyodide-wheels")


def xlsx_packages(folder: Path | None = None) -> list[Package]:
    """openpyxl and et-xmlfile from ``folder`` (default :func:`wheels_dir`), checked against
    their pinned SHA-256; a missing or different wheel is an error that says how to get it."""
    folder = Path(folder or wheels_dir())
    out = []
    for file_name, (name, version, imports, depends, sha256) in XLSX_WHEELS.items():
        path = folder / file_name
        if not path.exists():
            raise FileNotFoundError(
                f"{path} is missing: run `bash scripts/setup.sh` (it downloads openpyxl 3.1.5 and "
                f"et-xmlfile 2.0.0 with `pip download --no-deps -d {folder}`), or set "
                "PYODIDE_WHEELS to a folder holding them"
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            raise ValueError(f"{path}: sha256 {digest} is not the pinned {sha256}")
        out.append(Package(name, version, path, imports, depends))
    return out


def engine_package(folder: Path, wheel: Path | None = None) -> Package:
    """The engine wheel (``sitegen/widget/wheel.py``, or ``wheel`` if given) copied into ``folder``."""
    from sitegen.widget.wheel import build_wheel, project_version

    folder.mkdir(parents=True, exist_ok=True)
    if wheel is None:
        wheel = build_wheel(folder)
    elif wheel.parent.resolve() != folder.resolve():
        wheel = Path(shutil.copy(wheel, folder / wheel.name))
    return Package("selfcheck", project_version(), wheel, ("selfcheck",))


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
    from selfcheck._policy import policy

    return list(policy().choices["district"])


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


# -- running Pyodide under Node -------------------------------------------------------------


def run_node(job: dict[str, Any], *, timeout: float = 900) -> dict[str, Any]:
    """Run ``sitegen/pyodide_stdlib.mjs`` on ``job`` (see that file) and return its output."""
    node = shutil.which("node")
    if not node:
        raise FileNotFoundError("node is not on PATH: run scripts/setup.sh")
    if not (NODE_PYODIDE / "pyodide.mjs").exists():
        raise FileNotFoundError("node_modules/pyodide is missing: run scripts/setup.sh")
    job = {"pyodide_dir": str(NODE_PYODIDE) + os.sep, **job}
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
        json.dump(job, fh, ensure_ascii=False)
    try:
        proc = subprocess.run(
            [node, str(HELPER), fh.name], capture_output=True, text=True, timeout=timeout, cwd=ROOT
        )
    finally:
        os.unlink(fh.name)
    if proc.returncode != 0:
        raise RuntimeError(f"Pyodide under Node failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)


# -- the zip --------------------------------------------------------------------------------


def zip_pycs(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A deterministic zip of ``files`` (entry name -> bytes): entries sorted, a directory entry
    for every folder (as the stock zip has), fixed dates and modes."""
    names = set(files)
    for name in files:
        parts = name.split("/")[:-1]
        names |= {"/".join(parts[: i + 1]) + "/" for i in range(len(parts))}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o644 << 16
                info.compress_type = compression
                archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


@dataclass
class StdlibBuild:
    """A built library: its file name and bytes, and what it holds (``manifest``)."""

    name: str
    data: bytes
    manifest: dict[str, Any] = field(default_factory=dict)

    def write(self, out_dir: Path | str) -> Path:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / self.name).write_bytes(self.data)
        return out / self.name


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cache_root() -> Path:
    base = os.environ.get("SITEGEN_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "sitegen" / "pyodide-stdlib"


def _input_key(kind: str, steps: list[dict], packages: list[Package], extra: Any) -> str:
    h = hashlib.sha256()
    for part in (
        kind.encode(),
        (NODE_PYODIDE / "python_stdlib.zip").read_bytes(),
        (NODE_PYODIDE / "package.json").read_bytes(),
        HELPER.read_bytes(),
        Path(__file__).read_bytes(),
        json.dumps([steps, extra], sort_keys=True, ensure_ascii=False).encode(),
    ):
        h.update(_sha(part).encode())
    for package in packages:
        h.update(package.name.encode() + _sha(package.path.read_bytes()).encode())
    return h.hexdigest()[:24]


def _check_record(out: dict[str, Any]) -> None:
    if out["recorder_noise"]:
        raise RuntimeError(f"the recorder itself imported {out['recorder_noise']}")
    for name, step in out["steps"].items():
        if step["error"]:
            raise RuntimeError(f"scenario {name!r} failed in Pyodide:\n{step['error'][-3000:]}")
        if step["resources"]:
            raise RuntimeError(
                f"scenario {name!r} read data files from the standard library zip "
                f"{step['resources']}: a .pyc-only zip needs them added"
            )


def _attempted_entries(out: dict[str, Any], stock: set[str]) -> set[str]:
    """Zip entries of modules a scenario imported that were no longer in sys.modules at the end
    (seen by the audit hook only)."""
    found = set()
    for step in out["steps"].values():
        for module in step["attempts"]:
            base = module.replace(".", "/")
            for entry in (f"{base}/__init__.py", f"{base}.py"):
                if entry in stock:
                    found.add(entry)
                    break
    return found


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def _build(
    kind: str,
    groups: tuple[str, ...],
    base_groups: tuple[str, ...],
    out_dir: Path | None,
    wheel: Path | None,
    verify: bool,
    cache: bool,
    optimize: int,
) -> StdlibBuild:
    started = time.perf_counter()
    chosen = scenarios((*base_groups, *groups))
    with tempfile.TemporaryDirectory(prefix="pyodide-stdlib-") as tmp_name:
        tmp = Path(tmp_name)
        wheels = tmp / "wheels"
        packages = [engine_package(wheels, wheel)]
        if any(s.load for s in chosen):
            for package in xlsx_packages():
                packages.append(
                    Package(
                        package.name,
                        package.version,
                        Path(shutil.copy(package.path, wheels)),
                        package.imports,
                        package.depends,
                    )
                )
        steps = [s.to_step() for s in chosen]
        key = _input_key(kind, steps, packages, [groups, base_groups, optimize, verify])
        cached = _cache_root() / key
        if cache and (cached / "manifest.json").exists():
            manifest = json.loads((cached / "manifest.json").read_text(encoding="utf-8"))
            result = StdlibBuild(
                manifest["name"], (cached / manifest["name"]).read_bytes(), manifest
            )
            result.manifest["cached"] = True
            if out_dir is not None:
                result.write(out_dir)
            return result

        with zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as stock_zip:
            stock_sizes = {
                i.filename: i.file_size for i in stock_zip.infolist() if i.filename.endswith(".py")
            }
        stock = set(stock_sizes)
        stock_bytes = sum(stock_sizes.values())
        job = {
            "stdlib": None,
            "packages": [p.to_job() for p in packages],
            "preload": ["selfcheck"],
            "record": True,
            "steps": steps,
        }
        # Record (stock library), then compile what was recorded in a fresh Pyodide.
        record = run_node({**job, "compile": None})
        _check_record(record)
        # module -> (zip entry, the scenario that first imported it)
        found = {m: (e, "startup") for m, e in record["startup"].items()}
        for step_name, step in record["steps"].items():
            for module, entry in step["modules"].items():
                found.setdefault(module, (entry, step_name))
        entries: dict[str, str] = {}
        for entry, by in found.values():
            entries.setdefault(entry, by)
        for entry in sorted(_attempted_entries(record, stock) - set(entries)):
            entries[entry] = "audit"
        group_of = {s.name: s.group for s in chosen} | {"startup": BASE_GROUP, "audit": BASE_GROUP}
        if kind == "supplement":
            keep = {e for e, by in entries.items() if group_of[by] not in base_groups}
        else:
            keep = set(entries)
        pyc_dir = tmp / "pyc"
        pyc_dir.mkdir()
        compiled = run_node(
            {
                "stdlib": None,
                "packages": [],
                "preload": [],
                "record": False,
                "steps": [],
                "compile": {"entries": sorted(keep), "out_dir": str(pyc_dir), "optimize": optimize},
            }
        )
        files = {e + "c": (pyc_dir / (e + "c")).read_bytes() for e in sorted(keep)}
        data = zip_pycs(files)
        digest = _sha(data)
        prefix = "python_stdlib" if kind == "library" else "python_stdlib-" + "-".join(groups)
        name = f"{prefix}-{digest[:12]}.zip"
        manifest = {
            "name": name,
            "sha256": digest,
            "kind": kind,
            "groups": list(groups),
            "base_groups": list(base_groups),
            "python": record["python"].split()[0],
            "magic": compiled["magic"],
            "pyodide": json.loads((NODE_PYODIDE / "package.json").read_text())["version"],
            "modules": {
                m: {"entry": e, "by": by, "group": group_of[by]}
                for m, (e, by) in sorted(found.items())
                if e in keep
            },
            "audit_only": sorted(e for e, s in entries.items() if s == "audit"),
            "entries": len(files),
            "sizes": {
                "zip": len(data),
                "zip_gzip": _gzip_size(data),
                "pyc_total": sum(len(v) for v in files.values()),
                "source_total": sum(stock_sizes[e] for e in keep),
                "stock_zip": (NODE_PYODIDE / "python_stdlib.zip").stat().st_size,
                "stock_zip_gzip": _gzip_size((NODE_PYODIDE / "python_stdlib.zip").read_bytes()),
                "stock_sources": stock_bytes,
                "stock_modules": len(stock),
            },
            "timings_ms": {
                "record_boot": round(record["boot_ms"]),
                "steps": {n: round(s["ms"]) for n, s in record["steps"].items()},
                "compile": round(compiled["compile_ms"]),
            },
        }
        if verify:
            library = tmp / name
            library.write_bytes(data)
            vjob = dict(job)
            if kind == "supplement":
                base = _build("library", base_groups, (), None, wheel, verify, cache, optimize)
                (tmp / base.name).write_bytes(base.data)
                vjob.update(stdlib=str(tmp / base.name), supplements=[str(library)])
            else:
                vjob.update(stdlib=str(library))
            again = run_node(vjob)
            _check_record(again)
            differ = [
                n
                for n in record["steps"]
                if again["steps"][n]["result"] != record["steps"][n]["result"]
            ]
            if differ:
                raise RuntimeError(
                    f"with the trimmed library, scenarios {differ} give results "
                    "that differ from the stock library's"
                )
            manifest["timings_ms"]["verify_boot"] = round(again["boot_ms"])
        manifest["build_seconds"] = round(time.perf_counter() - started, 1)
        result = StdlibBuild(name, data, manifest)
        if cache:
            staging = cached.with_name(cached.name + f".tmp{os.getpid()}")
            result.write(staging)
            (staging / "manifest.json").write_text(
                json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8"
            )
            try:
                staging.replace(cached)  # atomic; another process may have got there first
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
        result.manifest["cached"] = False
        if out_dir is not None:
            result.write(out_dir)
        return result


def build_stdlib(
    out_dir: Path | str | None = None,
    groups: Iterable[str] = DEFAULT_GROUPS,
    *,
    wheel: Path | None = None,
    verify: bool = True,
    cache: bool = True,
    optimize: int = 0,
) -> StdlibBuild:
    """Build the trimmed, precompiled standard library for ``groups`` of scenarios.

    ``wheel``: the engine wheel the site ships (default: built by ``sitegen/widget/wheel.py``).
    ``verify``: boot once more on the result and require the stock library's results.
    Writes ``python_stdlib-<hash>.zip`` into ``out_dir`` when given; returns the build (name,
    bytes, manifest). Pass the file as ``stdLibURL`` to ``loadPyodide``.
    """
    groups = tuple(dict.fromkeys([BASE_GROUP, *groups]))
    return _build(
        "library", groups, (), Path(out_dir) if out_dir else None, wheel, verify, cache, optimize
    )


def build_supplement(
    out_dir: Path | str | None = None,
    groups: Iterable[str] = ("xlsx",),
    *,
    base_groups: Iterable[str] = (BASE_GROUP,),
    wheel: Path | None = None,
    verify: bool = True,
    cache: bool = True,
    optimize: int = 0,
) -> StdlibBuild:
    """The modules that ``groups`` import beyond the library of ``base_groups``, as a zip of
    ``.pyc`` to put on ``sys.path`` when the feature is first used (``pyodide.FS.writeFile`` the
    zip, ``sys.path.append`` its path, ``importlib.invalidate_caches()``)."""
    base = tuple(dict.fromkeys([BASE_GROUP, *base_groups]))
    groups = tuple(g for g in dict.fromkeys(groups) if g not in base)
    return _build(
        "supplement",
        groups,
        base,
        Path(out_dir) if out_dir else None,
        wheel,
        verify,
        cache,
        optimize,
    )


# -- measuring ------------------------------------------------------------------------------


def measure_boot(library: Path, runs: int = 3, wheel: Path | None = None) -> dict[str, Any]:
    """Boot time under Node (loadPyodide with the engine wheel in the lock, then ``import
    selfcheck`` and one evaluation), stock library against ``library``, alternating; medians."""
    import statistics

    with tempfile.TemporaryDirectory(prefix="pyodide-boot-") as tmp:
        package = engine_package(Path(tmp), wheel)
        step = {
            "name": "first-answer",
            "load": [],
            "data": None,
            "code": (
                "import selfcheck\nRESULT = selfcheck.evaluate_json('{\"employees\": 300}', 'en', "
                "'2026-01-05')[:20]"
            ),
        }
        figures: dict[str, list[float]] = {"stock": [], "trimmed": []}
        first: dict[str, list[float]] = {"stock": [], "trimmed": []}
        for _ in range(runs):
            for label, stdlib in (("stock", None), ("trimmed", str(library))):
                out = run_node(
                    {
                        "stdlib": stdlib,
                        "packages": [package.to_job()],
                        "preload": ["selfcheck"],
                        "record": False,
                        "steps": [step],
                    }
                )
                figures[label].append(out["boot_ms"])
                first[label].append(out["boot_ms"] + out["steps"]["first-answer"]["ms"])
    return {
        label: {
            "boot_ms": round(statistics.median(figures[label])),
            "first_answer_ms": round(statistics.median(first[label])),
            "runs": [round(x) for x in figures[label]],
        }
        for label in figures
    }


def describe(build: StdlibBuild) -> str:
    """A few lines on what a build holds."""
    m = build.manifest
    s = m["sizes"]
    by_group: dict[str, int] = {}
    for info in m["modules"].values():
        by_group[info["group"]] = by_group.get(info["group"], 0) + 1
    return "\n".join(
        [
            f"{build.name}: {m['entries']} modules (.pyc, magic {m['magic']}, Python {m['python']}, "
            f"Pyodide {m['pyodide']}) by group {by_group}",
            f"  zip {s['zip']:,} B, gzip {s['zip_gzip']:,} B; their sources {s['source_total']:,} B",
            f"  stock python_stdlib.zip {s['stock_zip']:,} B, gzip {s['stock_zip_gzip']:,} B, "
            f"{s['stock_modules']} modules",
            f"  build {m.get('build_seconds')} s{' (cached)' if m.get('cached') else ''}; "
            f"timings {m['timings_ms']}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m sitegen.pyodide_stdlib", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument(
        "--groups",
        default=",".join(DEFAULT_GROUPS),
        help="scenario groups in the library (default: %(default)s)",
    )
    parser.add_argument(
        "--supplement", default="", help="also build these groups as a separate add-on zip"
    )
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--measure", action="store_true", help="print boot times under Node")
    args = parser.parse_args(argv)
    build = build_stdlib(
        args.out_dir, [g for g in args.groups.split(",") if g], cache=not args.no_cache
    )
    (args.out_dir / (build.name[:-4] + ".json")).write_text(
        json.dumps(build.manifest, indent=1, sort_keys=True), encoding="utf-8"
    )
    print(describe(build))
    if args.supplement:
        extra = build_supplement(
            args.out_dir,
            args.supplement.split(","),
            base_groups=[g for g in args.groups.split(",") if g],
            cache=not args.no_cache,
        )
        print(describe(extra))
    if args.measure:
        print(json.dumps(measure_boot(args.out_dir / build.name), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
