"""``python -m selfcheck batch`` and the batch API: one result row per input row, the reader's
words accepted in every cell, bad rows named by row and column as the reader sees them (and put
first), the rest checked; results in the reader's columns then the machine codes; a truthful
summary."""

from __future__ import annotations

import base64
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck import (
    AnswerError,
    BatchRow,
    FieldError,
    answer_format,
    check_rows,
    evaluate,
    parse_row,
    write_results,
)

from ._chunked import ask, chunked

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-01-05"
CODES = answer_format()["output_columns"]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", "batch", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )


def table(text: str) -> list[dict[str, str]]:
    """The machine columns of a results CSV, by their codes (the reader's columns come first and
    have other names)."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    start = header.index("row", 1)  # the machine columns start at the second "row"-like code
    return [dict(zip(header[start:], r[start:])) for r in rows[1:]]


def csv_text_of(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    return out.getvalue()


def reader(text: str) -> list[dict[str, str]]:
    """The reader's columns of a results CSV, by their (Chinese) names."""
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_the_example_csv_gives_one_row_per_enterprise_bad_ones_first():
    proc = run("examples/enterprises.csv", "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    rows = table(proc.stdout)
    assert [r["row"] for r in rows] == ["6", "2", "3", "4", "5"]  # the row with errors first
    assert [r["verdict"] for r in rows] == [
        "",
        "eligible",
        "not_eligible",
        "needs_review",
        "incomplete",
    ]
    assert rows[2]["c2"] == "not_met" and rows[3]["c3"] == "needs_review"
    assert rows[1]["priority_factors"].split(";") == [
        "enterprise_self_evaluation",
        "serves_major_strategies",
        "shared_training_resources",
    ]
    assert rows[0]["error_fields"] == "willing_to_lead_chain"
    assert "第 6 行: U 列“willing_to_lead_chain”：没有读懂“maybe”" in proc.stderr
    assert (
        "5 行：本自查能核对的条件均符合 1 行；没有尚不符合的条件 1 行；尚无结论 1 行；暂不符合申报条件 1 行；有错误，未自查 1 行。"
        in proc.stderr
    )
    assert "Traceback" not in proc.stderr


def test_the_results_read_in_the_readers_language():
    proc = run("examples/enterprises.csv", "--as-of", AS_OF)
    rows = reader(proc.stdout)
    assert list(rows[0])[:6] == ["行号", "编号", "结论", "问题", "未定事项", "企业规模"]
    first, second = rows[0], rows[2]
    assert first["结论"] == "有错误，未自查" and "没有读懂“maybe”" in first["问题"]
    assert second["结论"] == "暂不符合申报条件" and second["条件(二)"] == "尚不符合"
    assert second["未定事项"].startswith(
        "尚不符合：“其子公司、分公司、分支机构在我市参保职工人数合计达300人以上”（条件(二)）"
    )
    english = run("examples/enterprises.csv", "--as-of", AS_OF, "--lang", "en")
    assert reader(english.stdout)[0]["Result"] == "Not checked (see the problems)"
    assert list(reader(english.stdout)[0])[:3] == ["Row", "Ref", "Result"]


def test_results_can_be_written_to_a_file_that_excel_opens(tmp_path):
    out = tmp_path / "results.csv"
    proc = run("examples/enterprises.csv", "--out", str(out), "--as-of", AS_OF)
    assert proc.returncode == 0 and proc.stdout == ""
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    assert len(table(data.decode("utf-8-sig"))) == 5
    assert "results.csv" in proc.stderr


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b"")],
)
def test_csv_as_excel_and_wps_save_it_with_chinese_headers(tmp_path, encoding, bom):
    text = "编号,从业人员数,所在区,企业是否在深圳市注册登记？\n甲公司,600人,宝安,是\n乙公司,abc,南山区,否\n"
    path = tmp_path / "in.csv"
    path.write_bytes(bom + text.encode(encoding))
    proc = run(str(path), "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    rows = table(proc.stdout)
    assert [(r["ref"], r["verdict"]) for r in rows] == [("乙公司", ""), ("甲公司", "incomplete")]
    assert "B 列“从业人员数”：“abc”不是数字" in proc.stderr


@pytest.mark.parametrize(
    ("header", "needles"),
    [
        ("employees,employees\n", ["employees", "keep only one"]),
        ("foo,bar\n", ["没有找到表头", "No header found"]),
        ("", ["文件是空的", "The file is empty"]),
    ],
)
def test_an_unusable_header_exits_2_in_both_languages(tmp_path, header, needles):
    path = tmp_path / "in.csv"
    path.write_text(header + "1,2\n" if header else "", encoding="utf-8")
    proc = run(str(path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr


def test_columns_that_name_no_question_are_set_aside_with_a_note(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("编号,联系人,从业人员数\nA,张三,300\n", encoding="utf-8")
    proc = run(str(path), "--as-of", AS_OF)
    assert proc.returncode == 0 and "B “联系人”" in proc.stderr
    assert table(proc.stdout)[0]["verdict"] == "incomplete"


def test_an_unreadable_file_exits_2(tmp_path):
    assert run(str(tmp_path / "missing.csv")).returncode == 2
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"ref\x00\xff\xfe\x00")
    proc = run(str(binary))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("cell", "value"),
    [("true", True), ("TRUE", True), ("Yes", True), ("是", True), ("y", True), ("对", True)]
    + [(" false ", False), ("no", False), ("否", False), ("不", False)],
)
def test_yes_no_cells_in_the_readers_words(cell, value):
    assert parse_row({"training_system": cell}) == {"training_system": value}


@pytest.mark.parametrize("cell", ["1", "0", "maybe", "n/a"])
def test_other_yes_no_cells_are_errors_naming_the_question(cell):
    with pytest.raises(AnswerError) as info:
        parse_row({"training_system": cell})
    (error,) = info.value.errors
    assert error.field == "training_system"
    assert (
        "企业内部员工职业技能培训制度是否健全？" in error.zh and "training_system" not in error.zh
    )


@pytest.mark.parametrize(
    ("cells", "answers"),
    [
        ({"employees": "1,200"}, {"employees": 1200}),
        ({"employees": "３０００"}, {"employees": 3000}),
        ({"employees": "600人"}, {"employees": 600}),
        ({"revenue_10k_cny": "3亿"}, {"revenue_10k_cny": 30000}),
        ({"revenue_10k_cny": "1999.5"}, {"revenue_10k_cny": 1999.5}),
        ({"district": "宝安"}, {"district": "baoan"}),
        ({"district": "Nanshan"}, {"district": "nanshan"}),
        ({"size_industry": "软件和信息技术服务业"}, {"size_industry": "software_it"}),
        (
            {"enterprise_types": "规上；专精特新"},
            {"enterprise_types": ["above_designated_size", "specialized_new"]},
        ),
        ({"enterprise_types": "listed; group"}, {"enterprise_types": ["listed", "group"]}),
        ({"enterprise_types": "none"}, {"enterprise_types": []}),
        ({"enterprise_types": "都不属于"}, {"enterprise_types": []}),
        ({"training_system": "不确定"}, {"training_system": "unsure"}),
        ({"district": "不知道"}, {"district": "unsure"}),
        ({"employees": "", "ref": "x"}, {}),
    ],
)
def test_the_readers_words_are_accepted_wherever_a_code_is(cells, answers):
    assert parse_row(cells) == answers


@pytest.mark.parametrize(
    ("key", "cell"),
    [
        ("employees", "3.5"),
        ("employees", "-5"),
        ("employees", "1e3"),
        ("employees", "约300"),
        ("employees", "300-400"),
        ("revenue_10k_cny", "nan"),
        ("revenue_10k_cny", "3k"),
        ("revenue_10k_cny", "600人"),
        ("enterprise_types", "listed;stock"),
        ("district", "上海"),
        ("employees", "9" * 5000),
        ("revenue_10k_cny", "9" * 400),
    ],
)
def test_ambiguous_or_wrong_cells_are_errors_naming_the_question(key, cell):
    with pytest.raises(AnswerError) as info:
        parse_row({key: cell})
    (error,) = info.value.errors
    assert error.field == key and f"“{key}”" not in error.zh + error.en
    assert len(error.zh) < 300 and "9" * 40 not in error.zh


def test_a_huge_figure_is_a_row_error_not_a_crash():
    rows = check_rows("ref,employees\nA,9007199254740993\nB,3\n", as_of=AS_OF)
    assert [e.field for e in rows[0].errors] == ["employees"] and rows[1].report is not None


def test_blank_and_example_rows_are_skipped_and_row_numbers_follow_the_sheet():
    rows = check_rows("ref,employees\nA,1\n\n,\n示例（导入时跳过）,3\nB,2\n", as_of=AS_OF)
    assert [(r.row, r.ref) for r in rows] == [(2, "A"), (6, "B")]


def test_extra_cells_beyond_the_header_are_an_error_unless_empty():
    rows = check_rows("ref,employees\nA,1,,\nB,2,3\n", as_of=AS_OF)
    assert rows[0].report is not None
    assert rows[1].report is None and rows[1].errors[0].field is None


def test_the_report_of_a_batch_row_is_the_single_enterprise_report():
    rows = check_rows((ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8"))
    for row in rows:
        if row.answers is not None:
            assert row.report.to_dict() == evaluate(row.answers).to_dict()


@pytest.mark.parametrize("where", ["folder", "missing_folder/results.csv"])
def test_results_that_cannot_be_written_exit_2_in_both_languages(tmp_path, where):
    (tmp_path / "folder").mkdir()
    proc = run("examples/enterprises.csv", "--out", str(tmp_path / where), "--as-of", AS_OF)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.startswith("selfcheck: ")]
    assert len(lines) == 2
    assert "无法写入结果文件" in lines[0] and where in lines[0]
    assert "Cannot write the results file" in lines[1] and where in lines[1]


@pytest.mark.parametrize("ref", ["=cmd|calc", "+SUM(1,2)", "-2+3", "@A1", "=1+1"])
def test_cells_a_spreadsheet_would_run_as_a_formula_are_written_as_text(ref):
    rows = check_rows(f'ref,employees\n"{ref}",3\n', as_of=AS_OF)
    assert rows[0].ref == ref  # kept as given for the table; quoted only in the CSV
    out = io.StringIO()
    write_results(rows, out)
    assert table(out.getvalue())[0]["ref"] == "'" + ref


def test_the_pages_csv_quotes_formulas_and_its_table_keeps_the_cell():
    response = chunked("ref,employees\n=cmd|calc,3\n", AS_OF)
    written = table(csv_text_of(response["header"]) + response["good_csv"])
    assert written[0]["ref"] == "'=cmd|calc"
    assert response["rows"][0]["ref"] == "=cmd|calc"


def test_a_formula_in_an_echoed_error_is_written_as_text():
    rows = [BatchRow(2, "A", None, None, (FieldError(None, "=1+1", "=1+1"),))]
    out = io.StringIO()
    write_results(rows, out)
    assert reader(out.getvalue())[0]["问题"] == "'=1+1"


def test_a_short_row_is_checked_with_a_note_naming_the_missing_columns():
    rows = check_rows("ref,employees,district,training_system\nA,3\nB,3,,\n", as_of=AS_OF)
    assert rows[0].report is not None and rows[0].errors == ()
    (note,) = rows[0].notes
    assert "C “district”" in note.zh and "D “training_system”" in note.en
    assert "未回答" in note.zh and "not answered" in note.en
    assert rows[1].notes == ()  # empty trailing cells given: nothing to note
    out = io.StringIO()
    write_results(rows, out)
    written = reader(out.getvalue())
    assert written[0]["结论"] == "尚无结论" and "未回答" in written[0]["问题"]
    assert written[1]["问题"] == ""
    response = chunked("ref,employees,district\nA,3\n", AS_OF)
    (row,) = response["rows"]
    assert row["verdict"] == "incomplete" and len(row["errors"]) == 1
    assert "C “district”" in row["errors"][0]["zh"] and "未回答" in row["errors"][0]["zh"]


def test_the_command_line_shows_the_note_of_a_short_row(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("ref,employees,district\nA,3\n", encoding="utf-8")
    proc = run(str(path), "--as-of", AS_OF)
    assert proc.returncode == 0
    assert "第 2 行: " in proc.stderr and "district" in proc.stderr


def test_the_summary_counts_every_outcome_truthfully():
    response = chunked("ref,employees,training_system\nA,300,yes\nB,3.5,maybe\nC,abc,\n", AS_OF)
    assert response["summary"]["zh"] == "3 行：尚无结论 1 行；有错误，未自查 2 行。"
    assert (
        response["summary"]["en"] == "3 rows: No result yet: 1; Not checked (see the problems): 2."
    )
    # The rows with errors apart, to be put first in the download.
    header = csv_text_of(response["header"])
    assert [r["row"] for r in table(header + response["errors_csv"])] == ["3", "4"]
    assert [r["row"] for r in table(header + response["good_csv"])] == ["2"]


def test_the_chinese_example_reads_in_the_readers_words():
    proc = run("examples/enterprises-zh.csv", "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    verdicts = {r["ref"]: r["verdict"] for r in table(proc.stdout)}
    assert verdicts == {
        "戊 录入有误": "",
        "甲 精密制造": "eligible",
        "乙 软件服务": "not_eligible",
        "丙 物流仓储": "needs_review",
        "丁 商务服务": "incomplete",
    }
    assert "H 列“从业人员数（人）”：“约300”不是确切的数" in proc.stderr


# -- the page's batch in steps (issue 18) ----------------------------------------------------------


def test_a_step_of_the_pages_batch_ends_when_its_time_is_spent(monkeypatch):
    # Rows per step are sized by time, not by count: a step never holds the engine past its
    # budget (an answer typed meanwhile waits for it). Here every look at the clock is 1 ms.
    from selfcheck.batch import _browser
    from selfcheck.batch._browser import STEP_MS

    ticks = iter(range(10**9))
    monkeypatch.setattr(_browser, "_clock", lambda: next(ticks) / 1000)
    rows = 3 * STEP_MS
    text = "ref,employees\n" + "".join(f"E{n},{300 + n % 9}\n" for n in range(rows))
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    start = ask("batch_start", file=data, name="a.csv", lang="zh", as_of=AS_OF)
    steps = []
    while not (steps and steps[-1].get("done")):
        steps.append(ask("batch_next", session=start["session"], count=10_000, show=0))
    reading = [s["read"] for s in steps if s.get("reading")]
    checking = [s["processed"] for s in steps if not s.get("reading")]
    # each step reads or checks as many rows as the clock lets it (one look a row: it ends after
    # the row that reaches its budget), and no more
    sizes = [b - a for a, b in zip([0, *reading], reading)]
    assert len(reading) >= 2 and all(0 < n <= STEP_MS + 1 for n in sizes)
    sizes = [b - a for a, b in zip([0, *checking], checking)]
    assert len(checking) >= 3 and all(0 < n <= STEP_MS + 1 for n in sizes)
    assert checking[-1] == steps[-1]["total"] == rows


def test_a_file_broken_in_its_first_rows_gives_the_rows_before_and_says_where():
    # The page's batch said "internal error": it used the table before it had one.
    long_cell = chunked("ref,employees\nA,300\nB," + "9" * 200_000 + "\nC,3\n", AS_OF)
    assert long_cell["ok"], long_cell
    assert [r["row"] for r in long_cell["rows"]] == [2]
    said = " ".join(n["zh"] for n in long_cell["notes"])
    assert "第 3 行有一格超过" in said and "之前的 1 行已自查" in said
    nothing = chunked("ref,employees\nB," + "9" * 200_000 + "\n", AS_OF)
    assert nothing["ok"] and nothing["rows"] == []
    assert "第 2 行有一格超过" in " ".join(n["zh"] for n in nothing["notes"])


def test_a_file_over_the_row_limit_is_refused_once_counted_before_any_row_is_checked():
    from selfcheck.batch._browser import LIMITS

    limit = LIMITS["batch_rows"]
    text = "ref,employees\n" + "E,300\n" * (limit + 1)
    refused = chunked(text, AS_OF)
    assert refused["ok"] is False and str(limit) in refused["errors"][0]["zh"]
    assert len(chunked("ref,employees\n" + "E,300\n" * limit, AS_OF)["rows"]) == limit
