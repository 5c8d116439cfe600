"""Issue 16: a result says exactly what the answers support, in one set of words, the same in both
languages. Each test covers a class, so that a sibling of what was found fails too:

- the verdict's words (titles, headlines, summaries, the lines of the summary for a chat, the
  batch's summary and still-open cells) carry the same meaning markers in Chinese and English, and
  none predicts an outcome;
- every state and section of a result is named with the one table of words (messages.yaml
  ``words``), in every report format, and a sentence that names a section names it so;
- one rule for the points the notice leaves to judgment (``claim``), stated on the answers page;
- a sentence quotes only its own clause's words (the priority sentence of (七) or (八) never speaks
  of the 成效显著 of (六));
- the site's advice never sits in a reading;
- the eligible and needs-review verdicts name the points the district weighs in the text,
  Markdown, JSON, CSV and .xlsx results;
- no submission step names an office the site says it does not know;
- a quote in the notice's voice on a rendered page is the notice's characters;
- no page calls the site's Chinese text authoritative.
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import sys

import pytest

import selfcheck
from selfcheck import evaluate, render_markdown, render_text

from ._cases import CASES
from ._chunked import chunked
from ._site import LANGS, ROOT

AS_OF = "2026-01-05"
BUNDLE = selfcheck.load_policy_bundle()
MESSAGES = BUNDLE["selfcheck"]["messages"]
WORDS = MESSAGES["words"]
POINTS = {p["id"]: p for c in BUNDLE["conditions"] for p in c["points"]}
STRONG = json.loads((ROOT / "examples" / "strong.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports():
    """The report of every YAML case (the engine's JSON, both languages in every text)."""
    out = []
    for case in CASES:
        response = json.loads(selfcheck.evaluate_json(case["json"], case["lang"], case["as_of"]))
        if response["ok"]:
            out.append((case["id"], response["report"]))
    return out


# -- the same meaning in both languages, no prediction --------------------------------------------

#: Meaning markers: what a sentence says in Chinese and how the English says it. A marker found in
#: one language must be found in the other.
MARKERS = {
    "the district office": (
        r"区人力资源部门",
        r"district (HR department|office)|HR department of (the )?[\w' -]*district",
    ),
    "on your answers": (
        r"按您的回答|您的自评|您回答|您对|您确认",
        r"your answers|your own assessment|you answered|you confirmed|you gave",
    ),
    "not yet met": (r"尚不符合|暂不符合|暂不满足|没有尚不符合", r"not yet met|not yet meet|unmet"),
    "met": (r"(?<!不)符合", r"(?<!not yet )(?<!un)\bmet\b|(?<!not yet )\bmeets\b"),
    "to be confirmed": (r"待确认", r"to be confirmed|to confirm"),
    "not sure": (r"不确定", r"not sure"),
    "no result": (r"尚无结论|无法得出结论", r"no result"),
    "the application": (r"申报(?!条件|材料)", r"(?<!that )\bappl(y|ies|ication)(?! materials)"),
    "the materials": (r"材料", r"materials|evidence"),
}
#: Words that predict an outcome nobody but the district, the city and the province decides.
PREDICTIONS = re.compile(
    r"基本符合|有望|大概率|可以入选|能够入选|likely|probably|will (qualify|be selected|be admitted)|"
    r"expected to|qualif(y|ies) for"
)
_MARKERS_ZH = {
    "(一)": "(1)",
    "(二)": "(2)",
    "(三)": "(3)",
    "(四)": "(4)",
    "(五)": "(5)",
    "(六)": "(6)",
    "(七)": "(7)",
    "(八)": "(8)",
}


def _meaning(text: str, lang: str) -> set[str]:
    found = {
        name
        for name, pair in MARKERS.items()
        if re.search(pair[0 if lang == "zh" else 1], text, re.I)
    }
    markers = re.findall(r"\([一二三四五六七八]\)" if lang == "zh" else r"\([1-8]\)", text)
    found |= {_MARKERS_ZH.get(m, m) for m in markers}
    # Counts and figures (not the conditions' markers, not "近3年", not a unit's "10,000").
    plain = re.sub(r"\([1-8]\)|10,000|近3年|last 3 years", "", text)
    found |= set(re.findall(r"\d+", plain))
    return found


def _verdict_texts(reports):
    for case, report in reports:
        yield case, "title", report["title"]
        yield case, "headline", report["headline"]
        yield case, "summary", report["summary"]
        for i, line in enumerate(report["brief"]):
            yield case, f"brief[{i}]", line


def test_the_markers_tell_the_meaning_apart():
    assert _meaning("暂不符合申报条件：条件(四)尚不符合", "zh") == {"not yet met", "(4)"}
    assert _meaning("Does not yet meet the conditions — Not yet met: condition (4)", "en") == {
        "not yet met",
        "(4)",
    }
    assert _meaning("基本符合，部分事项待区人力资源部门判断", "zh") != _meaning(
        "Likely to qualify; some points are for the district office to judge", "en"
    )


def test_the_verdicts_say_the_same_in_both_languages_and_predict_nothing(reports):
    problems = []
    for case, where, text in _verdict_texts(reports):
        zh, en = _meaning(text["zh"], "zh"), _meaning(text["en"], "en")
        if zh != en:
            problems.append(f"{case} {where}: zh {sorted(zh - en)} / en {sorted(en - zh)}")
        for lang in LANGS:
            if PREDICTIONS.search(text[lang]):
                problems.append(f"{case} {where}: predicts: {text[lang]}")
    assert problems == []


def test_every_verdict_title_and_batch_summary_say_the_same_in_both_languages():
    titles = WORDS["verdicts"]
    for name, title in titles.items():
        assert _meaning(title["zh"], "zh") == _meaning(title["en"], "en"), name
        assert not PREDICTIONS.search(title["zh"] + title["en"]), name
    response = chunked((ROOT / "examples" / "enterprises.csv").read_text("utf-8"), AS_OF)
    summary = response["summary"]
    assert _meaning(summary["zh"], "zh") == _meaning(summary["en"], "en")
    for title in titles.values():
        for lang in LANGS:
            if title[lang] in summary[lang]:
                break
        else:
            continue
        assert title["zh"] in summary["zh"] and title["en"] in summary["en"]


# -- one table of words ---------------------------------------------------------------------------

_SECTION_WORDS = re.compile(
    r"还需|还差|待补充|待确认|Still to|More answers|would settle|to confirm|to answer", re.I
)


def _quoted(text: str) -> list[str]:
    """The outermost “quoted” fragments of a text (a quote may hold quotes: “推进新“八级工”制度落地”)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
            if depth == 1:
                start = i + 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:i])
    return out


def _strings(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def test_a_sentence_that_names_a_section_or_state_names_it_with_the_table():
    """A quoted name of a section or state (“待确认的问题”, “Still to confirm”) is a word of the
    table, in the engine's sentences, the widget's strings and the site's strings."""
    import yaml

    table = {w for kind in WORDS.values() for entry in kind.values() for w in entry.values()}
    texts = list(_strings(MESSAGES, "messages"))
    for name in ("sitegen/widget/strings.yaml", "sitegen/strings.yaml"):
        texts += list(_strings(yaml.safe_load((ROOT / name).read_text(encoding="utf-8")), name))
    wrong = [
        f"{where}: “{quote}”"
        for where, text in texts
        for quote in _quoted(text)
        if _SECTION_WORDS.search(quote) and quote not in table and "{" not in quote
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_text_and_markdown_reports_name_sections_and_states_with_the_table(lang):
    table = WORDS["sections"]
    statuses = {w[lang] for w in WORDS["statuses"].values()}
    answers = {**STRONG, "eight_level_system": False, "college_partners": "unsure"}
    report = evaluate(answers, lang=lang, as_of=AS_OF)
    text, markdown = render_text(report), render_markdown(report)
    headings = re.findall(r"^#{2,3} (.+)$", markdown, re.M)
    titles = {c.marker.get(lang) + " " + c.title.get(lang) for c in report.conditions}
    for heading in headings:
        if " — " in heading:  # a condition: its title, then its status
            title, status = heading.rsplit(" — ", 1)
            assert title in titles and status in statuses, heading
        else:
            assert heading in {w[lang] for w in table.values()}, heading
    for name in ("conditions", "open", "next_steps", "materials", "evidence", "submission"):
        assert table[name][lang] in text and table[name][lang] in markdown
    assert report.headline.get(lang) in text


# -- one rule for the points the notice leaves to judgment ----------------------------------------

CLAIMS = [pid for pid, p in POINTS.items() if p["decision"] == "claim"]


def test_the_points_the_notice_leaves_to_judgment_are_all_claims():
    assert len(CLAIMS) >= 5
    # No point-specific sentence for a claim: the one rule speaks for every one of them.
    own = {(r["point"], r["outcome"]) for r in MESSAGES["point_reasons"] if "text" in r}
    assert not [key for key in own if key[0] in CLAIMS]


@pytest.mark.parametrize("point", CLAIMS)
@pytest.mark.parametrize("answer", [True, False])
def test_a_claim_is_decided_by_the_own_assessment_and_judged_by_the_district(point, answer):
    (key,) = POINTS[point]["keys"]
    report = evaluate({**STRONG, key: answer}, as_of=AS_OF)
    (found,) = [p for c in report.conditions for p in c.points if p.point == point]
    assert found.status == ("met" if answer else "not_met")
    rule = MESSAGES["reasons"]["claim_yes" if answer else "claim_no"]
    for lang in LANGS:
        tail = rule[lang].split("{clause}")[-1]
        assert found.reason.get(lang).endswith(tail)
    assert report.verdict == ("eligible" if answer else "not_eligible")


def test_the_answers_page_states_the_rule_of_each_kind_of_point(built):
    for lang in LANGS:
        page = built.html(lang, "answers/")
        for rule in MESSAGES["decisions"].values():
            first = re.split(r"[：:（(]", rule[lang])[0]
            assert first in html_text(page), first
        for point in CLAIMS:
            assert POINTS[point]["text"][lang].replace('"', "&quot;") in page or POINTS[point][
                "text"
            ][lang] in html_text(page)


# -- a sentence quotes its own clause -------------------------------------------------------------


def test_a_reason_quotes_only_its_own_clause_or_the_readers_words(reports):
    """Every “quoted” fragment of a point's reason is its own clause, a part of it, or words of
    the form (questions, facts, options, phrases, groups): never another clause's words."""
    allowed: set[str] = set()
    for q in BUNDLE["selfcheck"]["questions"]["questions"]:
        allowed |= set(q["label"].values())
        allowed |= {v for o in q.get("options", []) for v in o["label"].values()}
    allowed |= {v for f in MESSAGES["facts"] for v in f["name"].values()}
    allowed |= {v for g in BUNDLE["lists"]["nbs-size-2017"]["groups"] for v in g["name"].values()}
    allowed |= set(MESSAGES["unsure"]["answer"].values()) | {"原则上", "in principle"}
    for c in BUNDLE["conditions"]:
        for p in c["points"]:
            if "threshold" in p:
                allowed |= set(p["threshold"]["phrase"].values())
    problems = []
    for case, report in reports:
        for condition in report["conditions"].values():
            for reason in condition["reasons"]:
                clause = POINTS[reason["point"]]["text"]
                for lang in LANGS:
                    for quote in _quoted(reason[lang]):
                        own = quote in clause[lang] or clause[lang] in quote
                        if not own and quote not in allowed:
                            problems.append(f"{case} {reason['point']}: “{quote}”")
    assert sorted(set(problems)) == []


def test_each_priority_factor_gets_the_sentence_its_clause_supports():
    everything = {
        k: True
        for k in (
            "enterprise_self_evaluation",
            "new_apprenticeship",
            "serves_major_strategies",
            "traceable_platform",
            "shared_training_resources",
        )
    }
    report = evaluate({**STRONG, **everything}, as_of=AS_OF)
    priority = [
        p
        for c in report.conditions
        for p in c.points
        if p.nature == "priority" and p.status == "applies"
    ]
    assert len(priority) >= 4
    for point in priority:
        clause = POINTS[point.point]["text"]
        for lang in LANGS:
            for quote in _quoted(point.reason.get(lang)):
                assert (
                    quote in clause[lang]
                    or clause[lang] in quote
                    or quote in {v for f in MESSAGES["facts"] for v in f["name"].values()}
                ), (point.point, quote)
    marked = [p.point for p in priority if "显著" in p.reason.zh]
    assert marked == [pid for pid in marked if "显著" in POINTS[pid]["text"]["zh"]] and marked


# -- advice never in a reading --------------------------------------------------------------------

#: What advice sounds like: telling the reader what to do.
ADVICE = {
    "zh": re.compile(r"可在|可以准备|可准备|可考虑|请|建议|可向|可咨询|可选择|应当"),
    "en": re.compile(
        r"\b(you can|you could|explain|prepare|consider|we suggest|ask the|choose)\b", re.I
    ),
}


def test_the_advice_markers_catch_advice():
    assert ADVICE["zh"].search(
        "这是“原则上”的要求，由区人力资源部门综合判断；可在申报表中说明企业的产业地位。"
    )
    assert ADVICE["en"].search(
        "the district HR department weighs the case; explain the enterprise's standing"
    )


def test_no_reading_of_the_engine_holds_advice():
    from policykit import load_policy
    from policykit.schema import said_in_policy

    policy = load_policy()
    wrong = [
        f"{where}: {text[lang][:60]}"
        for file, where, voice, text in said_in_policy(policy)
        if file.endswith("messages.yaml") and voice == "reading"
        for lang in LANGS
        if ADVICE[lang].search(text[lang])
    ]
    assert wrong == []


# -- the points the district weighs, in every report format ---------------------------------------

NEEDS_REVIEW = {**STRONG, "enterprise_types": []}


@pytest.mark.parametrize("answers", [STRONG, NEEDS_REVIEW], ids=["eligible", "needs_review"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_eligible_and_needs_review_verdicts_name_the_weighed_points_in_every_format(
    answers, lang, tmp_path
):
    report = evaluate(answers, lang=lang, as_of=AS_OF)
    assert report.verdict in ("eligible", "needs_review")
    weighed = [POINTS[p]["text"][lang] for _, p in report.weighed]
    offices = [
        pid for pid, p in POINTS.items() if p["decision"] == "office" and p["nature"] != "priority"
    ]
    assert sorted(p for _, p in report.weighed) == sorted(offices)
    as_json = report.to_dict()
    formats = {
        "text": render_text(report),
        "markdown": render_markdown(report),
        "json summary": as_json["summary"][lang],
        "json headline": as_json["headline"][lang],
    }
    assert [w["point"] for w in as_json["weighed"]] == [p for _, p in report.weighed]
    # The batch: the results as CSV and as .xlsx, the still-open column.
    source = tmp_path / "in.csv"
    source.write_text(
        ",".join(answers) + "\n" + ",".join(_cell(v) for v in answers.values()) + "\n",
        encoding="utf-8",
    )
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"out.{suffix}"
        proc = subprocess.run(
            [sys.executable, "-m", "selfcheck", "batch", str(source), "--out", str(out)]
            + ["--lang", lang, "--as-of", AS_OF],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        if suffix == "csv":
            formats["csv"] = out.read_text(encoding="utf-8-sig")
        else:
            import openpyxl

            sheet = openpyxl.load_workbook(out).active
            formats["xlsx"] = " ".join(
                str(c.value) for r in sheet.iter_rows() for c in r if c.value
            )
    for name, said in formats.items():
        if name == "json headline":
            assert str(len(weighed)) in said, name
            continue
        missing = [w for w in weighed if w not in said]
        assert missing == [], (name, missing)


def _cell(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(value) if value else "无"
    return str(value)


# -- the office a district applies to -------------------------------------------------------------


def test_no_submission_step_names_an_office_the_site_does_not_know():
    districts = BUNDLE["lists"]["districts"]["entries"]
    unknown = [d for d in districts if d.get("office_known") is False]
    assert unknown, "the data marks the districts whose office the site does not know"
    for district in districts:
        report = evaluate({**STRONG, "district": district["id"]}, as_of=AS_OF)
        steps = [s for s in report.next_steps if s.kind == "submission"]
        said = " ".join(s.text.zh + s.text.en for s in steps)
        named = district["name"]["zh"] + "人力资源部门" in said or (
            "HR department of " + district["name"]["en"] in said
        )
        assert named is (district.get("office_known", True)), district["id"]
        if district.get("office_known") is False:
            assert district["note"]["zh"] in said


# -- the notice's words on the rendered pages -----------------------------------------------------


class _Quotes(html.parser.HTMLParser):
    """The Chinese text of every block of the page in the notice's voice, block by block
    (labels and the site's words inside it left out)."""

    _BLOCKS = {"p", "li", "blockquote", "div", "h1", "h2", "h3"}
    _SKIP = ("cl-label", "cl-figure__ref", "headerlink")

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str, bool]] = []  # tag, in notice, lang, skipped
        self.page_lang = page_lang
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", "", "".join(self.current))
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr"}:
            return
        top = self.stack[-1] if self.stack else ("", False, self.page_lang, False)
        voice = a.get("data-voice")
        notice = voice == "notice" or (top[1] and voice is None)
        lang = a.get("lang", top[2])
        skip = (
            top[3]
            or any(c in (a.get("class") or "") for c in self._SKIP)
            or (voice not in (None, "notice"))
            # A Chinese word marked inside the English translation (its gloss: "the repost
            # misprints 生态键 for 生态链") is the translation's, not a quote of the notice.
            or (top[2] == "en" and lang == "zh" and tag not in self._BLOCKS)
        )
        piece = "cl-figure__" in (a.get("class") or "")
        if tag in self._BLOCKS or piece:
            self._flush()
        self.stack.append(("piece" if piece else tag, notice, lang, skip))

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if top[0] in self._BLOCKS or top[0] == "piece":
                self._flush()
            if top[0] == tag or (top[0] == "piece" and tag == "span"):
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and self.stack[-1][2] == "zh" and not self.stack[-1][3]:
            self.current.append(data)


def html_text(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def test_the_quote_check_catches_a_marker_glued_to_a_section(policy):
    parser = _Quotes("zh")
    parser.feed('<blockquote data-voice="notice" lang="zh"><p>一重点面向半导体</p></blockquote>')
    notice = re.sub(r"\s+", "", policy["notice_text"])
    assert [b for b in parser.blocks if b not in notice] == ["一重点面向半导体"]
    parser = _Quotes("en")
    parser.feed(
        '<div data-voice="notice"><blockquote lang="en"><p>misprints <span lang="zh">生态键</span>'
        '</p></blockquote><blockquote lang="zh"><p>一重点</p></blockquote></div>'
    )
    assert parser.blocks == ["一重点"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_quote_in_the_notices_voice_on_a_rendered_page_is_the_notices_characters(
    built, policy, lang
):
    notice = re.sub(r"\s+", "", policy["notice_text"])
    wrong, seen = [], 0
    for page in built.pages(lang):
        parser = _Quotes(lang)
        raw = built.html(lang, page)
        parser.feed(raw[raw.index("<article") : raw.index("</article>")])
        seen += len(parser.blocks)
        wrong += [f"{page}: {b[:40]}" for b in parser.blocks if b not in notice]
    assert seen > 30
    assert wrong == []


def test_no_page_calls_the_sites_chinese_text_authoritative(built):
    for page in built.pages("en"):
        text = html_text(built.html("en", page))
        assert "Chinese original (authoritative)" not in text, page
        for sentence in re.findall(r"[^.]*\bauthoritative\b[^.]*", text):
            assert re.search(r"official|bureau|issuer|published", sentence, re.I), (page, sentence)
