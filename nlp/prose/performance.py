"""绩效目标表 / 绩效自评表 -> PerformanceTable with its funds, targets, indicators and scores."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..facts import Indicator, PerformanceTable, Source
from .cells import indicator_name, level_of, parse_value
from .text import clean, decimal, is_heading, numbering, paragraphs, to_yuan

_TITLE = re.compile(r"绩效(?:目标|自评|目标自评)表")
_PROJECT = re.compile(r"^(?:专项[（(]项目[）)]|项目)名称$")
_FUND = re.compile(
    r"^(?:其中[:：]?\s*(?P<part>.+)|(?P<total>年度(?:预算)?资金总额)|(?P<plain>财政拨款年度金额|项目总预算|项目当年预算"
    r"|政府采购金额|其他资金))[:：]?(?:[（(]万元[）)])?$"
)
_FUND_COLUMNS = {"年初预算数": "年初预算", "全年预算数": "全年预算", "全年执行数": "执行数", "分值": "分值"}
_FUND_COLUMNS |= {"执行率": "执行率", "得分": "得分"}
_TARGET_LABEL = re.compile(r"^(?:年度)?总体(?:绩效)?目标$|^绩效目标$|^年度总体绩效目标$")
_ROLES = (
    ("三级指标", "name"),
    ("二级指标", "level2"),
    ("一级指标", "level1"),
    ("实际完成", "actual"),
    ("全年完成值", "actual"),
    ("指标解释", "description"),
    ("指标说明", "description"),
    ("备注", "description"),
    ("指标值确定依据", "other"),
    ("指标值", "target"),
    ("目标值", "target"),
    ("分值", "weight"),
    ("得分", "score"),
)
_AMOUNT_CELL = re.compile(r"^(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|万|元)?$")
_SUMMARY = re.compile(r"^(?P<project>[^：:，。]+?)(?:项目)?绩效自评综述[：:]")


@dataclass
class _Row:
    line: int  # 0-based
    cells: list[str]  # cleaned, positions kept


@dataclass
class _Table:
    doc: str
    lines: list[str]
    kind: str
    project: str
    line: int
    unit: str | None = None
    amounts: dict[str, Decimal] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    total: Decimal | None = None

    def src(self, line: int) -> Source:
        """Source of a 0-based line of this document."""
        return Source(self.doc, line + 1, self.lines[line].strip())


def extract_performance(doc: str, lines: list[str], orgs: list[str]) -> list[PerformanceTable]:
    """Every 绩效 table (once per organisation and project), then scores stated in 自评综述 paragraphs."""
    titles = [i for i, line in enumerate(lines) if _is_title(line)]
    out: dict[tuple[str, str, str], PerformanceTable] = {}
    for start in titles:
        ends = (
            j
            for j in range(start + 1, len(lines))
            if is_heading(lines[j]) or _is_title(lines[j], any_kind=True)
        )
        stop = next(ends, len(lines))
        table = _read(doc, lines, start, stop)
        key = (orgs[start], table.project, table.kind)
        if table.project and key not in out:
            out[key] = _fact(orgs[start], table)
    tables = list(out.values())
    return tables + _summaries(doc, lines, orgs, tables)


def _is_title(line: str, any_kind: bool = False) -> bool:
    """A table title line; summary (汇总) and whole-department (整体) tables only when `any_kind`."""
    text = clean(line)
    if not _TITLE.search(text) or line.startswith(("\t", "-", " -")) or len(text) > 80:
        return False
    return any_kind or not re.search(r"汇总表|整体|说明$", text)


def _fact(org: str, t: _Table) -> PerformanceTable:
    return PerformanceTable(
        org, t.project, t.kind, t.amounts, t.rates, t.targets, t.indicators, t.total, t.src(t.line)
    )


def _project_from_title(title: str) -> str:
    """The project a bare title names: "10、冀财社/…的通知绩效目标表" -> "冀财社/…的通知"."""
    item = numbering(title)
    text = item[2] if item else title
    text = re.sub(r"^\d{4}\s*年度?", "", text)
    text = _TITLE.split(text)[0]
    return "" if re.search(r"项目支出$|预算项目$|^[（(]?预算|^市级预算", text) else text.strip()


def _rows(lines: list[str], start: int, stop: int) -> list[_Row]:
    """Rows of a table block: tab-separated lines, or blank-line-separated groups of one-cell lines."""
    one_cell = any(line.strip() == "一级指标" for line in lines[start:stop])
    if not one_cell:
        return [
            _Row(i, [clean(c) for c in lines[i].split("\t")]) for i in range(start, stop) if lines[i].strip()
        ]
    rows: list[_Row] = []
    group: list[str] = []
    first = start
    for i in range(start, stop + 1):
        line = lines[i] if i < stop else ""
        if line == "" or not line.strip(" "):
            if group:
                rows.append(_Row(first, group))
            group = []
            continue
        if not group:
            first = i
        if line.startswith("\t") or not group or numbering(line.strip()):
            group.append(clean(line))
        else:
            group[-1] += clean(line)
    return rows


def _read(doc: str, lines: list[str], start: int, stop: int) -> _Table:
    """Funds, targets, indicators and total score of one table block."""
    title = clean(lines[start])
    table = _Table(
        doc, lines, "绩效自评" if "自评" in title else "绩效目标", _project_from_title(title), start
    )
    rows = _rows(lines, start + 1, stop)
    header_at = next(
        (k for k, r in enumerate(rows) if "三级指标" in [c.replace(" ", "") for c in r.cells]), len(rows)
    )
    head = rows[:header_at]
    table.unit = _unit(lines, start, rows[header_at].line if header_at < len(rows) else stop, head)
    _read_head(table, head)
    if header_at < len(rows):
        _read_indicators(table, rows[header_at], rows[header_at + 1 :])
    return table


def _unit(lines: list[str], start: int, stop: int, head: list[_Row]) -> str | None:
    """万元 or 元 for the fund cells: from a 单位 line or a (万元) label in the table's head."""
    text = "".join(lines[start:stop])
    if "万元" in text or any(c.endswith("万") for r in head for c in r.cells):
        return "万元"
    return "元" if re.search(r"单位[:：]\s*元", text) else None


def _read_head(table: _Table, head: list[_Row]) -> None:
    """Project name, fund rows (with their column header) and overall targets."""
    columns: list[tuple[int, str]] = []
    in_targets = False
    for row in head:
        cells = [c.replace(" ", "") for c in row.cells]
        nonempty = [(p, c) for p, c in enumerate(cells) if c]
        if not nonempty:
            continue
        label = nonempty[0][1]
        if _PROJECT.match(label) and len(nonempty) > 1:
            table.project = row.cells[nonempty[1][0]]
            in_targets = False
            continue
        found = [(p, _column(c)) for p, c in nonempty if _column(c)]
        if len(found) >= 2:
            columns = found
            continue
        if _fund_row(table, row, columns):
            in_targets = False
            continue
        if _TARGET_LABEL.match(label):
            in_targets = True
            nonempty = nonempty[1:]
        if in_targets:
            _add_targets(table, [row.cells[p] for p, _ in nonempty])


def _column(cell: str) -> str | None:
    return next((v for k, v in _FUND_COLUMNS.items() if cell.startswith(k)), None)


def _add_targets(table: _Table, cells: list[str]) -> None:
    """Long text cells are targets; in a self-evaluation only the first (the other is what was done)."""
    texts = [c for c in cells if len(c) >= 8 and not c.endswith(("目标", "完成情况"))]
    if table.kind == "绩效自评" and table.targets and texts:
        table.targets[-1] += texts[0]
        return
    for text in texts[:1] if table.kind == "绩效自评" else texts:
        if text not in table.targets:
            table.targets.append(text)


def _fund_row(table: _Table, row: _Row, columns: list[tuple[int, str]]) -> bool:
    """Amounts of a fund row ("年度资金总额 | 58 | 58 | 27.76 | 10 | 47.86% | 4.79"); True if it is one."""
    cells = [c.replace(" ", "") for c in row.cells]
    at = next((p for p, c in enumerate(cells) if _FUND.match(c)), None)
    if at is None:
        return False
    m = _FUND.match(cells[at])
    base = (m.group("part") or m.group("total") or m.group("plain")).rstrip("(（万元）):：")
    base = "年度资金总额" if m.group("total") else base
    values = [(p, c) for p, c in enumerate(cells) if p > at and c and c != "-"]
    if not columns:
        _store_pairs(table, cells)
        return True
    by_pos = dict(columns)
    if all(p in by_pos for p, _ in values):
        pairs = [(by_pos[p], v) for p, v in values]
    elif len(values) <= len(columns):
        pairs = [(name, v) for (_, name), (_, v) in zip(columns, values, strict=False)]
    else:
        pairs = []
    for measure, value in pairs:
        _store(table, base, measure, value)
    scores = {k: decimal(v) for k, v in pairs if k in ("分值", "得分")}
    if base == "年度资金总额" and scores:
        rate = next((v for k, v in pairs if k == "执行率"), None)
        ind = Indicator(
            None, None, "年度资金总额执行率", None, None, None, None, rate, None, None, table.src(row.line)
        )
        ind.weight, ind.score = scores.get("分值"), scores.get("得分")
        table.indicators.append(ind)
    return True


def _store_pairs(table: _Table, cells: list[str]) -> None:
    """A row of label | value pairs ("项目总预算(万元) | 3477 | 项目当年预算(万元) | 3477")."""
    nonempty = [c for c in cells if c]
    for label, value in zip(nonempty, nonempty[1:], strict=False):
        m = _FUND.match(label)
        if m and _AMOUNT_CELL.match(value):
            base = (
                "年度资金总额"
                if m.group("total")
                else (m.group("part") or m.group("plain")).rstrip("(（万元）):：")
            )
            _store(table, base, "", value)


def _store(table: _Table, base: str, measure: str, value: str) -> None:
    """One fund cell into amounts (元), rates (%) or the budget-execution indicator (分值/得分)."""
    key = f"{base}/{measure}" if measure else base
    if measure == "执行率" and value.endswith("%"):
        rate = decimal(value[:-1])
        if rate is not None:
            table.rates[key if base != "年度资金总额" else "执行率"] = rate
        return
    if measure in ("分值", "得分"):
        return
    m = _AMOUNT_CELL.match(value)
    unit = (m.group("unit") if m else None) or table.unit
    if m and unit:
        amount = to_yuan(m.group("num"), unit)
        if amount is not None:
            table.amounts[key] = amount


def _roles(header: _Row) -> dict[int, str]:
    """Position -> role (level1, level2, name, target, actual, weight, score, other) of the header row."""
    roles = {}
    for p, cell in enumerate(header.cells):
        text = cell.replace(" ", "")
        role = next((r for k, r in _ROLES if k in text), "other" if text else None)
        if role and p:
            roles[p] = role
        elif role and role != "other":
            roles[p] = role
    return roles


def _read_indicators(table: _Table, header: _Row, rows: list[_Row]) -> None:
    """Indicator rows after the header: by position in one-cell layouts, by content in tab layouts."""
    roles = _roles(header)
    positional = len(header.cells) == len([c for c in header.cells if c]) and header.cells[0] == "一级指标"
    levels: list[str | None] = [None, None]
    for row in rows:
        cells = [c.replace(" ", "") if level_of(c.replace(" ", "")) is not None else c for c in row.cells]
        nonempty = [(p, c) for p, c in enumerate(cells) if c]
        if not nonempty or nonempty[0][1].startswith(("说明", "注", "备注")):
            continue
        if nonempty[0][1].replace(" ", "") == "总分":
            table.total = next((decimal(c) for _, c in nonempty[1:] if decimal(c) is not None), None)
            continue
        cells_by_role = (
            _by_position(cells, roles) if positional else _by_content(nonempty, levels, roles, table)
        )
        if cells_by_role is None:
            continue
        for k, key in ((0, "level1"), (1, "level2")):
            if cells_by_role.get(key):
                levels[k] = cells_by_role[key]
                if k == 0:
                    levels[1] = None
        if cells_by_role.get("name"):
            table.indicators.append(_indicator(table, row, levels, cells_by_role))


def _by_position(cells: list[str], roles: dict[int, str]) -> dict[str, str]:
    return {roles[p]: c for p, c in enumerate(cells) if p in roles and c}


def _by_content(
    nonempty: list[tuple[int, str]], levels: list[str | None], roles: dict[int, str], table: _Table
) -> dict[str, str] | None:
    """Cells of a shifted row classified by what they say: level names first, then name and values."""
    if nonempty and nonempty[0][1].replace(" ", "") in ("绩效指标", "年度绩效指标"):
        nonempty = nonempty[1:]
    out: dict[str, str] = {}
    while nonempty and level_of(nonempty[0][1]) is not None:
        cell, nonempty = nonempty[0][1], nonempty[1:]
        level = level_of(cell)
        nxt = level_of(nonempty[0][1]) if nonempty else None
        if level == 0 and "level1" not in out:
            level = 1 if nxt in (0, 2) or levels[0] not in ("产出指标", "产品指标") else 2
        if level == 1:
            out["level1"] = cell
        else:
            out["level2"] = cell
    if not nonempty:
        return out
    value_roles = [r for r in ("target", "actual", "weight", "score") if r in roles.values()]
    target_at = min((p for p, r in roles.items() if r == "target"), default=0)
    lone = (
        len(nonempty) == 1
        and parse_value(nonempty[0][1])[1] is None
        and not nonempty[0][1].startswith("指标")
    )
    if not out and table.indicators and lone and nonempty[0][0] >= target_at:
        _continue(table.indicators[-1], nonempty, roles)
        return None
    out["name"] = nonempty[0][1]
    for role, (_, cell) in zip(value_roles, nonempty[1:], strict=False):
        out[role] = cell
    return out


def _continue(ind: Indicator, cells: list[tuple[int, str]], roles: dict[int, str]) -> None:
    """A row split over lines: its cells extend the previous indicator's target or actual text."""
    for p, cell in cells:
        if roles.get(p) == "actual" and ind.actual_text:
            ind.actual_text += cell
        elif roles.get(p) == "target" and ind.target_text:
            ind.target_text += cell
        elif roles.get(p) == "description" and ind.description:
            ind.description += cell


def _indicator(table: _Table, row: _Row, levels: list[str | None], cells: dict[str, str]) -> Indicator:
    target = cells.get("target")
    comparator, number, unit = parse_value(target) if target else (None, None, None)
    weight, score = decimal(cells.get("weight", "")), decimal(cells.get("score", ""))
    return Indicator(
        levels[0],
        levels[1],
        indicator_name(cells["name"]),
        target,
        comparator,
        number,
        unit,
        cells.get("actual"),
        weight,
        score,
        table.src(row.line),
        cells.get("description"),
    )


def _summaries(
    doc: str, lines: list[str], orgs: list[str], tables: list[PerformanceTable]
) -> list[PerformanceTable]:
    """Scores, budgets and rates of "X项目绩效自评综述：…" paragraphs; a new table where none matches."""
    out = []
    for para in paragraphs(lines):
        m = _SUMMARY.match(re.sub(r"^\d+[.、．]\s*", "", para.text))
        if m is None:
            continue
        project = m.group("project")
        line = para.starts[0][1]
        score = re.search(r"自评得(?:分)?(?:为)?\s*(\d+(?:\.\d+)?)\s*分", para.text)
        match = next(
            (t for t in tables if t.org == orgs[line] and (project in t.project or t.project in project)),
            None,
        )
        if match is None:
            match = PerformanceTable(
                orgs[line],
                project,
                "绩效自评",
                {},
                {},
                [],
                [],
                None,
                Source(doc, line + 1, lines[line].strip()),
            )
            out.append(match)
            for label, key in (("全年预算数", "全年预算"), ("执行数", "执行数"), ("年初预算", "年初预算")):
                amount = re.search(label + r"(?:为)?\s*(\d+(?:\.\d+)?)\s*(万元|元)", para.text)
                if amount:
                    match.amounts[f"年度资金总额/{key}"] = to_yuan(amount.group(1), amount.group(2))
            rate = re.search(r"完成预算的\s*(\d+(?:\.\d+)?)\s*%", para.text)
            if rate:
                match.rates["执行率"] = decimal(rate.group(1))
        if score and match.total_score is None:
            match.total_score = decimal(score.group(1))
    return out
