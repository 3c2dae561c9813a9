"""Facts -> triples: IRIs, every observation field, code lists, organisations and prose facts."""

from __future__ import annotations

import dataclasses
import importlib.util
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from budgetkg.kg import terms
from budgetkg.kg.rdf import document_triples, graph_iri
from budgetkg.kg.terms import BKG, PROV, QB, SKOS, XSD
from rdf_samples import GAOLING, HUANCUI, WEIXIAN, gaoling_staff, huancui_prose, weixian_tables

from budgetkg.errors import InputError

Graph = dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]


def index(triples: list[ox.Triple]) -> Graph:
    """subject -> predicate -> objects."""
    out: Graph = {}
    for t in triples:
        out.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return out


def one(g: Graph, s: str, p: str) -> ox.NamedNode | ox.Literal:
    (value,) = g[s][str(p)]
    return value


def test_iris_percent_encode_chinese_keys() -> None:
    iri = terms.org_iri("威县医疗保障局")
    assert iri.startswith("https://budgetkg.org/id/org/%E5%A8%81")
    assert terms.label_of(iri) == "威县医疗保障局"
    assert graph_iri(WEIXIAN) == f"https://budgetkg.org/graph/{WEIXIAN}"
    with pytest.raises(InputError):
        terms.concept_iri("功能", "21x")


def test_observation_carries_every_field() -> None:
    g = index(document_triples(weixian_tables()))
    obs = terms.obs_iri(WEIXIAN, "t03", 547, 0)
    amount = one(g, obs, BKG.amount)
    assert amount.datatype.value == str(XSD.decimal) and Decimal(amount.value) == Decimal("15380000")
    assert one(g, obs, BKG.measure).value == "合计"
    assert one(g, obs, BKG.rowLabel).value == "城乡医疗救助"
    assert one(g, obs, BKG.subject).value == "https://budgetkg.org/code/function/2101301"
    assert one(g, obs, BKG.organisation).value == terms.org_iri("威县医疗保障局")
    table = one(g, obs, QB.dataSet).value
    assert table == terms.table_iri(WEIXIAN, "t03")
    assert one(g, table, BKG.fiscalYear) == ox.Literal(2021)
    assert one(g, table, BKG.phase).value == "预算"
    assert one(g, table, BKG.tableKind).value == "支出"
    assert one(g, table, BKG.currencyUnit).value == "元"
    assert one(g, table, PROV.wasDerivedFrom).value == terms.doc_iri(WEIXIAN)
    # attached once to the table (Data Cube attachment), never repeated on the cell
    assert not {str(p) for p in (BKG.fiscalYear, BKG.phase, BKG.tableKind, PROV.wasDerivedFrom)} & set(g[obs])
    assert one(g, obs, BKG.sourceLine) == ox.Literal(547)
    assert one(g, obs, BKG.printedValue).value == "15380000.00"
    assert one(g, obs, BKG.isTotal) == ox.Literal(False)
    total = terms.obs_iri(WEIXIAN, "t01", 217, 0)
    assert one(g, total, BKG.side).value == "收入" and one(g, total, BKG.isTotal) == ox.Literal(True)


def test_subject_codes_get_their_broader_concepts_even_unprinted() -> None:
    g = index(document_triples(weixian_tables()))
    item, section, klass = (f"https://budgetkg.org/code/function/{c}" for c in ("2101301", "21013", "210"))
    assert one(g, item, SKOS.broader).value == section
    assert one(g, section, SKOS.broader).value == klass
    assert str(SKOS.broader) not in g[klass]
    assert [one(g, c, BKG.level).value for c in (item, section, klass)] == ["项", "款", "类"]
    assert one(g, item, SKOS.prefLabel).value == "城乡医疗救助"
    assert one(g, section, SKOS.prefLabel).value == "医疗救助"
    assert one(g, klass, SKOS.notation).value == "210"


def test_organisations_regions_and_aliases() -> None:
    g = index(document_triples(huancui_prose()))
    dept, unit = terms.org_iri("威海市环翠区医疗保障局"), terms.org_iri("环翠区医疗保障事务服务中心")
    aliases = {a.value for a in g[dept][str(SKOS.altLabel)]}
    assert {"环翠区医疗保障局", "环翠区医保局"} <= aliases
    assert one(g, unit, "http://www.w3.org/ns/org#subOrganizationOf").value == dept
    assert one(g, dept, "http://www.w3.org/ns/org#hasSubOrganization").value == unit
    region = one(g, dept, BKG.region).value
    assert one(g, region, BKG.fullName).value == "威海市环翠区"


def test_prose_facts() -> None:
    g = index(document_triples(huancui_prose()))
    duty = terms.fact_iri("duty", HUANCUI, 0)
    assert one(g, duty, BKG.number) == ox.Literal(10) and one(g, duty, BKG.keyword).value == "离休"
    perf = terms.fact_iri("perf", HUANCUI, 0)
    fund = one(g, perf, BKG.fundAmount).value
    assert Decimal(one(g, fund, BKG.amount).value) == Decimal("12000000")
    indicator = one(g, perf, BKG.indicator).value
    assert one(g, indicator, BKG.targetNumber).value == "100"
    assert one(g, indicator, BKG.sourceLine) == ox.Literal(607)
    term = terms.fact_iri("term", HUANCUI, 0)
    concept = one(g, term, SKOS.related).value
    assert one(g, concept, SKOS.prefLabel).value == "城乡医疗救助"
    staff = index(document_triples(gaoling_staff()))
    counts = {one(staff, terms.fact_iri("staff", GAOLING, i), BKG.staffKind).value: one(
        staff, terms.fact_iri("staff", GAOLING, i), BKG["count"]) for i in range(3)}  # fmt: skip
    assert counts == {"合计": ox.Literal(49), "行政编制": ox.Literal(6), "事业编制": ox.Literal(43)}


def test_thousands_of_observations_convert() -> None:
    facts = weixian_tables()
    cells = facts.observations
    facts.observations = [
        dataclasses.replace(cells[i % len(cells)], source=dataclasses.replace(cells[0].source, line=1000 + i))
        for i in range(5000)
    ]
    triples = document_triples(facts)
    assert sum(t.object == ox.NamedNode(BKG.Observation) for t in triples) == 5000


@pytest.mark.skipif(
    importlib.util.find_spec("budgetkg.nlp.extract") is None, reason="extraction not built yet"
)
def test_real_extraction_of_weixian(corpus_dir: Path) -> None:
    from budgetkg.nlp.extract import extract_file

    g = index(document_triples(extract_file(corpus_dir / f"{WEIXIAN}.txt")))
    aid = "https://budgetkg.org/code/function/2101301"
    cells = [
        s for s, p in g.items()
        if p.get(str(BKG.subject), [None])[0] == ox.NamedNode(aid) and one(g, s, BKG.measure).value == "合计"
    ]  # fmt: skip
    assert cells and {Decimal(one(g, s, BKG.amount).value) for s in cells} == {Decimal("15380000")}
    assert {one(g, one(g, s, QB.dataSet).value, BKG.fiscalYear) for s in cells} == {ox.Literal(2021)}
    assert one(g, aid, SKOS.prefLabel).value == "城乡医疗救助"
