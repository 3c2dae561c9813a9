"""Budget subject codes (科目编码): rebuild full codes from split or abbreviated printings.

功能分类 codes are 3/5/7 digits (类/款/项) starting with 2; 经济分类 codes are 3/5 digits starting
with 3 (部门预算) or 5 (政府预算). Tables print them whole, split over 类/款/项 columns, or print only
the new level under its parent; `CodeContext` remembers the parents row by row.
"""

from __future__ import annotations

import re

_CODE_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*[-－—–]\s*(\S.*)$")
_LEVEL_WIDTH = (3, 2, 2)


def scheme_of(code: str) -> str | None:
    """The classification a full code belongs to: 功能 (2xx), 经济 (3xx/5xx), else None."""
    if len(code) in (3, 5, 7) and code[0] == "2":
        return "功能"
    if len(code) in (3, 5) and code[0] in "35":
        return "经济"
    return None


def split_code_name(cell: str) -> tuple[str, str] | None:
    """Split a "30101-基本工资" cell into code and name; None when the cell is not of that form."""
    match = _CODE_NAME.match(cell.replace(" ", ""))
    return (match.group(1), match.group(2)) if match else None


def is_code(cell: str) -> bool:
    """True for a printed code fragment or full code (2, 3, 5 or 7 digits)."""
    return cell.isdigit() and len(cell) in (2, 3, 5, 7)


class CodeContext:
    """Row-by-row state that turns printed code fragments into full codes."""

    def __init__(self) -> None:
        self._levels: list[str] = []  # the last full code's parts: 类, 款, 项

    def from_parts(self, parts: list[str]) -> str | None:
        """Full code from 类/款/项 columns, any of which may be blank (then inherited from the parent)."""
        given = [(i, p) for i, p in enumerate(parts[:3]) if p]
        if not given or not all(p.isdigit() for _, p in given):
            return None
        deepest = given[-1][0]
        levels = []
        for i in range(deepest + 1):
            part = parts[i] if i < len(parts) else ""
            if not part:
                if i >= len(self._levels):
                    return None
                part = self._levels[i]
            if len(part) != _LEVEL_WIDTH[i]:
                return None
            levels.append(part)
        self._levels = levels
        return "".join(levels)

    def from_cell(self, cell: str) -> str | None:
        """Full code from one code cell: a full code, or a 2-digit level printed under its parent."""
        if not is_code(cell):
            return None
        if len(cell) == 2:
            economic = bool(self._levels) and self._levels[0][0] in "35"
            depth = min(len(self._levels), 1 if economic else 2)
            if depth == 0:
                return None
            return self.from_parts(self._levels[:depth] + [cell])
        levels = [cell[:3]] + [cell[i : i + 2] for i in range(3, len(cell), 2)]
        self._levels = levels
        return cell
