"""The engine and the runtime the self-check page loads: built once per site build.

- The engine: ``selfcheck`` built into a pure wheel (:mod:`sitegen.widget.wheel`, the builder the
  Pyodide tests use too) with the policy bundle generated from the same ``policy/`` the pages come
  from and its modules precompiled by Pyodide (``__pycache__``, see stdlib/_pyc.py), beside the pinned spreadsheet wheels (openpyxl, et-xmlfile: loaded only when a reader opens
  an .xlsx file, ``pyodide.loadPackage("openpyxl")``), under
  ``assets/selfcheck-engine/<sha256[:12]>/`` (content-addressed: cacheable for a year).
- The lock: a Pyodide lock file listing only those wheels (the stock one lists 357 packages that
  are not shipped), small enough to go inline into the page (``lockFileContents``): no request.
- The runtime: the pinned Pyodide core copied from ``node_modules/pyodide`` and the trimmed,
  precompiled standard library (:mod:`sitegen.widget.stdlib`, named by its content) in
  ``assets/pyodide/<version>/`` (shared by both languages; the stock ``python_stdlib.zip`` and
  ``pyodide-lock.json`` are not shipped).

Both folders sit at the site root, beside ``zh/`` and ``en/``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykit import bundle_json

from .._deploy import served_size
from .stdlib import (
    NODE_PYODIDE,
    StdlibBuild,
    build_stdlib,
    gzip_cache,
    precompile_wheel,
    pyodide_version,
    xlsx_packages,
)
from .wheel import ROOT, project_version, wheel_bytes

__all__ = [
    "ENGINE_DIR",
    "NODE_PYODIDE",
    "PYODIDE_DIR",
    "PYODIDE_FILES",
    "ROOT",
    "Engine",
    "build_engine",
    "download_sizes",
    "engine_urls",
    "install_runtime",
    "minimal_lock",
    "pyodide_version",
]

#: The core files the browser needs from the npm package (the library is the trimmed one).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
#: Relative to the site root (the folder that holds both languages).
PYODIDE_DIR = "assets/pyodide"
ENGINE_DIR = "assets/selfcheck-engine"


@dataclass(frozen=True)
class Engine:
    """The built engine: the wheels by file name (the engine's first), the inline lock file,
    a digest of both (the engine folder's name) and the trimmed standard library."""

    wheel_name: str
    wheel: bytes
    lock: str
    digest: str
    stdlib: StdlibBuild
    extra_wheels: tuple[tuple[str, bytes], ...] = ()

    @property
    def wheels(self) -> dict[str, bytes]:
        return {self.wheel_name: self.wheel, **dict(self.extra_wheels)}


def _entry(name: str, version: str, file_name: str, data: bytes, imports, depends) -> dict:
    return {
        "name": name,
        "version": version,
        "file_name": file_name,
        "install_dir": "site",
        "sha256": hashlib.sha256(data).hexdigest(),
        "package_type": "package",
        "imports": list(imports),
        "depends": list(depends),
        "unvendored_tests": False,
        "tool": {},
    }


def minimal_lock(wheel_name: str, wheel: bytes, version: str, extra=()) -> str:
    """A Pyodide lock file that lists only the engine wheel and ``extra`` packages (the
    :class:`~sitegen.widget.stdlib.Package` of each shipped wheel), as compact JSON. ``info`` is
    copied from the stock lock so the runtime accepts it."""
    stock = json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages = {"selfcheck": _entry("selfcheck", version, wheel_name, wheel, ["selfcheck"], [])}
    for package in extra:
        data = package.path.read_bytes()
        packages[package.name] = _entry(
            package.name,
            package.version,
            package.path.name,
            data,
            package.imports,
            package.depends,
        )
    lock = {"info": stock["info"], "packages": packages}
    return json.dumps(lock, sort_keys=True, separators=(",", ":"))


def build_engine(policy: dict[str, Any]) -> Engine:
    """Build the engine wheel (with the bundle of ``policy``, its modules precompiled by
    Pyodide), its lock file and the library."""
    name, wheel = wheel_bytes(ROOT, bundle_json(policy))
    wheel = precompile_wheel(wheel)
    extra = xlsx_packages()
    lock = minimal_lock(name, wheel, project_version(ROOT), extra)
    wheels = tuple((p.path.name, p.path.read_bytes()) for p in extra)
    digest = hashlib.sha256(
        wheel + lock.encode() + b"".join(data for _, data in wheels)
    ).hexdigest()[:12]
    return Engine(name, wheel, lock, digest, build_stdlib(), wheels)


def download_sizes(engine: Engine, cache: Path | None = None) -> dict[str, list[int]]:
    """What a first visit of the self-check downloads, by file name: ``[bytes, bytes served]``
    (the build's ``.br`` where it writes one, as the shipped nginx configuration sends them over
    HTTPS). The
    page states the total ("about 5.4 MB") and shows the download's progress in these bytes."""
    files = {name: (NODE_PYODIDE / name).read_bytes() for name in PYODIDE_FILES}
    files[engine.stdlib.name] = engine.stdlib.data
    files[engine.wheel_name] = engine.wheel
    cache = gzip_cache() if cache is None else cache
    return {name: [len(data), served_size(name, data, cache)] for name, data in files.items()}


def engine_urls(engine: Engine, version: str) -> dict[str, str]:
    """What the self-check page passes to the worker, the URLs relative to a language's root:
    ``pyodide`` (indexURL), ``stdlib`` (stdLibURL), ``engine`` (packageBaseUrl), ``lock`` (the
    lock file's JSON text, which the page carries inline) and ``sizes`` (:func:`download_sizes`,
    as JSON text)."""
    return {
        "pyodide": f"../{PYODIDE_DIR}/{version}/",
        "stdlib": f"../{PYODIDE_DIR}/{version}/{engine.stdlib.name}",
        "engine": f"../{ENGINE_DIR}/{engine.digest}/",
        "lock": engine.lock,
        "sizes": json.dumps(download_sizes(engine), sort_keys=True, separators=(",", ":")),
    }


def install_runtime(site_root: Path, engine: Engine) -> list[Path]:
    """Copy the Pyodide core, write the library and the wheels under ``site_root``; returns the
    files written."""
    target = site_root / PYODIDE_DIR / pyodide_version()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PYODIDE_FILES:
        shutil.copyfile(NODE_PYODIDE / name, target / name)
        written.append(target / name)
    written.append(engine.stdlib.write(target))
    engine_dir = site_root / ENGINE_DIR / engine.digest
    engine_dir.mkdir(parents=True, exist_ok=True)
    for name, data in engine.wheels.items():
        (engine_dir / name).write_bytes(data)
        written.append(engine_dir / name)
    return written
