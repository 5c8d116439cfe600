"""The command line against hostile input (issue 10): whatever the file holds, the command prints
a message in both languages and exits 0 or 2, in bounded time and memory, never with a
traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-01-05"


def run(*args: str, timeout: float = 60, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=timeout,
        input=stdin,
    )


def said(proc: subprocess.CompletedProcess) -> str:
    text = proc.stderr.decode("utf-8")  # strict: what the command printed is valid UTF-8
    assert "Traceback" not in text
    return text


def machine(stdout: bytes) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(stdout.decode("utf-8-sig"))))
    start = rows[0].index("row", 1)
    return [dict(zip(rows[0][start:], r[start:])) for r in rows[1:]]


@pytest.mark.parametrize(
    "content",
    ['{"district": "\\ud800"}', '{"\\udfff": 1}', '{"district": "\\u202e\\u0000\\u001b[31m"}'],
    ids=["lone-surrogate-value", "lone-surrogate-key", "controls"],
)
def test_messages_print_whatever_the_characters(tmp_path, content):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    proc = run("check", str(path))
    text = said(proc)
    assert proc.returncode == 2 and text.count("selfcheck: ") == 2
    assert "\\ud800" in text or "\\udfff" in text or "\\u202e" in text


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghi", "bcdefghij"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(path.read_bytes()) < 400
    start = time.monotonic()
    proc = run("check", str(path))
    assert time.monotonic() - start < 5
    assert proc.returncode == 2 and "别名" in said(proc) and "alias" in said(proc)


def test_a_yaml_answers_file_gets_the_limits_of_json(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("employees: " + "[" * 50 + "]" * 50 + "\n", encoding="utf-8")
    proc = run("check", str(path))
    assert proc.returncode == 2 and "嵌套" in said(proc)


def test_an_answers_file_too_long_is_refused_unread(tmp_path):
    path = tmp_path / "long.json"
    path.write_text('{"district": "' + "x" * 200_000 + '"}', encoding="utf-8")
    proc = run("check", str(path))
    assert proc.returncode == 2 and "太长" in said(proc) and "too long" in said(proc)


@pytest.mark.parametrize("sep", ["\u2028", "\f", "\x1c", "\x85", "\u2029", "\x1d", "\x1e", "\v"])
def test_separators_inside_a_csv_cell_never_split_a_row(tmp_path, sep):
    path = tmp_path / "in.csv"
    rows = [f"A{sep}x,300,宝安", f"B{sep}y,301,南山", "C,302,福田"]
    path.write_bytes(("ref,employees,district\n" + "\n".join(rows) + "\n").encode("utf-8"))
    proc = run("batch", str(path), "--as-of", AS_OF)
    said(proc)
    assert proc.returncode == 0
    out = machine(proc.stdout)
    assert [r["row"] for r in out] == ["2", "3", "4"]
    assert [r["ref"] for r in out] == [f"A{sep}x", f"B{sep}y", "C"]


def test_an_unclosed_quote_is_said_and_the_rows_before_are_checked(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        'ref,employees,district\nA,300,宝安\nB,"301,南山\nC,302,福田\n', encoding="utf-8"
    )
    proc = run("batch", str(path), "--as-of", AS_OF)
    text = said(proc)
    assert proc.returncode == 0
    assert "第 3 行有一格包含了文件中好几行的内容，很可能是某个引号没有配对" in text
    assert "quotation mark lacks its pair" in text
    out = machine(proc.stdout)
    assert [(r["row"], r["verdict"]) for r in out] == [("3", ""), ("2", "incomplete")]


def test_a_cell_over_the_csv_limit_is_said_with_its_row_and_the_rows_before_kept(tmp_path):
    path = tmp_path / "in.csv"
    body = "".join(f"R{i},{300 + i}\n" for i in range(30))
    path.write_text("ref,employees\n" + body + "X," + "9" * 200_000 + "\nY,3\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    proc = run("batch", str(path), "--out", str(out), "--as-of", AS_OF)
    text = said(proc)
    assert proc.returncode == 2
    assert "第 32 行有一格超过 131072 个字符" in text and "row 32" in text
    assert "之前的 30 行已自查" in text
    assert len(machine(out.read_bytes())) == 30  # nothing before it is lost


def test_a_cell_over_the_limit_in_the_first_rows_exits_2(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("ref,employees\nA," + "9" * 200_000 + "\n", encoding="utf-8")
    proc = run("batch", str(path), "--as-of", AS_OF)
    assert proc.returncode == 2 and "131072" in said(proc)


def _rss_kb(rows: int, tmp_path: Path) -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch_bench import write_enterprises

    source = tmp_path / f"e{rows}.csv"
    write_enterprises(source, rows)
    code = (
        "import resource, sys\n"
        "from selfcheck.cli import main\n"
        f"status = main(['batch', {str(source)!r}, '--out', {str(tmp_path / 'r.csv')!r},"
        " '--as-of', '2026-01-05'])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.__stdout__)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return int(proc.stdout.split()[-1])


def test_batch_memory_does_not_grow_with_the_rows(tmp_path):
    small, large = _rss_kb(3_000, tmp_path), _rss_kb(30_000, tmp_path)
    # ten times the rows (6 MB more input, 15 MB more results): the rows stream in and out, and
    # the engine's memo tables are bounded. Before, every report was kept: 36 KB a row.
    assert large - small < 20_000, (small, large)


def test_the_bridge_refuses_a_huge_request_before_parsing_it():
    from selfcheck import handle

    deep = json.dumps({"op": "evaluate", "answers_json": "[" * 6000 + "]" * 6000})
    response = json.loads(handle(deep))
    assert response["ok"] is False and "嵌套" in response["errors"][0]["zh"]
    response = json.loads(handle("[" * 100_000 + "]" * 100_000))
    assert response["ok"] is False and response["errors"][0]["zh"]


def test_standard_input_is_read_as_it_comes_in_the_memory_a_file_takes(tmp_path):
    # Issue 18: `selfcheck batch -` read all of standard input, then decoded it: a 200 MB CSV
    # took 813 MB (31 MB from a file). Now it is copied to a temporary file as it comes.
    from ._measure import run_cli

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch_bench import write_enterprises

    source = tmp_path / "enterprises.csv"
    write_enterprises(source, 80_000)
    size_mb = source.stat().st_size / 1024 / 1024
    from_file, _, file_peak = run_cli(source, "--out", str(tmp_path / "a.csv"))
    from_stdin, _, stdin_peak = run_cli("-", "--out", str(tmp_path / "b.csv"), stdin=source)
    print(
        f"\n{size_mb:.0f} MB CSV: peak {file_peak:.0f} MB from the file, {stdin_peak:.0f} MB from -"
    )
    assert from_file.returncode == from_stdin.returncode == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert stdin_peak < file_peak + size_mb / 2  # it held the input at least twice
