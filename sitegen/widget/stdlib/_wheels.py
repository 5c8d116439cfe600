"""The wheels a recording run lists in its inline lock file: the engine, and the pinned spreadsheet
wheels (openpyxl, et-xmlfile) that the page loads when a reader opens an .xlsx file."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..wheel import build_wheel, project_version

__all__ = [
    "XLSX_WHEELS",
    "Package",
    "engine_package",
    "wheels_dir",
    "xlsx_package_names",
    "xlsx_packages",
]


@dataclass(frozen=True)
class Package:
    """A wheel listed in the inline lock file of a run (as the site's lock lists the engine)."""

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

    def copied_to(self, folder: Path) -> Package:
        """The same package with its wheel copied into ``folder`` (a run's wheels share one)."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / self.path.name
        if self.path.resolve() != target.resolve():
            shutil.copyfile(self.path, target)
        return Package(self.name, self.version, target, self.imports, self.depends)


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


def xlsx_package_names() -> list[str]:
    """The spreadsheet packages the page asks the worker to load (their dependencies come with
    them, from the lock file)."""
    depends = {d for (_, _, _, deps, _) in XLSX_WHEELS.values() for d in deps}
    return [name for (name, *_) in XLSX_WHEELS.values() if name not in depends]


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


def engine_package(folder: Path) -> Package:
    """The engine wheel of the repository (``selfcheck/`` with its checked-in policy bundle),
    built into ``folder`` by :mod:`sitegen.widget.wheel`."""
    return Package("selfcheck", project_version(), build_wheel(folder), ("selfcheck",))
