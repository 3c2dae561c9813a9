"""情况说明 -> Statement: amounts, shares, changes, 完成率 and counts stated in prose, with reasons."""

from __future__ import annotations

import re

from ..facts import Source, Statement
from .subjects import SubjectIndex
from .text import decimal, numbering, paragraphs, to_yuan

_CLAUSE = re.compile(r"[^，,；;。]+[，,；;。]?")
_AMOUNT = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)")
_PCT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*%")
_COUNT = re.compile(r"(?P<topic>[\u4e00-\u9fff]{1,12}?)\s*(?P<num>\d+)\s*(?P<unit>辆|个|台|人次|批次|项)")
_CHANGE = re.compile(r"(增加|增长|上升|减少|下降|降低)")
_FLAT = re.compile(r"持平|一致")
_NO_COMPARE = re.compile(r"无法与上年(?:比较|对比)")
_RATE = re.compile(r"完成(?:年初)?预算(?:数)?的\s*(?P<num>\d+(?:\.\d+)?)\s*%")
_REASON = re.compile(r"(?:主要原因(?:是|为)|原因是|主要是|主要由于)[:：]?(?P<reason>[^。]+)")
_YEAR = re.compile(r"(\d{4})\s*年度?")
_MEASURE = re.compile(r"(?:支出)?(年初预算(?:数)?|全年预算(?:数)?|预算数|决算(?:数)?|执行数)(?:为|是)?$")
_STRIP = re.compile(r"^(?:其中[：:]?|包括|主要|共|均|合计|为|本年度?|当年|与上年相比|比上年|较上年)+")
_TAIL = re.compile(r"(?:共计|合计|均为|各|为|是|达|安排)+$")
_SUBJECT = re.compile(r"[（(]项[）)]")
_UP = {"增加": "增加", "增长": "增加", "上升": "增加", "减少": "减少", "下降": "减少", "降低": "减少"}


def extract_statements(
    doc: str, lines: list[str], orgs: list[str], subjects: SubjectIndex
) -> list[Statement]:
    """Statements of every prose paragraph that states a number."""
    out: list[Statement] = []
    for para in paragraphs(lines):
        if not re.search(r"\d", para.text) or len(para.text) < 8 or para.text.startswith("-"):
            continue
        out += _paragraph(doc, lines, orgs, para, subjects)
    return out


def _paragraph(doc, lines, orgs, para, subjects: SubjectIndex) -> list[Statement]:
    """Clause by clause: the topic carries over; changes, shares and rates attach to it."""
    out: list[Statement] = []
    text = para.text
    item = numbering(text)
    body = item[2] if item else text
    subject = subjects.resolve(body) if _SUBJECT.search(body) else None
    named = re.findall(r"([^（）()]+?)[（(]项[）)]", body)
    topic = named[0] if named else None
    year = int(y.group(1)) if (y := _YEAR.search(text)) else None
    compared = "上年" if re.search(r"上年|与\d{4}年度?相比|较\d{4}年|比\d{4}年|同比", text) else None
    pos = len(text) - len(item[2]) if item else 0
    for m in _CLAUSE.finditer(text, pos):
        clause = m.group(0)
        line = para.line_at(m.start())

        def make(kind: str, line: int = line, topic: str | None = topic, **kw) -> Statement:
            src = Source(doc, line + 1, lines[line].strip())
            return Statement(
                orgs[line],
                kw.pop("topic", topic) or "",
                kind,
                src,
                year,
                text=text,
                subject_code=subject,
                **kw,
            )

        if (r := _REASON.search(clause)) and (pending := [s for s in out if s.kind in ("增减", "完成率")]):
            pending[-1].reason = pending[-1].reason or r.group("reason").strip(" ，,")
        if _NO_COMPARE.search(clause):
            out.append(make("增减", compared_to="上年"))
            continue
        amount, pct = _AMOUNT.search(clause), _PCT.search(clause)
        change = _CHANGE.search(clause)
        if (rate := _RATE.search(clause)) is not None:
            out.append(make("完成率", percent=decimal(rate.group("num")), unit="%", compared_to="年初预算"))
        elif change and (amount or pct):
            last = out[-1] if out else None
            if amount is None and last and last.kind == "增减" and last.percent is None:
                last.percent = decimal(pct.group("num"))
                continue
            own = _topic(clause[: change.start()])
            against = "年初预算" if "预算" in clause[: change.start()] and "上年" not in clause else compared
            out.append(
                make(
                    "增减",
                    topic=own or topic,
                    direction=_UP[change.group(1)],
                    compared_to=against,
                    amount_yuan=to_yuan(amount.group("num"), amount.group("unit")) if amount else None,
                    percent=decimal(pct.group("num")) if pct else None,
                    unit=amount.group("unit") if amount else "%",
                )
            )
        elif _FLAT.search(clause) and "上年" in clause:
            out.append(
                make(
                    "增减",
                    topic=_topic(clause.split("与上年")[0]) or topic,
                    direction="持平",
                    compared_to="上年",
                )
            )
        elif amount:
            prefix = clause[: amount.start()]
            measure = _MEASURE.search(prefix.strip())
            own = _topic(prefix[: measure.start()] if measure else prefix)
            topic = topic if named and (own is None or "（项）" in own) else own or topic
            out.append(
                make(
                    "金额",
                    topic=topic,
                    amount_yuan=to_yuan(amount.group("num"), amount.group("unit")),
                    unit=amount.group("unit"),
                    measure=measure.group(1) if measure else None,
                )
            )
        elif pct and "占" in clause:
            out.append(make("占比", percent=decimal(pct.group("num")), unit="%"))
        for c in _COUNT.finditer(clause):
            if not amount:
                own = _topic(re.split(r"共有|有|其中|涵盖|涉及|购置", c.group("topic"))[-1])
                out.append(make("数量", topic=own or topic, count=int(c.group("num")), unit=c.group("unit")))
    return out


def _topic(prefix: str) -> str | None:
    """What an amount is about, from the words before it: "2020 年收入预算为" -> "收入预算"."""
    text = _YEAR.sub("", prefix)
    text = re.split(r"[：:]", text)[-1]
    text = re.split(r"其中|包括|涉及|涵盖|共有|安排的|通过", text)[-1]
    text = _TAIL.sub("", _STRIP.sub("", text.strip(" ，,"))).strip(' ，,“”"')
    if text.startswith(("比", "较", "与")):
        return None
    return text if 2 <= len(text) <= 30 else None
