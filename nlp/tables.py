"""Find the printed numeric tables of a document: title, number, unit, organisation line and rows.

A table is recognised by its own unit line (单位：元 / 金额单位：万元); the title is the nearest text
line above it, and the body runs over the tab-carrying lines that follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import vocab
from .layout import Row, split_rows, squeeze
from .read import normalise

_UNIT = re.compile(r"^(?:金额)?单位[:：](万元|元)$")
_NUMBER = re.compile(r"^(?:公开\d+表|表\d+)$")
_TITLE_NUMBER = re.compile(r"^(表\d+)[.、．]?(.+)$")
_ORG = re.compile(r"^(?:编制部门|编制单位|部门\(单位\)|单位名称|填报单位|单位)[:：](.+)$")
_CODED_ORG = re.compile(r"^(\d{3,})(\D.*)$")
_META = re.compile(r"^(?:预算年度|截止时间|截至时间)[:：]")
_SUBTITLE = re.compile(r"^\(.+\)$")
_LOOK_BACK = 12


@dataclass
class RawTable:
    """A table as found: printed title, number, unit, organisation line and its rows."""

    title: str
    title_line: int
    number: str | None
    unit: str
    org: str | None = None
    org_code: str | None = None
    rows: list[Row] = field(default_factory=list)
    one_cell: bool = False


def find_tables(lines: list[str]) -> list[RawTable]:
    """All numeric tables of a document given its printed lines (line n is lines[n-1])."""
    flat = [squeeze(normalise(line)) for line in lines]
    tables: list[RawTable] = []
    for index, text in enumerate(flat):
        match = _UNIT.match(text)
        if not match:
            continue
        table = _table_at(lines, flat, index, match.group(1))
        if table is not None:
            tables.append(table)
    return tables


def _table_at(lines: list[str], flat: list[str], unit_index: int, unit: str) -> RawTable | None:
    """The table whose unit line is at `unit_index`, or None when no title is found above it."""
    preamble: list[str] = []
    title_index = None
    for index in range(unit_index - 1, max(-1, unit_index - _LOOK_BACK), -1):
        text = flat[index]
        if not text:
            continue
        if _is_preamble(text) or (lines[index].startswith("\t") and _CODED_ORG.match(text)):
            preamble.append(text)
            continue
        title_index = index
        break
    if title_index is None or "\t" in lines[title_index].strip():
        return None
    if vocab.skip_title(flat[title_index]) or "。" in flat[title_index] or len(flat[title_index]) > 80:
        return None
    body_start = unit_index + 1
    while body_start < len(lines) and (not flat[body_start] or _is_preamble(flat[body_start])):
        preamble.append(flat[body_start])
        body_start += 1
    table = _new_table(lines[title_index].strip(), title_index + 1, unit, preamble)
    body: list[tuple[int, str]] = []
    for index in range(body_start, len(lines)):
        if flat[index] and "\t" not in lines[index]:
            break
        body.append((index + 1, lines[index]))
    table.rows, table.one_cell = split_rows(body)
    return table


def _is_preamble(text: str) -> bool:
    """Lines between a title and the table body: number, organisation, year, subtitle, unit."""
    if _UNIT.match(text) or _NUMBER.match(text) or _META.match(text) or _SUBTITLE.match(text):
        return True
    return bool(_ORG.match(text))


def _new_table(title: str, line: int, unit: str, preamble: list[str]) -> RawTable:
    """Assemble a RawTable from its title and preamble lines."""
    numbered = _TITLE_NUMBER.match(squeeze(normalise(title)))
    table = RawTable(title=title, title_line=line, number=numbered.group(1) if numbered else None, unit=unit)
    for text in preamble:
        org = _ORG.match(text)
        coded = _CODED_ORG.match(text)
        if _NUMBER.match(text):
            table.number = text
        elif _SUBTITLE.match(text):
            table.title += text
        elif org and not _UNIT.match(text):
            table.org = org.group(1)
        elif coded:
            table.org_code, table.org = coded.group(1), coded.group(2)
    return table
