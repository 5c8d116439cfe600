"""Building the trimmed standard library (:mod:`sitegen.pyodide_stdlib`): record, compile, zip,
verify, cached by a hash of every input."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._pyodide_node import (
    BASE_GROUP,
    DEFAULT_GROUPS,
    HELPER,
    NODE_PYODIDE,
    Package,
    engine_package,
    run_node,
    xlsx_packages,
    zip_pycs,
)
from ._pyodide_scenarios import scenarios


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
        *(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*pyodide_*.py"))),
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
