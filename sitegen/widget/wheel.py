"""Build the engine as a pure wheel, standard library only and byte-for-byte reproducible.

``python -m sitegen.widget.wheel [OUT_DIR]`` writes ``selfcheck-<version>-py3-none-any.whl`` (the
version from ``pyproject.toml``). The wheel holds ``selfcheck/*.py`` and ``selfcheck/data/*.json``
plus the ``.dist-info`` files (METADATA, WHEEL, entry_points.txt, RECORD with SHA-256 of every
file). Entries are sorted and dated 1980-01-01 (or ``SOURCE_DATE_EPOCH``), so the same sources
give the same bytes. Pyodide installs it offline (``pyodide.unpackArchive(bytes, "wheel")`` or a
lock file entry); the Pyodide tests and the site build use it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "selfcheck"
_SHIPPED = {".py", ".json"}


def project_version(root: Path = ROOT) -> str:
    """The version in ``pyproject.toml`` (``[project] version``)."""
    with open(root / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def _date() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return (1980, 1, 1, 0, 0, 0)
    return time.gmtime(max(int(epoch), 315532800))[:6]


def _sha256(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def package_files(root: Path = ROOT, bundle: str | None = None) -> dict[str, bytes]:
    """The package's files by archive name; ``bundle`` replaces ``data/policy.json`` if given."""
    files = {}
    for path in sorted((root / PACKAGE).rglob("*")):
        if path.is_file() and path.suffix in _SHIPPED and "__pycache__" not in path.parts:
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    if bundle is not None:
        files[f"{PACKAGE}/data/policy.json"] = bundle.encode("utf-8")
    if f"{PACKAGE}/data/policy.json" not in files:
        raise FileNotFoundError(
            "selfcheck/data/policy.json missing: run python -m policykit bundle"
        )
    return files


def wheel_bytes(root: Path = ROOT, bundle: str | None = None) -> tuple[str, bytes]:
    """The wheel's file name and bytes (see the module docstring)."""
    version = project_version(root)
    dist = f"{PACKAGE}-{version}.dist-info"
    files = package_files(root, bundle)
    files[f"{dist}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\nRequires-Python: >=3.11\n"
    ).encode()
    files[f"{dist}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: sitegen.widget.wheel\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    files[f"{dist}/entry_points.txt"] = b"[console_scripts]\nselfcheck = selfcheck.__main__:main\n"
    record = "".join(f"{name},{_sha256(data)},{len(data)}\n" for name, data in files.items())
    files[f"{dist}/RECORD"] = (record + f"{dist}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_date())
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return f"{PACKAGE}-{version}-py3-none-any.whl", buffer.getvalue()


def build_wheel(out_dir: Path | str, root: Path = ROOT, bundle: str | None = None) -> Path:
    """Write the wheel into ``out_dir`` and return its path."""
    name, data = wheel_bytes(root, bundle)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    return out / name


if __name__ == "__main__":
    print(build_wheel(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist"))
