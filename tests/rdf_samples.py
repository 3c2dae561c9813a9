"""Hand-made `DocumentFacts` built from values printed in the bundled corpus (for kg tests)."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.nlp.facts import (
    Body,
    Definition,
    DocumentFacts,
    DocumentInfo,
    Duty,
    Indicator,
    Observation,
    Organisation,
    PerformanceTable,
    Source,
    StaffCount,
    Statement,
    TableInfo,
)

WEIXIAN = "001_de9632e190c788f1"
HUANCUI = "000_4bc48fd21e61de4c"
GAOLING = "004_94a3ed044e7312ad"


def weixian_tables() -> DocumentFacts:
    """威县医疗保障局 2021 部门预算: two tables, a few cells and one prose statement."""
    org = "威县医疗保障局"
    info = DocumentInfo(
        WEIXIAN, "威县医疗保障局2021年部门预算", org, 2021, "预算", "部门", "元", "威县", "邢台市威县"
    )
    info.organisations = [Organisation(org, "部门", "威县", "邢台市威县", code="450")]
    summary = TableInfo(WEIXIAN, "t01", "收支总表", "部门预算收支总表", None, "元", org, 2)
    spending = TableInfo(WEIXIAN, "t03", "支出", "部门预算支出总表", None, "元", org, 430)

    def cell(table: TableInfo, line: int, row: str, measure: str, printed: str, **kw: object) -> Observation:
        return Observation(table, org, row, measure, Decimal(printed), printed, Source(WEIXIAN, line), **kw)

    aid = {"subject_code": "2101301", "subject_scheme": "功能", "subject_name": "城乡医疗救助"}
    observations = [
        cell(summary, 217, "收入总计", "合计", "90816893.00", side="收入", is_total=True),
        cell(summary, 219, "支出总计", "合计", "90816893.00", side="支出", is_total=True),
        cell(spending, 547, "城乡医疗救助", "合计", "15380000.00", column_label="合计", **aid),
        cell(spending, 549, "城乡医疗救助", "项目支出", "15380000.00", column_label="项目支出", **aid),
    ]
    statement = Statement(
        org, "城乡医疗救助", "金额", Source(WEIXIAN, 1331), year=2021, amount_yuan=Decimal("15380000"),
        unit="万元", subject_code="2101301", text="城乡医疗救助支出1538万元",
    )  # fmt: skip
    return DocumentFacts(info, [summary, spending], observations, statements=[statement])


def huancui_prose() -> DocumentFacts:
    """威海市环翠区医疗保障局 2020 部门预算: a duty, a body, a performance table, a glossary term."""
    org = "威海市环翠区医疗保障局"
    info = DocumentInfo(
        HUANCUI,
        "2020年威海市环翠区医疗保障局部门预算",
        org,
        2020,
        "预算",
        "部门",
        "万元",
        "环翠区",
        "威海市环翠区",
    )
    info.organisations = [
        Organisation(org, "部门", "环翠区", "威海市环翠区"),
        Organisation("环翠区医疗保障事务服务中心", "单位", "环翠区", "威海市环翠区", parent=org),
    ]
    duty = Duty(org, 10, "负责拟订全区离休人员医疗保障管理制度并组织实施。", ["离休"], Source(HUANCUI, 55))
    body = Body(org, "环翠区医疗保障事务服务中心", "预算单位", None, None, Source(HUANCUI, 70))
    indicator = Indicator(
        "产出指标", "质量指标", "离休人员医疗待遇应保尽保率", "100%", "=", Decimal("100"), "%",
        None, None, None, Source(HUANCUI, 607),
    )  # fmt: skip
    perf = PerformanceTable(
        org, "离休人员医疗费", "绩效目标", {"财政拨款": Decimal("12000000")}, {},
        ["完成全年离休人员医疗费按月准时准确发放个人账户和单位账户。"], [indicator], None,
        Source(HUANCUI, 596),
    )  # fmt: skip
    term = Definition(
        "城乡医疗救助", "指环翠区财政用于参加基本医疗保险的困难人员享受医疗救助的支出。",
        Source(HUANCUI, 820), subject_code="2101301",
    )  # fmt: skip
    return DocumentFacts(info, duties=[duty], bodies=[body], performance=[perf], definitions=[term])


def gaoling_staff() -> DocumentFacts:
    """西安市高陵区医疗保障局 2020 部门决算: the head counts of 部门人员情况."""
    org = "西安市高陵区医疗保障局"
    info = DocumentInfo(
        GAOLING,
        "西安市高陵区医疗保障局2020年度部门决算",
        org,
        2020,
        "决算",
        "部门",
        "万元",
        "高陵区",
        "西安市高陵区",
    )
    staff = [
        StaffCount(org, "编制", kind, count, Source(GAOLING, 85), "2020年底")
        for kind, count in (("合计", 49), ("行政编制", 6), ("事业编制", 43))
    ]
    return DocumentFacts(info, staff=staff)
