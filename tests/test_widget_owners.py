"""Every rule the widget's JavaScript applies has one owner elsewhere (issue 17): the input limits,
the figures it reads itself, the answer "not sure", the "none of these" value, the joiners, the
batch's chunk and table sizes, the result columns and the packages it loads come from the engine's
``answer_format()`` or the widget configuration built from ``policy/`` (rendered into the page),
never typed in a script. The check looks for each value as a number in the scripts' code or as one
of their string literals; a number that means something else there is listed, with what it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykit import load_policy
from selfcheck import answer_format
from sitegen._render import _widget_pages
from sitegen.widget import ASSETS, widget_config

PAGES = _widget_pages()  # the pages the widget links to, as the build gives them
SCRIPTS = sorted(p for p in ASSETS.iterdir() if p.suffix in {".js", ".mjs"})
_TOKENS = re.compile(
    r"/\*.*?\*/|//[^\n]*"  # comments
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"  # strings
    r"|/(?![*/])(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*(?=\s*[.,;)\]])",  # regexes
    re.S,
)

#: Numbers and words a script uses for something else, which happen to equal an owned value:
#: (script, value) -> what it is there.
COINCIDENCES = {
    ("dom.mjs", 1000): "milliseconds before a download's object URL is revoked",
    ("engine.js", 20000): "milliseconds the engine may take for a quick call, and to mount",
    ("engine.js", 8): "a byte of the tiny WebAssembly module that tests for exception handling",
    ("engine.js", 64): "a byte of the tiny WebAssembly module that tests for exception handling",
    ("core.mjs", 100): "per cent of the loading bar when the engine is ready",
    ("worker.mjs", 100): "per cent of the loading bar when the engine is ready",
    ("worker.mjs", 500): "characters of a technical detail passed on from a crash",
    ("report.mjs", "row"): "the scope of a table's header cell",
    ("results.mjs", "row"): "the scope of a table's header cell",
    ("results.mjs", "verdict"): "the name of the filter by result",
    ("batchpage.mjs", 100): "per cent of the loading bar when the engine is ready",
}


def _code(path: Path) -> tuple[str, list[str]]:
    """A script's code without comments, strings and regular expressions (where its numbers are),
    and its string literals' contents."""
    text = path.read_text(encoding="utf-8")
    strings = []
    code = []
    last = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        code.append(text[last : match.start()])
        code.append(" ")
        last = match.end()
        if token[0] in "\"'`":
            strings.append(token[1:-1])
    code.append(text[last:])
    return "".join(code), strings


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _owned_values() -> dict[str, set]:
    """Each value that has its owner outside the scripts, by where it comes from."""
    rules = answer_format()
    owned = {
        "answer_format().limits": set(_leaves(rules["limits"])),
        "answer_format().plain_figures": set(_leaves(rules["plain_figures"])),
        "answer_format().max_figure": {rules["max_figure"]},
        "answer_format().unsure": {rules["unsure"]},
        "answer_format().ref": {rules["ref"]},
        "answer_format().output_columns": set(rules["output_columns"]),
    }
    policy = load_policy()
    for lang in ("zh", "en"):
        cfg = widget_config(policy, lang, PAGES)
        for name in ("limits", "plain", "none", "unsure", "joiners", "batch"):
            owned.setdefault(f"widget configuration .{name}", set()).update(_leaves(cfg[name]))
        # The verdict code of a row that could not be checked (read from the configuration too)
        # is also the page's own word for a failed state: not a value to look for.
        owned["widget configuration .batch"].discard(cfg["batch"]["unreadable"])
    return owned


def _typed(value, code: str, strings: list[str]) -> bool:
    """Whether a script types ``value``: a number in its code (also with ``_`` groups or as a
    product of 1024s), or a string literal that is exactly it."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        forms = {str(value), f"{value:_}"}
        for power, text in ((1, "1024"), (2, "1024 * 1024")):
            if value % 1024**power == 0 and value >= 1024**power:
                forms.add(f"{value // 1024**power} * {text}")
        return any(re.search(rf"(?<![\w.]){re.escape(f)}(?![\w.])", code) for f in forms)
    if isinstance(value, str):
        return value in strings
    raise TypeError(value)


def _found(script: Path) -> list[tuple[str, object, str]]:
    code, strings = _code(script)
    return [
        (script.name, value, owner)
        for owner, values in _owned_values().items()
        for value in values
        if _typed(value, code, strings)
    ]


def test_the_owned_values_are_the_ones_the_issue_names():
    owned = _owned_values()
    everything = set().union(*owned.values())
    assert {2000, 500, 100, "none", "、", ", ", "openpyxl"} <= everything
    assert {64 * 1024, 8, 200, 2 * 1024 * 1024, 16, 64} <= everything


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_no_script_types_a_value_that_has_its_owner_elsewhere(script):
    found = [
        f"{value!r} ({owner})"
        for name, value, owner in _found(script)
        if (name, value) not in COINCIDENCES
    ]
    assert found == []


def test_each_coincidence_is_still_there():
    found = {(name, value) for script in SCRIPTS for name, value, _ in _found(script)}
    assert set(COINCIDENCES) - found == set()


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("const CHUNK = 2000; // rows", 2000),
        ("const CHUNK = 2_000;", 2000),
        ("depth: this.limits.depth + 8, keys: 64", 8),
        ("export const MAX = 2 * 1024 * 1024;", 2 * 1024 * 1024),
        ('if (checked.includes("none")) return [];', "none"),
        ("join(this.lang === 'zh' ? '、' : ', ')", "、"),
        ("join(this.lang === 'zh' ? '、' : ', ')", ", "),
    ],
)
def test_the_check_would_find_a_value_typed_again(line, value, tmp_path):
    script = tmp_path / "x.mjs"
    script.write_text(line, encoding="utf-8")
    assert _typed(value, *_code(script))


def test_numbers_in_strings_comments_and_regexes_are_not_code(tmp_path):
    script = tmp_path / "x.mjs"
    script.write_text('a("utf-8", 2); // 2000\nb(/^[0-9]{8}$/.test(x), `${y}, ${z}`);\n', "utf-8")
    code, strings = _code(script)
    assert not _typed(8, code, strings) and not _typed(2000, code, strings)
    assert _typed(2, code, strings) and not _typed(", ", code, strings)


def test_the_forms_none_of_these_box_carries_the_configurations_value():
    from sitegen.widget import render_form

    policy = load_policy()
    form = render_form(policy, "zh", PAGES)
    cfg = widget_config(policy, "zh", PAGES)
    boxes = re.findall(
        r'<input type="checkbox" name="([a-z_]+)" value="([^"]+)" data-exclusive>', form
    )
    values = {value for _, value in boxes} - {cfg["unsure"]}
    assert boxes and values == {cfg["none"]}
