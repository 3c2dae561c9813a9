"""Document-level facts of the five sample documents: title, organisation, year, scope, region."""

from functools import cache
from pathlib import Path

import pytest
from budgetkg.nlp.document import region_of
from budgetkg.nlp.extract import extract_tables
from budgetkg.nlp.facts import DocumentInfo
from budgetkg.nlp.read import read_text

CORPUS = sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))


@cache
def _infos() -> dict[str, DocumentInfo]:
    infos = [extract_tables(read_text(path), path.stem).info for path in CORPUS]
    return {info.region: info for info in infos}


@pytest.mark.parametrize(
    ("region", "org", "year", "phase", "scope", "unit", "full"),
    [
        ("环翠区", "环翠区医疗保障局", 2020, "预算", "部门", "万元", "威海市环翠区"),
        ("威县", "威县医疗保障局", 2021, "预算", "部门", "元", None),
        ("兰山区", "兰山区医疗保障局机关", 2024, "预算", "单位", "万元", None),
        ("威海市", "威海市医疗保障局（本级）", 2023, "决算", "单位", "万元", None),
        ("高陵区", "西安市高陵区医疗保障局", 2020, "决算", "部门", "万元", "西安市高陵区"),
    ],
)
def test_document_info(region, org, year, phase, scope, unit, full):
    info = _infos()[region]
    assert (info.org, info.year, info.phase, info.scope, info.currency_unit) == (
        org,
        year,
        phase,
        scope,
        unit,
    )
    assert info.region_full == full
    assert str(year) in info.title and phase in info.title


def test_department_with_its_units_from_unit_codes():
    orgs = {o.name: o for o in _infos()["环翠区"].organisations}
    assert orgs["环翠区医疗保障局"].kind == "部门" and orgs["环翠区医疗保障局"].code == "055"
    assert "威海市环翠区医疗保障局" in orgs["环翠区医疗保障局"].aliases
    for name, code in [("环翠区医疗保障局机关", "055001"), ("环翠区医疗保障事务服务中心", "055002")]:
        assert (orgs[name].kind, orgs[name].code, orgs[name].parent) == ("单位", code, "环翠区医疗保障局")


def test_department_and_unit_parts_from_table_organisation_lines():
    orgs = {o.name: o for o in _infos()["威县"].organisations}
    assert (orgs["威县医疗保障局"].kind, orgs["威县医疗保障局"].code) == ("部门", "450")
    unit = orgs["威县医疗保障局（本级）"]
    assert (unit.kind, unit.code, unit.parent) == ("单位", "450001", "威县医疗保障局")


def test_unit_scope_documents_name_their_department():
    assert _infos()["兰山区"].organisations[0].parent == "兰山区医疗保障局"
    assert _infos()["威海市"].organisations[0].parent == "威海市医疗保障局"
    assert any("汇总" in alias for alias in _infos()["高陵区"].organisations[0].aliases)


def test_sections_as_printed():
    sections = _infos()["环翠区"].sections
    assert sections[:2] == ["第一部分 部门概况", "第二部分 2020 年部门预算表"]
    assert len(sections) == len(set(sections)) == 4


@pytest.mark.parametrize(
    ("org", "region"),
    [
        ("广东省深圳市南山区医疗保障局", ("南山区", "广东省深圳市南山区")),
        ("双江拉祜族佤族布朗族傣族自治县医疗保障局", ("双江拉祜族佤族布朗族傣族自治县", None)),
        (
            "内蒙古自治区呼伦贝尔市鄂伦春自治旗医疗保障局",
            ("鄂伦春自治旗", "内蒙古自治区呼伦贝尔市鄂伦春自治旗"),
        ),  # noqa: E501
        ("克孜勒苏柯尔克孜自治州阿图什市医疗保障局", ("阿图什市", "克孜勒苏柯尔克孜自治州阿图什市")),
        ("阿里地区噶尔县医疗保障局", ("噶尔县", "阿里地区噶尔县")),
        ("新疆维吾尔自治区医疗保障局", ("新疆维吾尔自治区", None)),
        ("石家庄市医疗保障局", ("石家庄市", None)),
        ("医疗保障事务服务中心", (None, None)),
    ],
)
def test_regions_of_every_level_and_autonomous_form(org, region):
    assert region_of(org, "") == region
