"""The trimmed standard library (sitegen/pyodide_stdlib.py) is enough for everything the page does.

The library is built as the site builds it (recorded in Pyodide under Node, compiled to .pyc by
that Pyodide, zipped; cached by the hash of every input). Then Pyodide boots under Node with
``stdLibURL`` pointing at it (the stock ``python_stdlib.zip`` is never loaded), loads the engine
wheel through an inline lock file as the page does, and runs every scenario: every YAML case, the
Markdown and text renderers, the batch bridge, every validation error, ``engine_info`` and the
openpyxl round trip. Each result must equal what CPython gives for the same code, so a module
missing from the library fails here, not in a visitor's browser.

Figures (boot time stock vs trimmed under Node, sizes) are printed by ``test_print_figures``
(see them with ``-rP``, or ``python -m sitegen.pyodide_stdlib OUT --measure``).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sitegen.pyodide_stdlib import (
    CLI_ONLY_ERRORS,
    DEFAULT_GROUPS,
    NODE_PYODIDE,
    ZIP_DATE,
    build_stdlib,
    engine_package,
    measure_boot,
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
    packages = [engine_package(wheels)]
    for package in xlsx_packages():
        target = wheels / package.path.name
        target.write_bytes(package.path.read_bytes())
        packages.append(
            package.__class__(
                package.name, package.version, target, package.imports, package.depends
            )
        )
    steps = [s.to_step() for s in SCENARIOS.values()]
    return run_node(
        {
            "stdlib": str(path),
            "packages": [p.to_job() for p in packages],
            "preload": ["selfcheck"],
            "record": True,
            "steps": steps,
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
        magic = {archive.read(n)[:4].hex() for n in files}
    assert magic == {build.manifest["magic"]}
    assert trimmed_run["python"].startswith("3.14")
    assert build.name == f"python_stdlib-{build.manifest['sha256'][:12]}.zip"
    assert len(files) == build.manifest["entries"] < 200


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
    with zipfile.ZipFile(__import__("io").BytesIO(one)) as archive:
        assert archive.namelist() == ["a.pyc", "b/", "b/__init__.pyc", "b/c.pyc"]


# -- results equal CPython's ----------------------------------------------------------------


def test_the_scenarios_run_every_yaml_case():
    assert resolve_cases() == [{k: c[k] for k in ("id", "json", "lang", "as_of")} for c in CASES]


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


def test_engine_info_names_pyodides_python(trimmed_run):
    info = trimmed_run["steps"]["info"]["result"]
    assert info["python"].startswith("3.14") and info["platform"] == "emscripten"


def test_the_validation_scenario_meets_every_error_the_browser_can_meet():
    from selfcheck._policy import policy

    kinds = set(policy().messages["validation"]) - CLI_ONLY_ERRORS
    covered = set(_cpython("validation"))
    aliases = {"json_too_deep": "json_deep_5000"}  # see the next test
    assert {k for k in kinds if aliases.get(k, k) not in covered} == set()


def test_deeply_nested_answers_give_the_same_error_as_cpython(trimmed_run):
    # Pyodide 314's json decoder raises no RecursionError before the JavaScript stack overflows
    # (from about 6,000 levels the interpreter dies): the engine measures the nesting before
    # json.loads (selfcheck/_limits.py), so both answer the same refusal.
    got = trimmed_run["steps"]["validation"]["result"]["json_deep_5000"]
    assert got == _cpython("validation")["json_deep_5000"]
    assert "嵌套" in got["errors"][0]["zh"]


# -- figures (printed, not asserted) --------------------------------------------------------


def test_print_figures(library):
    build, path = library
    stock = NODE_PYODIDE / "python_stdlib.zip"
    boot = measure_boot(path, runs=3)
    sizes = build.manifest["sizes"]
    groups: dict[str, int] = {}
    for info in build.manifest["modules"].values():
        groups[info["group"]] = groups.get(info["group"], 0) + 1
    print(
        f"\ntrimmed {build.name}: {build.manifest['entries']} .pyc ({groups}), "
        f"{path.stat().st_size:,} B raw, {len(gzip.compress(path.read_bytes(), 9)):,} B gzip; "
        f"their sources {sizes['source_total']:,} B\n"
        f"stock python_stdlib.zip: {sizes['stock_modules']} .py, {stock.stat().st_size:,} B raw, "
        f"{len(gzip.compress(stock.read_bytes(), 9)):,} B gzip\n"
        f"Node boot (loadPyodide with the engine in the lock), median of 3: stock "
        f"{boot['stock']['boot_ms']} ms, trimmed {boot['trimmed']['boot_ms']} ms; first answer "
        f"stock {boot['stock']['first_answer_ms']} ms, trimmed "
        f"{boot['trimmed']['first_answer_ms']} ms; runs {boot}\n"
        f"build {build.manifest.get('build_seconds')} s"
        f"{' (from the cache)' if build.manifest.get('cached') else ''}"
    )
