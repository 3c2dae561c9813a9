"""`describe`: a profile found by name, alias or region, every fact line ending with doc:line."""

from __future__ import annotations

import re

import pytest
from budgetkg.kg.describe import describe
from budgetkg.kg.rdf import document_quads
from budgetkg.kg.store import EmbeddedStore
from rdf_samples import GAOLING, HUANCUI, WEIXIAN, gaoling_staff, huancui_prose, weixian_tables

from budgetkg.errors import QueryError


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore(None)
    for facts in (weixian_tables(), huancui_prose(), gaoling_staff()):
        s.oxigraph.extend(list(document_quads(facts)))
    return s


def test_region_name_finds_the_department_and_its_totals(store: EmbeddedStore) -> None:
    text = describe(store, "威县")
    assert text.splitlines()[0] == "威县医疗保障局"
    assert f"收入总计（合计）：90,816,893.00 元 （{WEIXIAN}:217）" in text


def test_alias_finds_duties_units_and_projects(store: EmbeddedStore) -> None:
    text = describe(store, "环翠区医保局", 2020)
    assert text.splitlines()[0] == "威海市环翠区医疗保障局"
    assert f"（10）负责拟订全区离休人员医疗保障管理制度并组织实施。 （{HUANCUI}:55）" in text
    assert "下属：环翠区医疗保障事务服务中心" in text
    assert re.search(
        r"离休人员医疗费（绩效目标）财政拨款 12,000,000\.00 元；目标：离休人员医疗待遇应保尽保率 100%", text
    )


def test_staff_lines_name_their_source(store: EmbeddedStore) -> None:
    text = describe(store, "高陵区医疗保障局")
    assert f"编制 合计：49 人 （{GAOLING}:85）" in text
    facts = text.split("\n人员\n")[1].splitlines()
    assert all(line.endswith(f"（{GAOLING}:85）") for line in facts)


def test_unknown_name_and_year_raise(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError):
        describe(store, "不存在的单位")
    with pytest.raises(QueryError):
        describe(store, "威县", 1999)
