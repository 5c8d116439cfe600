"""selfcheck._words: what readers type or write in a cell, read as answers of the public format."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck import answer_format
from selfcheck._policy import build_policy, load_policy_bundle, policy
from selfcheck._text import Text, show_number
from selfcheck._validate import MAX_FIGURE, FieldError
from selfcheck._words import (
    UNSURE,
    Parsed,
    WordError,
    answer_words,
    choice_names,
    fold_name,
    fold_words,
    parse_cell,
    read_cells,
    read_row,
    reader_of,
    show_answer,
    unit_example,
    word_data,
)

from ._figure_words import AMOUNTS, COUNTS, FIGURE_ERRORS

POL = policy()
KEYS = list(POL.questions)
BOOLEANS = [k for k, q in POL.questions.items() if q["type"] == "boolean"]


def read(key, text):
    parsed = parse_cell(key, text)
    return (
        None
        if parsed is None
        else (parsed.value, parsed.understood.zh if parsed.understood else None)
    )


# -- figures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value,zh", AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amounts_in_10k_cny(text, value, zh):
    assert read("revenue_10k_cny", text) == (value, zh)
    assert type(parse_cell("revenue_10k_cny", text).value) is type(value)


def test_an_amount_is_restated_in_english_in_millions():
    parsed = parse_cell("revenue_10k_cny", "3亿")
    assert parsed.understood == Text(
        "按 30000 万元计（即 3 亿元）", "read as 30,000 × 10,000 CNY (CNY 300 million)"
    )
    assert parse_cell("total_assets_10k_cny", "50").understood == Text(
        "按 50 万元计", "read as 50 × 10,000 CNY"
    )


@pytest.mark.parametrize("key,text,value,zh", COUNTS, ids=[f"{c[0]}:{c[1]}" for c in COUNTS])
def test_counts(key, text, value, zh):
    assert read(key, text) == (value, zh)
    assert type(parse_cell(key, text).value) is int


def test_a_count_is_said_in_english_too():
    assert parse_cell("employees", "3万人").understood == Text(
        "按 30000 人计", "read as 30,000 persons"
    )


@pytest.mark.parametrize(
    "key,text,kind", FIGURE_ERRORS, ids=[f"{e[0]}:{e[1][:12]}" for e in FIGURE_ERRORS]
)
def test_figures_that_are_refused(key, text, kind):
    with pytest.raises(WordError) as info:
        parse_cell(key, text)
    assert info.value.kind == kind
    assert info.value.key == key


def test_the_figure_errors_say_what_was_read_and_what_would_do():
    def error(key, text):
        with pytest.raises(WordError) as info:
            parse_cell(key, text)
        return info.value

    e = error("revenue_10k_cny", "abc")
    assert e.message == Text(
        "“abc”不是数字。请只填数字，例如 3亿元 填 30000（也可写 3亿 或 3000万）。",
        "“abc” is not a number. Write digits only, for example CNY 300 million is 30000 "
        "(or write 300 million).",
    )
    assert e.label == Text("营业收入（万元）", "Operating revenue (in 10,000 CNY)")
    assert (
        e.text.zh
        == "营业收入（万元）：“abc”不是数字。请只填数字，例如 3亿元 填 30000（也可写 3亿 或 3000万）。"
    )
    assert error("revenue_10k_cny", "600人").zh == (
        "“600人”的单位“人”不是这一项的单位（万元），例如 3亿元 填 30000（也可写 3亿 或 3000万）。"
    )
    assert (
        error("employees", "约300").en
        == "“约300” is not an exact figure. Write one exact figure, for example 350."
    )
    assert (
        error("employees", "300-400").zh == "“300-400”是一个范围。请只填一个数，例如 350 或 350人。"
    )
    assert error("employees", "-5").zh == "“-5”是负数，这一项须为 0 或正数。"
    assert error("employees", "9" * 20).zh == "“99999999999999999999”太大了，请核对。"
    assert error("employees", "9" * 40).got == "9" * 27 + "..."


def test_an_error_converts_to_the_engines_field_error():
    with pytest.raises(WordError) as info:
        parse_cell("employees", "3k")
    assert info.value.field_error() == FieldError(
        "employees",
        "从业人员数：“3k”用了缩写。请写出完整的数，例如 350 或 350人。",
        "Number of employees: “3k” uses a short form. Write the figure out, for example 350.",
    )
    assert info.value.to_dict() == {
        "kind": "abbreviation",
        "got": "3k",
        "label": {"zh": "从业人员数", "en": "Number of employees"},
        "zh": "“3k”用了缩写。请写出完整的数，例如 350 或 350人。",
        "en": "“3k” uses a short form. Write the figure out, for example 350.",
    }


# -- yes / no / not sure ---------------------------------------------------------------------------

YES_NO = [
    ("是", True, None),
    ("yes", True, None),
    ("否", False, None),
    ("no", False, None),
    ("YES", True, "按“是”计"),
    ("Y", True, "按“是”计"),
    ("True", True, "按“是”计"),
    ("TRUE", True, "按“是”计"),
    ("有", True, "按“是”计"),
    ("对", True, "按“是”计"),
    ("是的", True, "按“是”计"),
    ("√", True, "按“是”计"),
    ("ｙｅｓ", True, "按“是”计"),
    (" 是 ", True, None),
    ("是。", True, "按“是”计"),
    ("无", False, "按“否”计"),
    ("没有", False, "按“否”计"),
    ("不是", False, "按“否”计"),
    ("不", False, "按“否”计"),
    ("不对", False, "按“否”计"),
    ("×", False, "按“否”计"),
    ("n", False, "按“否”计"),
    ("false", False, "按“否”计"),
    ("FALSE", False, "按“否”计"),
    ("不确定", UNSURE, None),
    ("not sure", UNSURE, None),
    ("unsure", UNSURE, None),
    ("不清楚", UNSURE, "按“不确定”计"),
    ("不知道", UNSURE, "按“不确定”计"),
    ("Not Sure", UNSURE, "按“不确定”计"),
    ("don't know", UNSURE, "按“不确定”计"),
    ("Don’t know", UNSURE, "按“不确定”计"),
    ("unknown", UNSURE, "按“不确定”计"),
]


@pytest.mark.parametrize("text,value,zh", YES_NO, ids=[y[0] for y in YES_NO])
def test_yes_no_words(text, value, zh):
    assert read("training_system", text) == (value, zh)


def test_the_bad_record_question_says_what_yes_means():
    assert parse_cell("bad_record_last_3_years", "有").understood == Text(
        "按“是”计：有不良记录", "read as “yes”: there is such a record"
    )
    assert parse_cell("bad_record_last_3_years", "是").value is True
    assert parse_cell("bad_record_last_3_years", "是").understood.zh == "按“是”计：有不良记录"
    assert read("bad_record_last_3_years", "无") == (False, "按“否”计：没有不良记录")
    assert read("bad_record_last_3_years", "没有") == (False, "按“否”计：没有不良记录")
    assert read("bad_record_last_3_years", "不确定") == (UNSURE, None)


@pytest.mark.parametrize("text", ["1", "0", "?", "-", "/", "n/a", "maybe", "可能", "有点", "是否"])
def test_unclear_yes_no_words_are_refused(text):
    with pytest.raises(WordError) as info:
        parse_cell("training_system", text)
    assert info.value.kind == "yes_no"
    assert info.value.message == Text(
        f"没有读懂“{text}”：请填“是”“否”或“不确定”。",
        f"Could not read “{text}”: write “yes”, “no” or “not sure”.",
    )


def test_not_sure_is_an_answer_for_every_question():
    for key in KEYS:
        assert parse_cell(key, "不确定") == Parsed(UNSURE)
        assert parse_cell(key, "不知道") == Parsed(
            UNSURE, Text("按“不确定”计", "read as “not sure”")
        )


def _policy_with(change):
    raw = load_policy_bundle()
    change(raw)
    return build_policy(raw)


def test_a_question_without_not_sure_refuses_it():
    def no_unsure(raw):
        for q in raw["selfcheck"]["questions"]["questions"]:
            q["not_sure"] = False

    pol = _policy_with(no_unsure)
    with pytest.raises(WordError) as info:
        parse_cell("employees", "不确定", pol=pol)
    assert info.value.zh == "这一项不能填“不确定”。"
    with pytest.raises(WordError) as info:
        parse_cell("training_system", "maybe", pol=pol)
    assert info.value.zh == "没有读懂“maybe”：请填“是”或“否”。"


def test_empty_is_not_answered():
    for key in KEYS:
        for text in ("", "   ", "\n", "\u3000", None):
            assert parse_cell(key, text) is None


# -- choices ---------------------------------------------------------------------------------------

CHOICES = [
    ("district", "baoan", "baoan", None),
    ("district", "宝安区", "baoan", None),
    ("district", "Bao'an District", "baoan", None),
    ("district", "宝安", "baoan", "按“宝安区”计"),
    ("district", "Bao'an", "baoan", "按“宝安区”计"),
    ("district", "Bao’an", "baoan", "按“宝安区”计"),
    ("district", "BAOAN", "baoan", "按“宝安区”计"),
    ("district", "bao an", "baoan", "按“宝安区”计"),
    ("district", "ＢａｏＡｎ", "baoan", "按“宝安区”计"),
    ("district", "宝安 区", "baoan", "按“宝安区”计"),
    ("district", "深圳市宝安区", "baoan", "按“宝安区”计"),
    ("district", "深圳宝安", "baoan", "按“宝安区”计"),
    ("district", "Shenzhen Bao'an", "baoan", "按“宝安区”计"),
    ("district", "大鹏", "dapeng", "按“大鹏新区”计"),
    ("district", "大鹏新区", "dapeng", None),
    ("district", "Dapeng", "dapeng", "按“大鹏新区”计"),
    ("district", "dapeng new district", "dapeng", "按“大鹏新区”计"),
    ("district", "南山", "nanshan", "按“南山区”计"),
    ("district", "Futian", "futian", "按“福田区”计"),
    ("district", "深汕", "shenshan", "按“深汕特别合作区”计"),
    ("district", "深汕合作区", "shenshan", "按“深汕特别合作区”计"),
    ("size_industry", "工业", "industry", None),
    ("size_industry", "工业*", "industry", "按“工业”计"),
    ("size_industry", "工业 *", "industry", "按“工业”计"),
    ("size_industry", "industry", "industry", None),
    ("size_industry", "Industry", "industry", "按“工业”计"),
    ("size_industry", "制造业", "industry", "按“工业”计"),
    ("size_industry", "农、林、牧、渔业", "agriculture", None),
    ("size_industry", "农林牧渔业", "agriculture", "按“农、林、牧、渔业”计"),
    ("size_industry", "软件和信息技术服务业", "software_it", None),
    ("size_industry", "交通运输业*", "transport", "按“交通运输业”计"),
    ("size_industry", "other industries not listed above", "other", "按“其他未列明行业”计"),
]


@pytest.mark.parametrize("key,text,code,zh", CHOICES, ids=[f"{c[0]}:{c[1]}" for c in CHOICES])
def test_choices(key, text, code, zh):
    assert read(key, text) == (code, zh)


def test_a_choice_is_said_back_in_both_languages():
    assert parse_cell("district", "宝安").understood == Text(
        "按“宝安区”计", "read as “Bao'an District”"
    )


@pytest.mark.parametrize(
    "text", ["宝", "宝安区南山区", "Shenzhen", "深圳", "区", "福田、南山", "香港"]
)
def test_unknown_districts_are_refused_with_the_list(text):
    with pytest.raises(WordError) as info:
        parse_cell("district", text)
    assert info.value.kind == "choice"
    assert info.value.zh == (
        f"列表中没有“{text}”。可填：福田区、罗湖区、盐田区、南山区、宝安区、龙岗区、"
        "龙华区、坪山区、光明区、大鹏新区、深汕特别合作区。"
    )


@pytest.mark.parametrize("text", ["铁路运输业", "房地产", "服务业"])
def test_industries_the_table_does_not_name_are_refused(text):
    with pytest.raises(WordError) as info:
        parse_cell("size_industry", text)
    assert info.value.kind == "choice"


@pytest.mark.parametrize("key", [k for k in POL.choices])
def test_no_written_form_names_two_options(key):
    assert reader_of(POL).ambiguous_forms(key) == {}


def test_an_ambiguous_form_is_refused_naming_the_candidates():
    def clash(raw):
        raw["selfcheck"]["aliases"] = copy.deepcopy(word_data())
        names = raw["selfcheck"]["aliases"]["names"]
        names[0]["aliases"].append(
            {"value": "futian", "words": ["深汕"], "confidence": "unverified"}
        )

    pol = _policy_with(clash)
    with pytest.raises(WordError) as info:
        parse_cell("district", "深汕", pol=pol)
    assert info.value.kind == "ambiguous"
    assert info.value.zh == "“深汕”可能是 福田区、深汕特别合作区，请写全称。"


MULTI = [
    ("above_designated_size", ["above_designated_size"], None),
    ("规模以上企业", ["above_designated_size"], None),
    ("规上", ["above_designated_size"], "按“规模以上企业”计"),
    ("规模以上", ["above_designated_size"], "按“规模以上企业”计"),
    ("限上", ["above_designated_size"], "按“规模以上企业”计"),
    ("专精特新", ["specialized_new"], "按“专精特新企业”计"),
    ("专精特新“小巨人”企业", ["specialized_new"], "按“专精特新企业”计"),
    ("小巨人", ["specialized_new"], "按“专精特新企业”计"),
    ("SRDI", ["specialized_new"], "按“专精特新企业”计"),
    ("上市", ["listed"], "按“上市公司”计"),
    ("集团", ["group"], "按“集团性企业”计"),
    ("20+8", ["cluster_20_8"], "按“深圳“20+8”产业集群企业”计"),
    ("深圳“20+8”产业集群企业", ["cluster_20_8"], None),
    (
        "规上；专精特新",
        ["above_designated_size", "specialized_new"],
        "按“规模以上企业、专精特新企业”计",
    ),
    (
        "规上;专精特新",
        ["above_designated_size", "specialized_new"],
        "按“规模以上企业、专精特新企业”计",
    ),
    (
        "规上、上市、集团",
        ["above_designated_size", "listed", "group"],
        "按“规模以上企业、上市公司、集团性企业”计",
    ),
    ("规上，上市", ["above_designated_size", "listed"], "按“规模以上企业、上市公司”计"),
    ("规上\n上市", ["above_designated_size", "listed"], "按“规模以上企业、上市公司”计"),
    ("规上；；上市；", ["above_designated_size", "listed"], "按“规模以上企业、上市公司”计"),
    ("listed;group", ["listed", "group"], None),
    ("上市公司；集团性企业", ["listed", "group"], None),
    ("上市；上市公司", ["listed"], "按“上市公司”计"),
    ("Listed company; Group enterprise", ["listed", "group"], None),
    (
        "Specialised, refined, distinctive and innovative (SRDI) enterprise, Listed company",
        ["specialized_new", "listed"],
        None,
    ),
    ("无", [], "按“都不属于”计"),
    ("没有", [], "按“都不属于”计"),
    ("都不是", [], "按“都不属于”计"),
    ("都不属于", [], None),
    ("none", [], "按“都不属于”计"),
    ("None of the above", [], "按“都不属于”计"),
    ("不确定", UNSURE, None),
]


@pytest.mark.parametrize("text,value,zh", MULTI, ids=[m[0][:20] for m in MULTI])
def test_enterprise_types(text, value, zh):
    assert read("enterprise_types", text) == (value, zh)


MULTI_ERRORS = [
    ("规上；无", "none_mixed", "“无”不能和其他类型一起填。"),
    ("上市、不确定", "unsure_mixed", "“不确定”不能和其他内容一起填。"),
    (
        "abc、规上",
        "multi_item",
        "列表中没有“abc”。可填以下一项或多项，用分号或顿号分隔："
        "深圳“20+8”产业集群企业、优势产业集群企业、规模以上企业、集团性企业、上市公司、专精特新企业；"
        "都不属于时填“都不属于”。",
    ),
    ("创新型中小企业", "multi_item", None),
    ("；；", "multi_item", None),
]


@pytest.mark.parametrize("text,kind,zh", MULTI_ERRORS, ids=[m[0] for m in MULTI_ERRORS])
def test_enterprise_types_that_are_refused(text, kind, zh):
    with pytest.raises(WordError) as info:
        parse_cell("enterprise_types", text)
    assert info.value.kind == kind
    if zh:
        assert info.value.zh == zh


def _list_cell_work(items: int) -> int:
    """The function calls (Python and built-in) reading a list cell of ``items`` short items
    makes, with every table the reader keeps emptied first."""
    import sys

    r = reader_of(POL)
    words = ["规上", "上市", "集团", "专精特新"]
    text = "；".join(words[i % len(words)] for i in range(items))
    for kept in (r.read, getattr(r, "_folds", {}), getattr(r, "_choices", {})):
        kept.clear()
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        value = parse_cell("enterprise_types", text).value
    finally:
        sys.setprofile(None)
    assert value == ["above_designated_size", "listed", "group", "specialized_new"]
    return calls


def test_a_long_list_cell_is_read_in_linear_work():
    # Issue 18: reading grew with the square of the items (every longer run of items was looked
    # up first): a 300-character cell of ~100 items took ~30 ms, 20,000 such rows over 15 minutes.
    once, twice = _list_cell_work(40), _list_cell_work(80)  # twice the cell, within MAX_CHARS
    assert twice <= 2.2 * once, (once, twice)


# -- every option, every language, both ways -------------------------------------------------------


def test_every_option_reads_back_from_its_code_and_both_names():
    for key in POL.choices:
        for code, name in choice_names(key).items():
            for text in (code, name.zh, name.en, name.en.upper(), f" {name.zh} "):
                value = parse_cell(key, text).value
                assert value == (code if POL.questions[key]["type"] == "choice" else [code]), text


EXAMPLES = {
    "boolean": [True, False, UNSURE],
    "integer": [0, 5, 300, MAX_FIGURE, UNSURE],
    "number": [0, 0.5, 1999.5, 30000, UNSURE],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", KEYS)
def test_show_answer_is_read_back_as_the_same_answer(key, lang):
    kind = POL.questions[key]["type"]
    values = EXAMPLES.get(kind) or (
        [*POL.choices[key], UNSURE]
        if kind == "choice"
        else [[], list(POL.choices[key]), list(reversed(POL.choices[key][:3])), UNSURE]
    )
    for value in values:
        assert parse_cell(key, show_answer(key, value, lang)).value == value


def test_show_answer_writes_the_readers_words():
    assert show_answer("training_system", True) == "是"
    assert show_answer("training_system", False, "en") == "no"
    assert show_answer("district", "baoan") == "宝安区"
    assert show_answer("district", "baoan", "en") == "Bao'an District"
    assert show_answer("enterprise_types", ["listed", "group"]) == "上市公司；集团性企业"
    assert show_answer("enterprise_types", []) == "都不属于"
    assert show_answer("revenue_10k_cny", 30000.0) == "30000"
    assert show_answer("employees", UNSURE, "en") == "not sure"


def test_the_small_helpers():
    assert answer_words()["unsure"] == Text("不确定", "not sure")
    assert unit_example("employees") == Text("例如 350 或 350人", "for example 350")
    assert unit_example("district") is None
    assert fold_words(" Don’t  KNOW。") == "don't know"
    assert fold_name("Bao'an District") == "baoandistrict"
    assert fold_name("农、林、牧、渔业") == "农林牧渔业"


# -- rows, the JSON bridge, the data source --------------------------------------------------------


def test_read_row_gives_answers_notes_and_every_bad_cell():
    row = read_row(
        {
            "ref": "A 公司",
            "employees": "600人",
            "revenue_10k_cny": "3亿",
            "district": "宝安",
            "training_system": "是",
            "planned_jobs": "",
            "college_partners": "约3",
            "enterprise_types": "规上、abc",
        }
    )
    assert row.answers == {
        "employees": 600,
        "revenue_10k_cny": 30000,
        "district": "baoan",
        "training_system": True,
    }
    assert {k: t.zh for k, t in row.understood.items()} == {
        "employees": "按 600 人计",
        "revenue_10k_cny": "按 30000 万元计（即 3 亿元）",
        "district": "按“宝安区”计",
    }
    assert [(e.key, e.kind) for e in row.errors] == [
        ("college_partners", "approximate"),
        ("enterprise_types", "multi_item"),
    ]


def test_read_cells_says_what_was_understood_and_what_could_not_be_read():
    out = read_cells({"revenue_10k_cny": "3亿", "employees": "", "planned_jobs": "3k"})
    assert out["ok"] is False
    assert out["answers"] == {"revenue_10k_cny": 30000}
    assert out["answered"] == {"revenue_10k_cny": True, "employees": False}
    assert out["understood"] == {
        "revenue_10k_cny": {
            "zh": "按 30000 万元计（即 3 亿元）",
            "en": "read as 30,000 × 10,000 CNY (CNY 300 million)",
        }
    }
    (error,) = out["errors"]
    assert error["field"] == "planned_jobs" and error["kind"] == "abbreviation"
    assert error["zh"].startswith("技能生态链能够提供的就业岗位数：“3k”用了缩写")
    assert error["message"]["zh"].startswith("“3k”用了缩写")
    assert "planned_jobs" not in error["zh"] + error["en"]
    (unknown,) = read_cells({"no_such_key": "1"})["errors"]
    assert unknown["kind"] == "unknown_key" and unknown["field"] == "no_such_key"


def test_the_words_come_from_the_bundle_when_it_carries_them():
    def own_words(raw):
        raw["selfcheck"]["aliases"] = copy.deepcopy(word_data())
        raw["selfcheck"]["aliases"]["answers"][0]["words"].append("行")

    pol = _policy_with(own_words)
    assert parse_cell("training_system", "行", pol=pol).value is True
    with pytest.raises(WordError):
        parse_cell("training_system", "行")


def test_no_message_names_a_key_or_an_internal_limit():
    texts = []
    for key, text, _ in FIGURE_ERRORS:
        try:
            parse_cell(key, text)
        except WordError as exc:
            texts += [exc.text.zh, exc.text.en]
    for text in ("maybe", "xx"):
        for key in KEYS:
            try:
                parse_cell(key, text)
            except WordError as exc:
                texts += [exc.text.zh, exc.text.en]
    assert len(texts) > 100
    # keys that are not also English words of a label ("employees", "district")
    keys = re.compile(r"\b(" + "|".join(k for k in KEYS if "_" in k) + r")\b")
    assert [
        t
        for t in texts
        if keys.search(t) or "2^53" in t or str(MAX_FIGURE) in t or "NaN" in t or "{" in t
    ] == []


# -- properties ------------------------------------------------------------------------------------

FULL = str.maketrans("0123456789,", "０１２３４５６７８９，")


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, MAX_FIGURE),
    style=st.sampled_from(["plain", "comma", "full", "fullcomma", "cn"]),
    pad=st.sampled_from(["", " ", "  ", "\u3000", "\t"]),
)
def test_any_whole_number_written_with_separators_or_full_width_reads_back(n, style, pad):
    text = {
        "plain": str(n),
        "comma": _grouped(n, ","),
        "full": str(n).translate(FULL),
        "fullcomma": _grouped(n, ",").translate(FULL),
        "cn": _grouped(n, "，"),
    }[style]
    for key in ("employees", "revenue_10k_cny"):
        assert parse_cell(key, pad + text + pad).value == n
    assert parse_cell("employees", text + "人").value == n


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(0, 10**9), decimals=st.text("0123456789", min_size=1, max_size=6))
def test_any_decimal_in_10k_cny_reads_as_that_number(whole, decimals):
    text = f"{whole}.{decimals}"
    value = parse_cell("revenue_10k_cny", text).value
    assert value == float(text) or (value == int(float(text)) and float(text).is_integer())


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 9_000_000),
    mag=st.sampled_from([("亿", 10000), ("万", 1), ("万元", 1), ("亿元", 10000)]),
)
def test_magnitudes_multiply_exactly(n, mag):
    word, factor = mag
    if n * factor <= MAX_FIGURE:
        assert parse_cell("revenue_10k_cny", f"{n}{word}").value == n * factor


ALPHABET = st.sampled_from(
    list("0123456789,.，。-~+约万亿元人名家个所千kKwW ；;、\n是否有无规上市宝安区")
    + ["million", "CNY", "¥", "不确定", "\x00", "﷽", "٣", "²"]
)


@settings(max_examples=400, deadline=None)
@given(
    key=st.sampled_from(KEYS),
    text=st.one_of(st.text(max_size=40), st.lists(ALPHABET, max_size=12).map("".join)),
)
def test_no_text_raises_anything_but_a_word_error(key, text):
    try:
        parsed = parse_cell(key, text)
    except WordError as exc:
        assert exc.zh and exc.en and exc.label.zh
        return
    if parsed is not None:
        value = parsed.value
        kind = POL.questions[key]["type"]
        if value != UNSURE:
            if kind == "boolean":
                assert isinstance(value, bool)
            elif kind == "integer":
                assert isinstance(value, int) and 0 <= value <= MAX_FIGURE
            elif kind == "number":
                assert isinstance(value, (int, float)) and 0 <= value <= MAX_FIGURE
            elif kind == "choice":
                assert value in POL.choices[key]
            else:
                assert set(value) <= set(POL.choices[key]) and len(set(value)) == len(value)


# -- the figures the form reads without asking the engine ------------------------------------------

PLAIN = answer_format()["plain_figures"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["employees", "revenue_10k_cny", "planned_jobs", "total_assets_10k_cny"]),
    st.one_of(
        st.integers(min_value=0, max_value=10**16).map(str),
        st.decimals(min_value=0, max_value=10**10, places=7, allow_nan=False).map(str),
        st.from_regex(r"\A[0-9]{1,16}(\.[0-9]{0,8})?\Z"),
    ),
)
def test_a_plain_figure_is_read_by_the_engine_as_itself_with_nothing_to_say(key, text):
    kind = POL.questions[key]["type"]
    if not re.search(PLAIN[kind], text):
        return
    parsed = parse_cell(key, text)
    assert float(parsed.value) == float(text) and show_number(parsed.value) == text


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("employees", "600.5"),
        ("employees", "0600"),
        ("revenue_10k_cny", "3000.0"),
        ("employees", " 6"),
    ],
)
def test_what_is_not_plain_goes_to_the_engine(key, text):
    assert not re.search(PLAIN[POL.questions[key]["type"]], text)
