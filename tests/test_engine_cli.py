"""``python -m selfcheck check``: exit 0 with a report, 2 with a bilingual message, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.mark.parametrize(
    ("example", "verdict"),
    [
        ("strong.json", "eligible"),
        ("borderline.json", "not_eligible"),
        ("needs-review.json", "needs_review"),
        ("incomplete.yaml", "incomplete"),
    ],
)
def test_every_example_gives_a_report_and_exit_0_whatever_the_verdict(example, verdict):
    proc = run("check", f"examples/{example}", "--format", "json", "--as-of", "2026-01-05")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["verdict"] == verdict
    assert report["as_of"] == "2026-01-05"
    assert list(report["conditions"]) == [f"c{n}" for n in range(1, 9)]


def test_the_text_report_is_in_the_chosen_language():
    zh = run("check", "examples/borderline.json", "--as-of", "2026-01-05").stdout
    en = run("check", "examples/borderline.json", "--lang", "en", "--as-of", "2026-01-05").stdout
    insured = json.loads((EXAMPLES / "borderline.json").read_text(encoding="utf-8"))[
        "insured_staff_shenzhen"
    ]
    assert "暂不符合申报条件" in zh and f"在深参保职工 {insured}人" in zh
    assert "Does not yet meet the conditions" in en
    assert f"Insured staff in Shenzhen: {insured} persons" in en
    assert "暂不符合" not in en


def test_the_markdown_report_has_headings_and_the_digest():
    out = run(
        "check",
        "examples/strong.json",
        "--format",
        "markdown",
        "--lang",
        "en",
        "--as-of",
        "2026-01-05",
    ).stdout
    report = json.loads(
        run("check", "examples/strong.json", "--format", "json", "--as-of", "2026-01-05").stdout
    )
    assert out.startswith("# Self-check")
    assert "\n## Condition by condition\n" in out and "\n### (2) " in out
    assert report["digest"] in out


def test_answers_can_come_from_standard_input():
    proc = run("check", "-", "--format", "json", stdin='{"registered_in_shenzhen": false}')
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["verdict"] == "not_eligible"


def _assert_bilingual_error(proc, *needles):
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("selfcheck: ")]
    # each message in both languages: Chinese, then English (which may quote a Chinese name)
    assert lines and len(lines) % 2 == 0
    for chinese, english in zip(lines[::2], lines[1::2]):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese) and chinese != english
        assert any("a" <= ch <= "z" for ch in english.removeprefix("selfcheck: "))


def test_invalid_answers_exit_2_naming_each_field_and_what_is_allowed(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"employees": "300", "district": "sz", "foo": true}', encoding="utf-8")
    proc = run("check", str(bad))
    _assert_bilingual_error(proc, "employees", "district", "foo", "nanshan", "whole number", "整数")


@pytest.mark.parametrize("content", ['{"employees": NaN}', "{", "[1, 2]", '"x"'])
def test_malformed_json_exits_2(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    _assert_bilingual_error(run("check", str(bad)))


def test_a_missing_file_exits_2():
    _assert_bilingual_error(run("check", "examples/no-such-file.json"), "no-such-file.json")


def test_a_file_that_is_not_utf8_exits_2(tmp_path):
    bad = tmp_path / "gbk.json"
    bad.write_bytes('{"district": "南山"}'.encode("gbk"))
    _assert_bilingual_error(run("check", str(bad)), "UTF-8")


def test_a_bad_yaml_file_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("employees: [1, 2\n", encoding="utf-8")
    _assert_bilingual_error(run("check", str(bad)), "YAML")


@pytest.mark.parametrize("content", ["employees: " + "9" * 5000, "[" * 5000, "? [a]\n: b\n"])
def test_yaml_that_python_cannot_hold_exits_2(tmp_path, content):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    _assert_bilingual_error(run("check", str(bad)))


def test_a_json_file_with_excels_bom_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes("\ufeff".encode("utf-8") + b'{"registered_in_shenzhen": true}')
    assert run("check", str(path), "--format", "json").returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ("check", "examples/strong.json", "--format", "xml"),
        ("check", "examples/strong.json", "--lang", "fr"),
        ("check", "examples/strong.json", "--as-of", "2026-02-30"),
        ("check",),
        ("frobnicate",),
        (),
    ],
)
def test_bad_command_lines_exit_2_in_both_languages(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "命令行参数有误" in proc.stderr or "日期" in proc.stderr
    assert "Invalid command-line arguments" in proc.stderr or "date" in proc.stderr


def _lines(proc) -> tuple[list[str], list[str]]:
    """The Chinese and the English message lines of stderr."""
    lines = [line for line in proc.stderr.splitlines() if line.startswith("selfcheck: ")]
    chinese = [line for line in lines if any("\u4e00" <= ch <= "\u9fff" for ch in line)]
    return chinese, [line for line in lines if line not in chinese]


def test_a_key_repeated_in_yaml_is_rejected_like_in_json(tmp_path):
    for name, content in (
        ("a.yaml", "employees: 300\nemployees: 3\n"),
        ("a.json", '{"employees": 300, "employees": 3}'),
    ):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        proc = run("check", str(path))
        _assert_bilingual_error(proc, "employees", "不止一次", "more than once")


def test_a_yaml_merge_key_is_not_a_repeat(tmp_path):
    path = tmp_path / "merge.yaml"
    path.write_text("base: &b {employees: 3}\n", encoding="utf-8")
    proc = run("check", str(path))  # 'base' is an unknown key, but no repeat is reported
    assert proc.returncode == 2 and "不止一次" not in proc.stderr


def test_a_json_syntax_error_gives_line_and_column_in_each_language(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "employees": 3,\n}', encoding="utf-8")
    proc = run("check", str(bad))
    _assert_bilingual_error(proc)
    (zh,), (en,) = _lines(proc)
    assert "第 3 行第 1 列" in zh and "Expecting" not in zh
    assert "line 3, column 1" in en


def test_a_yaml_syntax_error_gives_line_and_column_in_each_language(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("employees: 3\ndistrict: [nanshan\n", encoding="utf-8")
    proc = run("check", str(bad))
    _assert_bilingual_error(proc)
    (zh,), (en,) = _lines(proc)
    assert "第 3 行" in zh and "expected" not in zh
    assert "line 3, column" in en


def test_a_value_json_cannot_hold_is_shown_as_written_not_as_python(tmp_path):
    path = tmp_path / "date.yaml"
    path.write_text("employees: 2026-01-01\n", encoding="utf-8")
    proc = run("check", str(path))
    _assert_bilingual_error(proc, "“2026-01-01”")
    assert "datetime" not in proc.stderr


def test_importing_the_engine_loads_no_command_line():
    # The browser imports the package: argparse and the command line stay out of it (and so out
    # of the standard library recorded for the page: tests/test_widget_stdlib.py).
    code = (
        "import sys, selfcheck, selfcheck.xlsx\n"
        "loaded = [m for m in sys.modules if m == 'argparse' or m.startswith('selfcheck.cli')]\n"
        "assert loaded == [], loaded\n"
        "selfcheck.answer_format()\n"  # the usage lines come from the command line, when asked
        "assert 'argparse' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
