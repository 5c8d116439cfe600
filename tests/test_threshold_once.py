"""The insured-staff threshold is typed once (issue 17): on a copy of the checkout, changing it in
policy/notice/s2-i2.yaml either changes every page, report and test expectation that shows it, or
fails a check that names the other place."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ._checkout import copy_checkout, run_python
from ._thresholds import INSURED

NEW = INSURED - 50


def _replace(path: Path, old: str, new: str, count: int | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    found = text.count(old)
    assert found and (count is None or found == count), (path, old, found)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _pages(out: Path, lang: str) -> dict[str, str]:
    docs = out / lang / "docs"
    return {p.name: p.read_text(encoding="utf-8") for p in docs.glob("*.md")}


def test_changing_the_insured_threshold_in_one_place(tmp_path):
    copy = copy_checkout(tmp_path / "checkout")
    item = copy / "policy" / "notice" / "s2-i2.yaml"

    # 1. The value alone: the notice's words (the phrase, then the quotes) still say the old
    #    number, and the check names them.
    _replace(item, f"      value: {INSURED}\n", f"      value: {NEW}\n", count=1)
    check = run_python(copy, "-m", "policykit", "check")
    assert check.returncode != 0
    said = check.stdout + check.stderr
    for lang in ("zh", "en"):
        assert (
            f"points.s2-i2-insured.threshold.value {NEW} is not the number in its phrase.{lang}"
            in said
        )

    # 2. The notice's words too, as a notice that sets another number prints them: then nothing
    #    else needs an edit, and the check passes.
    old_zh, new_zh = f"{INSURED}人以上", f"{NEW}人以上"
    old_en, new_en = f"{INSURED} or more", f"{NEW} or more"
    _replace(copy / "policy" / "notice.txt", old_zh, new_zh, count=1)
    _replace(item, old_zh, new_zh)
    _replace(item, old_en, new_en)
    check = run_python(copy, "-m", "policykit", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert run_python(copy, "-m", "policykit", "bundle").returncode == 0

    # Every page that shows the threshold shows the new one (the site's own sentences too).
    out = tmp_path / "generated"
    generated = run_python(copy, "-m", "sitegen", "generate", "--out", str(out))
    assert generated.returncode == 0, generated.stderr[-3000:]
    zh, en = _pages(out, "zh"), _pages(out, "en")
    assert [name for name, text in zh.items() if old_zh in text] == []
    for name in ("conditions.md", "glossary.md", "regulations.md"):
        assert new_zh in zh[name], name
    assert f"{new_zh}包括{NEW}人本数" in zh["conditions.md"]
    assert f'"{new_en}" includes {NEW} itself' in en["conditions.md"]
    assert f"to total {new_en}" in " ".join(en["glossary.md"].split())
    assert new_zh in en["regulations.md"]  # the English quotes the Chinese phrase
    assert not re.search(
        rf"\b{INSURED} or more\b.*insured|insured.*\b{INSURED} or more\b", en["glossary.md"]
    )

    # The report follows: the new number met, one below not, said with the new phrase.
    strong = json.loads((copy / "examples" / "strong.json").read_text(encoding="utf-8"))
    reports = {}
    for insured in (NEW, NEW - 1):
        path = tmp_path / f"answers-{insured}.json"
        path.write_text(json.dumps({**strong, "insured_staff_shenzhen": insured}), "utf-8")
        proc = run_python(copy, "-m", "selfcheck", "check", str(path), "--format", "json")
        assert proc.returncode == 0, proc.stderr
        reports[insured] = json.loads(proc.stdout)
    assert reports[NEW]["conditions"]["c2"]["status"] == "met"
    below = reports[NEW - 1]["conditions"]["c2"]
    assert below["status"] == "not_met"
    assert any(new_zh in r["zh"] and new_en in r["en"] for r in below["reasons"])

    # The test expectations that stood at the old number fail, naming each place.
    tests = run_python(
        copy,
        "-m",
        "pytest",
        "tests/test_thresholds.py",
        "tests/test_engine_cases.py",
        "-q",
        "-n",
        "0",
        "-p",
        "no:cacheprovider",
    )
    assert tests.returncode != 0
    report = tests.stdout
    for place in (
        f"insured-{INSURED}-is-met ({INSURED})",  # the boundary check lists the cases
        f"test_case[insured-{INSURED - 1}-is-not-met]",  # the case's own expectation
        "examples/borderline.json",  # the example the README runs
    ):
        assert place in report, place
