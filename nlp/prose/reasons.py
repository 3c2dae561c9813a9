"""Reasons stated without a number: "收支预算增加的主要原因，一是…；二是…" -> 原因 of 收支预算."""

from __future__ import annotations

import re

from .subjects import SubjectIndex
from .topics import topic_of

_ENUMERATED = re.compile(r"^[：:，,\s]*(?:一是|一、|[（(]一[）)]|1[.、．])")
_CHANGE = re.compile(
    r"(?P<what>[^，。；]*?)(?P<dir>增加|增长|上升|减少|下降|降低|大于|超过|高于|小于|低于|持平|一致|变化|变动)"
    r"(?P<base>[^，。；]*?)(?:的)?(?:主要)?$"
)
_DIRECTION = {"增加": "增加", "增长": "增加", "上升": "增加", "大于": "增加", "超过": "增加", "高于": "增加"}
_DIRECTION |= {"减少": "减少", "下降": "减少", "降低": "减少", "小于": "减少", "低于": "减少"}
_DIRECTION |= {"持平": "持平", "一致": "持平"}


def enumerated(after: str) -> bool:
    """A reason listing its parts (一是…；二是…): it runs to the end of the sentence, not the first ；."""
    return _ENUMERATED.match(after) is not None


def reason_of(
    head: str, marker: str, topic: str | None, subjects: SubjectIndex
) -> tuple[str, str | None, str] | None:
    """(topic, direction, compared_to) of a reason after `head` and `marker`, when `head` names a change.

    "本年收入增加" -> (收入, 增加, 上年); "决算数大于预算数" -> (`topic`, 增加, 预算);
    None for a reason of no change ("发现的问题及原因：") or one opened by 由于 (it explains what follows).
    """
    if marker == "由于":
        return None
    m = _CHANGE.search(head.rstrip("，,的 "))
    if m is None:
        return None
    own = topic_of(m.group("what"), subjects).name
    name = own if own and not re.fullmatch(r"(?:年初)?(?:预算|决算)数?", own) else topic
    if not name:
        return None
    compared = "上年"
    if re.search(r"预算", m.group("base")):
        compared = "年初预算" if "年初" in m.group("base") else "预算"
    return name, _DIRECTION.get(m.group("dir")), compared
