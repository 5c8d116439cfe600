"""selfcheck.xlsx without openpyxl: importing it imports nothing third-party, reading a workbook
needs only the standard library, and every function that writes one says, in both languages, how to
install openpyxl."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck import _xlsx_common, xlsx
from selfcheck.batch._sheet import SheetError

ROOT = Path(__file__).resolve().parent.parent


def test_without_openpyxl_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(_xlsx_common, "OPENPYXL", "openpyxl_is_not_installed")
    with pytest.raises(xlsx.XlsxUnavailable) as info:
        xlsx.build_template("zh")
    assert isinstance(info.value, ImportError) and isinstance(info.value, SheetError)
    assert info.value.zh == (
        '读写 Excel（.xlsx）文件需要安装 openpyxl：pip install "selfcheck[xlsx]"'
        "（或 pip install openpyxl==3.1.5）。也可以改用 CSV 文件。"
    )
    assert 'pip install "selfcheck[xlsx]"' in info.value.en
    with pytest.raises(xlsx.XlsxUnavailable):
        xlsx.write_results(["ref"], [["a"]])


def test_reading_a_workbook_needs_no_openpyxl(monkeypatch):
    data = xlsx.build_template("zh")  # written with openpyxl, read without it
    monkeypatch.setattr(_xlsx_common, "OPENPYXL", "openpyxl_is_not_installed")
    table = xlsx.read_workbook(data)
    assert table.keys[0] == "ref" and table.rows == ()  # the example row is skipped


def test_importing_the_module_does_not_import_openpyxl():
    code = "import sys, selfcheck, selfcheck.xlsx; print('openpyxl' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert out.strip() == "False"


def test_openpyxl_is_imported_only_through_importlib_in_the_package():
    # The engine's stdlib test (tests/test_engine_stdlib.py) walks import statements; openpyxl is
    # never one of them, and only _xlsx_common.py imports it (through importlib).
    sources = {p.name: p.read_text("utf-8") for p in (ROOT / "selfcheck").rglob("*.py")}
    assert [n for n, t in sources.items() if "import openpyxl" in t or "from openpyxl" in t] == []
    assert [n for n, t in sources.items() if "import_module(OPENPYXL" in t] == ["_xlsx_common.py"]
