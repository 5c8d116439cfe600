"""The self-check widget's build step (sitegen/widget/): the form, the strings, the engine wheel,
the minimal lock file and the self-hosted Pyodide core in the built site."""

from __future__ import annotations

import hashlib
import html
import html.parser
import io
import json
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest

from policykit import bundle_json, condition_keys
from selfcheck import answer_format
from sitegen import widget
from sitegen._render import _widget_pages
from sitegen.widget import _engine, _form

from ._widget_site import ROOT, SAMPLE

PAGES = _widget_pages()  # the pages the widget links to, as the build gives them


@pytest.fixture(scope="module")
def engine(policy):
    return widget.build_engine(policy)


def _render(policy, engine, lang):
    return widget.render_form(policy, lang, PAGES)


class _Form(html.parser.HTMLParser):
    """Collects the form controls, labels and links of the rendered widget."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.links: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag in {"input", "select", "option"}:
            self.controls.append({"tag": tag, **a})
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag == "script":
            self.scripts.append(a)

    def handle_data(self, data):
        self.text.append(data)


def _parse(markup: str) -> _Form:
    parser = _Form()
    parser.feed(markup)
    return parser


def _strings_json(markup: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="sc-strings">(.*?)</script>', markup, re.S
    )
    assert match, "no JSON strings block"
    return json.loads(match.group(1))


# -- the form -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_question_has_a_labelled_control_in_the_pages_language(policy, engine, lang):
    markup = _render(policy, engine, lang)
    form = _parse(markup)
    text = "".join(form.text)
    for q in policy["selfcheck"]["questions"]["questions"]:
        names = [c for c in form.controls if c.get("name") == q["key"]]
        assert names, q["key"]
        assert q["label"][lang] in text
        if "help" in q:
            assert q["help"][lang] in text
        if "unit" in q:
            assert f'id="sc-unit-{q["key"]}">{q["unit"][lang]}<' in markup


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_not_sure_is_offered_exactly_where_the_question_allows_it(policy, engine, lang):
    form = _parse(_render(policy, engine, lang))
    selects = {}
    current = None
    for c in form.controls:
        if c["tag"] == "select":
            current = c["name"]
            selects[current] = []
        elif c["tag"] == "option" and current:
            selects[current].append(c.get("value"))
    for q in policy["selfcheck"]["questions"]["questions"]:
        if q["type"] == "choice":
            values = selects[q["key"]]
        else:
            values = [c.get("value") for c in form.controls if c.get("name") == q["key"]]
        assert (answer_format()["unsure"] in values) is q["not_sure"], q["key"]


def test_choice_options_come_from_the_list_files(policy, engine):
    form = _parse(_render(policy, engine, "en"))
    values = [c["value"] for c in form.controls if c["tag"] == "option"]
    districts = [e["id"] for e in policy["lists"]["districts"]["entries"]]
    groups = [g["id"] for g in policy["lists"]["nbs-size-2017"]["groups"]]
    assert [v for v in values if v in districts] == districts
    assert [v for v in values if v in groups] == groups


def test_questions_are_grouped_by_clause_with_a_link_to_it(policy, engine):
    markup = _render(policy, engine, "zh")
    clauses = sorted({q["condition"] for q in policy["selfcheck"]["questions"]["questions"]})
    for clause in clauses:
        assert f'data-clause="{clause}"' in markup
    links = _parse(markup).links
    for clause in clauses:
        kind = policy["notice"][clause]["kind"]
        page = "conditions" if kind == "condition" else "procedure"
        assert f"../{page}/#{clause}" in links
    # Markers as the site prints them: the notice's own in Chinese, numbers in English.
    assert '<legend class="sc-group-legend">(二) ' in markup
    assert '<legend class="sc-group-legend">(2) ' in _render(policy, engine, "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ui_strings_reach_the_page_as_one_json_block_in_its_language(policy, engine, lang):
    markup = _render(policy, engine, lang)
    data = _strings_json(markup)
    assert data["config"]["lang"] == lang
    assert data["ui"]["form"]["not_sure"] == widget.widget_strings()["form"]["not_sure"][lang]
    assert list(data["config"]["conditions"]) == list(condition_keys(policy).values())
    messages = policy["selfcheck"]["messages"]
    words = messages["words"]
    for kind in ("statuses", "verdicts", "sections"):
        assert data["config"][kind] == {k: v[lang] for k, v in words[kind].items()}
    assert data["config"]["disclaimer"] == messages["labels"]["disclaimer"][lang]
    assert [q["key"] for q in data["config"]["questions"]] == [
        q["key"] for q in policy["selfcheck"]["questions"]["questions"]
    ]
    # No script that runs: the page stays within a strict CSP (the module comes from the template).
    assert [s.get("type") for s in _parse(markup).scripts] == ["application/json"]


def test_every_widget_string_has_both_languages():
    def leaves(node, path=()):
        if isinstance(node, dict) and set(node) == {"zh", "en"}:
            yield path, node
        else:
            assert isinstance(node, dict), path
            for k, v in node.items():
                assert isinstance(k, str), (path, k)  # YAML 1.1 reads a bare `no:` as False
                yield from leaves(v, path + (k,))

    found = list(leaves(widget.widget_strings()))
    assert len(found) > 50
    for path, node in found:
        assert node["zh"].strip() and node["en"].strip(), path


def test_the_json_block_cannot_close_its_script_element():
    text = _form._script_json({"x": "</script><script>alert(1)</script>&"})
    assert "</" not in text and "<" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>&"}


def test_the_report_words_the_site_shares_are_not_typed_again_in_the_widget_strings(policy):
    """One state, one word: statuses, verdict titles, section names and the disclaimer live in
    policy/ only (the table ``words`` of messages.yaml)."""
    strings = json.dumps(widget.widget_strings(), ensure_ascii=False)
    messages = policy["selfcheck"]["messages"]
    table = messages["words"]
    words = [v[lang] for kind in table.values() for v in kind.values() for lang in ("zh", "en")]
    words += [messages["labels"]["disclaimer"][lang] for lang in ("zh", "en")]
    assert [w for w in words if f'"{w}"' in strings] == []


# -- the engine wheel and the minimal lock ----------------------------------------------------


def test_the_wheel_is_the_repositorys_engine_with_the_bundle_built_from_policy(engine):
    with zipfile.ZipFile(io.BytesIO(engine.wheel)) as zf:
        names = set(zf.namelist())
        for path in (ROOT / "selfcheck").rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            assert rel in names
            assert zf.read(rel) == path.read_bytes()
        assert zf.read("selfcheck/data/policy.json").decode("utf-8") == bundle_json()
        record = next(n for n in names if n.endswith(".dist-info/RECORD"))
        assert {line.split(",")[0] for line in zf.read(record).decode().splitlines()} == names


def test_the_modules_the_worker_imports_are_precompiled_by_pyodide(engine):
    """At its start and at a batch's first request: unchecked hash-based .pyc (flags 1) with
    Pyodide's magic number, beside their sources; not the spreadsheet writer (openpyxl's, imported
    on demand) nor the command line."""
    import subprocess

    code = (
        "import selfcheck, selfcheck.batch, sys; "
        "print(' '.join(m for m in sys.modules if 'selfcheck' in m))"
    )
    # (the name "selfcheck" or "selfcheck.<module>")
    started = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    with zipfile.ZipFile(io.BytesIO(engine.wheel)) as zf:
        pycs = {n: zf.read(n) for n in zf.namelist() if n.endswith(".pyc")}

    def pyc(module: str) -> str:
        parts = module.split(".")
        if (ROOT.joinpath(*parts) / "__init__.py").is_file():  # a package
            parts.append("__init__")
        return "/".join([*parts[:-1], "__pycache__", f"{parts[-1]}.cpython-314.pyc"])

    expected = {pyc(m) for m in started if m == "selfcheck" or m.startswith("selfcheck.")}
    assert "selfcheck/batch/__pycache__/__init__.cpython-314.pyc" in expected
    assert set(pycs) == expected and "selfcheck/__pycache__/xlsx.cpython-314.pyc" not in pycs
    assert not any(p.startswith("selfcheck/cli/") for p in pycs)
    assert {data[:4].hex() for data in pycs.values()} == {engine.stdlib.manifest["magic"]}
    assert {int.from_bytes(data[4:8], "little") for data in pycs.values()} == {1}


def test_the_wheel_is_built_byte_for_byte_the_same_twice(policy, engine):
    again = widget.build_engine(policy)
    assert again.wheel == engine.wheel and again.digest == engine.digest


def test_the_lock_lists_the_engine_and_the_spreadsheet_wheels_with_their_sha256(engine):
    lock = json.loads(engine.lock)
    assert sorted(lock["packages"]) == ["et-xmlfile", "openpyxl", "selfcheck"]
    # The spreadsheet wheels are loaded only on request (batch.mjs), never at start-up.
    assert set(engine.wheels) == {e["file_name"] for e in lock["packages"].values()}
    for entry in lock["packages"].values():
        assert entry["sha256"] == hashlib.sha256(engine.wheels[entry["file_name"]]).hexdigest()
    entry = lock["packages"]["selfcheck"]
    assert entry["file_name"] == engine.wheel_name
    assert entry["imports"] == ["selfcheck"] and entry["depends"] == []
    assert lock["packages"]["openpyxl"]["depends"] == ["et-xmlfile"]
    stock = json.loads((_engine.NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"] == stock["info"]


def test_the_wheel_imported_from_its_zip_answers_like_the_engine_the_tests_run(engine, tmp_path):
    """The browser runs this very wheel; here CPython imports it from the zip and compares."""
    import subprocess

    wheel = tmp_path / engine.wheel_name
    wheel.write_bytes(engine.wheel)
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import selfcheck; "
        "assert selfcheck.__file__.startswith(sys.argv[1]), selfcheck.__file__; "
        "print(selfcheck.evaluate_json(sys.argv[2], 'en', '2026-01-05'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(wheel), json.dumps(SAMPLE["eligible"])],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    import selfcheck

    assert json.loads(out) == json.loads(
        selfcheck.evaluate_json(json.dumps(SAMPLE["eligible"]), "en", "2026-01-05")
    )
    assert json.loads(out)["report"]["verdict"] == "eligible"


# -- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built.root


def test_the_pyodide_core_and_the_trimmed_library_are_there_once_for_both_languages(site):
    version = widget.pyodide_version()
    folder = site / widget.PYODIDE_DIR / version
    stdlib = [p.name for p in folder.glob("python_stdlib-*.zip")]
    assert len(stdlib) == 1 and re.fullmatch(r"python_stdlib-[0-9a-f]{12}\.zip", stdlib[0])
    shipped = sorted(
        p.name for p in folder.iterdir() if p.suffix not in (".gz", ".br")
    )  # see deploy
    assert shipped == sorted([*widget.PYODIDE_FILES, *stdlib])
    for name in widget.PYODIDE_FILES:
        assert (folder / name).read_bytes() == (_engine.NODE_PYODIDE / name).read_bytes()
    assert not list(site.rglob("pyodide.asm.wasm"))[1:]  # one copy in the whole site
    # Neither the stock library nor the stock lock file is shipped.
    assert not list(site.rglob("python_stdlib.zip")) and not list(site.rglob("pyodide-lock.json"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_selfcheck_page_points_at_files_that_exist(site, lang):
    page = site / lang / "selfcheck" / "index.html"
    markup = page.read_text(encoding="utf-8")
    assert re.search(r'<div[^>]*data-selfcheck[^>]*data-state="loading"', markup)
    head = markup.split("</head>", 1)[0]
    engine_tag = re.search(
        r'<script src="../assets/selfcheck/engine.js" data-worker="([^"]+)" '
        r'data-pyodide="([^"]+)" data-stdlib="([^"]+)" data-engine="([^"]+)" '
        r'data-lock="([^"]+)" data-sizes="([^"]+)"></script>',
        head,
    )
    assert engine_tag, "the engine does not start from <head>"
    worker, pyodide, stdlib, engine_dir, lock_text, sizes_text = engine_tag.groups()

    def local(relative: str) -> Path:
        """The file a URL relative to the page points at."""
        return site / urljoin(f"http://x/{lang}/selfcheck/", relative).removeprefix("http://x/")

    assert local(worker).is_file() and worker.endswith("worker.mjs")
    assert pyodide == f"../../assets/pyodide/{widget.pyodide_version()}/"
    assert (local(pyodide) / "pyodide.mjs").is_file()
    assert local(stdlib).is_file() and local(stdlib).parent == local(pyodide)
    # The lock is inline (no request); every wheel it lists is in the engine folder.
    lock = json.loads(html.unescape(lock_text))
    for entry in lock["packages"].values():
        wheel = local(engine_dir) / entry["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    # What the first visit downloads, by file, as the page states it: each a file of the build.
    sizes = json.loads(html.unescape(sizes_text))
    assert {local(stdlib).name, "pyodide.asm.wasm"} <= set(sizes)
    for name, (raw, served) in sizes.items():
        [path] = [p for p in site.rglob(name) if p.is_file()]
        assert path.stat().st_size == raw and 0 < served <= raw
    assert '<link rel="stylesheet" href="../assets/selfcheck/selfcheck.css">' in markup
    assert '<script type="module" src="../assets/selfcheck/widget.mjs"></script>' in markup
    # The widget module comes once, after Material's bundle; the engine script once, in <head>.
    assert markup.count("widget.mjs") == 1 and markup.count("engine.js") == 1


def test_no_other_page_loads_the_widget_or_pyodide(site):
    # The self-check page and the batch page run the engine; no other page loads any of it.
    pages = [p for p in site.rglob("*.html") if p.parent.name not in ("selfcheck", "batch")]
    assert len(pages) > 10
    for page in site.rglob("batch/index.html"):
        assert "batchpage.mjs" in page.read_text(encoding="utf-8")
        assert "widget.mjs" not in page.read_text(encoding="utf-8")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for needle in (
            "widget.mjs",
            "engine.js",
            "worker.mjs",
            widget.PYODIDE_DIR,
            widget.ENGINE_DIR,
        ):
            assert needle not in text, (page, needle)


@pytest.mark.parametrize("name", sorted(p.name for p in widget.ASSETS.glob("*.*js")))
def test_the_scripts_parse_as_javascript_modules(name):
    """A typo in a script would only show in a browser; node checks the syntax in a second."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    path = widget.ASSETS / name
    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
