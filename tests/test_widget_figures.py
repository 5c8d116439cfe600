"""The same words give the same answer in the form as in a spreadsheet (issue 17): every figure
spelling of the word cases (tests/_figure_words.py) is typed into the self-check form and written in
a one-column batch file, in the browser, and each gives the same value (the same answers digest)
and the same "understood as" line, or the same message, which is the engine's own."""

from __future__ import annotations

import csv
import io
import json
from itertools import groupby
from pathlib import Path

import pytest

from selfcheck import answer_format
from selfcheck._words import WordError, parse_cell, said_back

from ._figure_words import AMOUNTS, COUNTS, FIGURE_ERRORS
from ._site import have_chromium
from ._widget_site import BOOT_TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)"),
]

SPELLINGS = sorted(
    {
        *(("revenue_10k_cny", text) for text, _, _ in AMOUNTS),
        *((key, text) for key, text, _, _ in COUNTS),
        *((key, text) for key, text, _ in FIGURE_ERRORS),
    }
)
CODES = answer_format()["output_columns"]


def _engine(key: str, text: str, lang: str) -> dict:
    """What the engine makes of a spelling: the value and what it says back, or its message."""
    try:
        parsed = parse_cell(key, text)
    except WordError as exc:
        return {"message": exc.message.get(lang)}
    said = said_back(text, parsed)
    return {"value": parsed.value, "understood": said.get(lang) if said else ""}


def _in_the_form(page, tmp_path: Path, key: str, text: str) -> dict:
    """Type ``text`` into the field of ``key`` (the only answer) and read what the page makes of it:
    the message next to the field, or the understood line and the answers of its receipt."""
    field = page.locator(f"#sc-{key}")
    results = page.locator("[data-sc-results]")
    error = page.locator(f"[data-error-for={key}]")
    field.fill("")
    page.locator("[data-sc-results][data-current=true]").wait_for()
    assert error.is_hidden()
    field.fill(text)
    page.wait_for_function(
        """([key]) => document.querySelector('[data-sc-results]').dataset.current === 'true'
            || !document.querySelector(`[data-error-for="${key}"]`).hidden""",
        arg=[key],
    )
    if error.is_visible():
        assert results.get_attribute("data-current") == "false"
        return {"error": error.inner_text()}
    understood = page.locator(f"[data-understood-for={key}]")
    with page.expect_download() as info:
        page.locator("[data-sc-action=receipt]").click()
    receipt = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    return {
        "understood": understood.inner_text() if understood.is_visible() else "",
        "answers": receipt["answers"],
        "digest": receipt["digest"],
    }


def _in_a_batch(page, tmp_path: Path, key: str, texts: list[str]) -> dict[str, dict]:
    """A batch file with the column of ``key``, one spelling a row (each row checked on its own,
    as a one-row batch is), through the page; its results by spelling."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["ref", key])
    writer.writerows([str(i), text] for i, text in enumerate(texts, start=1))
    path = tmp_path / f"{key}.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    page.locator("[data-sc-batch-file]").set_input_files(str(path))
    page.locator("[data-selfcheck][data-batch=done]").wait_for()
    with page.expect_download() as info:
        page.locator("[data-sc-action=batch-download]").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    start = len(header) - len(CODES)  # the reader's columns, then the machine columns
    reader = header[:start]
    found = {}
    for row in body:
        machine = dict(zip(CODES, row[start:]))
        found[texts[int(machine["ref"]) - 1]] = {
            "problems": row[reader.index(header[3])],
            "understood": row[start - 1],
            "digest": machine["digest"],
            "verdict": machine["verdict"],
        }
    assert len(found) == len(texts)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_spelling_reads_alike_in_the_form_and_in_a_batch(
    browser, built, lang, tmp_path
):
    context = browser.new_context(accept_downloads=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{built.origin}{lang}/selfcheck/")
    page.locator("[data-selfcheck][data-state=ready]").wait_for()
    differ = []
    try:
        for key, group in groupby(SPELLINGS, key=lambda s: s[0]):
            texts = [text for _, text in group]
            batch = _in_a_batch(page, tmp_path, key, texts)
            for text in texts:
                want = _engine(key, text, lang)
                form = _in_the_form(page, tmp_path, key, text)
                row = batch[text]
                if "message" in want:
                    same = (
                        "error" in form
                        and form["error"].endswith(want["message"])
                        and row["problems"].endswith(want["message"])
                        and row["verdict"] == ""
                    )
                else:
                    same = (
                        form.get("answers") == {key: want["value"]}
                        and form["digest"] == row["digest"]
                        and form["understood"] == want["understood"]
                        and row["understood"].endswith(want["understood"])
                        and (row["understood"] == "") == (want["understood"] == "")
                        and row["problems"] == ""
                    )
                if not same:
                    differ.append(
                        {"key": key, "text": text, "engine": want, "form": form, "batch": row}
                    )
            page.locator(f"#sc-{key}").fill("")
    finally:
        context.close()
    assert [(d["key"], d["text"]) for d in differ] == [], differ[:3]
    assert errors == []
