"""The reference lists are complete, sorted, unique, sourced, and agree with facts.md."""

from __future__ import annotations

import pytest

from policykit import load_policy

POLICY = load_policy()
LISTS = POLICY["lists"]
TEXT = POLICY["notice_text"]
CONFIDENCE = {"checked", "secondary", "unverified", "not_found"}


def _entries(name):
    content = LISTS[name]
    return content["groups"] if name == "nbs-size-2017" else content["entries"]


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_entry_has_an_id_a_source_and_a_confidence(name):
    for entry in _entries(name):
        assert entry["source"], entry["id"]
        assert entry["confidence"] in CONFIDENCE, entry["id"]


@pytest.mark.parametrize("name", sorted(LISTS))
def test_entries_are_unique_and_sorted(name):
    entries = _entries(name)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    if all("order" in e for e in entries):
        orders = [e["order"] for e in entries]
        assert orders == sorted(orders) and len(set(orders)) == len(orders)
    else:
        assert ids == sorted(ids)


def test_the_size_table_has_all_16_groups_in_the_standards_order():
    groups = LISTS["nbs-size-2017"]["groups"]
    assert [g["id"] for g in groups] == [
        "agriculture",
        "industry",
        "construction",
        "wholesale",
        "retail",
        "transport",
        "warehousing",
        "postal",
        "accommodation",
        "catering",
        "information_transmission",
        "software_it",
        "real_estate_development",
        "property_management",
        "leasing_business",
        "other",
    ]


# (indicators, large bounds, medium bounds) per group, copied from facts.md ([checked]).
FACTS_MD = {
    "agriculture": ({"revenue": 20000}, {"revenue": 500}),
    "industry": ({"employees": 1000, "revenue": 40000}, {"employees": 300, "revenue": 2000}),
    "construction": (
        {"revenue": 80000, "total_assets": 80000},
        {"revenue": 6000, "total_assets": 5000},
    ),
    "wholesale": ({"employees": 200, "revenue": 40000}, {"employees": 20, "revenue": 5000}),
    "retail": ({"employees": 300, "revenue": 20000}, {"employees": 50, "revenue": 500}),
    "transport": ({"employees": 1000, "revenue": 30000}, {"employees": 300, "revenue": 3000}),
    "warehousing": ({"employees": 200, "revenue": 30000}, {"employees": 100, "revenue": 1000}),
    "postal": ({"employees": 1000, "revenue": 30000}, {"employees": 300, "revenue": 2000}),
    "accommodation": ({"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 2000}),
    "catering": ({"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 2000}),
    "information_transmission": (
        {"employees": 2000, "revenue": 100000},
        {"employees": 100, "revenue": 1000},
    ),
    "software_it": ({"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 1000}),
    "real_estate_development": (
        {"revenue": 200000, "total_assets": 10000},
        {"revenue": 1000, "total_assets": 5000},
    ),
    "property_management": (
        {"employees": 1000, "revenue": 5000},
        {"employees": 300, "revenue": 1000},
    ),
    "leasing_business": (
        {"employees": 300, "total_assets": 120000},
        {"employees": 100, "total_assets": 8000},
    ),
    "other": ({"employees": 300}, {"employees": 100}),
}


@pytest.mark.parametrize("group", LISTS["nbs-size-2017"]["groups"], ids=lambda g: g["id"])
def test_each_size_group_lists_its_indicators_and_bounds(group):
    large, medium = FACTS_MD[group["id"]]
    assert set(group["indicators"]) == set(large)
    assert group["bounds"]["large"] == large
    assert group["bounds"]["medium"] == medium
    small = group["bounds"]["small"]
    assert set(small) == set(large)
    for indicator in large:
        assert large[indicator] >= medium[indicator] >= small[indicator] > 0
    assert group["small_confidence"] == "unverified"


def test_the_size_indicators_map_to_answer_keys():
    indicators = {i["id"]: i["answer_key"] for i in LISTS["nbs-size-2017"]["indicators"]}
    assert indicators == {
        "employees": "employees",
        "revenue": "revenue_10k_cny",
        "total_assets": "total_assets_10k_cny",
    }


def test_the_20_guangdong_clusters_are_10_pillar_and_10_emerging_all_named_in_the_scope():
    entries = LISTS["gd-strategic-clusters"]["entries"]
    kinds = [e["kind"] for e in entries]
    assert len(entries) == 20 and kinds.count("pillar") == 10 and kinds.count("emerging") == 10
    scope = POLICY["notice"]["s1"]["text"]["zh"]
    for entry in entries:
        assert entry["name"]["zh"] in scope, entry["id"]


def test_the_social_and_service_fields_come_from_the_scope():
    scope = POLICY["notice"]["s1"]["text"]["zh"]
    names = [e["name"]["zh"] for e in LISTS["social-service-fields"]["entries"]]
    assert {"养老", "托幼", "康养"} <= set(names)
    for name in names:
        assert name in scope


def test_shenzhen_20_plus_8_marks_unverified_names_and_the_2024_revision():
    content = LISTS["sz-20-8-clusters"]
    kinds = [e["kind"] for e in content["entries"]]
    assert content["version"] == "2022"
    assert kinds.count("cluster") == 20 and kinds.count("future") == 8
    unverified = {e["name"]["zh"] for e in content["entries"] if e["confidence"] == "unverified"}
    assert unverified == {
        "网络与通信",
        "半导体与集成电路",
        "智能终端",
        "软件与信息服务",
        "数字创意",
        "现代时尚",
        "智能机器人",
    }
    assert "低空经济与空天" in str(content["revision"])


def test_the_districts_are_names_only_and_addresses_point_to_annex_2():
    content = LISTS["districts"]
    assert [e["id"] for e in content["entries"]] == [
        "futian",
        "luohu",
        "yantian",
        "nanshan",
        "baoan",
        "longgang",
        "longhua",
        "pingshan",
        "guangming",
        "dapeng",
        "shenshan",
    ]
    assert content["addresses"]["available"] is False
    assert "附件2" in content["addresses"]["zh"]
    for entry in content["entries"]:
        # Names only: no address, phone or mailbox field on any district.
        assert set(entry) - {"note", "office_known"} == {
            "id",
            "order",
            "name",
            "kind",
            "source",
            "confidence",
        }
        # Where this site does not know the office, the note says so.
        assert entry.get("office_known", True) or "note" in entry


GLOSSARY_IDS = {
    "lianzhu",
    "lianyuan",
    "chanjiaoping",
    "new-eight-level",
    "new-apprenticeship",
    "self-evaluation",
    "twenty-plus-eight",
    "above-designated-size",
    "specialized-new",
    "insured-staff",
    "large-medium",
    "skill-ecochain",
}


def test_the_glossary_has_every_term():
    assert {e["id"] for e in LISTS["glossary"]["entries"]} >= GLOSSARY_IDS


def test_not_found_facts_say_so():
    by_id = {e["id"]: e for e in LISTS["glossary"]["entries"]}
    assert by_id["insured-staff"]["confidence"] in {"not_found", "unverified"}
    regulations = {e["id"]: e for e in LISTS["regulations"]["entries"]}
    assert regulations["yue-renshe-gui-2025-25"]["not_known"], "what is not known must be listed"
    assert regulations["yue-renshe-gui-2022-26"]["not_known"]


def test_the_cited_regulations_are_there_with_their_numbers():
    regulations = {e["id"]: e for e in LISTS["regulations"]["entries"]}
    assert regulations["yue-renshe-gui-2022-26"]["number"] == "粤人社规〔2022〕26号"
    assert regulations["yue-renshe-gui-2025-25"]["number"] == "粤人社规〔2025〕25号"
    assert regulations["yue-renshe-gui-2025-25"]["date"] == "2025-07-05"
    for regulation_id in ("yue-renshe-gui-2022-26", "yue-renshe-gui-2025-25"):
        assert regulations[regulation_id]["number"] in TEXT


def test_above_designated_size_thresholds_from_facts_md():
    values = sorted(
        e["threshold_10k_cny"]
        for e in LISTS["above-designated-size"]["entries"]
        if e["threshold_10k_cny"] is not None
    )
    assert set(values) <= {200, 500, 1000, 2000}
    assert 2000 in values and 500 in values and 1000 in values


def test_above_designated_size_sectors_name_real_industry_groups_each_at_most_once():
    groups = [g["id"] for g in LISTS["nbs-size-2017"]["groups"]]
    named = [g for e in LISTS["above-designated-size"]["entries"] for g in e["size_groups"]]
    assert set(named) <= set(groups) and len(named) == len(set(named))
    questions = {q["key"] for q in POLICY["selfcheck"]["questions"]["questions"]}
    assert LISTS["above-designated-size"]["answer_key"] in questions
