"""部门整体支出绩效自评 (rubric table and/or prose result) -> one PerformanceTable per organisation."""

from __future__ import annotations

import re
from decimal import Decimal

from ..facts import Indicator, PerformanceTable, Source
from .cells import parse_value
from .text import clean, decimal, is_heading, paragraphs, to_yuan

KIND = "部门整体绩效自评"
_TITLE = re.compile(r"^(?P<name>\S*整体\S*?)绩效自评表$")
_END = re.compile(r"绩效\S*表$")
_HEADING_NAME = re.compile(r"(?P<name>[^\s（）()、]*整体[^\s，。]*?)绩效")
_TOTAL_LINE = re.compile(r"^(?:自评|综合)?(?:得分|总分)[:：]\s*(?P<num>\d+(?:\.\d+)?)")
_SCORE_SENTENCE = re.compile(r"整体(?:支出)?(?:绩效)?自评得分(?:为)?(?P<num>\d+(?:\.\d+)?)分")
_FUNDS = {"年初预算数": "年初预算", "调整预算数": "调整预算", "全年预算数": "全年预算"}
_FUNDS |= {"全年执行数": "执行数", "执行数": "执行数", "执行率": "执行率"}
_FUND_AMOUNT = re.compile(
    r"(?P<label>年初预算数|调整预算数|全年预算数|全年执行数|执行数)(?:为)?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<unit>万元|元)"
)
_RATE = re.compile(r"(?:完成预算的|执行率(?:为)?)(?P<num>\d+(?:\.\d+)?)%")
_POINTS = re.compile(r"[（(](?P<num>\d+(?:\.\d+)?)分[）)]$")
_VALUES = ("target", "actual", "score")
_ROLES = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("计算公式", "other"),
    ("指标说明", "description"),
    ("目标值", "target"),
    ("指标值", "target"),
    ("完成值", "actual"),
    ("分值", "weight"),
    ("得分", "score"),
)


def extract_overall(doc: str, lines: list[str], orgs: list[str]) -> list[PerformanceTable]:
    """Whole-department self-evaluation tables, completed by the prose result (score, budget, rate)."""
    out: dict[str, PerformanceTable] = {}
    for start, line in enumerate(lines):
        m = _TITLE.match(clean(line))
        if m and not line.startswith("\t") and orgs[start] not in out:
            out[orgs[start]] = _table(doc, lines, start, m.group("name"), orgs[start])
    previous = ""
    for para in paragraphs(lines):
        m = _SCORE_SENTENCE.search(para.text)
        if m:
            line = para.line_at(m.start())
            if orgs[line] not in out:
                name = _HEADING_NAME.search(previous)
                source = Source(doc, line + 1, lines[line].strip())
                project = name.group("name") if name else "部门整体支出"
                out[orgs[line]] = PerformanceTable(orgs[line], project, KIND, {}, {}, [], [], None, source)
            _fill(out[orgs[line]], para.text, decimal(m.group("num")))
        previous = para.text
    return list(out.values())


def _fill(perf: PerformanceTable, text: str, score: Decimal | None) -> None:
    """Amounts, 执行率 and score a sentence states, where the table did not print them."""
    for m in _FUND_AMOUNT.finditer(text):
        amount = to_yuan(m.group("num"), m.group("unit"))
        if amount is not None:
            perf.amounts.setdefault(_FUNDS[m.group("label")], amount)
    rate = _RATE.search(text)
    if rate and decimal(rate.group("num")) is not None:
        perf.rates.setdefault("执行率", decimal(rate.group("num")))
    if perf.total_score is None:
        perf.total_score = score


def _table(doc: str, lines: list[str], start: int, name: str, org: str) -> PerformanceTable:
    """Score line, fund columns and rubric rows of one table; rows repeated after page breaks read once."""
    source = Source(doc, start + 1, lines[start].strip())
    perf = PerformanceTable(org, name, KIND, {}, {}, [], [], None, source)
    stop = next(
        (j for j in range(start + 1, len(lines)) if is_heading(lines[j]) or _END.search(clean(lines[j]))),
        len(lines),
    )
    unit = "万元" if re.search(r"单位[:：]\s*万元|[（(]万元[）)]", "".join(lines[start:stop])) else "元"
    seen: set[tuple[str, ...]] = set()
    roles: dict[int, str] = {}
    funds: dict[int, str] = {}
    levels: list[str | None] = [None, None]
    for i in range(start + 1, stop):
        if "\t" not in lines[i].strip():
            total = _TOTAL_LINE.match(clean(lines[i]))
            if total and perf.total_score is None:
                perf.total_score = decimal(total.group("num"))
            continue
        cells = [clean(c).replace(" ", "") for c in lines[i].split("\t")]
        if tuple(cells) in seen:
            continue
        seen.add(tuple(cells))
        labels = {p: _FUNDS[c] for p, c in enumerate(cells) if c in _FUNDS}
        if len(labels) >= 2:
            funds = labels
        elif "三级指标" in cells:
            roles = _roles(cells)
        elif roles:
            _row(perf, Source(doc, i + 1, lines[i].strip()), cells, roles, levels)
        elif funds:
            _funds(perf, cells, funds, unit)
    return perf


def _roles(header: list[str]) -> dict[int, str]:
    """Position -> role (level1, level2, name, description, target, actual, weight, score) of the header."""
    roles = {}
    for p, cell in enumerate(header):
        role = next((r for k, r in _ROLES if k in cell), None)
        if role and role != "other" and role not in roles.values():
            roles[p] = role
    return roles


def _funds(perf: PerformanceTable, cells: list[str], funds: dict[int, str], unit: str) -> None:
    """A row of amounts (in the table's unit) and 执行率 under the fund header's columns."""
    for p, measure in funds.items():
        cell = cells[p] if p < len(cells) else ""
        if measure == "执行率" and cell.endswith("%") and decimal(cell[:-1]) is not None:
            perf.rates.setdefault(measure, decimal(cell[:-1]))
        elif measure != "执行率" and decimal(cell) is not None:
            perf.amounts.setdefault(measure, to_yuan(cell, unit))


def _row(
    perf: PerformanceTable, source: Source, cells: list[str], roles: dict[int, str], levels: list[str | None]
) -> None:
    """One rubric row: levels carry over blank cells; values shifted left of their columns are realigned."""
    at = {r: p for p, r in roles.items()}
    cell = {r: cells[p] if p < len(cells) else "" for p, r in roles.items()}
    if cell.get("level1"):
        levels[:] = [_POINTS.sub("", cell["level1"]), None]
    if cell.get("level2"):
        levels[1] = _POINTS.sub("", cell["level2"])
    name = cell.get("name", "")
    if not name or "score" not in at:
        return
    last = max(p for p, c in enumerate(cells) if c)
    shift = at["score"] - last if not cell["score"] and last < at["score"] else 0
    value = {r: cells[at[r] - shift] if at.get(r, len(cells)) - shift < len(cells) else "" for r in _VALUES}
    points = _POINTS.search(name)
    weight = decimal(cell.get("weight", ""))
    if weight is None and points:
        weight = decimal(points.group("num"))
    label = _POINTS.sub("", name)
    if any(i.name == label and (i.level1, i.level2) == tuple(levels) for i in perf.indicators):
        return
    target = value["target"] or None
    comparator, number, target_unit = parse_value(target) if target else (None, None, None)
    perf.indicators.append(
        Indicator(
            levels[0],
            levels[1],
            label,
            target,
            comparator,
            number,
            target_unit,
            value["actual"] or None,
            weight,
            decimal(value["score"]),
            source,
            cell.get("description") or None,
        )
    )
