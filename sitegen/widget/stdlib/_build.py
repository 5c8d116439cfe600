"""Record, compile, zip, verify: the trimmed standard library, cached by the hash of its inputs."""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._node import NODE_PYODIDE, RUNNER, pyodide_version, run_node
from ._scenarios import scenarios
from ._wheels import Package, engine_package, xlsx_packages

HERE = Path(__file__).resolve().parent
#: Fixed date of every zip entry (the earliest a zip can hold): same inputs, same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: The scenario groups in the library. ``engine`` is start-up plus everything the self-check does;
#: ``xlsx`` adds what openpyxl needs for the spreadsheet feature (a few modules, about 4 % more).
DEFAULT_GROUPS = ("engine", "xlsx")
BASE_GROUP = "engine"

__all__ = ["DEFAULT_GROUPS", "ZIP_DATE", "StdlibBuild", "build_stdlib", "describe", "zip_pycs"]


def zip_pycs(files: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    """A deterministic zip of ``files`` (entry name -> bytes): entries sorted, a directory entry
    for every folder (as the stock zip has), fixed dates and modes. Stored, not deflated: the
    server sends it gzip-compressed (smaller on the wire than deflated entries, 1.24 against
    1.31 MB) and ``zipimport`` then reads entries without inflating them in WebAssembly."""
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
                archive.writestr(info, files[name], compresslevel=9 if compression else None)
    return buffer.getvalue()


@dataclass
class StdlibBuild:
    """A built library: its file name (``python_stdlib-<sha256[:12]>.zip``), bytes, and what it
    holds (``manifest``: modules and the scenario that first imported each, sizes, timings)."""

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


def cache_root() -> Path:
    """``$SITEGEN_CACHE`` or ``$XDG_CACHE_HOME`` (default ``~/.cache``), ``sitegen/pyodide-stdlib``."""
    base = os.environ.get("SITEGEN_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "sitegen" / "pyodide-stdlib"


def gzip_cache() -> Path:
    """Beside :func:`cache_root`, ``sitegen/gzip``: large gzip and brotli results (the wasm, the
    library) kept by content hash, for the build's ``.gz`` and ``.br`` files and the page's
    download sizes."""
    return cache_root().parent / "gzip"


def _input_key(steps: list[dict], packages: list[Package], options: Any) -> str:
    """A hash of everything the library depends on: the stock zip and runtime version, this
    package's code (the runner included), the scenarios with their data, the wheels."""
    h = hashlib.sha256()
    parts = [
        (NODE_PYODIDE / "python_stdlib.zip").read_bytes(),
        (NODE_PYODIDE / "package.json").read_bytes(),
        *(p.read_bytes() for p in sorted(HERE.glob("*.py"))),
        RUNNER.read_bytes(),
        json.dumps([steps, options], sort_keys=True, ensure_ascii=False).encode(),
    ]
    parts += [p.name.encode() + p.path.read_bytes() for p in packages]
    for part in parts:
        h.update(_sha(part).encode())
    return h.hexdigest()[:24]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One builder per key at a time (parallel test workers wait for the first, then read its
    result from the cache instead of building it again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check(out: dict[str, Any]) -> None:
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


def _attempted(out: dict[str, Any], stock: set[str]) -> set[str]:
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


def _record_and_compile(
    chosen, packages: list[Package], tmp: Path, verify: bool, optimize: int
) -> StdlibBuild:
    started = time.perf_counter()
    stock_zip = NODE_PYODIDE / "python_stdlib.zip"
    with zipfile.ZipFile(stock_zip) as archive:
        sizes = {i.filename: i.file_size for i in archive.infolist() if i.filename.endswith(".py")}
    job = {
        "stdlib": None,
        "packages": [p.to_job() for p in packages],
        "preload": ["selfcheck"],
        "record": True,
        "steps": [s.to_step() for s in chosen],
    }
    # 1. Record with the stock library.
    record = run_node(job)
    _check(record)
    found = {m: (e, "startup") for m, e in record["startup"].items()}  # module -> (entry, by)
    for step_name, step in record["steps"].items():
        for module, entry in step["modules"].items():
            found.setdefault(module, (entry, step_name))
    entries = {}
    for entry, by in found.values():
        entries.setdefault(entry, by)
    for entry in sorted(_attempted(record, set(sizes)) - set(entries)):
        entries[entry] = "audit"
    # 2. Compile what was recorded, in a fresh Pyodide (its Python, its magic number).
    pyc_dir = tmp / "pyc"
    pyc_dir.mkdir()
    compile_job = {"entries": sorted(entries), "out_dir": str(pyc_dir), "optimize": optimize}
    compiled = run_node({"stdlib": None, "packages": [], "steps": [], "compile": compile_job})
    files = {e + "c": (pyc_dir / (e + "c")).read_bytes() for e in sorted(entries)}
    # 3. Zip, named by content.
    data = zip_pycs(files)
    name = f"python_stdlib-{_sha(data)[:12]}.zip"
    group_of = {s.name: s.group for s in chosen} | {"startup": BASE_GROUP, "audit": BASE_GROUP}
    manifest = {
        "name": name,
        "sha256": _sha(data),
        "groups": sorted({s.group for s in chosen}),
        "python": record["python"].split()[0],
        "magic": compiled["magic"],
        "pyodide": pyodide_version(),
        "modules": {
            m: {"entry": e, "by": by, "group": group_of[by]} for m, (e, by) in sorted(found.items())
        },
        "audit_only": sorted(e for e, by in entries.items() if by == "audit"),
        "entries": len(files),
        "sizes": {
            "zip": len(data),
            "zip_gzip": _gzip_size(data),
            "source_total": sum(sizes[e] for e in entries),
            "stock_zip": stock_zip.stat().st_size,
            "stock_zip_gzip": _gzip_size(stock_zip.read_bytes()),
            "stock_modules": len(sizes),
        },
        "timings_ms": {
            "record_boot": round(record["boot_ms"]),
            "steps": {n: round(s["ms"]) for n, s in record["steps"].items()},
            "compile": round(compiled["compile_ms"]),
        },
    }
    # 4. Verify: boot on the new zip only, run every scenario again, require the same results.
    if verify:
        library = tmp / name
        library.write_bytes(data)
        again = run_node({**job, "stdlib": str(library)})
        _check(again)
        differ = [
            n
            for n in record["steps"]
            if again["steps"][n]["result"] != record["steps"][n]["result"]
        ]
        if differ:
            raise RuntimeError(
                f"with the trimmed library, scenarios {differ} give results that differ from "
                "the stock library's"
            )
        manifest["timings_ms"]["verify_boot"] = round(again["boot_ms"])
    manifest["build_seconds"] = round(time.perf_counter() - started, 1)
    return StdlibBuild(name, data, manifest)


def build_stdlib(
    out_dir: Path | str | None = None,
    groups: Iterable[str] = DEFAULT_GROUPS,
    *,
    verify: bool = True,
    cache: bool = True,
    optimize: int = 2,
) -> StdlibBuild:
    """Build the trimmed, precompiled standard library for the scenarios of ``groups`` (the
    engine's always) with the repository's engine wheel, or take it from the cache.

    ``optimize``: as ``python -OO`` (2, the default: no docstrings, no asserts; the standard
    library is tested upstream under -OO; 15 % smaller). ``verify``: boot once more on the
    result and require the stock library's results. Writes
    ``python_stdlib-<hash>.zip`` into ``out_dir`` when given. Pass the file as ``stdLibURL``.
    """
    chosen = scenarios(dict.fromkeys([BASE_GROUP, *groups]))
    with tempfile.TemporaryDirectory(prefix="pyodide-stdlib-") as tmp_name:
        tmp = Path(tmp_name)
        packages = [engine_package(tmp / "wheels")]
        if any(s.load for s in chosen):
            packages += [p.copied_to(tmp / "wheels") for p in xlsx_packages()]
        steps = [s.to_step() for s in chosen]
        key = _input_key(steps, packages, [sorted({s.group for s in chosen}), optimize, verify])
        cached = cache_root() / key
        with _locked(cache_root() / f".{key}.lock") if cache else contextlib.nullcontext():
            if cache and (cached / "manifest.json").exists():
                manifest = json.loads((cached / "manifest.json").read_text(encoding="utf-8"))
                result = StdlibBuild(
                    manifest["name"], (cached / manifest["name"]).read_bytes(), manifest
                )
                result.manifest["cached"] = True
            else:
                result = _record_and_compile(chosen, packages, tmp, verify, optimize)
                if cache:
                    staging = cached.with_name(f"{cached.name}.tmp{os.getpid()}")
                    result.write(staging)
                    (staging / "manifest.json").write_text(
                        json.dumps(result.manifest, indent=1, sort_keys=True), encoding="utf-8"
                    )
                    shutil.rmtree(cached, ignore_errors=True)
                    staging.replace(cached)
                result.manifest["cached"] = False
    if out_dir is not None:
        result.write(out_dir)
    return result


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
            f"Pyodide {m['pyodide']}) first imported by group {by_group}",
            f"  zip {s['zip']:,} B, gzip {s['zip_gzip']:,} B; their sources {s['source_total']:,} B",
            f"  stock python_stdlib.zip {s['stock_zip']:,} B, gzip {s['stock_zip_gzip']:,} B, "
            f"{s['stock_modules']} modules",
            f"  build {m.get('build_seconds')} s{' (cached)' if m.get('cached') else ''}; "
            f"timings {m['timings_ms']}",
        ]
    )
