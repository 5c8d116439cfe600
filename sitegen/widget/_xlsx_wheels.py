"""The two wheels the self-check page loads only when a reader picks an .xlsx file or asks for the
.xlsx template: openpyxl and et-xmlfile, pure Python, pinned by SHA-256 (``XLSX_WHEELS`` of
:mod:`sitegen.pyodide_stdlib`, downloaded by ``scripts/setup.sh``), shipped beside the engine
wheel and listed in the engine's minimal lock file, so that ``pyodide.loadPackage(["openpyxl"])``
in the worker fetches them from the site itself and checks their digests. Nothing loads them at
start-up: the lock file lists them, ``loadPyodide`` asks only for ``selfcheck``.

:func:`xlsx_wheels` gives the files; :func:`lock_entries` their entries for the lock file.
``sitegen/widget/_engine.py`` adds both to what it builds (``build_engine``, ``minimal_lock``,
``install_runtime``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pyodide_stdlib import xlsx_packages


@dataclass(frozen=True)
class XlsxWheel:
    """One wheel: its lock-file name (``openpyxl``, ``et-xmlfile``), version, file name, bytes,
    SHA-256, the modules it provides and the packages it needs."""

    name: str
    version: str
    file_name: str
    data: bytes
    sha256: str
    imports: tuple[str, ...]
    depends: tuple[str, ...]


def xlsx_wheels(folder: Path | None = None) -> tuple[XlsxWheel, ...]:
    """The pinned wheels, read and checked (a missing or changed wheel is an error that says how
    to get it: ``bash scripts/setup.sh``)."""
    wheels = []
    for package in xlsx_packages(folder):
        data = package.path.read_bytes()
        wheels.append(
            XlsxWheel(
                package.name,
                package.version,
                package.path.name,
                data,
                hashlib.sha256(data).hexdigest(),
                tuple(package.imports),
                tuple(package.depends),
            )
        )
    return tuple(wheels)


def lock_entries(wheels: tuple[XlsxWheel, ...]) -> dict[str, dict[str, Any]]:
    """The wheels as entries of a Pyodide lock file (``packages``), by name."""
    return {
        w.name: {
            "name": w.name,
            "version": w.version,
            "file_name": w.file_name,
            "install_dir": "site",
            "sha256": w.sha256,
            "package_type": "package",
            "imports": list(w.imports),
            "depends": list(w.depends),
            "unvendored_tests": False,
            "tool": {},
        }
        for w in wheels
    }
