"""Normalisation and entity recognition against the lexicon of the real graph."""

from decimal import Decimal

import pytest
from budgetkg.kg.build import build
from budgetkg.kg.store import open_store
from budgetkg.nlp.lexicon import build_lexicon
from budgetkg.nlp.normalize import amounts_in_yuan, normalise
from budgetkg.nlp.question import QuestionParser


@pytest.fixture(scope="module")
def parser(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("qstore")))
    build(store)
    return QuestionParser(build_lexicon(store))


def test_normalise_width_spaces_and_chinese_years():
    assert normalise("二〇二〇年 威县 医保局？") == "2020年威县医保局?"
    assert amounts_in_yuan("1538万元和0.125万元") == [Decimal("15380000"), Decimal("1250.000")]


def test_org_alias_year_and_item(parser):
    q = parser.parse("威县医保局2020年的公务接待费是多少？")
    assert [e.labels[0] for e in q.of("ORG")] == ["威县医疗保障局"]
    assert q.years == [2020]
    assert "公务接待费" in [lbl for e in q.of("ITEM") for lbl in e.labels]
    assert q.masked.split()[:2] == ["ORG", "YEAR"]


def test_unknown_places_are_not_neighbours(parser):
    assert parser.parse("临沂市医疗保障局2024年城乡医疗救助预算是多少？").unknown_places == ["临沂市"]
    assert parser.parse("威海市文登区医保局2020年三公经费").unknown_places == ["文登区"]
    assert parser.parse("威海市医保局2023年机关运行经费").unknown_places == []
    assert parser.parse("威县财政局2021年一般公共预算拨款收入").unknown_places == ["威县财政局"]


def test_year_is_not_read_as_a_subject_code(parser):
    q = parser.parse("威县医疗保障局2019年城乡医疗救助预算多少")
    assert q.years == [2019]
    assert all("201" not in e.labels for e in q.of("ITEM"))


def test_document_number_is_no_subject_code(parser):
    q = parser.parse("威县冀财社/2020/201号村级代办员补助资金的参保率目标")
    assert all("201" not in e.labels for e in q.entities)


def test_enumeration_comma_may_be_left_out(parser):
    q = parser.parse("威海市医保局2023年财政拨款收支总计比上年下降百分之几")
    assert "财政拨款收、支总计" in [lbl for e in q.of("ITEM") for lbl in e.labels]


@pytest.mark.parametrize("note", ["（含所属单位）", "(含下属单位)", "（汇总）"])
def test_a_scope_note_belongs_to_the_organisation_it_follows(parser, note):
    q = parser.parse(f"威县医保局{note}上年末固定资产金额是多少？")
    (org,) = q.of("ORG")
    assert org.labels == ("威县医疗保障局",) and q.text[org.start : org.end].endswith(")")
    assert "单位" not in q.masked and q.masked.startswith(" ORG  ITEM")
