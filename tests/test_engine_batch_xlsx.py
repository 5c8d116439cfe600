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

from selfcheck import xlsx
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
    ws = openpyxl.load_workbook(path).worksheets[0]
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


def test_the_xlsx_results_hold_the_readers_words_errors_first(tmp_path, labelled_workbook):
    wb = openpyxl.load_workbook(labelled_workbook)
    ws = wb.active
    ws.append(["丁有误", "也许", "是"])
    wb.save(tmp_path / "in.xlsx")
    proc = run(str(tmp_path / "in.xlsx"), "--out", str(tmp_path / "out.xlsx"), "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    result = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert result.sheetnames == ["自查结果", "摘要"]
    rows = list(result["自查结果"].iter_rows(values_only=True))
    assert rows[0][:4] == ("行号", "编号", "结论", "问题")
    assert rows[1][1] == "丁有误" and rows[1][2] == "有错误，未自查"  # the error first
    assert "B 列“企业是否在深圳市注册登记？”：没有读懂“也许”" in rows[1][3]
    assert {r[2] for r in rows[2:]} == {
        "本自查能核对的条件均符合",
        "暂不符合申报条件",
        "尚无结论",
    }
    assert result["自查结果"].freeze_panes == "C2"
    assert result["摘要"]["A1"].value == (
        "4 行：本自查能核对的条件均符合 1 行；尚无结论 1 行；暂不符合申报条件 1 行；有错误，未自查 1 行。"
    )


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
