"""A Python standard library made for the engine: recorded by running, precompiled by Pyodide.

Pyodide 314 writes the zip it is given as ``stdLibURL`` unchanged into its file system as
``/lib/python314.zip`` (on ``sys.path``; ``sys._stdlib_dir``): modules are imported from it by
``zipimport``, not unpacked. The stock ``python_stdlib.zip`` holds 559 ``.py`` files that a
reader's phone compiles on import. The site ships this replacement instead, holding only what
start-up, the engine and the spreadsheet feature import, as ``.pyc``:

1. **Record** (``runner.mjs`` under Node): boot the pinned Pyodide the way the browser does (an
   inline lock file listing the engine wheel, ``packages: ["selfcheck"]``) with the stock library,
   then run the scenarios of :mod:`._scenarios` one after another (every module of the engine but
   its command line imported; every YAML case of ``examples/cases/``, the Markdown download, the batch
   CSV path, every error the worker can answer and ``info``, all through ``selfcheck.handle``; and
   openpyxl writing and reading workbooks through ``selfcheck.xlsx``). After start-up and after
   each scenario every module that ``zipimport`` loaded from the zip is recorded; an audit hook
   catches imports that left ``sys.modules`` again, and a wrapper of ``zipimporter.get_data``
   fails the build if a data file is read from the zip.
2. **Compile** the recorded files in that same Pyodide (Python 3.14: the magic number matches)
   into unchecked hash-based ``.pyc`` (no source is shipped, nothing is re-validated), with
   ``co_filename`` the stock path (tracebacks name the same file).
3. **Zip** deterministically (sorted, dated 1980-01-01, mode 0644), named by content:
   ``python_stdlib-<sha256[:12]>.zip``.
4. **Verify**: boot again on the new zip only, run every scenario again, require the stock
   library's results; any difference fails the build.

The scenarios use the repository's engine (``selfcheck/`` with its checked-in policy bundle), so
the library depends on the engine's code, not on which copy of ``policy/`` a site is built from.
The result is cached by a hash of every input (the stock zip, the runtime version, this package's
code, the scenarios and their data, the wheels) under ``$SITEGEN_CACHE`` or ``$XDG_CACHE_HOME``
(default ``~/.cache``) ``/sitegen/pyodide-stdlib/``: a cold build takes 15-25 s on 2 shared cores
(three Pyodide boots under Node), a cached one milliseconds; parallel builds wait for one another.

``python -m sitegen.widget.stdlib OUT_DIR [--measure]`` builds it by hand and says what it holds.
:func:`precompile_wheel` does the same for the engine wheel's own modules (``_pyc.py``).
"""

from ._build import (
    DEFAULT_GROUPS,
    ZIP_DATE,
    StdlibBuild,
    build_stdlib,
    cache_root,
    describe,
    gzip_cache,
    zip_pycs,
)
from ._measure import measure_boot
from ._node import NODE_PYODIDE, pyodide_version, run_node
from ._pyc import precompile_wheel
from ._scenarios import (
    AS_OF,
    CASES_DIR,
    SCENARIOS,
    Scenario,
    engine_modules,
    resolve_cases,
    scenarios,
)
from ._wheels import (
    XLSX_WHEELS,
    Package,
    engine_package,
    wheels_dir,
    xlsx_package_names,
    xlsx_packages,
)

__all__ = [
    "AS_OF",
    "CASES_DIR",
    "DEFAULT_GROUPS",
    "NODE_PYODIDE",
    "SCENARIOS",
    "XLSX_WHEELS",
    "ZIP_DATE",
    "Package",
    "Scenario",
    "StdlibBuild",
    "build_stdlib",
    "cache_root",
    "gzip_cache",
    "describe",
    "engine_modules",
    "engine_package",
    "measure_boot",
    "precompile_wheel",
    "pyodide_version",
    "resolve_cases",
    "run_node",
    "scenarios",
    "wheels_dir",
    "xlsx_package_names",
    "xlsx_packages",
    "zip_pycs",
]
