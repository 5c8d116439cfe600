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

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from ._pyodide_build import StdlibBuild, build_stdlib, build_supplement
from ._pyodide_node import (
    AS_OF,
    BASE_GROUP,
    CASES_DIR,
    DEFAULT_GROUPS,
    HELPER,
    NODE_PYODIDE,
    ROOT,
    XLSX_WHEELS,
    ZIP_DATE,
    Package,
    engine_package,
    run_node,
    wheels_dir,
    xlsx_packages,
    zip_pycs,
)
from ._pyodide_scenarios import CLI_ONLY_ERRORS, SCENARIOS, Scenario, resolve_cases, scenarios

__all__ = [
    "AS_OF",
    "BASE_GROUP",
    "CASES_DIR",
    "CLI_ONLY_ERRORS",
    "DEFAULT_GROUPS",
    "HELPER",
    "NODE_PYODIDE",
    "ROOT",
    "SCENARIOS",
    "XLSX_WHEELS",
    "ZIP_DATE",
    "Package",
    "Scenario",
    "StdlibBuild",
    "build_stdlib",
    "build_supplement",
    "describe",
    "engine_package",
    "measure_boot",
    "resolve_cases",
    "run_node",
    "scenarios",
    "wheels_dir",
    "xlsx_packages",
    "zip_pycs",
]


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
