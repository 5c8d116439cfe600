"""The answers page documents the public answer format: every key, type and allowed value of
policy/selfcheck/questions.yaml, the engine's rules, and a CSV template whose header is the keys."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urljoin

import pytest

from selfcheck import answer_format, check_rows, evaluate

from ._site import LANGS, ROOT, parse

PAGE = "answers/"


def _questions(policy) -> list[dict]:
    return policy["selfcheck"]["questions"]["questions"]


def _allowed(policy, question) -> list[tuple[str, dict]]:
    """(value, name language map) of every allowed value of a choice question."""
    if "options" in question:
        return [(o["value"], o["label"]) for o in question["options"]]
    content = policy["lists"][question["options_from"]]
    return [(e["id"], e["name"]) for e in content.get("groups") or content["entries"]]


def _codes(raw: str) -> list[str]:
    """The text of every ``<code>`` (on English pages its Chinese is marked ``lang="zh"``)."""
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<code>(.*?)</code>", raw, re.S)]


def _rows(raw: str, table_after: str) -> list[list[str]]:
    """The body rows (cells as raw HTML) of the first table after the element id ``table_after``."""
    start = raw.index(f'id="{table_after}"')
    body = raw[raw.index("<tbody>", start) : raw.index("</tbody>", start)]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("</tr>")[:-1]]


def test_the_page_is_in_the_nav_right_after_the_selfcheck_and_the_batch():
    from sitegen._render import PAGES

    paths = [p.path for p in PAGES]
    assert paths[paths.index("selfcheck.md") + 1 :][:2] == ["batch.md", "answers.md"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_key_table_lists_every_key_with_its_type_unit_and_clause(built, policy, lang):
    raw = built.html(lang, PAGE)
    rows = _rows(raw, "keys")
    questions = _questions(policy)
    assert [_codes(cells[0]) for cells in rows] == [[q["key"]] for q in questions]
    pages = {"condition": "conditions", "procedure": "procedure", "measure": "measures"}
    for question, cells in zip(questions, rows):
        assert f"<code>{question['type']}</code>" in cells[2], question["key"]
        if "unit" in question:
            assert question["unit"][lang] in cells[4], question["key"]
        item = policy["notice"][question["condition"]]
        href = re.search(r'href="([^"]+)"', cells[5]).group(1)
        assert href == f"../{pages[item['kind']]}/#{item['id']}", question["key"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_allowed_value_is_listed_with_its_name(built, policy, lang):
    raw = built.html(lang, PAGE)
    choices = [q for q in _questions(policy) if q["type"] in ("choice", "multi_choice")]
    assert {q["key"] for q in choices} >= {"district", "size_industry", "enterprise_types"}
    for question in choices:
        rows = _rows(raw, f"values-{question['key']}")
        listed = [(_codes(cells[0])[0], parse(cells[1]).plain) for cells in rows]
        expected = _allowed(policy, question)
        assert [value for value, _ in listed] == [value for value, _ in expected]
        for (_, shown), (_, name) in zip(listed, expected):
            assert name[lang] in shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_rules_come_from_the_engine(built, lang):
    page = parse(built.html(lang, PAGE))
    text = page.plain
    codes = set(_codes(built.html(lang, PAGE)))
    rules = answer_format()
    assert str(rules["max_figure"]) in codes
    assert rules["max_figure"] == 2**53 - 1
    words = [w for name in ("yes", "no", "unsure", "none") for w in rules["words"][name]]
    for word in [*words, rules["ref"], '"unsure"']:
        assert word in codes, word
    for column in rules["result_columns"][lang]:
        assert column in text, column
    assert str(rules["limits"]["batch_rows"]) in text.replace(",", "")
    for column in rules["output_columns"]:
        assert column in codes, column
    assert str(rules["exit_invalid"]) in codes and "0" in codes
    assert "python -m selfcheck check" in text and "python -m selfcheck batch" in text
    assert "--out" in text and "#answers=" in text
    for field in ("answers", "report", "version", "as_of", "digest"):
        assert field in codes, field
    for anchor in ("keys", "rules", "csv", "results", "share", "receipt", "cli"):
        assert anchor in page.ids


def test_the_documented_digest_recipe_is_the_engines():
    """The Python snippet on the page, run on an example, gives the report's digest."""
    raw = (ROOT / "sitegen" / "templates" / "answers.md.j2").read_text(encoding="utf-8")
    snippet = raw[raw.index("```python") + len("```python") :]
    snippet = "\n".join(line.strip() for line in snippet[: snippet.index("```")].splitlines())
    answers = json.loads((ROOT / "examples" / "strong.json").read_text(encoding="utf-8"))
    report = evaluate(answers)
    scope = {"version": report.version, "answers": dict(report.answers)}
    exec(snippet, scope)  # noqa: S102 - the page's own snippet
    assert scope["digest"] == report.digest
    assert re.fullmatch(r"[0-9a-f]{64}", report.digest)


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_template_asks_the_questions_in_the_readers_language(built, policy, lang):
    raw = built.html(lang, PAGE)
    link = re.search(r'<a[^>]*href="([^"]*answers-template\.csv)"', raw).group(1)
    path = built.root / lang / "answers" / link
    text = path.resolve().read_text(encoding="utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    labels = [q["label"][lang] for q in _questions(policy)]
    assert len(header) == len(labels) + 1
    for cell, label in zip(header[1:], labels):
        assert cell.startswith(label.rstrip("？?")[:8]), (cell, label)
    assert example[0].startswith("示例" if lang == "zh" else "Example")
    assert urljoin(built.url(lang, PAGE), link) == built.url(lang, "answers-template.csv")


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_template_is_what_the_engine_accepts(built, lang):
    text = (built.root / lang / "answers-template.csv").read_text(encoding="utf-8-sig")
    assert text.count("\n") == 2  # the header and the example row
    yes = "是" if lang == "zh" else "yes"
    rows = check_rows(text + "例," + yes + "\n")
    assert len(rows) == 1 and rows[0].report is not None and rows[0].ref == "例"
    assert rows[0].report.answers == {"registered_in_shenzhen": True}
