"""The trimmed standard library (sitegen/widget/stdlib) is enough for everything the page does.

The library is built as the site builds it (recorded in Pyodide under Node, compiled to .pyc by
that Pyodide, zipped; cached by the hash of every input). Then Pyodide boots under Node with
``stdLibURL`` pointing at it (the stock ``python_stdlib.zip`` is never loaded), loads the engine
wheel through an inline lock file as the page does, and runs every scenario: every module of the
engine imported, every YAML case, the Markdown download, the batch path, the errors the worker can
answer, ``info`` and the openpyxl round trip through ``selfcheck.xlsx``, all through
``selfcheck.handle``. Each result must equal what CPython gives for the same code, so a module
missing from the library fails here, not in a visitor's browser.

Figures (sizes; boot time stock against trimmed under Node) are printed by
``python -m sitegen.widget.stdlib OUT --measure``, not measured here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from sitegen.widget.stdlib import (
    CASES_DIR,
    DEFAULT_GROUPS,
    NODE_PYODIDE,
    ZIP_DATE,
    build_stdlib,
    describe,
    engine_modules,
    engine_package,
    resolve_cases,
    run_node,
    scenarios,
    xlsx_packages,
    zip_pycs,
)

from ._cases import CASES, problems

pytestmark = pytest.mark.pyodide
ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {s.name: s for s in scenarios(DEFAULT_GROUPS)}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    out = tmp_path_factory.mktemp("stdlib")
    build = build_stdlib(out)
    return build, out / build.name


@pytest.fixture(scope="module")
def trimmed_run(library, tmp_path_factory) -> dict:
    """Every scenario in Pyodide booted on the trimmed library only."""
    _, path = library
    wheels = tmp_path_factory.mktemp("wheels")
    packages = [engine_package(wheels)] + [p.copied_to(wheels) for p in xlsx_packages()]
    return run_node(
        {
            "stdlib": str(path),
            "packages": [p.to_job() for p in packages],
            "preload": ["selfcheck"],
            "record": True,
            "steps": [s.to_step() for s in SCENARIOS.values()],
        }
    )


def _cpython(name: str):
    """RESULT of scenario ``name`` in this CPython (openpyxl from its wheels, in a subprocess)."""
    scenario = SCENARIOS[name]
    data = json.loads(json.dumps(scenario.to_step()["data"], ensure_ascii=False))
    if not scenario.load:
        namespace = {"DATA": data}
        exec(compile(scenario.code, f"<scenario {name}>", "exec"), namespace)  # noqa: S102
        return json.loads(json.dumps(namespace["RESULT"], ensure_ascii=False))
    wheels = [str(p.path) for p in xlsx_packages()]
    program = (
        "import json, sys\n"
        "sys.path[:0] = json.loads(sys.argv[1])\n"
        "namespace = {'DATA': json.loads(sys.stdin.read())}\n"
        "exec(compile(sys.argv[2], '<scenario>', 'exec'), namespace)\n"
        "print(json.dumps(namespace['RESULT'], ensure_ascii=False))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program, json.dumps(wheels), scenario.code],
        input=json.dumps(data, ensure_ascii=False),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _without(result: dict, keys) -> dict:
    return {k: v for k, v in result.items() if k not in keys}


# -- the library itself ---------------------------------------------------------------------


def test_the_library_is_precompiled_python_314_and_holds_no_source(library, trimmed_run):
    build, path = library
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert all(i.date_time == ZIP_DATE for i in infos)
        files = [n for n in names if not n.endswith("/")]
        assert files and all(n.endswith(".pyc") for n in files)
        # Stored: the server compresses the whole file, zipimport inflates nothing.
        assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
        magic = {archive.read(n)[:4].hex() for n in files}
    assert magic == {build.manifest["magic"]}
    assert trimmed_run["python"].startswith("3.14")
    assert build.name == f"python_stdlib-{build.manifest['sha256'][:12]}.zip"
    with zipfile.ZipFile(NODE_PYODIDE / "python_stdlib.zip") as stock:
        stock_modules = [n for n in stock.namelist() if n.endswith(".py")]
    assert len(files) == build.manifest["entries"] < len(stock_modules) / 3


def test_the_spreadsheet_modules_are_in_the_one_library(library):
    build, _ = library
    groups = {info["group"] for info in build.manifest["modules"].values()}
    assert groups == {"engine", "xlsx"}
    assert {"xml.etree.ElementTree", "zipfile"} <= set(build.manifest["modules"])


def test_the_library_holds_no_command_line(library):
    # The page never runs the command line: neither argparse nor the engine's CLI reaches a reader.
    build, path = library
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert [n for n in names if n.split("/")[0].removesuffix(".pyc") == "argparse"] == []
    assert "argparse" not in build.manifest["modules"]


def test_pyodide_ran_on_the_trimmed_library_from_pyc(trimmed_run, library):
    build, _ = library
    assert trimmed_run["stdlib_dir"] == "/lib/python314.zip"
    loaded = dict(trimmed_run["startup"])
    for step in trimmed_run["steps"].values():
        loaded.update(step["modules"])
    # Every module came out of the .pyc zip (there is no .py to fall back on)...
    assert loaded and all(entry.endswith(".pyc") for entry in loaded.values())
    # ... and exactly the recorded ones were imported again.
    assert {m: e[:-1] for m, e in loaded.items()} == {
        m: info["entry"] for m, info in build.manifest["modules"].items()
    }


def test_no_scenario_failed_or_read_data_files(trimmed_run):
    assert {n: s["error"] for n, s in trimmed_run["steps"].items() if s["error"]} == {}
    assert {n: s["resources"] for n, s in trimmed_run["steps"].items() if s["resources"]} == {}


def test_zip_is_deterministic_whatever_the_order():
    files = {"b/c.pyc": b"1", "a.pyc": b"2", "b/__init__.pyc": b"3"}
    one = zip_pycs(files)
    assert one == zip_pycs(dict(reversed(list(files.items()))))
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        assert archive.namelist() == ["a.pyc", "b/", "b/__init__.pyc", "b/c.pyc"]


def test_a_second_build_comes_from_the_cache_with_the_same_bytes(library):
    build, _ = library
    again = build_stdlib()
    assert again.manifest["cached"] is True
    assert again.name == build.name and again.data == build.data
    assert "modules" in describe(again)


# -- results equal CPython's ----------------------------------------------------------------


def test_the_scenarios_run_every_yaml_case():
    ids = [
        case["id"]
        for path in sorted(CASES_DIR.glob("*.yaml"))
        if path.name != "profiles.yaml"
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    ]
    assert len(ids) > 50 and [c["id"] for c in resolve_cases()] == ids
    assert SCENARIOS["cases"].data is resolve_cases


def test_the_scenarios_import_every_module_of_the_engine_but_its_command_line():
    names = engine_modules()
    assert "selfcheck" in names and "selfcheck.xlsx" in names
    assert not [n for n in names if n.startswith(("selfcheck.cli", "selfcheck.__main__"))]
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "selfcheck").rglob("*.py")
    }
    command_line = {n for n in modules if n.startswith(("selfcheck.cli", "selfcheck.__main__"))}
    assert command_line >= {"selfcheck.cli", "selfcheck.__main__"}
    assert set(names) == modules - command_line


def test_every_case_gives_cpythons_report_on_the_trimmed_library(trimmed_run):
    results = trimmed_run["steps"]["cases"]["result"]
    assert sorted(results) == sorted(c["id"] for c in CASES)
    failing = {c["id"]: problems(results[c["id"]], c["expect"]) for c in CASES}
    assert {k: v for k, v in failing.items() if v} == {}
    assert results == _cpython("cases")


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "cases"])
def test_scenario_gives_cpythons_result_on_the_trimmed_library(trimmed_run, name):
    differs = SCENARIOS[name].differs
    got = trimmed_run["steps"][name]["result"]
    want = _cpython(name)
    if isinstance(got, dict):
        got, want = _without(got, differs), _without(want, differs)
    assert got == want


def test_the_xlsx_scenario_round_trips(trimmed_run):
    result = trimmed_run["steps"]["xlsx"]["result"]
    assert result["round_trip"] is True
    assert result["batch"]["ok"] is True and len(result["batch"]["rows"]) >= 4
    assert {v[0] for v in result["validations"]} == {"list", "whole", "decimal", "date"}
    assert result["write_only_rows"][0] == result["batch"]["header"]
    assert result["results"][0] == result["batch"]["header"]
    assert result["table"]["sheet"] == "answers"
    # As the page does it: the templates, a workbook through the chunked batch, results as .xlsx.
    assert set(result["templates"]) == {"zh", "en"} and all(result["templates"].values())
    chunked = result["chunked"]
    assert chunked["start"]["ok"] and chunked["chunks"][-1]["done"]
    assert len(chunked["xlsx_rows"]) > len(result["batch"]["rows"])


def test_the_batch_scenario_goes_through_the_pages_chunks(trimmed_run):
    result = trimmed_run["steps"]["batch"]["result"]
    files = [k for k in result if k.startswith("chunked/")]
    assert len(files) == 3
    for name in files:
        run = result[name]
        assert run["check"]["ok"] and run["start"]["ok"] and run["close"]["ok"], name
        assert run["chunks"] and run["chunks"][-1]["done"], name
        assert sum(len(c["rows"]) for c in run["chunks"]) >= 1, name
    assert result["too_large"]["ok"] is False and result["old_xls"]["ok"] is False
    assert all(t["ok"] and t["text"] for t in result["template"].values())


def test_the_read_scenario_reads_the_readers_words(trimmed_run):
    result = trimmed_run["steps"]["read"]["result"]
    data = SCENARIOS["read"].to_step()["data"]
    assert set(result["one"]) == set(data) and result["cells"]


def test_the_validation_scenario_meets_errors_and_the_routers_last_resort(trimmed_run):
    result = trimmed_run["steps"]["validation"]["result"]
    data = SCENARIOS["validation"].to_step()["data"]
    refused = [*data["answers"], "json_not_text", "markdown_error", "not_a_request", "unknown_op"]
    assert {k: result[k]["ok"] for k in refused} == dict.fromkeys(refused, False)
    assert all(result[k]["errors"][0]["zh"] and result[k]["errors"][0]["en"] for k in refused)
    assert "detail" in result["unknown_op"]["errors"][0]
    # A CSV file is refused as a whole (its header) or row by row (a short row is only a note).
    flawed = [k for k in data["csv"] if k != "csv_short_row"]

    def refused(run):
        rows = [r for chunk in run["chunks"] for r in chunk["rows"]]
        return run["start"]["ok"] is False or any(r["verdict"] == "error" for r in rows)

    assert [k for k in flawed if not refused(result[k])] == []
    assert not refused(result["csv_short_row"])


def test_engine_info_names_pyodides_python(trimmed_run):
    info = trimmed_run["steps"]["info"]["result"]
    assert info["python"].startswith("3.14") and info["platform"] == "emscripten"
