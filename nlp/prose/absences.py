"""What a document says it lacks: "未安排政府采购预算" -> 政府采购 0; "无重点绩效评价项目" -> 0 个."""

from __future__ import annotations

import re

_X = r"(?P<x>[^，。；、“”\d]{2,20}?)"
_NO = r"(?:没有|(?:(?<![\u4e00-\u9fff])|(?<=部门|单位|本局|我局))无)"  # 无 after 本部门 or a comma
_ABSENT = [
    re.compile(rf"(?:没有|未|无)使用{_X}(?:财政)?(?:拨款)?安排的?(?:支出|经费)"),
    re.compile(rf"{_NO}{_X}(?:财政拨款|决算拨款|预算拨款|拨款)(?:收支|收入|支出)"),
    re.compile(rf"(?:未安排|{_NO}){_X}预算(?![\u4e00-\u9fff]*(?:收入|支出|拨款))"),
    re.compile(rf"{_NO}{_X}项目(?=[，。；]|$)"),
    re.compile(r"未安排(?P<x>购置[^，。；]+?)(?=[，。；]|$)"),
]
_TRIM = re.compile(r"^(?:使用|安排)|(?:预算|财政|拨款)+$")
_SPELLING = {"政府基金": "政府性基金"}


def absences(sentence: str) -> list[tuple[str, str, str | None, int]]:
    """(topic, kind, unit, offset) of what a sentence says is absent: 金额 0 or, for 项目 and 购置, 数量 0."""
    out = []
    for k, pattern in enumerate(_ABSENT):
        for m in pattern.finditer(sentence):
            topic = _TRIM.sub("", m.group("x").strip())
            topic = _SPELLING.get(topic, topic)
            if k == 3:
                out.append((topic + "项目", "数量", "个", m.start()))
            elif k == 4:
                out.append((topic, "数量", None, m.start()))
            elif len(topic) >= 2:
                out.append((topic, "金额", None, m.start()))
    return out
