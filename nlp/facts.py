"""Typed facts: what extraction returns and what `kg.rdf` turns into triples.

Extraction (everything under `nlp/`) returns these plain dataclasses and knows nothing of RDF.
Every fact carries a `Source` (document stem, 1-based line number, the printed line), so any
value in the graph can be traced to the line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    """Where a fact was printed: document stem, 1-based line number and that line's text."""

    doc: str
    line: int
    text: str = ""


@dataclass
class Organisation:
    """A 部门 or 单位 as printed (e.g. 威县医疗保障局, 环翠区医疗保障事务服务中心)."""

    name: str
    kind: str  # "部门" | "单位"
    region: str | None = None  # short region name as users say it: 威县, 环翠区, 兰山区, 威海市, 高陵区
    region_full: str | None = None  # e.g. 威海市环翠区, 临沂市兰山区, 西安市高陵区
    code: str | None = None  # unit code as printed (055001, 450)
    parent: str | None = None  # name of the 部门 this 单位 belongs to
    aliases: list[str] = field(default_factory=list)  # other printed spellings
    source: Source | None = None


@dataclass
class DocumentInfo:
    """One disclosure document: who, which year, budget or final accounts, which scope."""

    doc: str  # file stem
    title: str
    org: str  # the organisation the document is about, as printed
    year: int
    phase: str  # "预算" | "决算"
    scope: str  # "部门" | "单位"
    currency_unit: str  # the unit most of its tables print: "元" | "万元"
    region: str | None = None
    region_full: str | None = None
    sections: list[str] = field(default_factory=list)  # 第一部分 … headings as printed
    organisations: list[Organisation] = field(default_factory=list)


@dataclass
class TableInfo:
    """One printed numeric table (a qb:DataSet)."""

    doc: str
    key: str  # unique within the document, e.g. "t03" (order of appearance)
    kind: str  # normalised kind: 收支总表, 收入, 支出, 财政拨款收支总表, 一般公共预算支出, 基本支出,
    # 三公经费, 政府性基金支出, 国有资本经营支出, 项目支出, 政府采购, 其他
    title: str  # as printed, e.g. "表 3. 支出预算表" or "部门预算支出总表"
    number: str | None  # printed numbering if any: "表3", "公开03表", "3"
    unit: str  # "元" | "万元" from the table's own 单位 line
    org: str  # organisation the table is printed for (部门 part or 单位 part)
    line: int  # line of the title
    empty: bool = False  # printed as an empty table (e.g. 注：…空表列示)


@dataclass
class Observation:
    """One amount cell of a table, in 元, with its row, column and provenance."""

    table: TableInfo
    org: str  # organisation of the row (a 单位 row inside a 部门 table names its 单位)
    row_label: str  # row name as printed, wrapped pieces joined, spaces removed
    measure: str  # normalised column: 合计, 基本支出, 项目支出, 人员经费, 公用经费, 财政拨款, 一般公共预算, …
    amount_yuan: Decimal  # exact, never float; 万元 × 10000
    printed_value: str  # the cell as printed ("6,345.00", "1538")
    source: Source
    subject_code: str | None = None  # full code: 3/5/7 digits for 功能, 3/5 for 经济
    subject_scheme: str | None = None  # "功能" | "经济" | None
    subject_name: str | None = None  # name of the 科目 as printed (when the row is a 科目)
    column_label: str = ""  # printed header path of the column, e.g. "财政拨款/一般公共预算"
    side: str | None = None  # "收入" | "支出" for two-sided tables (收支总表), else None
    is_total: bool = False  # a total row (合计, 总计, 小计 …)


@dataclass
class Duty:
    """One numbered duty (主要职责) of an organisation."""

    org: str
    number: int
    text: str
    keywords: list[str]
    source: Source


@dataclass
class Body:
    """An internal body (内设机构/科室) or a subordinate unit of an organisation."""

    org: str
    name: str
    kind: str  # "内设机构" | "下属单位" | "预算单位"
    rank: str | None  # e.g. 正科级
    nature: str | None  # e.g. 行政单位, 参照公务员法管理事业单位, 事业单位
    source: Source


@dataclass
class StaffCount:
    """A head count: 编制 or 实有 by kind (行政编制, 事业编制, 离退休 …)."""

    org: str
    category: str  # "编制" | "实有" | "离退休" …
    kind: str  # "合计" | "行政编制" | "事业编制" | "参照公务员管理" | "工勤" | …
    count: int
    source: Source
    as_of: str | None = None  # e.g. "2020年底"


@dataclass
class Indicator:
    """One row of a 绩效目标表 or 绩效自评表."""

    level1: str | None  # 一级指标: 产出指标, 效益指标, 满意度指标, 成本指标 …
    level2: str | None  # 二级指标: 数量指标, 质量指标, 时效指标 …
    name: str  # 三级指标 as printed (cleaned of HTML/LaTeX)
    target_text: str | None  # 指标值 / 年度指标值 as printed (cleaned)
    comparator: str | None  # "≥" | "≤" | "=" | ">" | "<"
    target_number: Decimal | None
    target_unit: str | None  # %, 人, 家, 元/人, 万元 …
    actual_text: str | None  # 实际完成值 (self-evaluations)
    weight: Decimal | None  # 分值
    score: Decimal | None  # 得分
    source: Source
    description: str | None = None  # 指标解释 / 指标说明 / 备注 column as printed (cleaned)


@dataclass
class PerformanceTable:
    """A project's 绩效目标表 (预算) or 绩效自评表 (决算)."""

    org: str
    project: str
    kind: str  # "绩效目标" | "绩效自评"
    amounts: dict[str, Decimal]  # in 元: 年度资金总额, 财政拨款, 年初预算, 全年预算, 执行数 …
    rates: dict[str, Decimal]  # 执行率 (percent number, e.g. 47.86)
    targets: list[str]  # 总体目标 / 年度目标 texts
    indicators: list[Indicator]
    total_score: Decimal | None
    source: Source  # the title line


@dataclass
class Definition:
    """A 名词解释 entry; `subject_code` links it to a 科目 when the term names one."""

    term: str
    definition: str
    source: Source
    subject_code: str | None = None


@dataclass
class Statement:
    """A number the prose states (情况说明): a total, a share, a change, a 完成率, a count …"""

    org: str
    topic: str  # what it is about as printed: 收入预算, 财政拨款, 三公经费, 公务接待费, 机关运行经费, 车辆 …
    kind: str  # "金额" | "占比" | "增减" | "完成率" | "数量" | "原因" | "说明" (no number: value)
    source: Source
    year: int | None = None
    amount_yuan: Decimal | None = None
    percent: Decimal | None = None
    count: int | None = None
    unit: str | None = None  # printed unit: 元, 万元, %, 辆, 个 …
    direction: str | None = None  # "增加" | "减少" | "持平" | None
    compared_to: str | None = None  # "上年" | "年初预算" …
    reason: str | None = None
    subject_code: str | None = None
    text: str = ""  # the sentence, joined over wrapped lines
    measure: str | None = None  # which figure an amount is: 年初预算数, 决算数, 执行数 … as printed
    value: str | None = None  # what a 说明 states: 正科级, 二级预算单位, 区政府直属机构 …


@dataclass
class DocumentFacts:
    """Everything extracted from one document."""

    info: DocumentInfo
    tables: list[TableInfo] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    staff: list[StaffCount] = field(default_factory=list)
    performance: list[PerformanceTable] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    skipped: list[tuple[Source, str]] = field(default_factory=list)  # rows too damaged to read, why
