"""sitegen's small pieces on their own: Markdown escaping, CJK tooltips, markers, the SVG flow,
the QR code, the site URL."""

from __future__ import annotations

import re

import markdown
import pytest

from sitegen import normalise_site_root
from sitegen._qr import qr_svg
from sitegen._render import md_escape, one_line
from sitegen.abbr import CJKAbbrExtension


def _md(text: str, **kwargs) -> str:
    return markdown.markdown(text, extensions=["tables", *kwargs.get("extensions", [])])


@pytest.mark.parametrize(
    "text",
    [
        "a*b_c [x](y) <b> & 20+8",
        "+ item",
        "1. x",
        "- y",
        "# not a heading",
        "|a|b|",
        "企业“20+8”产业集群",
        "(一)在我市注册登记",
        "{: .x }",
        "`code`",
        "!important",
    ],
)
def test_md_escape_shows_data_text_as_written(text):
    html = _md(md_escape(text))
    inner = re.sub(r"^<p>|</p>$", "", html)
    assert inner.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_one_line_folds_yaml_breaks_without_spaces_between_chinese():
    assert (
        one_line("两项须同时满足。规模按\n  《办法》判断") == "两项须同时满足。规模按《办法》判断"
    )
    assert one_line("Both parts\n  must hold.") == "Both parts must hold."


def _abbr(text: str, glossary: dict[str, str]) -> str:
    return markdown.markdown(text, extensions=[CJKAbbrExtension(glossary=glossary)])


def test_tooltips_match_chinese_terms_inside_longer_words():
    html = _abbr("链主企业的参保职工人数", {"链主": "牵头企业", "参保职工": "参保的职工"})
    assert '<abbr title="牵头企业">链主</abbr>企业的' in html
    assert '<abbr title="参保的职工">参保职工</abbr>人数' in html


def test_tooltips_keep_latin_word_boundaries_and_skip_headings_and_code():
    html = _abbr("# SRDI\n\nSRDI SRDIs `SRDI`", {"SRDI": "specialised"})
    assert html.count("<abbr") == 1
    assert "<h1>SRDI</h1>" in html and "<code>SRDI</code>" in html
    assert '<abbr title="specialised">SRDI</abbr> SRDIs' in html


def test_the_longest_term_wins():
    html = _abbr("技能生态链链主", {"生态链": "a", "技能生态链": "b", "链主": "c"})
    assert '<abbr title="b">技能生态链</abbr><abbr title="c">链主</abbr>' in html


def test_qr_svg_is_an_accessible_image():
    svg = qr_svg("http://127.0.0.1:8000/zh/selfcheck/", label="二维码")
    assert svg.startswith('<svg role="img" aria-label="二维码"')
    assert svg != qr_svg("http://127.0.0.1:8000/en/selfcheck/", label="二维码")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("https://x.org/a//", "https://x.org/a/"),
    ],
)
def test_site_root_gets_one_trailing_slash(given, expected):
    assert normalise_site_root(given) == expected


def test_site_root_must_be_http():
    with pytest.raises(ValueError):
        normalise_site_root("127.0.0.1:8000")


def test_tooltips_leave_a_terms_own_definition_block_alone():
    text = (
        '<div class="cl-source cl-define" markdown>\n\n**链主企业**：链主是牵头的企业。\n\n</div>\n\n'
        "链主企业牵头。"
    )
    html = markdown.markdown(
        text, extensions=["md_in_html", CJKAbbrExtension(glossary={"链主": "牵头企业"})]
    )
    block, rest = html.split("</div>")
    assert "<abbr" not in block
    assert '<abbr title="牵头企业">链主</abbr>企业牵头' in rest


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1", "abc", "80.5"])
def test_serve_rejects_a_port_out_of_range_with_a_bilingual_message(port, capsys):
    from sitegen.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--no-build", "--port", port])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "1 至 65535" in err and "1 to 65535" in err


def _render(policy, path, lang):
    from sitegen._render import PAGES, render_page

    page = next(p for p in PAGES if p.path == path)
    return render_page(page, policy, lang, site_root="http://127.0.0.1:8000/", site_name="x")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_counting_rule_follows_the_thresholds_phrases_and_the_civil_code(lang):
    """Home, FAQ and briefing name the phrases of policy/ and quote the rule; none is typed."""
    import copy

    from policykit import load_policy

    policy = copy.deepcopy(load_policy())
    point = next(
        p
        for c in policy["notice"].values()
        for p in c.get("points", [])
        if "insured_staff_shenzhen" in p["keys"]
    )
    point["threshold"]["phrase"] = {"zh": "三百人以上X", "en": "three hundred or moreX"}
    rule = next(
        e for e in policy["lists"]["regulations"]["entries"] if e["id"] == "civil-code-1259"
    )
    phrase = point["threshold"]["phrase"][lang]
    for path in ("index.md", "faq.md", "briefing.md"):
        text = _render(policy, path, lang)
        note = next(line for line in text.splitlines() if phrase in line and "“" in line)
        assert "“" + phrase + "”" in note, path
    faq = _render(policy, "faq.md", lang)
    answer = faq[faq.index("{ #counting }") :]
    answer = answer[: answer.index("\n>")]
    assert "regulations.md#civil-code-1259" in answer
    assert ("民法" if lang == "zh" else "civil law") in answer  # the article's own scope
    assert " ".join(rule["known"][0][lang].split())[:30] in " ".join(faq.split()).replace("\\", "")


def test_no_counting_word_is_typed_in_the_site_strings():
    from policykit import load_policy
    from sitegen._render import PolicyView, strings

    (rule,) = PolicyView(load_policy(), "zh").counting()
    assert {"以上", "以内"} <= set(rule["terms"])
    ui = strings()["ui"]
    typed = repr([ui["counting"], ui["faq"]["counting"], ui["home"], ui["briefing"]])
    for word in [*rule["terms"], "不少于"]:
        assert word not in typed, word


def test_the_size_table_writes_amounts_as_each_language_does(policy):
    """Chinese keeps the official unit (40000万元); English restates it in CNY and millions, from the
    same figures (a bound of 500万元 is CNY 5 million), never "10,000 CNY"."""
    nbs = policy["lists"]["nbs-size-2017"]
    money = [i["id"] for i in nbs["indicators"] if i["unit"]["zh"] == "万元"]
    zh, en = _render(policy, "conditions.md", "zh"), _render(policy, "conditions.md", "en")
    table = en[en.index('<table class="cl-cards"') :]
    table = table[: table.index("</table>")]
    assert "10,000 CNY" not in table
    seen = 0
    for group in nbs["groups"]:
        for cls in ("medium", "large"):
            for ind in money:
                value = group["bounds"][cls].get(ind)
                if value is None:
                    continue
                seen += 1
                assert f"{value}万元" in zh
                millions = value / 100
                shown = f"{int(millions):,}" if millions.is_integer() else f"{millions:,}"
                assert f"CNY {shown} million" in en, (group["id"], cls, ind)
    assert seen >= 10
