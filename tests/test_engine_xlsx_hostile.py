"""Workbooks that are tiny and say they are huge, lie about their size, or carry an XML attack
(issue 18), read by the standard-library reader (selfcheck/batch/_xlsx/): rows are read as a
stream, the rows the sheet does not write cost nothing, the rows it does write are all read (its
``<dimension>`` is not believed), a long run of empty cells ends the reading with a note naming the
row, and no part may declare a document type. Every file is made here, part by part.

The command line's runs are measured: the peak memory of the process is asserted (a generous
bound: it does not depend on the machine's load), the seconds are printed (``-s`` shows them)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from selfcheck import _limits, xlsx
from selfcheck.batch import SheetError
from selfcheck.batch._csvfile import TableBroken
from selfcheck.batch._sheet import REF

from ._measure import run_cli
from ._xlsx_craft import (
    HEADER,
    MAIN,
    RELS,
    STYLES,
    cell,
    lying_dimension,
    row_xml,
    shared_strings,
    sheet,
    workbook,
)

ROOT = Path(__file__).resolve().parent.parent
MEMORY_MB = 500  # the bound for a small workbook that says it is huge
LAST_ROW = 1_048_576  # Excel's last row
HEAD = row_xml(1, HEADER) + row_xml(2, ["甲", 300, "宝安"]) + row_xml(3, ["乙", 301, "南山"])


def _rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    return [(r.row, r.cells) for r in xlsx.read_workbook(data).rows]


def _results(stdout: bytes) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(stdout.decode("utf-8-sig"))))
    start = rows[0].index("row", 1)
    return [dict(zip(rows[0][start:], r[start:])) for r in rows[1:]]


# -- huge sheets in tiny files -----------------------------------------------------------------


def far_stray_cell() -> bytes:
    return workbook(sheet(HEAD + row_xml(LAST_ROW, ["丙"]), dimension=f"A1:C{LAST_ROW}"))


def test_a_stray_cell_at_the_last_row_is_one_row_not_a_million():
    assert _rows(far_stray_cell()) == [
        (2, {REF: "甲", "employees": "300", "district": "宝安"}),
        (3, {REF: "乙", "employees": "301", "district": "南山"}),
        (LAST_ROW, {REF: "丙", "employees": "", "district": ""}),
    ]


def test_an_empty_styled_cell_or_a_merged_area_to_the_last_row_costs_nothing():
    styled = workbook(sheet(HEAD + f'<row r="{LAST_ROW}">{cell(f"A{LAST_ROW}", style=1)}</row>'))
    merged = workbook(
        sheet(HEAD, after=f'<mergeCells count="1"><mergeCell ref="A4:XFD{LAST_ROW}"/></mergeCells>')
    )
    for data in (styled, merged):
        assert [r for r, _ in _rows(data)] == [2, 3]


def test_a_merged_area_repeats_its_value_over_the_rows_the_sheet_writes():
    rows = HEAD + row_xml(4, [None, 302]) + row_xml(5, ["丁", 303])
    after = '<mergeCells count="2"><mergeCell ref="C3:C4"/><mergeCell ref="A6:XFD1048576"/></mergeCells>'
    data = workbook(sheet(rows + row_xml(6, ["戊"]), after=after))
    assert _rows(data)[1:] == [
        (3, {REF: "乙", "employees": "301", "district": "南山"}),
        (4, {REF: "", "employees": "302", "district": "南山"}),  # C3:C4
        (5, {REF: "丁", "employees": "303", "district": ""}),
        (6, {REF: "戊", "employees": "", "district": ""}),  # rows 7... are not written: not made
    ]


def test_a_lying_dimension_never_loses_a_row():
    # Some tools write <dimension> wrong (a known openpyxl hazard): 60,000 rows under "A1:C10".
    rows = _rows(lying_dimension(60_000))
    assert len(rows) == 60_000 and rows[-1][0] == 60_001


def test_a_long_run_of_empty_rows_ends_the_reading_with_a_note_naming_the_row(monkeypatch):
    monkeypatch.setitem(_limits.LIMITS, "sheet_empty_run", 100)
    empty = "".join(f'<row r="{n}">{cell(f"A{n}", style=1)}</row>' for n in range(4, 300))
    data = workbook(sheet(HEAD + empty + row_xml(300, ["己", 5])))
    table = xlsx.read_workbook(data)
    assert [r.row for r in table.rows] == [2, 3]  # row 300 was not read, and the note says so
    (note,) = table.notes
    assert "第 3 行" in note.zh and "100" in note.zh and "之后的行没有读取" in note.zh
    assert "row 3" in note.en and "were not read" in note.en
    stopped_at = int(note.en.split("reading stopped at row ")[1].split(";")[0])
    assert 3 < stopped_at < 300


def test_the_shared_strings_are_read_within_their_limit(monkeypatch):
    texts = ["编号", "从业人员数", "甲", "x" * 5000]
    rows = (
        f'<row r="1">{cell("A1", 0, kind="s")}{cell("B1", 1, kind="s")}</row>'
        f'<row r="2">{cell("A2", 2, kind="s")}{cell("B2", 3, kind="s")}</row>'
    )
    data = workbook(sheet(rows), shared=shared_strings(texts))
    (row,) = _rows(data)
    limit = _limits.LIMITS["cell_chars"]
    assert row[1][REF] == "甲" and row[1]["employees"] == "x" * (limit + 1)  # still too long
    monkeypatch.setitem(_limits.LIMITS, "sheet_text_chars", 1000)
    with pytest.raises(SheetError) as info:
        xlsx.read_workbook(data)
    assert info.value.kind == "too_many_texts" and "CSV" in info.value.en


# -- XML attacks ----------------------------------------------------------------------------------

XXE = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


@pytest.mark.parametrize("dtd", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
@pytest.mark.parametrize("part", ["sheet", "shared", "workbook"])
def test_no_part_may_declare_a_document_type(dtd, part):
    entity = "&secret;" if dtd is XXE else "&lol9;"
    rows = (
        row_xml(1, HEADER)
        + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{entity}</t></is></c></row>'
    )
    if part == "sheet":
        data = workbook(sheet(rows, before=dtd))
    elif part == "shared":
        shared = shared_strings(["x"]).replace('<?xml version="1.0" encoding="UTF-8"?>', dtd)
        data = workbook(sheet(rows.replace(entity, "x")), shared=shared)
    else:  # the workbook part names the sheets
        named = (
            f'<?xml version="1.0"?>{dtd}<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            f'<sheets><sheet name="{entity}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )
        data = workbook(sheet(rows.replace(entity, "x")), replace={"xl/workbook.xml": named})
    start = time.monotonic()
    with pytest.raises(SheetError) as info:
        xlsx.read_workbook(data)
    assert info.value.kind == "not_xlsx"
    assert time.monotonic() - start < 30  # refused, not expanded (a generous bound)


# -- what a cell holds ----------------------------------------------------------------------------


def test_cells_read_as_the_reader_sees_them():
    cells = (
        cell("A2", "甲")
        + cell("B2", 46027, style=1)  # a date, Excel's built-in format
        + cell("C2", 46028.375, style=2)  # a custom Chinese date format, with a time
        + cell("D2", 1999.5, style=3)  # 0.00: a number, not a date
        + '<c r="E2" t="b"><v>1</v></c>'
        + '<c r="F2" t="e"><v>#N/A</v></c>'
        + '<c r="G2" t="str"><f>A2</f><v>甲</v></c>'
        + '<c r="H2" t="inlineStr"><is><r><t>宝</t></r><r><t>安</t></r>'
        + "<rPh><t>ばおあん</t></rPh></is></c>"
        + cell("I2", "1.5E-7", kind="n")
    )
    header = ["编号", "a", "b", "营业收入", "c", "d", "e", "所在区", "f"]
    data = workbook(sheet(row_xml(1, header) + f'<row r="2">{cells}</row>'), styles=STYLES)
    table = xlsx.read_workbook(data)
    assert table.rows[0].cells == {REF: "甲", "revenue_10k_cny": "1999.5", "district": "宝安"}
    # the columns no question reads are not kept; read whole before the header is known:
    grid = [r for r in _grid_of(data)]
    assert grid[1][1][:9] == [
        "甲",
        "2026-01-05",
        "2026-01-06 09:00:00",
        "1999.5",
        "TRUE",
        "#N/A",
        "甲",
        "宝安",
        "0.00000015",
    ]
    in_1904 = workbook(
        sheet(
            row_xml(1, header) + f'<row r="2">{cell("A2", "甲")}{cell("B2", 44565, style=1)}</row>'
        ),
        styles=STYLES,
        workbook_pr='<workbookPr date1904="1"/>',
    )
    assert _grid_of(in_1904)[1][1][1] == "2026-01-05"


def _grid_of(data: bytes) -> list:
    """The sheet's rows as the reader gives them before a header narrows them."""
    from selfcheck._policy import policy
    from selfcheck.batch._xlsx import Book, Grid

    book = Book(io.BytesIO(data), policy())
    return list(Grid(book, book.sheets[0]))


def test_a_workbook_damaged_midway_gives_the_rows_before_and_says_where():
    body = "".join(row_xml(n, [f"E{n}", 300, "宝安"]) for n in range(2, 2000))
    xml = sheet(row_xml(1, HEADER) + body).encode()
    cut = xml[: xml.index(b'<row r="1500"') + 30]  # the rest of the sheet is missing
    table = xlsx.open_workbook(workbook(cut))
    rows = []
    with pytest.raises(TableBroken) as info:
        for row in table:
            rows.append(row.row)
    assert rows[-1] >= 1400 and rows == list(range(2, rows[-1] + 1))
    assert info.value.kind == "damaged_from" and "损坏" in info.value.zh


# -- the command line, measured -------------------------------------------------------------------


def test_the_command_line_reads_a_far_stray_cell_in_bounded_memory(tmp_path):
    path = tmp_path / "stray.xlsx"
    path.write_bytes(far_stray_cell())
    assert path.stat().st_size < 4096
    proc, seconds, peak = run_cli(path)
    print(f"\nfar stray cell, command line: {seconds:.2f} s, peak {peak:.0f} MB")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["row"] for r in _results(proc.stdout)] == ["2", "3", str(LAST_ROW)]
    assert peak < MEMORY_MB


def test_the_command_line_stops_a_million_empty_rows_in_bounded_memory(tmp_path):
    # A small file without a <dimension> whose sheet writes a million empty (styled) rows.
    empty = "".join(f'<row r="{n}">{cell(f"A{n}", style=1)}</row>' for n in range(4, LAST_ROW + 1))
    path = tmp_path / "empty.xlsx"
    path.write_bytes(workbook(sheet(HEAD + empty)))
    proc, seconds, peak = run_cli(path)
    print(f"\na million empty rows, command line: {seconds:.2f} s, peak {peak:.0f} MB")
    said = proc.stderr.decode()
    assert proc.returncode == 0 and "Traceback" not in said, said
    assert [r["row"] for r in _results(proc.stdout)] == ["2", "3"]
    assert "were not read" in said  # the rows after the run of empty ones are named
    assert peak < MEMORY_MB


def test_the_command_line_gives_every_row_of_a_lying_dimension(tmp_path):
    path = tmp_path / "lying.xlsx"
    path.write_bytes(lying_dimension(12_000))
    proc, _, _ = run_cli(path)
    assert proc.returncode == 0
    assert len(_results(proc.stdout)) == 12_000 and "12000 行" in proc.stderr.decode()


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(tmp_path):
    path = tmp_path / "renamed.csv"
    path.write_bytes(workbook(rows=[HEADER, ["甲", 300, "宝安"]]))
    proc, _, _ = run_cli(path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r[REF] for r in _results(proc.stdout)] == ["甲"]
