"""Clean topics of counts stated in prose: 公务接待批次, 因公出国团组, 绩效自评项目, 决算单位 …"""

from __future__ import annotations

import re

from .topics import SCOPES

_FILLER = {"累计", "共计", "合计", "共", "总计"}
_SCOPE_ITEM = re.compile(r"^(?:一级|二级)?项目(?:支出)?(?P<what>[^，。；、（(]*)")
_EVALUATED = re.compile(r"重点(?:绩效)?评价")
_RANGE = re.compile(r"^.*?范围(?:内)?的")
_EVENT_UNIT = {"批次": "批次", "人次": "人次", "个": "团组", "人": "人次"}


def count_topic(
    name: str | None, measure: str | None, unit: str, after: str, previous: str | None
) -> str | None:
    """A count's topic from its raw words (`name`, `measure`), the words `after` it and the previous count.

    "接待20批次" -> 公务接待批次; "因公出国（境）团组1个，累计1人次" -> 因公出国团组, 因公出国人次;
    "涵盖项目10个" (绩效目标管理) -> 绩效目标管理项目; "1个项目开展部门重点绩效评价" -> 重点绩效评价项目;
    "纳入…编制范围的决算单位" -> 决算单位.
    """
    if name in _FILLER or name is None:
        name = previous
    if name is None:
        return None
    if _EVALUATED.search(name) or _EVALUATED.search(_clause(after)):
        return "重点绩效评价项目"
    item = _SCOPE_ITEM.match(after)
    if name in SCOPES and ("项目" in (measure or "") or item):
        what = item.group("what").removeprefix("的") if item else ""
        return f"{name}项目" if what in ("", "中") else f"{what}的项目"
    event = _event(name)
    if event and unit in _EVENT_UNIT:
        return event + _EVENT_UNIT[unit]
    return _RANGE.sub("", name) or name


def fee_topic(count: str) -> str:
    """The 费 an amount after a count is about ("公务接待0批次，预算为0万元" -> 公务接待费), else `count`."""
    if count.startswith("公务接待"):
        return "公务接待费"
    if count.startswith("因公出国"):
        return "因公出国（境）费"
    return count


def _event(name: str) -> str | None:
    """公务接待 / 外事接待 / 国（境）外接待 / 因公出国 when a count's words name one."""
    if "外事接待" in name:
        return "外事接待"
    if re.search(r"国[（(]境[）)]外接待", name):
        return "国（境）外接待"
    if "接待" in name:
        return "公务接待"
    return "因公出国" if "出国" in name else None


def _clause(text: str) -> str:
    return re.split(r"[，,。；;]", text, maxsplit=1)[0]
