"""The engine wheel precompiled by Pyodide: ``__pycache__/*.cpython-314.pyc`` beside its sources.

Pyodide compiles every ``.py`` it imports, on every page load (its file system lives in memory):
the engine's modules cost a phone about half a second each time. The wheel the site ships keeps
its sources (tracebacks show their lines) and gains, for each module the worker's start imports,
the unchecked hash-based ``.pyc`` that Pyodide's own Python compiled (the same magic number; never re-validated, so the
import uses it as it is). The ``.pyc`` depend on the sources only, not on the policy bundle, and
are cached by their hash like the library.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ._build import cache_root
from ._node import NODE_PYODIDE, RUNNER, run_node
from ._scenarios import ROOT

__all__ = ["precompile_wheel"]


def _python() -> str:
    """Pyodide's Python version, ``3.14``."""
    lock = json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    return ".".join(lock["info"]["python"].split(".")[:2])


def _pyc_name(entry: str, tag: str) -> str:
    folder, _, name = entry.rpartition("/")
    return f"{folder}/__pycache__/{name[:-3]}.{tag}.pyc"


def _compile(sources: dict[str, bytes]) -> dict[str, bytes]:
    """{``pkg/mod.py``: source} -> {``pkg/__pycache__/mod.cpython-314.pyc``: bytecode}."""
    version = _python()
    tag = "cpython-" + version.replace(".", "")
    key = hashlib.sha256(
        json.dumps(
            [
                version,
                hashlib.sha256(RUNNER.read_bytes()).hexdigest(),
                hashlib.sha256((NODE_PYODIDE / "package.json").read_bytes()).hexdigest(),
                {e: hashlib.sha256(s).hexdigest() for e, s in sorted(sources.items())},
            ]
        ).encode()
    ).hexdigest()[:24]
    cached = cache_root() / f"pyc-{key}"
    if not cached.exists():
        with tempfile.TemporaryDirectory(prefix="pyodide-pyc-") as tmp:
            src, out = Path(tmp) / "src", Path(tmp) / "out"
            for entry, data in sources.items():
                (src / entry).parent.mkdir(parents=True, exist_ok=True)
                (src / entry).write_bytes(data)
            out.mkdir()
            job = {
                "entries": sorted(sources),
                "out_dir": str(out),
                "source_dir": str(src),
                "prefix": f"/lib/python{version}/site-packages/",
            }
            run_node({"stdlib": None, "packages": [], "steps": [], "compile": job})
            staging = cached.with_name(f"{cached.name}.tmp{os.getpid()}")
            shutil.copytree(out, staging)
            shutil.rmtree(cached, ignore_errors=True)
            staging.replace(cached)
    return {_pyc_name(e, tag): (cached / (e + "c")).read_bytes() for e in sorted(sources)}


def _startup_entries() -> set[str]:
    """The engine's modules that the worker loads, as wheel entries: ``import selfcheck`` (the
    worker's start) and ``selfcheck.batch`` (the batch page's first request); found by importing
    them in a fresh CPython (the engine's own imports are the same)."""
    code = (
        "import json, sys, selfcheck, selfcheck.batch; "
        "print(json.dumps(sorted(m.__file__ for n, m in "
        "sys.modules.items() if n == 'selfcheck' or n.startswith('selfcheck.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return {Path(f).relative_to(ROOT).as_posix() for f in json.loads(out)}


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def precompile_wheel(wheel: bytes) -> bytes:
    """``wheel`` with the ``.pyc`` of the modules the worker loads (:func:`_startup_entries`)
    added, and listed in its RECORD (the openpyxl and command-line modules, imported later or
    never in a browser, stay source only);
    entries keep their order, dates and modes, so the result is as reproducible as the wheel."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        infos = archive.infolist()
        files = {i.filename: archive.read(i) for i in infos}
    startup = _startup_entries()
    pycs = _compile({n: d for n, d in files.items() if n in startup})
    record = next(n for n in files if n.endswith(".dist-info/RECORD"))
    lines = [line + "\n" for line in files[record].decode().splitlines() if line]
    lines[-1:-1] = [_record_line(n, d) for n, d in pycs.items()]
    files[record] = "".join(lines).encode()
    template = next(i for i in infos if i.filename.endswith(".py"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in infos:
            if info.filename == record:
                for name, data in pycs.items():
                    entry = zipfile.ZipInfo(name, date_time=template.date_time)
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    entry.external_attr = template.external_attr
                    out.writestr(entry, data)
            out.writestr(info, files[info.filename])
    return buffer.getvalue()
