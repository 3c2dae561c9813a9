"""Which organisation each line speaks for: a document may hold a 部门 part and then 单位 parts."""

from __future__ import annotations

import re

from ..facts import DocumentInfo

# "威县医疗保障局(本级）2021年单位预算信息公开情况说明"
_PART = re.compile(
    r"^(?P<org>\S+?)\s*(?:\d{4}\s*年度?)?(?:部门|单位)(?:预算|决算)(?:信息)?公开(?:情况)?说明$"
)
_BRACKETS = str.maketrans("（）", "()")


def org_by_line(info: DocumentInfo, lines: list[str]) -> list[str]:
    """The organisation of every 0-based line: `info.org` until a part heading names another one."""
    known = {o.name.translate(_BRACKETS): o.name for o in info.organisations}
    current = info.org
    out = []
    for line in lines:
        m = _PART.match(line.strip())
        if m and not line.startswith("\t"):
            printed = m.group("org")
            current = known.get(printed.translate(_BRACKETS), printed)
        out.append(current)
    return out
