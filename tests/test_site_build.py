"""The built site (no browser): strict build, twins, links and anchors, no other host, generated
pages marked, facts from policy/, the self-check mount point, the QR code, search segmentation."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from sitegen import _render
from sitegen._glossary import glossary_entries, search_terms
from sitegen._qr import qr_svg

from ._hygiene import ADVERT, THIRD_PARTY
from ._site import LANGS, ROOT, parse

PAGES = [page.path.removesuffix(".md").replace("index", "") for page in _render.PAGES]
PAGES = ["" if p == "" else p + "/" for p in PAGES]


def _all_html(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


# -- the build ---------------------------------------------------------------------------------


def test_strict_build_logs_no_warning(built):
    assert built.warnings == ()
    assert (built.root / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_page_list_is_built(built, lang):
    assert sorted(built.pages(lang)) == sorted(PAGES)


def test_every_zh_page_has_its_en_twin_and_the_reverse(built):
    zh = {p.relative_to(built.root / "zh") for p in _all_html(built.root / "zh")}
    en = {p.relative_to(built.root / "en") for p in _all_html(built.root / "en")}
    assert zh == en
    assert len(zh) >= len(PAGES)


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_and_site_url(built, lang):
    text = built.html(lang, "")
    assert f'<html lang="{lang}"' in text
    sitemap = (built.root / lang / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{built.origin}{lang}/conditions/</loc>" in sitemap


def test_the_generated_tree_builds_with_plain_mkdocs_from_any_folder(tmp_path):
    """`sitegen generate`, then the stock `mkdocs build --strict` on the English configuration,
    run from another folder (only the repository on the import path, for the glossary tooltips)."""
    import os
    import subprocess
    import sys

    from sitegen import generate

    generated = generate(tmp_path / "input", site_url="https://example.org/guide/")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(generated.configs["en"]),
            "-d",
            str(tmp_path / "en"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WARNING" not in result.stderr
    assert (tmp_path / "en" / "conditions" / "index.html").is_file()
    sitemap = (tmp_path / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/guide/en/conditions/</loc>" in sitemap


def test_generate_writes_plain_pages_with_front_matter_and_no_hook(tmp_path):
    from sitegen import generate

    generated = generate(tmp_path / "input")
    for lang in LANGS:
        config = yaml.safe_load(generated.configs[lang].read_text(encoding="utf-8"))
        assert "hooks" not in config and config["theme"]["language"] == lang
        docs = generated.configs[lang].parent / config["docs_dir"]
        pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        assert pages == sorted(page.path for page in _render.PAGES)
        for page in _render.PAGES:
            text = (docs / page.path).read_text(encoding="utf-8")
            front = yaml.safe_load(text.split("---\n")[1])
            assert front["title"] == page.title[lang]
    assert (generated.out / "root" / "index.html").is_file()


def test_a_failed_build_leaves_the_previous_site_in_place(tmp_path, monkeypatch):
    from sitegen import build_site

    out = tmp_path / "site"
    out.mkdir()
    (out / "sentinel").write_text("old", encoding="utf-8")
    broken = tmp_path / "policy"
    import shutil

    shutil.copytree(ROOT / "policy", broken)
    (broken / "lists" / "glossary.yaml").unlink()
    monkeypatch.setenv("SITEGEN_POLICY_DIR", str(broken))
    with pytest.raises(Exception, match="glossary"):
        build_site(out)
    assert (out / "sentinel").read_text(encoding="utf-8") == "old"
    assert not list(tmp_path.glob(".site-build-*"))


# -- links, anchors, other hosts ----------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(built):
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = parse(path.read_text(encoding="utf-8")).ids
        return ids[path]

    problems = []
    checked = 0
    for page in _all_html(built.root):
        base = built.origin + page.relative_to(built.root).as_posix()
        for tag, attr, value in parse(page.read_text(encoding="utf-8")).links:
            if value.startswith(("mailto:", "data:", "javascript:")) or not value:
                continue
            url = urljoin(base, value)
            if not url.startswith(built.origin):
                continue  # another host: only allowed as a plain link (next test)
            parts = urlsplit(url)
            target = built.root / parts.path[len(urlsplit(built.origin).path) :]
            if parts.path.endswith("/"):
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                problems.append(f"{page.relative_to(built.root)}: {tag}[{attr}]={value} -> missing")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in ids_of(target):
                problems.append(f"{page.relative_to(built.root)}: {value} -> no #{parts.fragment}")
    assert checked > 500
    assert problems == []


def test_no_page_loads_anything_from_another_host(built):
    """Other hosts may only be linked (<a href>), never loaded (script, style, image, font)."""
    problems = []
    for page in _all_html(built.root):
        for tag, attr, value in parse(page.read_text(encoding="utf-8")).links:
            if tag == "a" or not re.match(r"^(https?:)?//", value):
                continue
            if tag == "link" and value.startswith(built.origin):
                continue  # rel=alternate/canonical to this site
            problems.append(f"{page.relative_to(built.root)}: <{tag} {attr}={value}>")
    for css in (built.root / "zh").rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", css.read_text(encoding="utf-8")):
            if re.match(r"^(https?:)?//", url):
                problems.append(f"{css.name}: url({url})")
        if "@import" in css.read_text(encoding="utf-8") and "//" in css.read_text(encoding="utf-8"):
            assert not re.search(
                r"@import\s+(url\()?['\"]?(https?:)?//", css.read_text(encoding="utf-8")
            )
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_google_fonts_github_or_analytics(built, lang):
    for page in built.pages(lang):
        text = built.html(lang, page)
        for needle in THIRD_PARTY + ["api." + "github.com"]:
            assert needle not in text, (page, needle)


# -- generated pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_says_in_its_source_not_its_text_where_it_comes_from(built, lang):
    for page in PAGES:
        text = built.html(lang, page)
        match = re.search(
            r"<!-- GENERATED by sitegen from (.*?) with (sitegen/templates/\S+):", text
        )
        assert match, page
        files = match.group(1).split(", ")
        for name in files:
            assert name.startswith("policy/") and list(ROOT.glob(name)), (page, name)
        assert (ROOT / match.group(2)).is_file()
        plain = parse(text).plain
        assert "policy/" not in plain and "sitegen/" not in plain and ".j2" not in plain, page


def test_templates_live_outside_docs():
    assert not list((ROOT / "docs").rglob("*.j2"))
    assert not list((ROOT / "docs").rglob("*.md"))


# -- facts from policy/ ---------------------------------------------------------------------------


def _notice_lines(policy) -> list[str]:
    return [line for line in policy["notice_text"].splitlines() if line.strip()]


@pytest.mark.parametrize("lang", LANGS)
def test_the_notice_page_quotes_every_line_of_the_notice_verbatim(built, policy, lang):
    text = parse(built.html(lang, "notice/")).plain
    for line in _notice_lines(policy):
        assert line in text, line


def test_the_english_translation_is_marked_unofficial(built):
    strings = _render.strings()["ui"]["unofficial"]
    for page in ("notice/", "conditions/", "measures/", "procedure/"):
        text = parse(built.html("en", page)).plain
        assert strings["en_label"]["en"] in text, page
    assert strings["translation"]["en"] in parse(built.html("en", "notice/")).plain


def test_the_notice_page_has_the_provenance_box(built, policy):
    text = parse(built.html("zh", "notice/")).plain
    meta = policy["meta"]
    assert meta["issuer"]["zh"] in text
    assert "2026年1月5日" in text
    assert meta["repost"]["publisher"]["zh"] in text
    assert meta["misprint"]["printed"] in text and meta["misprint"]["reading"] in text
    # Where the text comes from is said in words; the checksum stays in the data (the about page
    # records it), not in the reader's box (issue 20).
    assert policy["notice_sha256"] not in text
    assert policy["notice_sha256"] in parse(built.html("zh", "about/")).plain
    assert (built.root / "zh" / "assets" / "notice.txt").read_text(encoding="utf-8") == policy[
        "notice_text"
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_conditions_have_stable_anchors_quotes_and_points(built, policy, lang):
    page = parse(built.html(lang, "conditions/"))
    conditions = [item for item in policy["notice"].values() if item["kind"] == "condition"]
    assert conditions
    for c in conditions:
        assert c["id"] in page.ids
        assert c["text"]["zh"] in page.plain
        for point in c["points"]:
            assert point["id"] in page.ids
    assert "nbs-size-2017" in page.ids
    for group in policy["lists"]["nbs-size-2017"]["groups"]:
        assert group["name"][lang] in page.plain


def test_the_home_page_shows_the_key_numbers_from_policy(built, policy):
    text = parse(built.html("zh", "")).plain
    phrases = [
        p["threshold"]["phrase"]["zh"]
        for c in policy["notice"].values()
        for p in c.get("points", [])
        if "threshold" in p
        and p["threshold"]["basis"] == "notice"
        and p["threshold"]["comparison"] == "gte"
    ]
    assert {"300人以上", "不少于5家", "300个以上"} <= set(phrases)
    for phrase in phrases:
        assert phrase in text
    assert "大型或中型" in text
    assert "2026年1月5日" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_says_what_the_programme_is_before_listing_measures(built, policy, lang):
    raw = built.html(lang, "")
    what = raw[raw.index('id="what"') : raw.index('id="who"')]
    first = parse(what[what.index("<p>") : what.index("</p>")]).plain
    assert policy["meta"]["issuer"][lang] in first
    for cited in policy["notice"]["preamble"]["cites"]:
        assert f'href="regulations/#{cited}"' in what
    measures = next(i for i in policy["notice"].values() if i["kind"] == "measure")
    assert policy["notice"][measures["section"]]["explanation"][lang][:12] not in first
    for step in (i for i in policy["notice"].values() if i.get("role") == "step"):
        assert f'href="procedure/#{step["id"]}"' in what
    assert 'href="answers/"' in raw


def test_editorial_thresholds_are_not_presented_as_the_notice(built, policy):
    """A threshold the notice does not set (basis: editorial) is labelled wherever it is shown."""
    editorial = [
        p
        for c in policy["notice"].values()
        for p in c.get("points", [])
        if p.get("threshold", {}).get("basis") == "editorial"
    ]
    assert editorial
    label = _render.strings()["ui"]["conditions"]["editorial_threshold"]["zh"]
    home = parse(built.html("zh", "")).plain
    for point in editorial:
        assert point["threshold"]["phrase"]["zh"] not in home
        conditions = built.html("zh", "conditions/")
        block = conditions[conditions.index(f'id="{point["id"]}"') :]
        block = block[: block.index("</div>\n</div>")]
        assert label in block and 'data-voice="reading"' in block


def test_scope_lists_the_20_clusters_by_kind_and_the_20_8_caveats(built, policy):
    text = parse(built.html("zh", "scope/")).plain
    gd = policy["lists"]["gd-strategic-clusters"]["entries"]
    assert len(gd) == 20
    for entry in gd:
        assert entry["name"]["zh"] in text
    sz = policy["lists"]["sz-20-8-clusters"]
    for entry in sz["entries"]:
        assert entry["name"]["zh"] in text
    assert sz["revision"]["full_list"]["zh"] in text
    for entry in policy["lists"]["social-service-fields"]["entries"]:
        assert entry["name"]["zh"] in text


def test_procedure_has_diagram_materials_submission_and_districts_without_addresses(built, policy):
    raw = built.html("zh", "procedure/")
    text = parse(raw).plain
    flow = raw[raw.index('class="cl-flow"') :]
    flow = flow[: flow.index("</ol>")]
    steps = [i for i in policy["notice"].values() if i.get("role") == "step"]
    assert flow.count("<li") == len(steps)  # one box per step, as text, each linked to its clause
    for step in steps:
        assert step["title"]["zh"] in parse(flow).plain and f'#{step["id"]}"' in flow
    materials = policy["selfcheck"]["materials"]
    for mat in materials["required"] + materials["evidence"]:
        assert mat["text"]["zh"] in text
    for entry in policy["lists"]["districts"]["entries"]:
        assert entry["name"]["zh"] in text
    assert policy["lists"]["districts"]["addresses"]["zh"] in text


# A mailbox; a Chinese landline (area code 0xx/0xxx, with or without a dash, brackets or +86) or
# mobile number (1[3-9] and 9 digits). Not glued to other digits, letters or dots, so dates
# (2026-01-05), versions (2026.11.27), the SHA-256 and 2**53-1 do not count.
MAILBOX = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\w.])(?:(?:\+?86[-\s]?)?1[3-9]\d{9}"
    r"|(?:\+?86[-\s]?)?(?:\(0\d{2,3}\)|0\d{2,3})[-\s]?\d{7,8})(?![\w.])"
)


@pytest.mark.parametrize(
    ("text", "mailbox", "phone"),
    [
        ("rsj@sz.gov.cn", True, False),
        ("0755-88123456", False, True),
        ("(0755)88123456", False, True),
        ("13812345678", False, True),
        ("+86 13812345678", False, True),
        ("2026-01-05", False, False),
        ("2026.11.27", False, False),
        ("9007199254740991", False, False),
        ("a5c638aad78480a3714", False, False),
        ("国统字〔2017〕213号", False, False),
    ],
)
def test_the_contact_patterns_catch_contacts_and_spare_dates_and_versions(text, mailbox, phone):
    assert bool(MAILBOX.search(text)) is mailbox
    assert bool(PHONE.search(text)) is phone


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_shows_a_mailbox_or_phone_number(built, lang):
    """The districts' addresses are not on the site (the notice's annex is the place for them)."""
    for page in built.pages(lang):
        text = parse(built.html(lang, page)).plain
        assert not MAILBOX.search(text), (page, MAILBOX.search(text))
        assert not PHONE.search(text), (page, PHONE.search(text))


def test_no_page_carries_the_consulting_firms_advertising(built):
    for page in _all_html(built.root):
        text = page.read_text(encoding="utf-8")
        for advert in ADVERT:
            assert advert not in text, (page, advert)


@pytest.mark.parametrize("lang", LANGS)
def test_cited_regulations_say_what_is_known_and_not(built, policy, lang):
    page = parse(built.html(lang, "regulations/"))
    for entry in policy["lists"]["regulations"]["entries"]:
        assert entry["id"] in page.ids
        for gap in entry["not_known"]:
            assert " ".join(gap[lang].split()) in " ".join(page.plain.split())
    for cited in policy["notice"]["preamble"]["cites"]:
        assert cited in page.ids


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_terms_are_sections_and_tooltips(built, policy, lang):
    glossary = parse(built.html(lang, "glossary/"))
    for entry in glossary_entries(policy):
        assert entry["id"] in glossary.ids
    conditions = built.html(lang, "conditions/")
    abbrs = dict(re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', conditions))
    terms = {e["abbr"][lang] for e in glossary_entries(policy)}
    assert set(abbrs.values()) & terms
    if lang == "zh":
        assert "参保职工" in abbrs.values()  # inside 参保职工人数: no word boundary in Chinese


@pytest.mark.parametrize("lang", LANGS)
def test_no_tooltip_inside_a_glossary_terms_own_definition(built, lang):
    pages = {"": 1, "glossary/": 2, "faq/": 1}
    for page, least in pages.items():
        raw = built.html(lang, page)
        blocks = re.findall(r'<div class="[^"]*\bcl-define\b[^"]*"[^>]*>(.*?)</div>', raw, re.S)
        assert len(blocks) >= least, page
        for block in blocks:
            assert "<abbr" not in block, (page, block[:80])
    assert "<abbr" in built.html(lang, "conditions/")


def test_the_english_key_figures_are_marked_as_translation(built):
    raw = built.html("en", "")
    block = raw[raw.index('id="figures"') : raw.index('class="cl-figures"')]
    ui = _render.strings()["ui"]["unofficial"]
    assert ui["en_label"]["en"] in block and ui["translation"]["en"] in parse(block).plain
    assert ui["translation"]["zh"] not in built.html("zh", "")


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_date_is_called_compiled_not_checked(built, policy, lang):
    ui = _render.strings()["ui"]
    about = parse(built.html(lang, "about/")).plain
    home = parse(built.html(lang, "")).plain
    label = policy["selfcheck"]["messages"]["labels"]["checked_on"][lang]
    assert ui["about"]["checked_on"][lang] == label
    assert label in about and label in home
    assert ui["about"]["read_dates"][lang] in about
    for text in (about, home):
        assert not re.search("核对日期|last checked|facts checked", text, re.I)


def test_templates_type_no_industry_or_bound_of_the_size_standard(policy):
    """Industry groups, the industries they cover and their bounds come from nbs-size-2017.yaml."""
    nbs = policy["lists"]["nbs-size-2017"]
    words = set()
    for group in nbs["groups"]:
        for lang in LANGS:
            words.add(group["name"][lang])
            if "covers" in group:
                words.update(w.strip() for w in re.split(r"[、;,]", group["covers"][lang]))
    bounds = {
        v for g in nbs["groups"] for b in g["bounds"].values() for v in b.values() if v >= 1000
    }
    for path in [*(ROOT / "sitegen" / "templates").glob("*.j2"), ROOT / "sitegen" / "strings.yaml"]:
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        for word in words:  # ("Industry" alone is also the table's column label)
            assert len(word) < 3 or word.isascii() and " " not in word or word not in text, (
                path.name,
                word,
            )
        for value in bounds:
            assert not re.search(rf"(?<!\d){value}(?!\d)", text), (path.name, value)


def test_faq_answers_the_counting_question_from_the_civil_code(built, policy):
    page = parse(built.html("zh", "faq/"))
    for anchor in ("counting", "in-principle", "insured-staff", "limits", "who-decides"):
        assert anchor in page.ids
    rule = next(
        e for e in policy["lists"]["regulations"]["entries"] if e["id"] == "civil-code-1259"
    )
    assert rule["known"][0]["zh"] in page.plain


# -- self-check page, briefing, chooser ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_selfcheck_page_has_the_mount_point_and_a_static_checklist(built, policy, lang):
    raw = built.html(lang, "selfcheck/")
    page = parse(raw)
    roots = [a for tag, a in page.elements if tag == "div" and "data-selfcheck" in a]
    assert len(roots) == 1 and roots[0]["data-state"] == "loading"
    text = page.plain
    for c in policy["notice"].values():
        for point in c.get("points", []):
            assert " ".join(point["text"][lang].split()) in " ".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_but_the_selfcheck_and_batch_pages_mentions_pyodide(built, lang):
    for page in built.pages(lang):
        if page not in ("selfcheck/", "batch/"):
            assert "pyodide" not in built.html(lang, page).lower(), page


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_qr_code_encodes_the_selfcheck_url_of_the_configured_site(built, lang):
    raw = built.html(lang, "briefing/")
    url = f"{built.origin}{lang}/selfcheck/"
    expected = re.search(r'd="([^"]+)"', qr_svg(url, label="x")).group(1)
    assert f'd="{expected}"' in raw
    assert url in parse(raw).plain


def test_the_chooser_sends_visitors_to_chinese_without_javascript(built):
    raw = (built.root / "index.html").read_text(encoding="utf-8")
    assert '<noscript><meta http-equiv="refresh" content="0; url=zh/"></noscript>' in raw
    page = parse(raw)
    assert ("a", "href", "zh/") in page.links and ("a", "href", "en/") in page.links
    # one small inline script (the browser's language), nothing loaded from elsewhere
    assert raw.count("<script") == 1 and "<script src" not in raw
    assert "navigator.languages" in raw and '"#choose"' in raw


@pytest.mark.parametrize("lang", LANGS)
def test_the_about_page_links_the_chooser_that_stays(built, lang):
    links = [v for tag, attr, v in parse(built.html(lang, "about/")).links if tag == "a"]
    assert f"{built.origin}#choose" in links


@pytest.mark.parametrize("lang", LANGS)
def test_language_links_point_to_the_same_page(built, lang):
    other = "en" if lang == "zh" else "zh"
    for page in PAGES:
        links = [
            v
            for tag, attr, v in parse(built.html(lang, page)).links
            if tag == "a" and attr == "href" and f"/{other}/" in v
        ]
        assert links, page
        assert urljoin(built.url(lang, page), links[0]) == built.url(other, page)


# -- search index --------------------------------------------------------------------------------


def test_chinese_search_index_keeps_policy_terms_whole(built):
    index = json.loads(
        (built.root / "zh" / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    assert index["config"]["separator"].startswith("[\\s\\u200b")
    tokens = set()
    for doc in index["docs"]:
        tokens.update(re.split(r"[\s\u200b]+", doc["title"] + " " + doc["text"]))
    for term in ("链主", "参保职工", "校企合作", "产教评"):
        assert term in tokens, term


def test_jieba_user_dictionary_holds_every_glossary_term(policy):
    terms = search_terms(policy)
    for entry in glossary_entries(policy):
        assert entry["abbr"]["zh"] in terms
    assert {"链主", "参保职工", "校企合作"} <= set(terms)


# -- the server ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("zh/", "text/html"),
        ("zh/search/search_index.json", "application/json"),
        ("zh/assets/images/favicon.svg", "image/svg+xml"),
        ("zh/assets/stylesheets/cl.css", "text/css"),
    ],
)
def test_the_server_sends_the_right_mime_types(built, path, mime):
    with urllib.request.urlopen(built.origin + path, timeout=10) as response:
        assert response.headers["Content-Type"].split(";")[0] == mime


def test_the_server_maps_wasm_and_mjs():
    from sitegen._serve import MIME_TYPES

    assert MIME_TYPES[".wasm"] == "application/wasm"
    assert MIME_TYPES[".mjs"].startswith("text/javascript")


# -- strings ----------------------------------------------------------------------------------------


def _leaves(node, path=()):
    if isinstance(node, dict) and set(node) == {"zh", "en"}:
        yield path, node
    elif isinstance(node, dict):
        assert "zh" not in node and "en" not in node, path
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    else:
        raise AssertionError(f"sitegen/strings.yaml: {'.'.join(path)} is not a {{zh, en}} map")


def test_every_ui_string_exists_in_both_languages():
    data = yaml.safe_load((ROOT / "sitegen" / "strings.yaml").read_text(encoding="utf-8"))
    leaves = list(_leaves(data["ui"]))
    assert len(leaves) > 100
    for path, node in leaves:
        for lang in LANGS:
            assert isinstance(node[lang], str) and node[lang].strip(), (path, lang)
    for page in data["pages"]:
        assert page["title"]["zh"].strip() and page["title"]["en"].strip()


@pytest.mark.parametrize("lang", LANGS)
def test_no_markdown_syntax_leaks_into_the_pages(built, lang):
    """Catches template whitespace slips: a lost blank line turns Markdown into literal text."""
    for page in PAGES:
        main = built.html(lang, page)
        main = main[main.index('<article class="md-content__inner') : main.index("</article>")]
        text = parse(main).plain
        for syntax in ("{:", "{ #", "](", "**", "!!! ", "??? ", "\n- ", "\n## "):
            assert syntax not in text, (page, syntax, text[max(0, text.find(syntax) - 60) :][:120])
