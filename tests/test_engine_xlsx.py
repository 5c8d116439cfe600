"""selfcheck.xlsx: the template built, filled in as a reader would (dropdown values, typed variants,
numbers as numbers) and read back to exact answers; results written; openpyxl stays optional."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from selfcheck import xlsx
from selfcheck._policy import policy
from selfcheck._words import UNSURE, answer_words, choice_names, show_answer, word_data
from selfcheck.batch._csvfile import read_csv_bytes
from selfcheck.batch._sheet import REF, SheetError, header_label, is_example, read_answers

# openpyxl is not (yet) in the test extra of pyproject.toml: say so rather than fail to collect.
openpyxl = pytest.importorskip(
    "openpyxl", reason="openpyxl is not installed: pip install openpyxl==3.1.5 (selfcheck[xlsx])"
)

ROOT = Path(__file__).resolve().parent.parent
POL = policy()
KEYS = [REF, *POL.questions]
BASE = "https://selfcheck.example.org/"


def _load(data: bytes, **kw) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


@pytest.fixture(scope="module")
def template_zh() -> bytes:
    return xlsx.build_template("zh", base_url=BASE)


@pytest.fixture(scope="module")
def template_en() -> bytes:
    return xlsx.build_template("en", base_url=BASE)


# -- the template ----------------------------------------------------------------------------------


def test_the_template_has_the_answers_sheet_the_guide_and_a_hidden_list_sheet(
    template_zh, template_en
):
    zh, en = _load(template_zh), _load(template_en)
    assert zh.sheetnames == ["企业名单", "填写说明", "选项"]
    assert en.sheetnames == ["Enterprises", "How to fill in", "Lists"]
    assert [ws.sheet_state for ws in zh.worksheets] == ["visible", "visible", "hidden"]
    assert zh.active.title == "企业名单"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_row_1_asks_the_questions_row_2_holds_the_hidden_keys(lang, template_zh, template_en):
    ws = _load(template_zh if lang == "zh" else template_en).worksheets[0]
    assert [c.value for c in ws[1]] == [header_label(k).get(lang) for k in KEYS]
    assert [c.value for c in ws[2]] == KEYS
    assert ws.row_dimensions[2].hidden is True
    assert ws.row_dimensions[1].hidden is False
    assert ws.freeze_panes == "B3"
    assert all(c.font.bold for c in ws[1])
    assert ws["H1"].value == (
        "从业人员数（人）" if lang == "zh" else "Number of employees (persons)"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_row_3_is_an_example_the_importer_skips(lang, template_zh, template_en):
    data = template_zh if lang == "zh" else template_en
    ws = _load(data).worksheets[0]
    example = word_data()["example_row"]
    assert ws["A3"].value == word_data()["sheet"]["example"][lang]
    assert is_example(ws["A3"].value)
    assert [c.value for c in ws[3]][1:] == [show_answer(k, example[k], lang) for k in KEYS[1:]]
    assert all(c.font.i for c in ws[3])
    table = xlsx.read_workbook(data)
    assert table.rows == () and table.examples == (3,)
    assert [n.get(lang) for n in table.notes] == [
        "第 3 行是示例，已跳过。" if lang == "zh" else "Row(s) 3: example, skipped."
    ]


def test_the_example_row_reads_back_as_the_example_answers(template_zh):
    ws = _load(template_zh).worksheets[0]
    cells = {k: c.value for k, c in zip(KEYS, ws[3])}
    from selfcheck._words import read_row

    reading = read_row({k: xlsx.cell_text(v) for k, v in cells.items()})
    assert reading.errors == () and reading.answers == word_data()["example_row"]


def _validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        for area in str(dv.sqref).split():
            out[area.split(":")[0].rstrip("0123456789")] = dv
    return out


def test_every_coded_column_has_a_dropdown_in_the_readers_language(template_zh, template_en):
    for data, lang in ((template_zh, "zh"), (template_en, "en")):
        wb = _load(data)
        ws, lists = wb.worksheets[0], wb.worksheets[2]
        by_column = _validations(ws)
        unsure = answer_words()[UNSURE].get(lang)
        for i, key in enumerate(KEYS):
            letter = xlsx.column_letter(i)
            kind = POL.questions.get(key, {}).get("type")
            if key == REF:
                assert letter not in by_column
                continue
            dv = by_column[letter]
            assert str(dv.sqref).count(f"{letter}3:{letter}1003") == 1
            assert dv.allow_blank
            assert dv.errorStyle == ("warning" if kind != "multi_choice" else None)
            if kind in ("boolean", "choice"):
                assert dv.type == "list"
                sheet, cells = dv.formula1.split("!")
                assert sheet == f"'{lists.title}'"
                column = cells.split(":")[0].strip("$").rstrip("0123456789")
                values = [c.value for c in lists[column] if c.value is not None]
                if kind == "boolean":
                    assert values == [answer_words()[a].get(lang) for a in ("yes", "no", UNSURE)]
                else:
                    assert values == [n.get(lang) for n in choice_names(key).values()] + [unsure]
            elif kind == "integer":
                assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
                assert ws.column_dimensions[letter].number_format == "0"
            elif kind == "number":
                assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
                assert ws.column_dimensions[letter].number_format == "#,##0.00"
            else:
                assert dv.type is None and dv.prompt  # multi-choice: a prompt, no list
                assert ws[f"{letter}1"].comment is not None
            assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 225
            assert len(dv.promptTitle or "") <= 32


def test_the_multi_choice_note_says_how_to_write_several(template_zh):
    ws = _load(template_zh).worksheets[0]
    letter = xlsx.column_letter(KEYS.index("enterprise_types"))
    assert ws[f"{letter}1"].comment.text == (
        "此列可填多项，不能用下拉列表：请用分号（；）或顿号（、）分隔，例如 规模以上企业；专精特新企业；"
        "都不属于时填“都不属于”。"
    )


def test_the_guide_explains_every_column_with_a_link(template_zh, template_en):
    ws = _load(template_zh).worksheets[1]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][0] == "链主企业培育孵化条件自查：批量填写模板"
    assert rows[1][0] == f"数据版本：{POL.version}    资料整理日期：{POL.compiled_on}"
    header = rows.index(["列", "问题", "单位", "可填的值", "说明", "详见"])
    table = rows[header + 1 :]
    assert [r[0] for r in table] == [xlsx.column_letter(i) for i in range(len(KEYS))]
    assert [r[1] for r in table] == [header_label(k).zh for k in KEYS]
    by_key = dict(zip(KEYS, table))
    assert by_key["revenue_10k_cny"][2] == "万元"
    assert (
        by_key["revenue_10k_cny"][3]
        == "0 或正数，可有小数（例如 3亿元 填 30000（也可写 3亿 或 3000万））；或“不确定”"
    )
    assert by_key["district"][3].startswith("从下拉列表选择：福田区、罗湖区、")
    assert by_key["size_industry"][3].startswith("从下拉列表选择：农、林、牧、渔业；工业；建筑业；")
    assert by_key["training_system"][3] == "“是”“否”或“不确定”（也可写 有/无、对/不对）"
    assert by_key["registered_in_shenzhen"][4] == "以营业执照的登记机关为准。"
    row_of = {k: header + 2 + i for i, k in enumerate(KEYS)}
    assert ws.cell(row_of["district"], 6).hyperlink.target == BASE + "zh/answers/#values-district"
    assert ws.cell(row_of["employees"], 6).hyperlink.target == BASE + "zh/answers/#keys"
    en = _load(template_en).worksheets[1]
    assert any(
        c.hyperlink and c.hyperlink.target == BASE + "en/answers/#values-enterprise_types"
        for r in en.iter_rows()
        for c in r
    )


def test_without_a_base_url_the_guide_gives_the_path_on_the_site():
    ws = _load(xlsx.build_template("zh", rows=5)).worksheets[1]
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert "可填值一览：zh/answers/#values-district" in texts
    assert not any(c.hyperlink for r in ws.iter_rows() for c in r)
    assert (
        xlsx.answers_url("district", "en", "https://a.example/site")
        == "https://a.example/site/en/answers/#values-district"
    )


def test_the_guide_notes_name_the_sheet_and_the_words():
    ws = _load(xlsx.build_template("en", rows=5)).worksheets[1]
    notes = [ws.cell(r, 1).value for r in range(3, 8)]
    assert notes[0].startswith("• On the sheet “Enterprises”, one enterprise a row.")
    assert notes[1] == "• An empty cell means not answered; write “not sure” when you do not know."
    assert (
        notes[2]
        == "• A row whose ref starts with “Example” is an example and is skipped on import."
    )


# -- filled in and read back -----------------------------------------------------------------------

# (cells as a reader puts them, by key; the answers expected). Numbers are numbers in the cell
# where a reader would type a number; the rest is text as the dropdowns write it or as typed.
FILLED_ZH = [
    (
        {
            REF: "深圳甲科技有限公司",
            "registered_in_shenzhen": "是",
            "independent_legal_person": "是",
            "good_operating_condition": "是",
            "bad_record_last_3_years": "否",
            "district": "宝安区",
            "size_industry": "工业",
            "employees": 650,
            "revenue_10k_cny": 30000.0,
            "total_assets_10k_cny": "不确定",
            "insured_staff_shenzhen": 612,
            "enterprise_types": "规模以上企业；专精特新企业",
            "planned_member_enterprises": 8,
            "planned_jobs": 520,
            "college_partners": 3,
            "training_system": "是",
        },
        {
            "registered_in_shenzhen": True,
            "independent_legal_person": True,
            "good_operating_condition": True,
            "bad_record_last_3_years": False,
            "district": "baoan",
            "size_industry": "industry",
            "employees": 650,
            "revenue_10k_cny": 30000,
            "total_assets_10k_cny": UNSURE,
            "insured_staff_shenzhen": 612,
            "enterprise_types": ["above_designated_size", "specialized_new"],
            "planned_member_enterprises": 8,
            "planned_jobs": 520,
            "college_partners": 3,
            "training_system": True,
        },
    ),
    (
        {
            REF: "乙公司",
            "district": "南山",
            "size_industry": "软件和信息技术服务业",
            "employees": "1,200人",
            "revenue_10k_cny": "3亿",
            "enterprise_types": "规上、上市",
            "bad_record_last_3_years": "有",
            "eight_level_system": "不确定",
            "skill_pay_incentive": True,
            "college_partners": "2所",
        },
        {
            "district": "nanshan",
            "size_industry": "software_it",
            "employees": 1200,
            "revenue_10k_cny": 30000,
            "enterprise_types": ["above_designated_size", "listed"],
            "bad_record_last_3_years": True,
            "eight_level_system": UNSURE,
            "skill_pay_incentive": True,
            "college_partners": 2,
        },
    ),
    (
        {
            REF: 20260105,
            "district": "大鹏新区",
            "size_industry": "其他未列明行业",
            "employees": 299.0,
            "revenue_10k_cny": 1999.5,
            "enterprise_types": "无",
            "willing_to_lead_chain": "否",
        },
        {
            "district": "dapeng",
            "size_industry": "other",
            "employees": 299,
            "revenue_10k_cny": 1999.5,
            "enterprise_types": [],
            "willing_to_lead_chain": False,
        },
    ),
]


def _fill(data: bytes, rows: list[dict], start: int = 4, gap: bool = True) -> bytes:
    wb = _load(data)
    ws = wb.worksheets[0]
    r = start
    for cells, _ in rows:
        for key, value in cells.items():
            ws.cell(r, KEYS.index(key) + 1, value)
        r += 2 if gap else 1  # an empty row between enterprises
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_filled_chinese_template_reads_back_to_the_exact_answers(template_zh):
    table = xlsx.read_workbook(_fill(template_zh, FILLED_ZH))
    assert (table.sheet, table.header_row, table.key_row) == ("企业名单", 1, 2)
    assert table.keys == KEYS and table.examples == (3,)
    readings = read_answers(table)
    assert [(r.row, r.ref) for r in readings] == [
        (4, "深圳甲科技有限公司"),
        (6, "乙公司"),
        (8, "20260105"),
    ]
    assert [r.reading.errors for r in readings] == [(), (), ()]
    assert [r.reading.answers for r in readings] == [expected for _, expected in FILLED_ZH]
    assert {k: t.zh for k, t in readings[1].reading.understood.items()} == {
        "district": "按“南山区”计",
        "employees": "按 1200 人计",
        "revenue_10k_cny": "按 30000 万元计（即 3 亿元）",
        "enterprise_types": "按“规模以上企业、上市公司”计",
        "bad_record_last_3_years": "按“是”计：有不良记录",
        "skill_pay_incentive": "按“是”计",
        "college_partners": "按 2 所计",
    }


def test_every_dropdown_value_of_every_column_reads_back_as_its_code(template_zh, template_en):
    for data, lang in ((template_zh, "zh"), (template_en, "en")):
        wb = _load(data)
        lists = wb.worksheets[2]
        ws = wb.worksheets[0]
        by_column = _validations(ws)
        rows = []
        for i, key in enumerate(KEYS):
            dv = by_column.get(xlsx.column_letter(i))
            if dv is None or dv.type != "list":
                continue
            column = dv.formula1.split("!")[1].split(":")[0].strip("$").rstrip("0123456789")
            for value in (c.value for c in lists[column] if c.value is not None):
                rows.append((key, value))
        filled = [({REF: f"{k}={v}", k: v}, None) for k, v in rows]
        table = xlsx.read_workbook(_fill(data, filled, gap=False))
        got = {(r.cells[REF]): r for r in table.rows}
        for key, value in rows:
            reading = read_answers(table)[list(got).index(f"{key}={value}")].reading
            assert reading.errors == ()
            expected = show_answer(key, reading.answers[key], lang)
            assert expected == value
        assert (
            len(rows)
            == 3 * len([k for k in POL.questions if POL.questions[k]["type"] == "boolean"])
            + len(POL.choices["district"])
            + 1
            + len(POL.choices["size_industry"])
            + 1
        )


def test_an_english_template_filled_in_english_reads_back(template_en):
    filled = [
        (
            {
                REF: "Acme",
                "district": "Bao'an District",
                "size_industry": "Industry",
                "training_system": "yes",
                "bad_record_last_3_years": "no",
                "enterprise_types": "Listed company; Group enterprise",
                "employees": 350,
                "revenue_10k_cny": "CNY 300 million",
                "eight_level_system": "not sure",
            },
            {
                "district": "baoan",
                "size_industry": "industry",
                "training_system": True,
                "bad_record_last_3_years": False,
                "enterprise_types": ["listed", "group"],
                "employees": 350,
                "revenue_10k_cny": 30000,
                "eight_level_system": UNSURE,
            },
        )
    ]
    readings = read_answers(xlsx.read_workbook(_fill(template_en, filled)))
    assert [(r.ref, r.reading.answers, r.reading.errors) for r in readings] == [
        ("Acme", filled[0][1], ())
    ]


def test_the_same_rows_as_a_gbk_csv_with_chinese_headers_read_the_same(template_zh):
    table = xlsx.read_workbook(_fill(template_zh, FILLED_ZH))
    for encoding in ("gb18030", "gbk", "utf-8-sig"):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([header_label(k).zh for k in KEYS])
        for row in table.rows:
            writer.writerow([row.cells.get(k, "") for k in KEYS])
        from_csv = read_csv_bytes(out.getvalue().encode(encoding))
        assert [r.reading.answers for r in read_answers(from_csv)] == [e for _, e in FILLED_ZH]


def test_merged_cells_hidden_rows_dates_and_a_title_row():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["2026 年自查名单"])
    ws.merge_cells("A1:D1")
    ws.append(["企业名称", "所在区", "从业人员数", "备注"])
    ws.append(["甲", "宝安区", 300, dt.datetime(2026, 1, 5)])
    ws.append(["乙", None, 301.0, dt.date(2026, 1, 6)])
    ws.append(["丙", "南山", 1e3, dt.datetime(2026, 1, 5, 9, 30)])
    ws.merge_cells("B3:B4")  # one district for 甲 and 乙
    ws.row_dimensions[5].hidden = True
    out = io.BytesIO()
    wb.save(out)
    table = xlsx.read_workbook(out.getvalue())
    assert (table.sheet, table.header_row, table.key_row) == ("名单", 2, None)
    assert [(r.row, r.cells, r.hidden) for r in table.rows] == [
        (3, {REF: "甲", "district": "宝安区", "employees": "300"}, False),
        (4, {REF: "乙", "district": "宝安区", "employees": "301"}, False),
        (5, {REF: "丙", "district": "南山", "employees": "1000"}, True),
    ]
    assert [n.zh for n in table.notes] == ["以下列没有用到：D “备注”。"]


@pytest.mark.parametrize(
    "value,text",
    [
        (None, ""),
        (True, "TRUE"),
        (False, "FALSE"),
        (600, "600"),
        (600.0, "600"),
        (1999.5, "1999.5"),
        (0.1 + 0.2, "0.3"),
        (3000.0000000000005, "3000"),
        (1e20, "100000000000000000000"),
        (1.5e-07, "0.00000015"),
        (-2.5e-5, "-0.000025"),
        (1.25e17, "125000000000000000"),
        (dt.datetime(2026, 1, 5), "2026-01-05"),
        (dt.datetime(2026, 1, 5, 9, 30, 1, 5), "2026-01-05 09:30:01"),
        (dt.date(2026, 1, 5), "2026-01-05"),
        (dt.time(9, 30), "09:30:00"),
        ("宝安", "宝安"),
        ("#DIV/0!", "#DIV/0!"),
    ],
)
def test_cell_text_is_what_the_reader_sees(value, text):
    assert xlsx.cell_text(value) == text


def test_a_formula_without_a_saved_result_is_shown_and_noted():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编号", "从业人员数", "营业收入"])
    ws.append(["甲", "=100*3", 3000])
    out = io.BytesIO()
    wb.save(out)  # openpyxl saves no computed result
    table = xlsx.read_workbook(out.getvalue())
    assert table.rows[0].cells == {REF: "甲", "employees": "=100*3", "revenue_10k_cny": "3000"}
    assert [n.zh for n in table.notes] == [
        "B2 的公式没有保存计算结果：请在 Excel 或 WPS 中打开并保存后再导入。"
    ]
    reading = read_answers(table)[0].reading
    assert [(e.key, e.kind) for e in reading.errors] == [("employees", "number")]


def test_the_sheet_that_names_the_most_questions_is_read_unless_one_is_named():
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["从业人员数", "随便"])
    other = wb.create_sheet("名单")
    other.append(["编号", "从业人员数", "营业收入"])
    other.append(["甲", 300, 2000])
    out = io.BytesIO()
    wb.save(out)
    assert xlsx.read_workbook(out.getvalue()).sheet == "名单"
    assert xlsx.read_workbook(out.getvalue(), sheet="说明").sheet == "说明"
    with pytest.raises(SheetError) as info:
        xlsx.read_workbook(out.getvalue(), sheet="Sheet9")
    assert info.value.zh == "工作簿中没有名为“Sheet9”的工作表。"


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old_xls"),
        (b"ref,employees\nA,1\n", "not_xlsx"),
        (b"", "not_xlsx"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(data, kind):
    with pytest.raises(SheetError) as info:
        xlsx.read_workbook(data)
    assert info.value.kind == kind


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(SheetError) as info:
        xlsx.read_workbook(out.getvalue())
    assert info.value.kind == "not_xlsx"
    assert info.value.zh == "这不是 Excel（.xlsx）文件，或文件已损坏。"


def test_a_workbook_without_a_header_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "地址"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(SheetError) as info:
        xlsx.read_workbook(path)
    assert info.value.kind == "no_header"
    with open(path, "rb") as handle, pytest.raises(SheetError):
        xlsx.read_workbook(handle)


# -- results ---------------------------------------------------------------------------------------


def test_a_results_workbook(tmp_path):
    header = ["行", "编号", "结论", "错误"]
    codes = ["row", "ref", "verdict", "errors"]
    rows = [
        [2, '=HYPERLINK("x")', "符合", ""],
        [3, "-乙", "", "从业人员数：“约300”不是确切的数。" * 3],
        [4, "@丙", "还需补充回答", None],
    ]
    path = tmp_path / "results.xlsx"
    data = xlsx.write_results(header, rows, codes=codes, out=path)
    assert path.read_bytes() == data
    ws = _load(data).active
    assert ws.title == "自查结果"
    assert [c.value for c in ws[1]] == header and [c.value for c in ws[2]] == codes
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:D5"
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3)] == [
        [2, '=HYPERLINK("x")', "符合", None],
        [3, "-乙", None, rows[1][3]],
        [4, "@丙", "还需补充回答", None],
    ]
    assert [ws.cell(r, 2).data_type for r in (3, 4, 5)] == ["s", "s", "s"]
    assert ws.column_dimensions["D"].width == 80
    assert ws["D4"].alignment.wrap_text and ws["D4"].font.color.rgb.endswith("9C0006")
    assert 6 <= ws.column_dimensions["A"].width <= 10
    assert ws.column_dimensions["C"].width == 14  # 还需补充回答: 6 wide characters + 2


def test_results_without_codes_find_the_errors_column_by_header():
    data = xlsx.write_results(["ref", "errors"], [["a", "x"]], lang="en")
    ws = _load(data).active
    assert ws.title == "Results" and ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 40
