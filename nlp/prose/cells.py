"""Reading 绩效 table cells: indicator level vocabulary and target values (comparator, number, unit)."""

from __future__ import annotations

import re
from decimal import Decimal

from .text import decimal

LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标", "产品指标", "成本指标"})
_LEVEL2 = re.compile(
    r"^(?:数量|质量|时效|成本|经济成本|经济效益|社会效益|生态效益|可持续影响|(?:社会公众或)?服务对象满意度)(?:指标?)?$"
)
_CMP = {"≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<", "＞": ">", "＜": "<", "＝": "="}
_UNIT = (
    r"%|‰|(?:万|亿)?(?:元|人次|人|家|件|个|次|台|辆|份|箱|天|月|年|户|起|项|笔|批|例)(?:/(?:人|年|次|户|天|份|箱))*"
    r"|万|亿"
)
_VALUE = re.compile(rf"^(?P<cmp>[≥≤=><＞＜＝])?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{_UNIT})?$")
_NOTE = re.compile(r"[（(][^）)]*[）)]$")
_INDICATOR_PREFIX = re.compile(r"^指标\s*\d*\s*[:：]\s*")


def level_of(cell: str) -> int | None:
    """1 or 2 when a cell names an indicator level (产出指标 / 数量指标 …), else None."""
    if cell in LEVEL1 - {"成本指标"}:
        return 1
    if cell == "成本指标" or _LEVEL2.match(cell):
        return 2 if cell != "成本指标" else 0
    return None


def parse_value(text: str) -> tuple[str | None, Decimal | None, str | None]:
    """Comparator, number and unit of a printed target such as "≥95%", "=67元/人", "550人次"."""
    m = _VALUE.match(_NOTE.sub("", text).strip())
    if m is None:
        return None, None, None
    return _CMP.get(m.group("cmp") or ""), decimal(m.group("num")), m.group("unit")


def indicator_name(cell: str) -> str:
    """A 三级指标 without its "指标1:" prefix."""
    return _INDICATOR_PREFIX.sub("", cell).strip()
