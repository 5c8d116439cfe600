"""The engine and the runtime the self-check page loads: built once per site build.

- The engine: ``selfcheck`` built into a pure wheel (:mod:`sitegen.widget.wheel`, the builder the
  Pyodide tests use too) with the policy bundle generated from the same ``policy/`` the pages come
  from, next to a minimal Pyodide lock file that lists only that wheel, under
  ``assets/selfcheck-engine/<sha256[:12]>/`` (content-addressed: cacheable for a year).
- The runtime: the pinned Pyodide core copied from ``node_modules/pyodide`` into
  ``assets/pyodide/<version>/`` (shared by both languages).

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

from ._xlsx_wheels import XlsxWheel, lock_entries, xlsx_wheels
from .wheel import ROOT, project_version, wheel_bytes

NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
#: The core files the browser needs; the stock lock file (357 packages not shipped) is left out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: Relative to the site root (the folder that holds both languages).
PYODIDE_DIR = "assets/pyodide"
ENGINE_DIR = "assets/selfcheck-engine"


@dataclass(frozen=True)
class Engine:
    """The built engine: wheel file name and bytes, the minimal lock file, a content digest, and
    the spreadsheet wheels loaded on request (:mod:`._xlsx_wheels`)."""

    wheel_name: str
    wheel: bytes
    lock: str
    digest: str
    extra: tuple[XlsxWheel, ...] = ()


def pyodide_version() -> str:
    """The version of the npm runtime in node_modules (pinned in package.json)."""
    meta = NODE_PYODIDE / "package.json"
    if not meta.exists():
        raise FileNotFoundError(
            "node_modules/pyodide is missing: run `bash scripts/setup.sh` (npm ci) first"
        )
    return json.loads(meta.read_text(encoding="utf-8"))["version"]


def minimal_lock(
    wheel_name: str, wheel: bytes, version: str, extra: tuple[XlsxWheel, ...] = ()
) -> str:
    """A Pyodide lock file that lists only the engine wheel (the stock one lists 357 packages
    that are not shipped). ``info`` is copied from the stock lock so the runtime accepts it."""
    stock = json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock = {
        "info": stock["info"],
        "packages": {
            "selfcheck": {
                "name": "selfcheck",
                "version": version,
                "file_name": wheel_name,
                "install_dir": "site",
                "sha256": hashlib.sha256(wheel).hexdigest(),
                "package_type": "package",
                "imports": ["selfcheck"],
                "depends": [],
                "unvendored_tests": False,
                "tool": {},
            },
            **lock_entries(extra),
        },
    }
    return json.dumps(lock, indent=1, sort_keys=True) + "\n"


def build_engine(policy: dict[str, Any]) -> Engine:
    """Build the engine wheel (with the bundle of ``policy``) and its lock file."""
    name, wheel = wheel_bytes(ROOT, bundle_json(policy))
    extra = xlsx_wheels()
    lock = minimal_lock(name, wheel, project_version(ROOT), extra)
    digest = hashlib.sha256(wheel + lock.encode()).hexdigest()[:12]
    return Engine(name, wheel, lock, digest, extra)


def engine_urls(engine: Engine, version: str) -> dict[str, str]:
    """Where the runtime and the engine's lock file are, relative to a language's root."""
    return {
        "pyodide": f"../{PYODIDE_DIR}/{version}/",
        "lock": f"../{ENGINE_DIR}/{engine.digest}/pyodide-lock.json",
    }


def install_runtime(site_root: Path, engine: Engine) -> list[Path]:
    """Copy the Pyodide core and write the engine under ``site_root``; returns the files."""
    target = site_root / PYODIDE_DIR / pyodide_version()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PYODIDE_FILES:
        shutil.copyfile(NODE_PYODIDE / name, target / name)
        written.append(target / name)
    engine_dir = site_root / ENGINE_DIR / engine.digest
    engine_dir.mkdir(parents=True, exist_ok=True)
    (engine_dir / engine.wheel_name).write_bytes(engine.wheel)
    (engine_dir / "pyodide-lock.json").write_text(engine.lock, encoding="utf-8")
    for extra in engine.extra:
        (engine_dir / extra.file_name).write_bytes(extra.data)
    extras = [engine_dir / extra.file_name for extra in engine.extra]
    return [*written, engine_dir / engine.wheel_name, engine_dir / "pyodide-lock.json", *extras]
