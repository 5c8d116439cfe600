"""Issue 13 on the command line: an .xlsx filled in with Chinese labels and dropdown values, a GBK
CSV and a UTF-8-BOM CSV with Chinese headers, checked with ``--out results.xlsx`` and ``--out
results.csv``; the template round trip (built, filled with openpyxl as a reader would, checked)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck import answer_format, xlsx
from selfcheck._policy import policy
from selfcheck._words import show_answer
from selfcheck.batch._sheet import header_label

from ._thresholds import INSURED

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is not installed (selfcheck[xlsx])")

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-01-05"
POL = policy()

#: Three enterprises as a district officer would type them, in the reader's words: the verdicts
#: they must get.
STRONG = {
    "registered_in_shenzhen": True,
    "independent_legal_person": True,
    "good_operating_condition": True,
    "bad_record_last_3_years": False,
    "district": "baoan",
    "size_industry": "industry",
    "employees": 1200,
    "revenue_10k_cny": 50000,
    "insured_staff_shenzhen": 800,
    "enterprise_types": ["above_designated_size", "specialized_new"],
    "industry_reputation": True,
    "planned_member_enterprises": 12,
    "planned_jobs": 900,
    "training_system": True,
    "willing_skill_evaluation": True,
    "eight_level_system": True,
    "skill_pay_incentive": True,
    "college_partners": 3,
    "willing_to_lead_chain": True,
}
ENTERPRISES = [
    ("甲精密制造", STRONG, "eligible"),
    ("乙软件", {**STRONG, "insured_staff_shenzhen": INSURED - 1}, "not_eligible"),
    ("丙物流", {**STRONG, "eight_level_system": "unsure"}, "incomplete"),
]


def _cells(answers: dict, lang: str = "zh") -> dict[str, str]:
    """Answers as a reader writes them: 是/否/不确定, names, 3亿-style figures."""
    out = {k: show_answer(k, v, lang, pol=POL) for k, v in answers.items()}
    out["revenue_10k_cny"] = "5亿"  # a figure as people write it
    out["employees"] = "1,200人"
    return out


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", "batch", *args, "--as-of", AS_OF],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _verdicts_of_xlsx(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path).worksheets[-1]  # the codes, for programs
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    ref, verdict = header.index("ref"), header.index("verdict")
    return {r[ref]: r[verdict] for r in rows[1:]}


def _verdicts_of_csv(path: Path) -> dict[str, str]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    ref, verdict = header.index("ref"), header.index("verdict")
    return {r[ref]: r[verdict] for r in rows[1:]}


@pytest.fixture(scope="module")
def filled_template(tmp_path_factory) -> Path:
    """The Chinese template, downloaded as a reader would, filled in under its header rows."""
    path = tmp_path_factory.mktemp("xlsx") / "名单.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.build_template("zh")))
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[2]]  # the hidden row of keys
    for r, (name, answers, _) in enumerate(ENTERPRISES, start=4):
        cells = _cells(answers)
        ws.cell(r, 1, name)
        for c, key in enumerate(keys[1:], start=2):
            if key in cells:
                ws.cell(r, c, cells[key])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def labelled_workbook(tmp_path_factory) -> Path:
    """A workbook made from scratch with the Chinese questions as headers (no key row),
    dropdown values typed in, numbers as numbers."""
    path = tmp_path_factory.mktemp("xlsx") / "企业.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    keys = ["ref", *STRONG]
    ws.append([header_label(k, POL).zh for k in keys])
    for name, answers, _ in ENTERPRISES:
        cells = _cells(answers)
        ws.append([name, *(cells.get(k, "") for k in keys[1:])])
    ws.cell(2, keys.index("planned_jobs") + 1, 900)  # a number cell, not text
    wb.save(path)
    return path


def _csv_file(tmp_path: Path, encoding: str, bom: bytes) -> Path:
    keys = ["ref", *STRONG]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header_label(k, POL).zh for k in keys])
    for name, answers, _ in ENTERPRISES:
        cells = _cells(answers)
        writer.writerow([name, *(cells.get(k, "") for k in keys[1:])])
    path = tmp_path / f"企业-{encoding}.csv"
    path.write_bytes(bom + out.getvalue().encode(encoding))
    return path


EXPECTED = {name: verdict for name, _, verdict in ENTERPRISES}


@pytest.mark.parametrize("out", ["results.xlsx", "results.csv"])
@pytest.mark.parametrize("source", ["template", "labels", "gbk", "utf8-bom"])
def test_every_kind_of_file_gives_the_verdicts_in_both_result_formats(
    source, out, tmp_path, filled_template, labelled_workbook
):
    path = {
        "template": filled_template,
        "labels": labelled_workbook,
        "gbk": _csv_file(tmp_path, "gbk", b"") if source == "gbk" else None,
        "utf8-bom": _csv_file(tmp_path, "utf-8", b"\xef\xbb\xbf") if source == "utf8-bom" else None,
    }[source]
    target = tmp_path / out
    proc = run(str(path), "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    verdicts = _verdicts_of_xlsx(target) if out.endswith("xlsx") else _verdicts_of_csv(target)
    assert verdicts == EXPECTED
    assert (
        "3 行：本自查能核对的条件均符合 1 行；尚无结论 1 行；暂不符合申报条件 1 行。" in proc.stderr
    )


def test_the_xlsx_results_hold_the_enterprises_columns_a_shortlist_and_districts(
    tmp_path, labelled_workbook
):
    wb = openpyxl.load_workbook(labelled_workbook)
    ws = wb.active
    given = [c.value for c in ws[1]]
    ws.append(["丁有误", "也许", "是"])
    wb.save(tmp_path / "in.xlsx")
    proc = run(str(tmp_path / "in.xlsx"), "--out", str(tmp_path / "out.xlsx"), "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    result = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert result.sheetnames == ["自查结果", "短名单", "按区统计", "摘要", "代码"]
    rows = list(result["自查结果"].iter_rows(values_only=True))
    # the enterprise's own columns as given, then the result, what is missing, each condition
    width = len(given)
    assert list(rows[0][:width]) == given
    assert rows[0][width : width + 3] == ("结论", "还差什么", "条件(一)")
    head = rows[0]
    by_ref = {r[0]: dict(zip(head, r)) for r in rows[1:]}
    assert [r[0] for r in rows[1:]][-1] == "丁有误"  # the file's order
    error = by_ref["丁有误"]
    assert error["结论"] == "有错误，未自查"
    assert "B 列“企业是否在深圳市注册登记？”：没有读懂“也许”" in error["问题"]
    assert {r["结论"] for r in by_ref.values()} == {
        "本自查能核对的条件均符合",
        "暂不符合申报条件",
        "尚无结论",
        "有错误，未自查",
    }
    assert all(
        (r["还差什么"] or "") == ""
        for r in by_ref.values()
        if r["结论"] == "本自查能核对的条件均符合"
    )
    assert all(
        r["还差什么"] for r in by_ref.values() if r["结论"] in ("暂不符合申报条件", "尚无结论")
    )
    assert result["自查结果"].freeze_panes == "B2"
    # the shortlist: the rows whose conditions are all met, then those one condition short
    shortlist = list(result["短名单"].iter_rows(values_only=True))
    assert shortlist[0] == head
    short = [dict(zip(head, r)) for r in shortlist[1:]]
    assert short and short[0]["结论"] == "本自查能核对的条件均符合"
    for r in short[1:]:
        assert r["还差什么"].count("条件") == 1 and "、" not in r["还差什么"]
    # by district: every row counted once, under its district
    districts = list(result["按区统计"].iter_rows(values_only=True))
    assert districts[0][:2] == ("商事登记所在区", "合计")
    assert sum(r[1] for r in districts[1:]) == len(rows) - 1
    assert result["摘要"]["A1"].value == (
        "4 行：本自查能核对的条件均符合 1 行；尚无结论 1 行；暂不符合申报条件 1 行；有错误，未自查 1 行。"
    )
    codes = list(result["代码"].iter_rows(values_only=True))
    assert list(codes[0]) == answer_format()["output_columns"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_results_carry_every_column_with_a_heading_as_given(tmp_path, kind):
    """An officer's list has columns the self-check does not read (走访日期, 联系人, 电话): the results
    workbook gives them where the file has them, as the file gives them (a telephone number stays
    text); a column without a heading is not carried; the enterprise's name stays in view."""
    source = ROOT / "examples" / "enterprises-zh.csv"
    table = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    head, rows = table[0], table[1:]
    wide = [["走访日期", head[0], "联系人", *head[1:], "电话", ""]]
    for number, row in enumerate(rows, 1):
        wide.append(
            [
                f"2026-12-{number:02d}",
                row[0],
                f"联系人{number}",
                *row[1:],
                f"0755-8{number:07d}",
                "x",
            ]
        )
    if kind == "csv":
        path = tmp_path / "in.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows(wide)
    else:
        wb = openpyxl.Workbook()
        for row in wide:
            wb.active.append(row)
        path = tmp_path / "in.xlsx"
        wb.save(path)
    proc = run(str(path), "--out", str(tmp_path / "out.xlsx"), "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    result = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sheet = result["自查结果"]
    got = list(sheet.iter_rows(values_only=True))
    width = len(wide[0]) - 1  # the column without a heading is not carried
    assert list(got[0][:width]) == wide[0][:width]
    assert got[0][width] == "结论"
    given = {r[1]: ["" if v is None else v for v in r[:width]] for r in got[1:]}  # "" reads as None
    assert given == {r[1]: r[:width] for r in wide[1:]}
    assert sheet.freeze_panes == "C2"  # the visit date and the enterprise's name stay in view


def test_a_row_with_errors_is_counted_under_the_district_it_names(tmp_path):
    """戊's 从业人员数 cannot be read (约300), its district can: the count by district has it under
    南山区 among the rows with errors, not under "not given or not read"."""
    proc = run(str(ROOT / "examples" / "enterprises-zh.csv"), "--out", str(tmp_path / "r.xlsx"))
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["按区统计"]
    head, *rows = sheet.iter_rows(values_only=True)
    by_district = {r[0]: dict(zip(head, r)) for r in rows}
    assert "（未填或无法读取）" not in by_district
    assert by_district["南山区"]["有错误，未自查"] == 1
    assert sum(r["合计"] for r in by_district.values()) == 5


def test_an_xlsx_result_without_openpyxl_says_how_to_install_it(tmp_path):
    code = (
        "import sys, selfcheck._xlsx_common as c; c.OPENPYXL = 'openpyxl_is_not_installed'\n"
        "from selfcheck.cli import main\n"
        f"sys.exit(main(['batch', 'examples/enterprises.csv', '--out', {str(tmp_path / 'r.xlsx')!r}]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2 and "pip install" in proc.stderr and "Traceback" not in proc.stderr
