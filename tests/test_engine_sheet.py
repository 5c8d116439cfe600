"""selfcheck.batch._sheet: CSV bytes decoded without mangling, headers recognised, rows read as answers."""

from __future__ import annotations

import codecs

import pytest

from selfcheck._policy import policy
from selfcheck._text import Text
from selfcheck.batch._csvfile import decode_csv_bytes, read_csv_bytes, read_csv_text
from selfcheck.batch._sheet import (
    REF,
    Column,
    SheetError,
    ambiguous_headers,
    column_letter,
    header_key,
    header_label,
    is_example,
    read_answers,
    table_from_grid,
)

POL = policy()
CSV_ZH = (
    "编号,商事登记所在区,所属行业,从业人员数（人）,营业收入（万元）,企业属于以下哪些类型？（可多选）\n"
    "A 公司,宝安,工业,600人,3亿,规上；专精特新\n"
    'B 公司,南山区,软件和信息技术服务业,"1,200","30,000",无\n'
)


# -- decoding --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_bytes_in_the_encodings_excel_and_wps_write_decode_exactly(encoding):
    assert decode_csv_bytes(CSV_ZH.encode(encoding)) == CSV_ZH


def test_gb18030_beyond_gbk_decodes():
    text = "编号,名称\n1,𠀀 公司\n"  # a CJK Extension B character: GB18030 only
    assert decode_csv_bytes(text.encode("gb18030")) == text


def test_the_utf8_bom_is_not_part_of_the_first_header():
    table = read_csv_bytes(codecs.BOM_UTF8 + CSV_ZH.encode("utf-8"))
    assert table.columns[0] == Column(0, "A", "编号", REF)


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"a,b\n\xff\xff\n", "encoding"),
        (b"a,b\n1,\x80\n", "encoding"),
        (b"PK\x03\x04rest-of-a-zip", "xlsx_as_csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "old_xls"),
        (b"a,b\n1,\x00\n", "binary"),
    ],
)
def test_what_is_not_csv_text_is_refused_never_mangled(data, kind):
    with pytest.raises(SheetError) as info:
        decode_csv_bytes(data)
    assert info.value.kind == kind


def test_the_encoding_error_says_how_to_save_the_file():
    with pytest.raises(SheetError) as info:
        decode_csv_bytes(b"\xff\xff")
    assert info.value.zh == (
        "无法识别文件的文字编码（既不是 UTF-8，也不是 GBK/GB18030）："
        "请在 Excel 或 WPS 中另存为“CSV UTF-8”。"
    )
    assert info.value.to_dict()["kind"] == "encoding"


# -- headers ---------------------------------------------------------------------------------------


def test_header_labels_carry_the_unit_once():
    assert header_label("employees") == Text("从业人员数（人）", "Number of employees (persons)")
    assert header_label("revenue_10k_cny") == Text(
        "营业收入（万元）", "Operating revenue (in 10,000 CNY)"
    )
    assert header_label("planned_jobs") == Text(
        "技能生态链能够提供的就业岗位数（个）", "Jobs the skills ecosystem chain can provide (jobs)"
    )
    assert header_label("district") == Text("商事登记所在区", "District of commercial registration")
    assert header_label(REF) == Text(
        "编号（自填，可写企业名称）", "Ref (your own, e.g. the enterprise name)"
    )


@pytest.mark.parametrize(
    "text,key",
    [
        ("employees", "employees"),
        ("从业人员数（人）", "employees"),
        ("从业人员数", "employees"),
        ("从业人员数(人)", "employees"),
        (" 从业人员数 （人） ", "employees"),
        ("从业人员", "employees"),
        ("员工人数", "employees"),
        ("Number of employees (persons)", "employees"),
        ("NUMBER OF EMPLOYEES", "employees"),
        ("营业收入（万元）", "revenue_10k_cny"),
        ("营业收入", "revenue_10k_cny"),
        ("营收", "revenue_10k_cny"),
        ("资产总额(万元)", "total_assets_10k_cny"),
        ("企业是否在深圳市注册登记？", "registered_in_shenzhen"),
        ("企业是否在深圳市注册登记", "registered_in_shenzhen"),
        ("Is the enterprise registered in Shenzhen?", "registered_in_shenzhen"),
        ("在深参保职工", "insured_staff_shenzhen"),
        ("在深参保职工人数", "insured_staff_shenzhen"),
        ("所在区", "district"),
        ("商事登记所在区", "district"),
        ("行业", "size_industry"),
        ("企业类型", "enterprise_types"),
        ("企业属于以下哪些类型？（可多选）", "enterprise_types"),
        ("*从业人员数", "employees"),
        ("ref", REF),
        ("编号", REF),
        ("企业名称", REF),
        ("编号（自填，可写企业名称）", REF),
        ("地址", None),
        ("统一社会信用代码", None),
        ("", None),
    ],
)
def test_header_cells_name_their_column(text, key):
    assert header_key(text) == key


def test_no_header_form_names_two_columns():
    assert ambiguous_headers() == {}


@pytest.mark.parametrize(
    "text,example",
    [
        ("示例", True),
        ("示例（导入时跳过，可删除此行）", True),
        ("Example (skipped on import)", True),
        ("example", True),
        ("EXAMPLE: A", True),
        ("示例：某公司", True),
        ("样例", True),
        ("示例科技有限公司", False),
        ("Examples Ltd", False),
        ("A 公司", False),
        ("", False),
    ],
)
def test_example_rows_are_marked_by_their_ref(text, example):
    assert is_example(text) is example


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


# -- tables ----------------------------------------------------------------------------------------


def test_a_chinese_csv_is_read_into_answers():
    table = read_csv_text(CSV_ZH)
    assert table.header_row == 1 and table.key_row is None
    assert table.keys == [
        REF,
        "district",
        "size_industry",
        "employees",
        "revenue_10k_cny",
        "enterprise_types",
    ]
    readings = read_answers(table)
    assert [(r.row, r.ref) for r in readings] == [(2, "A 公司"), (3, "B 公司")]
    assert readings[0].reading.answers == {
        "district": "baoan",
        "size_industry": "industry",
        "employees": 600,
        "revenue_10k_cny": 30000,
        "enterprise_types": ["above_designated_size", "specialized_new"],
    }
    assert readings[1].reading.answers == {
        "district": "nanshan",
        "size_industry": "software_it",
        "employees": 1200,
        "revenue_10k_cny": 30000,
        "enterprise_types": [],
    }
    assert all(r.reading.errors == () for r in readings)


def test_a_title_above_the_header_a_key_row_empty_and_example_rows():
    grid = [
        (1, ["2026年链主企业自查名单", "", ""]),
        (2, ["编号", "从业人员数（人）", "营业收入（万元）", "地址"]),
        (3, ["ref", "employees", "revenue_10k_cny", ""]),
        (4, ["示例（导入时跳过，可删除此行）", "350", "30000", ""]),
        (5, ["", "", "", ""]),
        (6, ["A", "600", "3亿", "深圳"]),
        (7, ["", "", "", "只有地址"]),
        (9, ["B", "不确定", "", ""]),
    ]
    table = table_from_grid(grid, sheet="企业名单", hidden=[3, 9])
    assert (table.sheet, table.header_row, table.key_row) == ("企业名单", 2, 3)
    assert [(r.row, r.cells, r.hidden) for r in table.rows] == [
        (6, {REF: "A", "employees": "600", "revenue_10k_cny": "3亿"}, False),
        (9, {REF: "B", "employees": "不确定", "revenue_10k_cny": ""}, True),
    ]
    assert table.examples == (4,)
    assert [c.header for c in table.ignored] == ["地址"]
    assert [n.zh for n in table.notes] == ["以下列没有用到：D “地址”。", "第 4 行是示例，已跳过。"]


def test_the_key_row_wins_over_the_label_and_names_unlabelled_columns():
    grid = [
        (1, ["编号", "从业人员数", "随便写的表头", ""]),
        (2, ["ref", "insured_staff_shenzhen", "employees", "planned_jobs"]),
        (3, ["A", "320", "350", "500"]),
    ]
    table = table_from_grid(grid)
    assert [c.key for c in table.columns] == [
        REF,
        "insured_staff_shenzhen",
        "employees",
        "planned_jobs",
    ]
    assert table.rows[0].cells == {
        REF: "A",
        "insured_staff_shenzhen": "320",
        "employees": "350",
        "planned_jobs": "500",
    }


def test_keys_alone_make_a_header():
    table = read_csv_text("ref,employees,training_system\nA,300,yes\n")
    assert table.keys == [REF, "employees", "training_system"] and table.key_row is None
    assert read_answers(table)[0].reading.answers == {"employees": 300, "training_system": True}


@pytest.mark.parametrize("delimiter", ["\t", ";", ","])
def test_the_delimiter_is_found(delimiter):
    text = (
        delimiter.join(["编号", "从业人员数", "企业类型"])
        + "\n"
        + delimiter.join(["A", "600", "规上、上市"])
        + "\n"
    )
    table = read_csv_text(text)
    assert table.rows[0].cells == {REF: "A", "employees": "600", "enterprise_types": "规上、上市"}


def test_two_columns_for_one_question_are_refused():
    with pytest.raises(SheetError) as info:
        read_csv_text("编号,从业人员数,员工人数\nA,1,2\n")
    assert info.value.kind == "duplicate_column"
    assert info.value.zh == "“从业人员数”列和“员工人数”列都对应“从业人员数（人）”，请只保留一列。"


def test_no_header_and_empty_files_are_refused():
    with pytest.raises(SheetError) as info:
        read_csv_text("名称,地址\nA,深圳\n")
    assert info.value.kind == "no_header"
    assert info.value.zh == (
        "没有找到表头：第一行（或标题下面的一行）须列出各问题，例如“从业人员数（人）”。"
    )
    with pytest.raises(SheetError) as info:
        read_csv_text(" \n")
    assert info.value.kind == "empty"
    with pytest.raises(SheetError) as info:
        table_from_grid([])
    assert info.value.kind == "empty"


def test_bad_cells_are_reported_by_row_with_the_question():
    table = read_csv_text("编号,从业人员数,营业收入\nA,约300,600人\nB,300,3000\n")
    readings = read_answers(table)
    assert [(e.key, e.kind) for e in readings[0].reading.errors] == [
        ("employees", "approximate"),
        ("revenue_10k_cny", "wrong_unit"),
    ]
    assert readings[0].reading.errors[0].text.zh.startswith("从业人员数：“约300”不是确切的数。")
    assert readings[1].reading.answers == {"employees": 300, "revenue_10k_cny": 3000}


def test_a_short_row_is_read_with_the_missing_cells_empty():
    table = read_csv_text("编号,从业人员数,营业收入\nA,300\n")
    assert table.rows[0].cells == {REF: "A", "employees": "300", "revenue_10k_cny": ""}


def test_a_multi_line_cell_is_one_row():
    table = read_csv_text('编号,企业类型\nA,"规上\n上市"\nB,无\n')
    assert [(r.row, r.cells["enterprise_types"]) for r in table.rows] == [
        (2, "规上\n上市"),
        (3, "无"),
    ]
    assert read_answers(table)[0].reading.answers == {
        "enterprise_types": ["above_designated_size", "listed"]
    }
