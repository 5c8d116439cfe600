"""``python -m selfcheck batch``: one result row per input row; bad rows named, the rest checked."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck import (
    AnswerError,
    BatchRow,
    FieldError,
    batch_json,
    check_rows,
    parse_row,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-01-05"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", "batch", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_example_csv_gives_one_row_per_enterprise_and_names_the_bad_one():
    proc = run("examples/enterprises.csv", "--as-of", AS_OF)
    assert proc.returncode == 0
    rows = table(proc.stdout)
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "6"]
    assert [r["verdict"] for r in rows] == [
        "eligible",
        "not_eligible",
        "needs_review",
        "incomplete",
        "",
    ]
    assert rows[1]["c2"] == "not_met" and rows[2]["c3"] == "needs_review"
    assert rows[0]["priority_factors"].split(";") == [
        "enterprise_self_evaluation",
        "serves_major_strategies",
        "shared_training_resources",
    ]
    assert "size_industry" in rows[4]["errors"] and "employees" in rows[4]["errors"]
    assert "第 6 行 / row 6: employees" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_results_can_be_written_to_a_file_that_excel_opens(tmp_path):
    out = tmp_path / "results.csv"
    proc = run("examples/enterprises.csv", "--out", str(out), "--as-of", AS_OF)
    assert proc.returncode == 0 and proc.stdout == ""
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    assert len(table(data.decode("utf-8-sig"))) == 5


def test_a_bom_in_the_input_is_accepted(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("\ufeffref,employees\nA,12\n".encode("utf-8"))
    rows = table(run(str(path), "--as-of", AS_OF).stdout)
    assert rows[0]["ref"] == "A" and rows[0]["verdict"] == "incomplete"


@pytest.mark.parametrize(
    ("header", "needle"),
    [
        ("ref,employes\n", "employes"),
        ("employees,employees\n", "employees"),
        ("", "表头"),
    ],
)
def test_a_bad_header_exits_2_in_both_languages(tmp_path, header, needle):
    path = tmp_path / "in.csv"
    path.write_text(header + "1\n", encoding="utf-8")
    proc = run(str(path))
    assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr
    assert "header" in proc.stderr


def test_an_unreadable_file_exits_2(tmp_path):
    assert run(str(tmp_path / "missing.csv")).returncode == 2
    binary = tmp_path / "gbk.csv"
    binary.write_bytes("ref\n南山\n".encode("gbk"))
    proc = run(str(binary))
    assert proc.returncode == 2 and "UTF-8" in proc.stderr


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("是", True),
        (" false ", False),
        ("no", False),
        ("否", False),
    ],
)
def test_yes_no_cells(cell, value):
    assert parse_row({"training_system": cell}) == {"training_system": value}


@pytest.mark.parametrize("cell", ["1", "0", "y", "maybe", "对"])
def test_other_yes_no_cells_are_errors(cell):
    with pytest.raises(AnswerError) as info:
        parse_row({"training_system": cell})
    assert info.value.errors[0].field == "training_system"


def test_numbers_lists_and_empty_cells():
    row = parse_row(
        {
            "employees": "300",
            "revenue_10k_cny": "1999.5",
            "total_assets_10k_cny": "",
            "enterprise_types": "listed; group",
            "district": "nanshan",
            "ref": "x",
        }
    )
    assert row == {
        "employees": 300,
        "revenue_10k_cny": 1999.5,
        "enterprise_types": ["listed", "group"],
        "district": "nanshan",
    }
    assert parse_row({"enterprise_types": "none"}) == {"enterprise_types": []}
    assert parse_row({"enterprise_types": "无"}) == {"enterprise_types": []}


@pytest.mark.parametrize(
    ("key", "cell"),
    [
        ("employees", "1,200"),
        ("employees", "3.0"),
        ("employees", "-5"),
        ("employees", "1e3"),
        ("revenue_10k_cny", "nan"),
        ("revenue_10k_cny", "2,000"),
        ("revenue_10k_cny", "inf"),
        ("enterprise_types", "listed;listed"),
        ("enterprise_types", "listed;stock"),
        ("district", "Nanshan"),
        ("employees", "9" * 5000),
        ("revenue_10k_cny", "9" * 400),
    ],
)
def test_bad_cells_are_errors_naming_the_field(key, cell):
    with pytest.raises(AnswerError) as info:
        parse_row({key: cell})
    assert [e.field for e in info.value.errors] == [key]


def test_a_huge_figure_is_a_row_error_not_a_crash():
    rows = check_rows(io.StringIO("ref,employees\nA,9007199254740993\nB,3\n"), as_of=AS_OF)
    assert [e.field for e in rows[0].errors] == ["employees"] and rows[1].report is not None


def test_blank_rows_are_skipped_and_row_numbers_follow_the_sheet():
    rows = check_rows(io.StringIO("ref,employees\nA,1\n\n,\nB,2\n"), as_of=AS_OF)
    assert [(r.row, r.ref) for r in rows] == [(2, "A"), (5, "B")]


def test_extra_cells_beyond_the_header_are_an_error_unless_empty():
    rows = check_rows(io.StringIO("ref,employees\nA,1,,\nB,2,3\n"), as_of=AS_OF)
    assert rows[0].report is not None
    assert rows[1].report is None and rows[1].errors[0].field is None


@pytest.mark.parametrize("where", ["folder", "missing_folder/results.csv"])
def test_results_that_cannot_be_written_exit_2_in_both_languages(tmp_path, where):
    (tmp_path / "folder").mkdir()
    proc = run("examples/enterprises.csv", "--out", str(tmp_path / where), "--as-of", AS_OF)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.startswith("selfcheck: ")]
    assert len(lines) == 2
    assert "无法写入结果文件" in lines[0] and where in lines[0]
    assert "Cannot write the results file" in lines[1] and where in lines[1]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in lines[1])


@pytest.mark.parametrize("ref", ["=cmd|calc", "+SUM(1,2)", "-2+3", "@A1", "=1+1"])
def test_cells_a_spreadsheet_would_run_as_a_formula_are_written_as_text(ref):
    rows = check_rows(io.StringIO(f'ref,employees\n"{ref}",3\n'), as_of=AS_OF)
    assert rows[0].ref == ref  # kept as given for the table; quoted only in the CSV
    out = io.StringIO()
    write_results(rows, out)
    assert table(out.getvalue())[0]["ref"] == "'" + ref


def test_the_bridge_csv_quotes_formulas_and_its_table_keeps_the_cell():
    response = json.loads(batch_json("ref,employees\n=cmd|calc,3\n", AS_OF))
    assert table(response["csv"])[0]["ref"] == "'=cmd|calc"
    assert response["rows"][0][1] == "=cmd|calc"


def test_a_formula_in_an_echoed_error_is_written_as_text():
    rows = [BatchRow(2, "A", None, (FieldError(None, "=1+1", "=1+1"),))]
    out = io.StringIO()
    write_results(rows, out)
    assert table(out.getvalue())[0]["errors"] == "'=1+1 / =1+1"


def test_a_short_row_is_checked_with_a_note_naming_the_missing_columns():
    rows = check_rows(
        io.StringIO("ref,employees,district,training_system\nA,3\nB,3,,\n"), as_of=AS_OF
    )
    assert rows[0].report is not None and rows[0].errors == ()
    (note,) = rows[0].notes
    assert "district" in note.zh and "training_system" in note.en
    assert "未回答" in note.zh and "not answered" in note.en
    assert rows[1].notes == ()  # empty trailing cells given: nothing to note
    out = io.StringIO()
    write_results(rows, out)
    written = table(out.getvalue())
    assert written[0]["verdict"] == "incomplete" and "not answered" in written[0]["errors"]
    assert written[1]["errors"] == ""
    response = json.loads(batch_json("ref,employees,district\nA,3\n", AS_OF))
    assert response["bad_rows"] == []


def test_the_command_line_shows_the_note_of_a_short_row(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("ref,employees,district\nA,3\n", encoding="utf-8")
    proc = run(str(path), "--as-of", AS_OF)
    assert proc.returncode == 0
    assert "第 2 行 / row 2: " in proc.stderr and "district" in proc.stderr
