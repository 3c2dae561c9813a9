"""Rows of a found table -> typed observations: header paths, column roles, blocks, codes, amounts.

A table is read as one or more column blocks (label columns then amount columns); two-sided 收支
tables and side-by-side classification tables have several blocks, each row giving one item per block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.errors import InputError

from . import vocab
from .codes import CodeContext, is_code, scheme_of, split_code_name
from .facts import Observation, Source, TableInfo
from .layout import Row, header_paths, squeeze
from .tables import RawTable

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))")
_TOTALS = ("合计", "总计", "小计")
_MAX_YUAN = Decimal(10) ** 13
_SCALE = {"元": Decimal(1), "万元": Decimal(10000)}


@dataclass
class Column:
    """One column: position, header path and role."""

    index: int
    path: list[str]
    role: str


@dataclass
class Block:
    """Label columns followed by the amount columns they describe; `side` for two-sided tables."""

    labels: list[Column] = field(default_factory=list)
    measures: list[Column] = field(default_factory=list)
    side: str | None = None
    codes: CodeContext = field(default_factory=CodeContext)


@dataclass
class TableContext:
    """What reading a table needs from its document, and what it reports back."""

    doc: str
    year: int
    phase: str
    lines: list[str]  # the printed document, line n is lines[n - 1]
    unit_orgs: dict[str, str] = field(default_factory=dict)  # unit code -> organisation name
    skipped: list[tuple[Source, str]] = field(default_factory=list)


@dataclass
class Cell:
    """A data cell: parsing text, printed text and its line."""

    text: str
    printed: str
    line: int


def read_table(raw: RawTable, table: TableInfo, ctx: TableContext) -> list[Observation]:
    """All observations of one table; damaged cells go to `ctx.skipped`."""
    header, data = _split_header(raw.rows)
    if not data:
        return []
    width = max(len(row.cells) for row in raw.rows)
    paths = header_paths([row.cells for row in header], width, raw.one_cell, vocab.header_kind)
    columns = _columns(paths, data)
    blocks = _blocks(columns)
    header_texts = {"".join(squeeze(c) for c in row.cells) for row in header}
    observations: list[Observation] = []
    for row in data:
        if "".join(squeeze(c) for c in row.cells) in header_texts or _is_column_numbers(row):
            continue
        cells = _cells(row, width)
        if not raw.one_cell:
            cells = _realign(cells, columns, blocks)
        org = _row_org(cells, columns, table.org, ctx)
        spanning = ""  # a total label (合计) printed once spans the blocks to its right
        for block in blocks:
            found, label = _read_block(block, cells, org, table, ctx, spanning)
            observations.extend(found)
            spanning = label if label.endswith(_TOTALS) else spanning
    return observations


def _split_header(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Header rows and data rows; a column-number row (栏次 1 2 3 …) closes the header when present."""
    for index, row in enumerate(rows[:8]):
        if _is_column_numbers(row):
            return rows[:index], rows[index + 1 :]
    for index, row in enumerate(rows):
        if _looks_like_data(row):
            return rows[:index], rows[index:]
    return rows, []


def _is_column_numbers(row: Row) -> bool:
    """True for a row numbering the columns: 栏次 1 2 3 …, or just 1 2 3 …"""
    filled = [squeeze(cell) for cell in row.cells if squeeze(cell)]
    if filled and filled[0] == "栏次":
        return True
    return len(filled) >= 3 and filled == [str(n) for n in range(1, len(filled) + 1)]


def _looks_like_data(row: Row) -> bool:
    """True for the first row of data: an amount with decimals, a code, a total or a numbered item."""
    filled = [squeeze(cell) for cell in row.cells if squeeze(cell)]
    if not filled:
        return False
    if any(vocab.parse_amount(text) and ("." in text or "," in text) for text in filled):
        return True
    first, rest = filled[0], filled[1:]
    if split_code_name(first) or (is_code(first) and len(first) > 2):
        return True
    labelled = first.rstrip(":") in _TOTALS or _ORDINAL.match(first)
    return bool(labelled) and all(vocab.parse_amount(text) is not None for text in rest)


def _columns(paths: list[list[str]], data: list[Row]) -> list[Column]:
    """Column roles from header leaves; an 'amount' column holding mostly words is text."""
    columns = []
    for index, path in enumerate(paths):
        role = vocab.column_role(path[-1]) if path else "measure"
        if role == "measure":
            values = [squeeze(row.cells[index]) for row in data if index < len(row.cells)]
            words = sum(1 for v in values if not vocab.is_blank(v) and vocab.parse_amount(v) is None)
            numbers = sum(1 for v in values if vocab.parse_amount(v) is not None)
            if words > numbers:
                role = "text"
        columns.append(Column(index, path, role))
    return columns


def _blocks(columns: list[Column]) -> list[Block]:
    """Group columns into blocks: a label column after an amount column starts a new block."""
    blocks: list[Block] = []
    for column in columns:
        if column.role in ("seq", "text"):
            continue
        is_label = column.role != "measure"
        if not blocks or (is_label and blocks[-1].measures):
            blocks.append(Block())
        block = blocks[-1]
        (block.labels if is_label else block.measures).append(column)
        if column.path and vocab.is_side(column.path[0]):
            block.side = vocab.clean_header(column.path[0])
    return blocks


def _cells(row: Row, width: int) -> list[Cell]:
    """The row's cells padded to the table width."""
    cells = [Cell(t, p, n) for t, p, n in zip(row.cells, row.printed, row.lines, strict=True)]
    return cells + [Cell("", "", row.line)] * (width - len(cells))


def _realign(cells: list[Cell], columns: list[Column], blocks: list[Block]) -> list[Cell]:
    """A label printed over several label columns (合 计) pulls the amounts left: push them back."""
    for block in blocks:
        names = [c.index for c in block.labels if c.role == "name"]
        if not names or not block.measures:
            continue
        name = names[0]
        if name < len(cells) and vocab.parse_amount(squeeze(cells[name].text)) is not None:
            shift = block.measures[0].index - name
            filler = [Cell("", "", cells[name].line)] * shift
            return cells[:name] + filler + cells[name:]
    return cells


def _row_org(cells: list[Cell], columns: list[Column], default: str, ctx: TableContext) -> str:
    """The organisation of a row: the one its unit code names, else the table's."""
    for column in columns:
        if column.role == "unit_code" and column.index < len(cells):
            code = squeeze(cells[column.index].text)
            if code in ctx.unit_orgs:
                return ctx.unit_orgs[code]
    return default


def _read_block(
    block: Block, cells: list[Cell], org: str, table: TableInfo, ctx: TableContext, spanning: str
) -> tuple[list[Observation], str]:
    """Observations of one row within one block, and the row label found there."""
    label, code, name, unit_code = _label(block, cells)
    label = label or spanning
    if unit_code and label and code is None:
        ctx.unit_orgs.setdefault(unit_code, label)
        org = ctx.unit_orgs[unit_code]
    kind = vocab.value_kind(label, ctx.year) if label else None
    labelled = bool(block.labels) and not kind
    observations = []
    for column in block.measures:
        cell = cells[column.index]
        if vocab.is_blank(squeeze(cell.text)):
            continue
        digits = vocab.parse_amount(squeeze(cell.text))
        source = Source(ctx.doc, cell.line, ctx.lines[cell.line - 1])
        if digits is None:
            ctx.skipped.append((source, f"unreadable amount {cell.printed!r} in {table.title}"))
            continue
        if labelled and not label:
            ctx.skipped.append((source, f"amount {cell.printed!r} without a row label in {table.title}"))
            continue
        amount = Decimal(digits) * _SCALE[table.unit]
        if abs(amount) > _MAX_YUAN:
            raise InputError(f"{ctx.doc}: absurd amount {cell.printed} {table.unit} at line {cell.line}")
        if labelled:
            row_label, measure = label, _measure(column.path, block.side, ctx)
            is_total = row_label.endswith(_TOTALS) or (unit_code is not None and code is None)
        else:
            row_label, measure, is_total = _item(column.path, kind, ctx)
        observations.append(
            Observation(
                table=table,
                org=org,
                row_label=row_label,
                measure=measure,
                amount_yuan=amount,
                printed_value=cell.printed,
                source=source,
                subject_code=code,
                subject_scheme=scheme_of(code) if code else None,
                subject_name=name if code else None,
                column_label="/".join(column.path),
                side=block.side,
                is_total=is_total,
            )
        )
    return observations, label


def _label(block: Block, cells: list[Cell]) -> tuple[str, str | None, str | None, str | None]:
    """Row label, full subject code, subject name and unit code of a row within a block."""
    parts: list[str] = []
    code = name = unit_code = None
    words: list[str] = []
    for column in block.labels:
        text = squeeze(cells[column.index].text)
        printed = squeeze(cells[column.index].printed)
        if not text:
            continue
        if column.role.startswith("code") and text.isdigit():
            if column.role == "code":
                code = code or block.codes.from_cell(text)
            elif len(parts) < 3:
                level = int(column.role[-1])
                parts.extend([""] * (level + 1 - len(parts)))
                parts[level] = parts[level] or text
        elif column.role == "unit_code":
            unit_code = text
        elif column.role == "name" and name is None:
            split = split_code_name(text)
            if split:
                code, name = block.codes.from_cell(split[0]) or split[0], split[1]
            else:
                name = printed
        else:
            words.append(printed)
    if parts and code is None:
        code = block.codes.from_parts(parts)
    label = _ORDINAL.sub("", name or "".join(words)).rstrip(":：")
    return label, code, name, unit_code


def _measure(path: list[str], side: str | None, ctx: TableContext) -> str:
    """Measure of an amount column in a labelled row; a bare 金额 is 合计, or 预算数/决算数 on a 收支 side."""
    measure = vocab.measure_of(path, ctx.year)
    if measure == "金额":
        return f"{ctx.phase}数" if side else "合计"
    return measure


def _item(path: list[str], kind: str | None, ctx: TableContext) -> tuple[str, str, bool]:
    """Rows without an item label (三公 tables): the column names the item, the row or header the figure."""
    parts = [part for part in path if vocab.value_kind(part, ctx.year) is None]
    kinds = [vocab.value_kind(part, ctx.year) for part in path if vocab.value_kind(part, ctx.year)]
    item = parts[-1] if parts else "合计"
    if item == "小计" and len(parts) > 1:
        item = parts[-2]
    measure = kind or (kinds[0] if kinds else f"{ctx.phase}数")
    return item, measure, item in _TOTALS
