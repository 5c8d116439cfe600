"""sitegen/widget/wheel.py: a pure, reproducible wheel with the package, its data, a valid RECORD."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import zipfile

from sitegen.widget.wheel import build_wheel, project_version, wheel_bytes


def test_the_wheel_is_reproducible_byte_for_byte(tmp_path):
    assert wheel_bytes() == wheel_bytes()
    path = build_wheel(tmp_path)
    assert path.name == f"selfcheck-{project_version()}-py3-none-any.whl"
    assert path.read_bytes() == wheel_bytes()[1]


def test_the_wheel_holds_the_package_and_the_bundle_and_its_record_is_right():
    archive = zipfile.ZipFile(io.BytesIO(wheel_bytes()[1]))
    names = archive.namelist()
    assert "selfcheck/__init__.py" in names and "selfcheck/data/policy.json" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    dist = f"selfcheck-{project_version()}.dist-info"
    record = list(csv.reader(io.StringIO(archive.read(f"{dist}/RECORD").decode())))
    assert sorted(row[0] for row in record) == sorted(names)
    for name, digest, size in record:
        if name.endswith("RECORD"):
            continue
        data = archive.read(name)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, int(size)) == (f"sha256={expected}", len(data))
    assert "Root-Is-Purelib: true" in archive.read(f"{dist}/WHEEL").decode()


def test_a_given_bundle_replaces_the_committed_one():
    archive = zipfile.ZipFile(io.BytesIO(wheel_bytes(bundle='{"x": 1}')[1]))
    assert archive.read("selfcheck/data/policy.json") == b'{"x": 1}'
