"""The notice text is verbatim, pinned, and every structured part quotes it exactly."""

from __future__ import annotations

import copy
import hashlib
import re

import pytest

from policykit import POLICY_DIR, condition_keys, load_policy
from policykit.schema import validate_policy

NOTICE_SHA256 = "a5c638aad78480a371c81677be76a9280ebbf1396421c74d4c0c7804cc9e8652"
POLICY = load_policy()
TEXT = POLICY["notice_text"]


def test_the_notice_file_is_pinned_by_its_sha256():
    digest = hashlib.sha256((POLICY_DIR / "notice.txt").read_bytes()).hexdigest()
    assert digest == NOTICE_SHA256


def test_changing_one_character_of_the_notice_is_caught():
    policy = copy.deepcopy(POLICY)
    policy["notice_text"] = TEXT.replace("300人以上", "200人以上")
    problems = validate_policy(policy)
    assert any("s2-i2" in p and "not verbatim" in p for p in problems)
    assert hashlib.sha256(policy["notice_text"].encode()).hexdigest() != NOTICE_SHA256


def test_the_notice_runs_from_the_title_to_the_date():
    lines = TEXT.splitlines()
    assert lines[0] == POLICY["meta"]["title"]["zh"]
    assert lines[2].startswith("各有关单位")
    assert lines[-1] == "2026年1月5日"
    assert lines[-3] == "深圳市人力资源和社会保障局"


def test_the_reposts_advertising_and_header_are_not_in_the_text():
    # Built from parts so that this file does not itself carry the advertising.
    for fragment in (
        "返回" + "首页",
        "服务" + "热线",
        "微" + "信",
        "在线" + "客服",
        "作者:",
        "发布" + "时间",
    ):
        assert fragment not in TEXT


def test_the_misprint_is_kept_as_printed_and_recorded():
    assert "生态键建设实施办法" in TEXT
    misprint = POLICY["meta"]["misprint"]
    assert (misprint["printed"], misprint["reading"]) == ("生态键", "生态链")


@pytest.mark.parametrize(
    "ids",
    [
        ["preamble", "s1", "s2", "s3", "s4", "closing"],
        [f"s2-i{n}" for n in range(1, 9)],
        [f"s3-i{n}" for n in range(1, 7)],
        [f"s4-i{n}" for n in range(1, 7)],
    ],
)
def test_every_part_of_the_notice_is_there(ids):
    assert all(i in POLICY["notice"] for i in ids)


def test_the_conditions_are_numbered_one_to_eight_in_order_and_keyed_c1_to_c8():
    conditions = [i for i in POLICY["notice"].values() if i["kind"] == "condition"]
    markers = "一二三四五六七八"
    assert [c["marker"] for c in conditions] == [
        {"zh": f"({m})", "en": f"({n})"} for n, m in enumerate(markers, start=1)
    ]
    assert list(condition_keys(POLICY).values()) == [f"c{n}" for n in range(1, 9)]


@pytest.mark.parametrize("item_id", [i for i in POLICY["notice"] if "-i" in i])
def test_each_items_chinese_text_stands_in_the_notice_after_its_marker(item_id):
    item = POLICY["notice"][item_id]
    assert item["marker"]["zh"] + item["text"]["zh"] in TEXT


def test_the_items_are_in_the_notices_order():
    positions = [TEXT.index(i["text"]["zh"].split("\n\n")[0]) for i in POLICY["notice"].values()]
    assert positions == sorted(positions)


def test_the_procedure_has_four_steps_then_the_materials_then_the_submission():
    roles = [i["role"] for i in POLICY["notice"].values() if i["kind"] == "procedure"]
    assert roles == ["step"] * 4 + ["materials", "submission"]


def test_the_numbers_of_the_conditions_follow_the_counting_rule():
    thresholds = {
        p["id"]: p["threshold"]
        for c in POLICY["notice"].values()
        if c["kind"] == "condition"
        for p in c["points"]
        if "threshold" in p
    }
    assert (thresholds["s2-i2-insured"]["value"], thresholds["s2-i2-insured"]["comparison"]) == (
        300,
        "gte",
    )
    assert (thresholds["s2-i3-members"]["value"], thresholds["s2-i3-members"]["comparison"]) == (
        5,
        "gte",
    )
    assert (thresholds["s2-i3-jobs"]["value"], thresholds["s2-i3-jobs"]["comparison"]) == (
        300,
        "gte",
    )
    for point_id, threshold in thresholds.items():
        if threshold["basis"] == "notice":
            assert threshold["phrase"]["zh"] in TEXT, point_id
            # 以上/以下/以内/不少于 include the number itself: never a strict comparison.
            if re.search("以上|以下|以内|不少于", threshold["phrase"]["zh"]):
                assert threshold["comparison"] in ("gte", "lte"), point_id
        assert threshold["counting_rule"] in REGULATION_IDS, point_id


REGULATION_IDS = {e["id"] for e in POLICY["lists"].get("regulations", {}).get("entries", [])}


def test_conditions_natures():
    keys = condition_keys(POLICY)
    natures = {
        keys[c["id"]]: c["nature"] for c in POLICY["notice"].values() if c["kind"] == "condition"
    }
    assert natures == {
        "c1": "required",
        "c2": "required",
        "c3": "required",
        "c4": "required",
        "c5": "required",
        "c6": "required",
        "c7": "priority",
        "c8": "priority",
    }
    point_natures = {
        p["id"]: p["nature"]
        for c in POLICY["notice"].values()
        if c["kind"] == "condition"
        for p in c["points"]
    }
    assert point_natures["s2-i3-type"] == "in_principle"
    assert point_natures["s2-i6-priority"] == "priority"


def test_within_the_last_3_years_is_not_a_counted_threshold():
    # 近3年内: the notice does not say when the 3 years start; the self-check asks yes/no.
    record = next(p for p in POLICY["notice"]["s2-i1"]["points"] if p["id"] == "s2-i1-record")
    assert "threshold" not in record and record["decision"] == "answer"
    assert record["meets_when"] is False


def test_the_opening_phrase_of_condition_4_is_a_point():
    texts = [p["text"]["zh"] for p in POLICY["notice"]["s2-i4"]["points"]]
    assert texts[0] == "积极建立技能人才培养体系"


def test_condition_7_lists_its_whole_profile_and_asks_only_one_question():
    points = POLICY["notice"]["s2-i7"]["points"]
    assert [p["decision"] for p in points].count("priority") == 1
    assert {p["decision"] for p in points} == {"priority", "office"}
    for text in ("积极贡献", "需求旺盛", "人力资本投资", "发展潜力大", "规模大", "社会责任突出"):
        assert any(text in p["text"]["zh"] for p in points), text


def test_the_preamble_cites_both_provincial_documents():
    preamble = POLICY["notice"]["preamble"]
    assert preamble["cites"] == ["yue-renshe-gui-2022-26", "yue-renshe-gui-2025-25"]
    assert "粤人社规〔2022〕26号" in preamble["text"]["zh"]
    assert "粤人社规〔2025〕25号" in preamble["text"]["zh"]


def test_the_metadata_names_the_issuer_the_date_and_the_repost():
    meta = POLICY["meta"]
    assert meta["issuer"]["zh"] == "深圳市人力资源和社会保障局"
    assert meta["date"] == "2026-01-05"
    assert meta["repost"]["date"] == "2026-01-09"
    assert "hcwgx.com" in meta["repost"]["url"]


# -- facts with two owners, checked against each other (issue 17, item 4) --------------------------


def _question(policy, key):
    return next(q for q in policy["selfcheck"]["questions"]["questions"] if q["key"] == key)


def test_every_question_is_filed_under_the_clause_whose_point_reads_it():
    readers = {
        key: item["id"]
        for item in POLICY["notice"].values()
        for point in item.get("points", [])
        for key in point["keys"]
    }
    filed = {q["key"]: q["condition"] for q in POLICY["selfcheck"]["questions"]["questions"]}
    assert {k: c for k, c in filed.items() if k in readers and readers[k] != c} == {}


def test_a_question_filed_under_another_clause_than_its_point_is_refused():
    policy = copy.deepcopy(POLICY)
    _question(policy, "insured_staff_shenzhen")["condition"] = "s2-i3"
    problems = validate_policy(policy)
    assert [p for p in problems if "insured_staff_shenzhen" in p] == [
        "selfcheck/questions.yaml: question insured_staff_shenzhen is filed under s2-i3, but the "
        "points that read it are in s2-i2"
    ]


def test_a_question_no_point_reads_must_name_a_notice_item():
    policy = copy.deepcopy(POLICY)
    _question(policy, "district")["condition"] = "s9-i9"
    assert any(
        "question district: condition 's9-i9' is no notice item" in p
        for p in validate_policy(policy)
    )


def _size_point(policy):
    return next(
        point
        for item in policy["notice"].values()
        for point in item.get("points", [])
        if "size_standard" in point
    )


def test_the_size_point_reads_every_indicator_of_its_table():
    point = _size_point(POLICY)
    table = POLICY["lists"][point["size_standard"]]
    assert {i["answer_key"] for i in table["indicators"]} <= set(point["keys"])


def test_a_size_point_whose_keys_miss_an_indicator_is_refused():
    policy = copy.deepcopy(POLICY)
    _size_point(policy)["keys"].remove("total_assets_10k_cny")
    problems = validate_policy(policy)
    assert any(
        "keys miss 'total_assets_10k_cny', the answer_key of an indicator of "
        "lists/nbs-size-2017.yaml" in p
        for p in problems
    ), problems


def test_a_new_indicator_of_the_size_table_must_be_read_by_the_size_point():
    policy = copy.deepcopy(POLICY)
    table = policy["lists"]["nbs-size-2017"]
    table["indicators"].append({**table["indicators"][0], "id": "x", "answer_key": "planned_jobs"})
    assert any("keys miss 'planned_jobs'" in p for p in validate_policy(policy))


def test_a_size_point_reading_a_key_its_table_does_not_know_is_refused():
    policy = copy.deepcopy(POLICY)
    _size_point(policy)["keys"].append("planned_jobs")
    assert any(
        "key 'planned_jobs' is neither the question of the groups" in p
        for p in validate_policy(policy)
    )


# -- a threshold typed once (issue 17, item 5) -----------------------------------------------------


def _insured(policy):
    return next(p for p in policy["notice"]["s2-i2"]["points"] if p["id"] == "s2-i2-insured")


def test_a_value_changed_alone_is_caught_in_the_phrase_in_both_languages():
    policy = copy.deepcopy(POLICY)
    _insured(policy)["threshold"]["value"] = 250
    problems = [p for p in validate_policy(policy) if "s2-i2" in p]
    assert problems == [
        "notice/s2-i2.yaml: points.s2-i2-insured.threshold.value 250 is not the number in its "
        "phrase.zh '300人以上'",
        "notice/s2-i2.yaml: points.s2-i2-insured.threshold.value 250 is not the number in its "
        "phrase.en '300 or more'",
    ]


def test_a_phrase_changed_with_its_value_is_caught_in_the_quotes_in_both_languages():
    policy = copy.deepcopy(POLICY)
    threshold = _insured(policy)["threshold"]
    threshold["value"] = 250
    threshold["phrase"] = {"zh": "250人以上", "en": "250 or more"}
    problems = [p for p in validate_policy(policy) if "s2-i2" in p]
    assert sorted(p.split(" does not say")[0] for p in problems) == [
        "notice/s2-i2.yaml: points.s2-i2-insured.text.en",
        "notice/s2-i2.yaml: points.s2-i2-insured.text.zh",
        "notice/s2-i2.yaml: text.en",
        "notice/s2-i2.yaml: text.zh",
    ]


def test_the_sites_own_sentences_take_the_number_from_the_value(tmp_path):
    import shutil

    copy_dir = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, copy_dir)
    path = copy_dir / "notice" / "s2-i2.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("value: 300") == 1
    path.write_text(text.replace("value: 300", "value: 1250"), encoding="utf-8")
    policy = load_policy(copy_dir)
    item = policy["notice"]["s2-i2"]
    assert "包括1250人本数" in item["explanation"]["zh"]
    assert "includes 1,250 itself" in item["explanation"]["en"]
    # The notice's own words are never filled: they still say 300, and the checks say where.
    assert "300人以上" in item["text"]["zh"] and "300 or more" in item["text"]["en"]
    assert any("phrase.zh '300人以上'" in p for p in validate_policy(policy))


def test_a_placeholder_naming_no_threshold_or_in_the_notices_words_is_a_problem(tmp_path):
    import shutil

    copy_dir = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, copy_dir)
    path = copy_dir / "notice" / "s2-i2.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("{{value:s2-i2-insured}}人本数", "{{value:s2-i2-insurd}}人本数")
    text = text.replace("total 300 or more.", "total {{phrase:s2-i2-insured}}.")
    path.write_text(text, encoding="utf-8")
    problems = validate_policy(load_policy(copy_dir))
    assert any(
        p.startswith("notice/s2-i2.yaml: explanation.zh: placeholder {{value:s2-i2-insurd}}")
        and "names no point with a threshold" in p
        for p in problems
    ), problems
    assert any(
        p.startswith("notice/s2-i2.yaml: text.en: placeholder {{phrase:s2-i2-insured}}")
        and "quoted as printed" in p
        for p in problems
    ), problems
