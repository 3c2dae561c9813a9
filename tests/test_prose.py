"""Prose extraction on the five corpus documents: values read from the printed text."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from budgetkg.kg.rdf import document_triples
from budgetkg.kg.terms import BKG
from budgetkg.nlp.facts import DocumentFacts, DocumentInfo, PerformanceTable
from budgetkg.nlp.prose import add_prose_facts
from budgetkg.nlp.prose.performance import _read

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@cache
def facts(prefix: str) -> DocumentFacts:
    """Prose facts of the corpus document whose stem starts with `prefix`."""
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    result = DocumentFacts(DocumentInfo(path.stem, "", "本部门", 2020, "预算", "部门", "元"))
    add_prose_facts(result, lines)
    return result


def table(prefix: str, project: str):
    return next(t for t in facts(prefix).performance if project in t.project)


def indicator(prefix: str, project: str, name: str):
    return next(i for i in table(prefix, project).indicators if i.name == name)


@pytest.mark.parametrize("prefix,count", [("000", 13), ("002", 11), ("003", 12), ("004", 8)])
def test_every_numbered_duty_is_one_duty(prefix: str, count: int) -> None:
    assert [d.number for d in facts(prefix).duties] == list(range(1, count + 1))


def test_duty_keywords_find_retired_cadres() -> None:
    duty = next(d for d in facts("000").duties if "离休" in d.keywords)
    assert duty.number == 10 and duty.source.line == 55


def test_duties_per_organisation_part() -> None:
    orgs = {d.org for d in facts("001").duties}
    assert orgs == {"威县医疗保障局", "威县医疗保障局(本级）"}


def test_bodies() -> None:
    assert {b.name for b in facts("003").bodies if b.kind == "内设机构"} >= {"办公室", "基金监督管理科"}
    unit = next(b for b in facts("001").bodies)
    assert (unit.rank, unit.nature) == ("正科级", "行政")
    covered = {b.name for b in facts("004").bodies if b.kind == "预算单位"}
    assert "西安市高陵区社会保险事业管理中心" in covered and len(covered) == 3
    assert any(b.kind == "下属单位" for b in facts("004").bodies)


def test_staff_counts() -> None:
    counts = {(s.category, s.kind): s.count for s in facts("004").staff}
    assert counts[("编制", "合计")] == 49 and counts[("编制", "行政编制")] == 6
    assert counts[("编制", "事业编制")] == 43 and counts[("实有", "合计")] == 64


def test_one_cell_per_line_indicator() -> None:
    ind = indicator("001", "冀财社/2020/195号", "重特大疾病医疗救助的人次")
    assert (ind.target_number, ind.target_unit, ind.level2) == (Decimal(550), "人次", "数量指标")


def test_shifted_indicator_rows() -> None:
    ind = indicator("002", "特殊群体参保缴费财政补助", "70周岁以上老人参保人数")
    assert (ind.comparator, ind.target_number, ind.target_unit) == ("=", Decimal(67000), "人")


def test_budget_amounts_in_yuan() -> None:
    assert table("000", "离休人员医疗费").amounts["财政拨款年度金额"] == Decimal(12000000)


def test_self_evaluation() -> None:
    t = table("003", "医疗保障监督执法业务费")
    assert t.amounts["年度资金总额/年初预算"] == Decimal(580000)
    assert t.amounts["年度资金总额/执行数"] == Decimal("277600")
    assert t.rates["执行率"] == Decimal("47.86") and t.total_score == Decimal("91.79")
    execution = next(i for i in t.indicators if i.name == "年度资金总额执行率")
    assert (execution.weight, execution.score) == (Decimal(10), Decimal("4.79"))
    ind = next(i for i in t.indicators if i.name == "定点药店、诊所监督检查数量")
    assert (ind.comparator, ind.target_number, ind.actual_text, ind.score) == (
        "≥",
        450,
        "648家",
        Decimal("9.5"),
    )


def test_wan_target_and_actual() -> None:
    ind = indicator("004", "新型农村合作医疗管理工作", "扣除定点医疗机构违约金")
    assert (ind.target_number, ind.target_unit, ind.actual_text) == (Decimal(150), "万", "216.65万")


def test_definition_linked_to_subject() -> None:
    term = next(d for d in facts("000").definitions if d.term.endswith("城乡医疗救助（项）"))
    assert term.subject_code == "2101301"
    assert any(d.term == "上年结转" for d in facts("002").definitions)


def test_yoy_change_with_reason() -> None:
    s = next(s for s in facts("003").statements if s.kind == "增减" and s.topic == "收、支总计")
    assert (s.amount_yuan, s.percent, s.direction) == (Decimal("3551300"), Decimal("27.03"), "减少")
    assert s.reason == "厉行节约、压缩经费"


def test_completion_rate_with_reason() -> None:
    rates = [s for s in facts("003").statements if s.kind == "完成率" and s.topic == "住房公积金"]
    assert rates[0].percent == Decimal("102.72") and rates[0].subject_code == "2210201"
    assert "公积金补缴" in rates[0].reason


def test_share_and_total() -> None:
    s = facts("000").statements
    assert any(x.topic == "财政拨款" and x.amount_yuan == Decimal("64954100") for x in s)
    assert any(x.topic == "财政拨款" and x.kind == "占比" and x.percent == Decimal("99.76") for x in s)


def test_vehicle_count_and_running_cost_change() -> None:
    assert any(s.topic == "车辆" and s.count == 0 for s in facts("003").statements)
    assert any(s.topic == "车辆" and s.count == 1 for s in facts("004").statements)
    change = [s for s in facts("002").statements if "机关运行经费" in s.text and s.kind == "增减"]
    assert change and change[0].percent == Decimal("0.24") and change[0].direction == "增加"


def statements(prefix: str, topic: str, kind: str) -> list:
    return [s for s in facts(prefix).statements if s.topic == topic and s.kind == kind]


def test_shares_of_income_budget() -> None:
    share = statements("000", "财政拨款", "占比")[0]
    assert (share.percent, share.compared_to, share.year) == (Decimal("99.76"), "收入预算", 2020)
    assert share.text.startswith("2020年收入预算为6511.24万元") and share.source.line == 442
    assert statements("000", "上年结转", "金额")[0].amount_yuan == Decimal(158300)


def test_no_comparison_is_a_change_with_reason() -> None:
    change = statements("000", "一般公共预算当年拨款", "增减")[0]
    assert (change.direction, change.compared_to) == (None, "上年")
    assert change.reason == "2019年为新成立单位没有做预算"


def test_each_number_has_its_own_year() -> None:
    reception = statements("001", "公务接待费", "金额")[0]
    assert (reception.year, reception.amount_yuan) == (2020, Decimal(1250))
    assert statements("001", "三公经费", "金额")[0].year == 2021


def test_yoy_change_after_previous_year_figure_is_the_lead_topics() -> None:
    """ "2021年…“三公”经费预算安排0万元，2020年…公务接待费0.125万元，同比下降100%": the 2021 三公经费 fell."""
    drop = statements("001", "三公经费", "增减")[0]
    assert (drop.year, drop.percent, drop.direction, drop.compared_to) == (2021, Decimal(100), "减少", "上年")
    assert drop.source.line == 1341 and not statements("001", "公务接待费", "增减")


def test_fixed_assets_at_end_of_previous_year() -> None:
    """ "…局（含所属单位）上年末固定资产金额为287429.27元": measure 上年末, the year before the document's."""
    held = [s for s in statements("001", "固定资产", "金额") if s.measure == "上年末"]
    assert [(s.source.line, s.amount_yuan, s.year) for s in held] == [
        (2049, Decimal("287429.27"), 2019),
        (4109, Decimal("287429.27"), 2019),
    ]


def test_indicator_description_column() -> None:
    """The 指标说明 column of an indicator table is kept with its indicator and emitted as bkg:description."""
    path = next(CORPUS.glob("004_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("部门整体支出绩效自评表"))
    read = _read(path.stem, lines, start, start + 45)
    ind = next(i for i in read.indicators if i.name.startswith("预算编制准确率"))
    assert (ind.description or "").startswith("部门预算中除财政拨款外的其他收入预算与决算差异率")
    assert (ind.target_text, ind.score, ind.source.line) == ("≤20%", Decimal(5), 760)
    assert all(i.description is None for i in table("004", "社保经办服务").indicators)
    perf = PerformanceTable("本部门", read.project, read.kind, {}, {}, [], [ind], None, read.src(start))
    doc = DocumentFacts(DocumentInfo(path.stem, "", "本部门", 2020, "决算", "部门", "元"), performance=[perf])
    predicate = str(BKG.description)
    described = [q.object.value for q in document_triples(doc) if q.predicate.value == predicate]
    assert described == [ind.description]


def test_procurement_budget_and_purchases() -> None:
    budget = statements("001", "政府采购", "金额")[0]
    assert (budget.amount_yuan, budget.measure, budget.year) == (Decimal(0), "预算数", 2021)
    kinds = {s.topic: s.amount_yuan for s in facts("003").statements if s.kind == "金额"}
    assert kinds["政府采购"] == Decimal(3540700) and kinds["政府采购服务"] == Decimal(3540700)
    assert kinds["政府采购货物"] == 0 and kinds["授予中小企业合同"] == Decimal(3540700)
    goods = {s.topic: s.amount_yuan for s in facts("004").statements if s.kind == "金额"}
    assert goods["政府采购"] == goods["政府采购货物"] == Decimal(87700) and goods["政府采购服务"] == 0


def test_thousands_separators() -> None:
    amounts = {s.topic: s.amount_yuan for s in facts("002").statements if s.kind == "金额"}
    assert amounts["支出预算"] == Decimal(113165900) and amounts["项目支出"] == Decimal(106510000)
    assert amounts["基本支出"] == Decimal(6655900)


def test_change_against_previous_year_and_initial_budget() -> None:
    running = statements("002", "机关运行经费", "增减")[0]
    assert (running.percent, running.compared_to, running.reason) == (Decimal("0.24"), "上年", "入托费增加")
    change = statements("003", "机关运行经费", "增减")[0]
    assert (change.amount_yuan, change.percent, change.direction) == (
        Decimal(88100),
        Decimal("22.08"),
        "增加",
    )
    assert change.compared_to == "年初预算" and change.reason.startswith("局人员增加")


def test_income_total_and_share() -> None:
    assert statements("003", "收入合计", "金额")[0].amount_yuan == Decimal(9393100)
    share = statements("003", "财政拨款收入", "占比")[0]
    assert (share.percent, share.compared_to) == (Decimal("99.97"), "收入合计")


def test_subject_budget_and_final_amounts() -> None:
    amounts = {s.measure: s.amount_yuan for s in statements("004", "信息化建设", "金额")}
    assert amounts == {"年初预算数": Decimal(440000), "决算数": Decimal(140100)}
    rate = statements("004", "信息化建设", "完成率")[0]
    assert rate.percent == Decimal("31.84") and rate.subject_code == "2101504"
    assert rate.reason.startswith("2020年年初预算时")
    fund = {s.measure: s.amount_yuan for s in statements("003", "住房公积金", "金额")}
    assert fund == {"年初预算数": Decimal(345700), "决算数": Decimal(355100)}


def test_subordinate_units() -> None:
    none = statements("002", "下属单位", "数量")[0]
    assert none.count == 0 and "无下属单位" in none.text
    assert statements("004", "下属单位", "数量")[0].count == 2
    assert statements("003", "内设机构", "数量")[0].count == 6


def test_text_is_the_sentence_and_the_one_naming_its_topic() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        for s in facts(prefix).statements:
            assert s.topic and s.text.count("。") <= 2, s


def test_reason_without_an_amount() -> None:
    reason = statements("002", "收支预算", "原因")[0]
    assert reason.direction == "增加" and reason.source.line == 379
    assert "居民医保区级财政补贴标准提高" in reason.reason
    assert reason.reason.endswith("二是特殊群体居民医保财政代缴标准提高")
    training = statements("004", "培训费", "原因")[0]
    assert (training.compared_to, training.reason) == ("预算", "本单位职工参加继续教育培训")
    assert statements("004", "收入", "原因")[0].reason.startswith("该部门为2019年新成立部门")
    assert not [s for s in facts("004").statements if s.kind == "原因" and "问题" in s.text[:8]]


def test_absence_is_zero() -> None:
    procurement = statements("000", "政府采购", "金额")
    assert procurement and all(s.amount_yuan == 0 and s.year == 2020 for s in procurement)
    assert "未安排政府采购预算" in procurement[0].text
    assert statements("000", "政府性基金", "金额")[0].amount_yuan == 0
    assert statements("004", "国有资本经营", "金额")[0].amount_yuan == 0
    assert statements("001", "政府性基金", "金额")[0].amount_yuan == 0
    assert statements("003", "重点绩效评价项目", "数量")[0].count == 0
    assert not statements("003", "年初", "金额")  # "无年初预算" inside a reason states no fact


def test_counts_have_clean_topics() -> None:
    def count(prefix: str, topic: str) -> int:
        return statements(prefix, topic, "数量")[0].count

    assert (count("003", "公务接待批次"), count("003", "公务接待人次")) == (20, 219)
    assert (count("003", "因公出国团组"), count("003", "因公出国人次")) == (1, 1)
    assert (count("004", "公务接待批次"), count("004", "因公出国团组")) == (0, 0)
    assert count("002", "绩效目标管理项目") == 6 and count("002", "重点绩效评价项目") == 1
    assert count("000", "绩效目标管理项目") == 10 and count("003", "绩效自评项目") == 3
    assert count("004", "决算单位") == 3
    after_count = [s.measure for s in statements("004", "公务接待费", "金额") if s.source.line == 505]
    assert after_count == ["预算数", "决算数"]  # "公务接待0批次，0人次，预算为0万元，支出决算为…"


def test_procurement_contracts() -> None:
    shares = {s.topic: s.percent for s in facts("003").statements if s.kind == "占比"}
    assert shares["授予中小企业合同"] == 100 and shares["授予小微企业合同"] == Decimal("21.03")
    assert shares["货物采购授予中小企业合同"] == 100
    small = statements("004", "授予小微企业合同", "金额")[0]
    assert small.amount_yuan == Decimal(87700) and small.source.line == 531


def test_organisation_profile() -> None:
    def said(prefix: str, topic: str) -> set[str]:
        return {s.value for s in statements(prefix, topic, "说明")}

    assert said("001", "级别") == {"正科级"} and said("001", "性质") == {"行政"}
    assert said("002", "预算级次") == {"二级预算单位"} and said("002", "隶属") == {"兰山区医疗保障局"}
    assert said("004", "隶属") == {"区政府直属机构"}
    assert said("000", "构成") == {"机关预算、局属事业单位预算"}
    assert statements("000", "构成", "说明")[0].text.startswith("环翠区医疗保障局部门预算包括")


def test_department_wide_self_evaluation() -> None:
    overall = [t for t in facts("004").performance if t.kind == "部门整体绩效自评"]
    assert len(overall) == 1 and overall[0].project == "部门整体支出" and overall[0].source.line == 734
    perf = overall[0]
    assert perf.total_score == 95  # "自评得分：95", also "整体自评得分 95 分" in the prose
    assert perf.amounts["调整预算"] == Decimal("11470900") and perf.rates["执行率"] == 100
    names = [i.name for i in perf.indicators]
    assert len(names) == len(set(names)) == 9  # header and 概述 rows repeat on every page
    compliance = next(i for i in perf.indicators if i.name == "资金使用合规性")
    assert (compliance.level1, compliance.level2) == ("过程", "预算管理")
    assert (compliance.weight, compliance.score, compliance.source.line) == (5, 5, 768)
    benefit = next(i for i in perf.indicators if i.name == "项目效益")  # cells printed left of their columns
    assert (benefit.weight, benefit.score, benefit.target_text) == (20, 20, "100%")
    assert sum(i.score for i in perf.indicators) == perf.total_score
