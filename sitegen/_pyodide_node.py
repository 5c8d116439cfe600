"""Pyodide under Node for the trimmed standard library (:mod:`sitegen.pyodide_stdlib`): the paths
and constants, the wheels a run lists (the engine, the pinned spreadsheet wheels), running the
helper ``sitegen/pyodide_stdlib.mjs`` and the deterministic zip."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
HELPER = Path(__file__).resolve().parent / "pyodide_stdlib.mjs"
CASES_DIR = ROOT / "tests" / "cases"
AS_OF = "2026-01-05"
#: Fixed date of every zip entry (the earliest a zip can hold): same inputs, same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: The groups in the library by default. ``engine`` is start-up plus everything the self-check
#: does (144 modules, 1.42 MB zipped); ``xlsx`` adds what openpyxl needs (7 modules: decimal,
#: mimetypes, numbers, xml.etree; +61 KB, 4 %), small enough to ship in the one zip.
DEFAULT_GROUPS = ("engine", "xlsx")
BASE_GROUP = "engine"


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
