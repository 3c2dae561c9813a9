"""人员编制 / 实有人数 -> StaffCount: totals by category and the counts listed after 其中."""

from __future__ import annotations

import re

from ..facts import Source, StaffCount
from .text import paragraphs

_AS_OF = re.compile(r"截[止至]\s*(\d{4}\s*年\s*(?:底|末|\d{1,2}\s*月\s*\d{1,2}\s*日))")
_TOTAL = re.compile(
    r"(?P<label>人员编制|编制人数|编制|实有人员|实有人数|离退休人员|退休人员|离休人员)(?:数)?(?:为|共)?\s*(?P<n>\d+)\s*(?:人|名)"
)
_PART = re.compile(r"(?P<kind>[\u4e00-\u9fff]+?)\s*(?P<n>\d+)\s*(?:人|名)")
_CATEGORY = {"人员编制": "编制", "编制人数": "编制", "编制": "编制", "实有人员": "实有", "实有人数": "实有"}


def extract_staff(doc: str, lines: list[str], orgs: list[str]) -> list[StaffCount]:
    """Head counts from sentences that state 编制 or 实有 numbers, clause by clause (split at ；)."""
    out: list[StaffCount] = []
    for para in paragraphs(lines):
        if not _TOTAL.search(para.text):
            continue
        as_of = _AS_OF.search(para.text)
        stamp = re.sub(r"\s+", "", as_of.group(1)) if as_of else None
        offset = 0
        for clause in re.split(r"(?<=[；;。])", para.text):
            out += _clause(doc, lines, orgs, para, clause, offset, stamp)
            offset += len(clause)
    return out


def _clause(doc, lines, orgs, para, clause: str, offset: int, stamp: str | None) -> list[StaffCount]:
    """The total of one clause ("编制 49 人") and its 其中 parts ("行政编制 6 人、事业编制 43 人")."""
    total = _TOTAL.search(clause)
    if total is None:
        return []
    line = para.line_at(offset + total.start())
    src = Source(doc, line + 1, lines[line].strip())
    category = _CATEGORY.get(total.group("label"), total.group("label"))
    out = [StaffCount(orgs[line], category, "合计", int(total.group("n")), src, stamp)]
    _, _, parts = clause[total.end() :].partition("其中")
    for m in _PART.finditer(parts):
        kind = m.group("kind").lstrip("：:，,、")
        line = para.line_at(offset + total.end() + clause[total.end() :].index("其中") + 2 + m.start())
        out.append(
            StaffCount(
                orgs[line],
                category,
                kind,
                int(m.group("n")),
                Source(doc, line + 1, lines[line].strip()),
                stamp,
            )
        )
    return out
