"""Issue 20: English a reader understands at once, with one English term per Chinese term.

The glossary (policy/lists/glossary.yaml) is the source of each term's English. Checked:

- every language map of policy/ and of the site's strings: where the Chinese names a glossary term,
  the English names it as the glossary does; no English text uses a refused variant or a
  backslash before a quote;
- every built English page: no backslash before a quote, no Chinese outside an element marked
  ``lang="zh"`` (text, tooltips and other attributes a reader sees), no refused variant, and each
  term the Chinese page names is named in English;
- every English report the engine writes (text, Markdown, JSON, CSV and .xlsx results, for every
  case of examples/cases/) and both spreadsheet templates: no backslash before a quote, no Chinese
  at all (a report has no element to mark it), no refused variant.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from selfcheck import (
    check_rows,
    evaluate,
    evaluate_json,
    render_markdown,
    render_text,
    template_csv,
)
from selfcheck._policy import policy as engine_policy
from selfcheck._words import show_answer
from selfcheck.batch import Batch
from selfcheck.batch._files import write_csv, write_xlsx
from selfcheck.batch._rows import open_csv_text
from sitegen._english import (
    CJK,
    backslash_quotes,
    drop_chinese,
    lang_maps,
    missing_terms,
    refused_variants,
)

from ._cases import CASES

ROOT = Path(__file__).resolve().parent.parent
STRINGS = {
    "sitegen/strings.yaml": yaml.safe_load((ROOT / "sitegen/strings.yaml").read_text("utf-8")),
    "sitegen/widget/strings.yaml": yaml.safe_load(
        (ROOT / "sitegen/widget/strings.yaml").read_text("utf-8")
    ),
}


@pytest.fixture(scope="module")
def glossary(policy):
    return policy["lists"]["glossary"]["entries"]


#: Clumsy phrases issue 20 found that are no glossary term's variant (those are in the glossary).
_CLUMSY = {
    "question(s)": r"question\(s\)",
    "so far no condition is unmet": r"so far no condition is unmet",
    "order class": r"\border class",
    "persons employed 1,200 persons": r"persons employed:? [\d,.]+ persons",
    "etc.social": r"etc\.[a-z]",
}


def clumsy(text: str) -> list[str]:
    """The clumsy phrases of ``_CLUMSY`` that ``text`` uses."""
    lowered = text.lower()
    return [f"clumsy: {name!r}" for name, pattern in _CLUMSY.items() if re.search(pattern, lowered)]


def _maps(policy):
    tree = {k: v for k, v in policy.items() if k not in ("notice_text", "notice_sha256")}
    yield from (("policy/", path, m) for path, m in lang_maps(tree))
    for name, strings in STRINGS.items():
        yield from ((name, path, m) for path, m in lang_maps(strings))


# -- the data ------------------------------------------------------------------------------------


def test_every_text_names_the_glossary_terms_as_the_glossary_does(policy, glossary):
    wrong = [
        f"{name} {path}: {problem}"
        for name, path, m in _maps(policy)
        for problem in missing_terms(glossary, m["zh"], m["en"])
    ]
    assert wrong == []


def test_no_english_text_uses_a_refused_variant_or_an_escaped_quote(policy, glossary):
    wrong = [
        f"{name} {path}: {problem}"
        for name, path, m in _maps(policy)
        for problem in refused_variants(glossary, m["en"])
        + backslash_quotes(m["en"])
        + clumsy(m["en"])
    ]
    assert wrong == []


def test_the_check_finds_a_term_left_out_and_a_variant(glossary):
    assert missing_terms(glossary, "区人力资源部门审核", "the district office examines") == [
        "区人力资源部门 → District HR department"
    ]
    assert refused_variants(glossary, "The district office examines")
    assert refused_variants(glossary, "a skill ecochain")
    # A term inside a longer one is carried by the longer one's English.
    assert missing_terms(glossary, "产教评技能生态链", "a skills ecosystem chain") == []
    assert backslash_quotes('(hereinafter \\"chain leader enterprises\\")')
    assert clumsy("So far no condition is unmet; answer the 2 question(s)") == [
        "clumsy: 'question(s)'",
        "clumsy: 'so far no condition is unmet'",
    ]


def test_english_tooltips_leave_out_the_chinese_beside_the_english(glossary):
    for entry in glossary:
        assert not CJK.search(drop_chinese(entry["definition"]["en"])), entry["id"]


def test_the_chain_leader_is_explained_by_the_notices_own_words(policy, glossary):
    (entry,) = [e for e in glossary if "quote" in e]
    clause = policy["notice"][entry["quote"]["clause"]]
    assert entry["quote"]["text"]["zh"] in clause["text"]["zh"]
    assert "lead" in entry["quote"]["text"]["en"]


# -- the built pages -----------------------------------------------------------------------------

#: Attributes a reader sees (tooltips, labels read aloud, the table hint shown by the stylesheet).
_SEEN = ("title", "aria-label", "alt", "placeholder", "data-hint")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _English(html.parser.HTMLParser):
    """The text of a page that is not marked Chinese, with what would be wrong in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self.chinese: list[str] = []

    def _zh(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = a.get("lang")
        zh = lang.startswith("zh") if lang is not None else self._zh()
        skip = tag in {"script", "style", "template"} or (
            self.stack and self.stack[-1][0] == "skip"
        )
        for name in _SEEN:
            value = a.get(name) or ""
            if value and not zh and CJK.search(value):
                self.chinese.append(f"<{tag} {name}> {value[:60]}")
        if tag == "meta" and a.get("name") == "description" and CJK.search(a.get("content") or ""):
            self.chinese.append(f"<meta description> {a['content'][:60]}")
        if tag not in _VOID:
            self.stack.append(("skip" if skip else tag, zh))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] in (tag, "skip") and (
                self.stack[i][0] == tag or tag in {"script", "style", "template"}
            ):
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "skip":
            return
        if self._zh():
            return
        self.text.append(data)
        if CJK.search(data):
            self.chinese.append(data.strip()[:60])


def _english(html_text: str) -> _English:
    parser = _English()
    parser.feed(html_text)
    parser.close()
    return parser


def _pages(built, lang):
    return [p for p in built.pages(lang)] + ["404.html"]


def _html(built, lang, page):
    path = built.root / lang / (page if page.endswith(".html") else page + "index.html")
    return path.read_text(encoding="utf-8")


def test_english_pages_mark_every_chinese_word_and_escape_no_quote(built, glossary):
    wrong = []
    for page in _pages(built, "en"):
        parsed = _english(_html(built, "en", page))
        text = "".join(parsed.text)
        wrong += [f"{page}: Chinese outside lang=zh: {c}" for c in parsed.chinese]
        wrong += [f"{page}: {b}" for b in backslash_quotes(text)]
        wrong += [f"{page}: {v}" for v in refused_variants(glossary, text)]
        wrong += [f"{page}: {c}" for c in clumsy(text)]
    assert wrong == []


def test_each_term_a_chinese_page_names_is_named_on_its_english_page(built, glossary):
    from ._site import parse

    wrong = []
    for page in built.pages("zh"):
        zh = parse(_html(built, "zh", page)).plain
        en = "".join(_english(_html(built, "en", page)).text)
        wrong += [f"{page or 'home'}: {m}" for m in missing_terms(glossary, zh, en)]
    assert wrong == []


def test_the_page_check_finds_unmarked_chinese():
    assert _english('<p>a <span lang="zh">链主</span> b</p>').chinese == []
    assert _english("<p>a 链主 b</p>").chinese == ["a 链主 b"]
    assert _english('<abbr title="规上">x</abbr>').chinese
    assert _english("<script>var a = '链主'</script>").chinese == []


# -- reports and spreadsheets --------------------------------------------------------------------


def _clean(text: str, where: str, glossary) -> list[str]:
    out = [
        f"{where}: Chinese: {text[max(0, m.start() - 30) : m.end() + 30]!r}"
        for m in CJK.finditer(text)
    ][:3]
    out += [f"{where}: {b}" for b in backslash_quotes(text)]
    out += [f"{where}: {v}" for v in refused_variants(glossary, text)]
    out += [f"{where}: {c}" for c in clumsy(text)]
    return out


def _english_strings(node):
    """The English strings of a JSON report: every ``en`` of a language map."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("zh"), str):
            yield node["en"]
        for key, value in node.items():
            if key != "zh":
                yield from _english_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _english_strings(value)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_english_reports_of_every_case_are_plain_english(case, glossary):
    # The JSON the browser gets (the report, or the errors of answers that cannot be used).
    response = json.loads(evaluate_json(case["json"], "en", case["as_of"]))
    wrong = _clean("\n".join(_english_strings(response)), "json", glossary)
    if "report" in response:
        report = evaluate(json.loads(case["json"]), lang="en", as_of=case["as_of"])
        wrong += _clean(render_text(report, lang="en"), "text", glossary)
        wrong += _clean(render_markdown(report, lang="en"), "markdown", glossary)
    assert wrong == []


def _english_rows():
    """Every case's answers as an English spreadsheet row (the reader's words), refs in English."""
    pol = engine_policy()
    keys = list(pol.questions)
    rows = [["ref", *keys]]
    for n, case in enumerate(CASES, start=1):
        try:
            answers = json.loads(case["json"])
        except ValueError:  # the cases of answers that are not JSON
            continue
        if not isinstance(answers, dict) or any(k not in keys for k in answers):
            continue
        try:
            cells = {k: show_answer(k, v, "en", pol=pol) for k, v in answers.items()}
        except Exception:  # noqa: BLE001 - an answer the format refuses: not a row
            continue
        rows.append([f"Enterprise {n}", *(cells.get(k, "") for k in keys)])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _results_xlsx(text: str) -> bytes:
    batch = Batch(open_csv_text(text))
    out = io.BytesIO()
    write_xlsx(batch, out, "en", batch=batch)
    return out.getvalue()


def test_english_batch_results_and_templates_are_plain_english(glossary):
    openpyxl = pytest.importorskip("openpyxl")
    from selfcheck import xlsx

    batch = check_rows(_english_rows())
    results = io.StringIO()
    write_csv(batch, results, lang="en")
    wrong = _clean(results.getvalue(), "results.csv", glossary)
    wrong += _clean(template_csv("en"), "template.csv", glossary)
    for name, data in (
        ("template.xlsx", xlsx.build_template("en", rows=3)),
        ("results.xlsx", _results_xlsx(_english_rows())),
    ):
        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = [
            str(c.value)
            for ws in book.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        cells += [
            str(c.comment.text)
            for ws in book.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.comment
        ]
        # What Excel shows when a cell with a dropdown or a number check is chosen or refused.
        cells += [
            str(text)
            for ws in book.worksheets
            for dv in ws.data_validations.dataValidation
            for text in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle)
            if text
        ]
        wrong += _clean("\n".join(cells), name, glossary)
    assert wrong == []
