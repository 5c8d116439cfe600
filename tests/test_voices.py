"""Every sentence says whose it is (issue 8): on every generated page and in every report.

- A text of policy/ that is the site's reading or advice appears only inside an element marked
  with that voice (``data-voice``: the site's marks, see the legend).
- A fact from another source (a statement, not a name) appears inside a marked fact that carries
  its source line.
- No sentence of the site promises an outcome (the phrases of ``policy/wording.yaml``).
- In the reports (text and Markdown, every case, both languages) advice is labelled as advice and
  the site's suggested evidence stands under its own heading, apart from the notice's materials.
"""

from __future__ import annotations

import html.parser
import json
import re

import pytest

from policykit.schema import said_in_policy
from selfcheck import evaluate, evaluate_json, render_markdown, render_text
from sitegen._render import PAGES, one_line

from ._cases import CASES
from ._site import LANGS

PAGE_PATHS = ["" if p.path == "index.md" else p.path.removesuffix(".md") + "/" for p in PAGES]


class _Voiced(html.parser.HTMLParser):
    """The page's visible text, each character with the voice of its nearest marked ancestor
    (``data-voice``) and whether that ancestor holds a source line."""

    _VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.text: list[str] = []
        self.voices: list[str | None] = []
        self.skip = 0
        self.facts: list[list] = []  # [voice element index, has source]

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = dict(attrs)
        voice = a.get("data-voice")
        if tag in {"script", "style", "svg", "template"}:
            self.skip += 1
        inherited = next((v for _, v, _ in reversed(self.stack) if v), None)
        self.stack.append((tag, voice or inherited, bool(voice)))
        if "cl-source" in (a.get("class") or ""):
            for entry in self.facts:
                entry[1] = True

    def handle_endtag(self, tag):
        if tag in self._VOID:
            return
        while self.stack:
            top, _, _ = self.stack.pop()
            if top in {"script", "style", "svg", "template"}:
                self.skip -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if self.skip:
            return
        voice = self.stack[-1][1] if self.stack else None
        self.text.append(data)
        self.voices.extend([voice] * len(data))

    @property
    def plain(self) -> str:
        return "".join(self.text)

    def folded(self) -> tuple[str, list[str | None]]:
        """The text with runs of white space folded to one space, and the voice of each character."""
        out, voices, space = [], [], False
        for ch, voice in zip(self.plain, self.voices):
            if ch.isspace():
                if not space and out:
                    out.append(" ")
                    voices.append(voice)
                space = True
                continue
            space = False
            out.append(ch)
            voices.append(voice)
        return "".join(out), voices


def _voiced(raw: str) -> _Voiced:
    parser = _Voiced()
    parser.feed(raw[raw.index('<article class="md-content__inner') : raw.index("</article>")])
    return parser


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _texts(policy, voices: set[str], skip_names: bool = False):
    for file, where, voice, text in said_in_policy(policy):
        if voice in voices and not (skip_names and where.endswith(".name")):
            yield file, where, voice, text


@pytest.fixture(scope="module")
def pages(built):
    return {(lang, page): _voiced(built.html(lang, page)) for lang in LANGS for page in PAGE_PATHS}


def _occurrences(haystack: str, needle: str):
    start = haystack.find(needle)
    while start >= 0:
        yield start
        start = haystack.find(needle, start + 1)


def _sentences(text: str, lang: str) -> list[str]:
    """The text's sentences long enough to be its own (placeholders cut out), as written."""
    least = 14 if lang == "zh" else 40
    parts = re.split(r"\{[^}]*\}|(?<=[。；！？])|(?<=[.;!?]) ", _norm(one_line(text)))
    return [p.strip() for p in parts if len(p.strip()) >= least]


def _mislabelled(policy, pages, voices: set[str], allowed) -> tuple[list[str], int]:
    """Every shown sentence of a text of these voices whose characters are not all marked with an
    allowed voice (``allowed(voice)`` gives the allowed marks)."""
    problems, found = [], 0
    folded = {key: parsed.folded() for key, parsed in pages.items()}
    notice = _norm(policy["notice_text"])
    for file, where, voice, text in _texts(policy, voices, skip_names=True):
        for lang in LANGS:
            for sentence in _sentences(text[lang], lang):
                if sentence in notice:
                    continue  # the notice's own words, quoted by the site
                for (page_lang, page), (plain, marks) in folded.items():
                    if page_lang != lang:
                        continue
                    for start in _occurrences(plain, sentence):
                        found += 1
                        wrong = {m for m in marks[start : start + len(sentence)]} - allowed(voice)
                        if wrong:
                            problems.append(
                                f"{lang}/{page}: {file}{where} marked {sorted(map(str, wrong))}: {sentence[:40]}"
                            )
    return problems, found


def test_the_sites_reading_and_advice_appear_only_where_they_are_marked(policy, pages):
    problems, found = _mislabelled(policy, pages, {"reading", "advice"}, lambda voice: {voice})
    assert found > 150, found
    assert problems == []


class _Facts(html.parser.HTMLParser):
    """Each element marked as a fact, with whether a source line stands inside it."""

    _VOID = _Voiced._VOID

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []  # [tag, is fact, has source, text]
        self.facts: list[tuple[bool, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = dict(attrs)
        self.stack.append([tag, a.get("data-voice") == "fact", False, []])
        if "cl-source" in (a.get("class") or "").split():
            for entry in self.stack:
                entry[2] = True

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if top[1]:
                self.facts.append((top[2], "".join(top[3])))
            if top[0] == tag:
                break

    def handle_data(self, data):
        for entry in self.stack:
            entry[3].append(data)


def test_every_fact_shown_carries_its_source(built):
    problems, found = [], 0
    for lang in LANGS:
        for page in PAGE_PATHS:
            raw = built.html(lang, page)
            parser = _Facts()
            parser.feed(
                raw[raw.index('<article class="md-content__inner') : raw.index("</article>")]
            )
            for has_source, text in parser.facts:
                found += 1
                if not has_source:
                    problems.append(f"{lang}/{page}: a fact without its source: {_norm(text)[:60]}")
    assert found > 20
    assert problems == []


def test_fact_statements_stand_inside_marked_facts(policy, pages):
    # A sourced fact quoted inside the site's reading (a glossary definition in an explanation)
    # is still marked: as the site's reading, which names its sources in the page.
    problems, found = _mislabelled(policy, pages, {"fact"}, lambda voice: {"fact", "reading"})
    assert found > 20, found
    assert problems == []


def _promises(policy) -> dict[str, list[str]]:
    """The phrases no sentence of the site may use: promises of an outcome, and steps given to the
    wrong body (policy/wording.yaml)."""
    wording = policy["wording"]
    return {lang: wording["promises"][lang] + wording["misattributions"][lang] for lang in LANGS}


def test_no_sentence_of_the_site_promises_an_outcome_on_any_page(policy, pages):
    promises = _promises(policy)
    problems = []
    for (lang, page), parsed in pages.items():
        site_text = "".join(
            ch for ch, voice in zip(parsed.plain, parsed.voices) if voice != "notice"
        )
        for phrase in promises[lang]:
            if re.search(re.escape(phrase), site_text, re.I):
                problems.append(f"{lang}/{page}: {phrase}")
    assert problems == []


def test_no_text_of_the_policy_but_the_notice_promises_an_outcome(policy):
    promises = _promises(policy)
    problems = [
        f"{file}{where}: {phrase}"
        for file, where, voice, text in said_in_policy(policy)
        if voice != "notice"
        for lang in LANGS
        for phrase in promises[lang]
        if re.search(re.escape(phrase), text[lang], re.I)
    ]
    assert problems == []


def test_the_promise_list_catches_what_it_lists(policy):
    promises = _promises(policy)
    assert "即可满足" in promises["zh"] and any("guarantee" in p for p in promises["en"])
    assert "区人力资源部门决定" in promises["zh"]
    assert "district HR department decides" in promises["en"]


@pytest.fixture(scope="module")
def reports():
    out = []
    for case in CASES:
        response = json.loads(evaluate_json(case["json"], case["lang"], case["as_of"]))
        if response.get("ok"):
            out.append(evaluate(json.loads(case["json"]), lang=case["lang"], as_of=case["as_of"]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_reports_label_advice_and_keep_the_sites_evidence_apart(policy, reports, lang):
    labels = {
        **policy["selfcheck"]["messages"]["labels"],
        **policy["selfcheck"]["messages"]["words"]["sections"],
    }
    advice_label = labels["advice"][lang]
    advice = [
        r["advice"][lang] for r in policy["selfcheck"]["messages"]["point_reasons"] if "advice" in r
    ]
    evidence = [m["text"][lang] for m in policy["selfcheck"]["materials"]["evidence"]]
    required = [m["text"][lang] for m in policy["selfcheck"]["materials"]["required"]]
    promises = _promises(policy)[lang]
    seen_advice = 0
    for report in reports:
        for rendered in (render_markdown(report, lang), render_text(report, lang)):
            assert [p for p in promises if re.search(re.escape(p), rendered, re.I)] == []
            sections = re.split(
                rf"\n(?:#+ )?({re.escape(labels['materials'][lang])}|{re.escape(labels['evidence'][lang])}|{re.escape(labels['submission'][lang])})\n",
                rendered,
            )
            heading_of = {}
            for heading, body in zip(sections[1::2], sections[2::2]):
                for line in body.splitlines():
                    heading_of.setdefault(line.strip(" -"), heading)
            for line in rendered.splitlines():
                for text in advice:
                    if text in line:
                        seen_advice += 1
                        assert advice_label in line.split(text)[0], line
            for text in evidence:
                for line, heading in heading_of.items():
                    if line.startswith(text):
                        assert heading == labels["evidence"][lang], line
            for text in required:
                for line, heading in heading_of.items():
                    if line.startswith(text):
                        assert heading == labels["materials"][lang], line
    assert seen_advice > 0


def test_the_report_json_says_whose_each_sentence_is(reports):
    for report in reports[:40]:
        data = report.to_dict()
        for condition in data["conditions"].values():
            assert {r["voice"] for r in condition["reasons"]} == {"reading"}
        bases = {s["basis"] for s in data["next_steps"] if s["kind"] == "material"}
        assert bases == {"notice", "site"} or bases == {"notice"}
