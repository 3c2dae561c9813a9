"""情况说明 -> Statement: one per number a sentence states (amount, share, change, 完成率, count).

A sentence is read left to right. Every number is an event; the words since the previous event name
its topic (cleaned in `topics`), or the topic carries over from the number before. Years printed in
the sentence date the numbers after them; comparison years (与2022年相比) and years inside reasons do
not. A reason (主要原因是…, 主要是…, 由于…) goes to the latest change or 完成率 still without one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..facts import Source, Statement
from .absences import absences
from .counts import count_topic, fee_topic
from .reasons import enumerated, reason_of
from .structure import unit_counts
from .subjects import SubjectIndex
from .text import Paragraph, decimal, is_heading, numbering, paragraphs, to_yuan
from .topics import Topic, scope_of, topic_of

_NUM = r"\d[\d,]*(?:\.\d+)?"
_EVENT = re.compile(
    rf"(?P<rate>完成(?:年初|全年)?预算数?的\s*(?P<rate_n>{_NUM})\s*%)"
    r"|(?P<nocmp>无法与上年度?(?:比较|对比|相比))"
    r"|(?P<flat>(?:与|较|比)上年度?(?:预算|决算)?数?(?:基本)?(?:持平|一致))"
    rf"|(?P<change>增加|增长|上升|减少|下降|降低)了?\s*(?P<change_n>{_NUM})\s*(?P<change_u>万元|元|%)"
    rf"|占比?(?P<base>[^\d，。；%]{{0,20}}?)的?\s*(?P<share_n>{_NUM})\s*%"
    rf"|(?<![\d.])(?P<amount_n>{_NUM})\s*(?P<amount_u>万元|元)(?!\s*(?:[（(]含[）)])?及?(?:以上|以下))"
    r"|(?<![\d.\-/])(?P<count_n>\d+)\s*[（(]?(?P<count_u>人次|批次|辆|个|台|套|件|项|家|笔|人)"
)
_REASON = re.compile(r"主要原因(?:是|为|(?=[，,：:]))|原因(?:是|为)|主要是由于|主要由于|主要是|由于")
_REASON_LEAD = re.compile(rf"^(?:{_REASON.pattern}|[：:，,\s])+")
_REASON_END = {"由于": "，,；;"}
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(?:度)?")
_CMP = re.compile(
    r"(?:与|较|比|同比)\s*(?P<what>上年度?|\d{4}\s*年度?|年初|全年)?(?P<fig>预算数?|决算数?)?\s*(?:相比|比较)?"
)
_CMP_YEAR = re.compile(r"(?:与|较|比|同)\s*$")
_YOY = re.compile(r"同比\s*$")
_DOC_YEAR = re.compile(r"(\d{4})\s*年度?\s*(?:部门|单位)(?:预算|决算)")
_UP = {"增加": "增加", "增长": "增加", "上升": "增加", "减少": "减少", "下降": "减少", "降低": "减少"}
_TARGET = re.compile(r"指标值|完成值")  # performance targets: read with the performance tables
_ZERO = {"金额": {"amount_yuan": Decimal(0)}, "数量": {"count": 0}}  # what an absence states
_AFTER_NOUN = re.compile(r"[\u4e00-\u9fff]{2,12}?(?=[，。；、：（(]|中|$)")


@dataclass
class _Context:
    """What numbers without their own topic are about: the last topic and 科目 named."""

    topic: str | None = None
    subject: str | None = None
    pending: list[Statement] = field(default_factory=list)  # changes and 完成率 awaiting a reason
    said: str = ""  # the sentence that named `topic`
    header: bool = False  # the last sentence only named a 科目: its numbers follow in the next paragraph


def extract_statements(
    doc: str, lines: list[str], orgs: list[str], subjects: SubjectIndex, year: int | None = None
) -> list[Statement]:
    """Statements of every prose sentence that states a number; `year` defaults to the title's year."""
    reader = _Reader(doc, lines, orgs, subjects, year or document_year(lines))
    for para in paragraphs(lines):
        reader.paragraph(para)
    return reader.out


def document_year(lines: list[str]) -> int | None:
    """The year most titles print ("2020年部门预算…"), None when none does."""
    years = Counter(m.group(1) for line in lines for m in _DOC_YEAR.finditer(line))
    return int(years.most_common(1)[0][0]) if years else None


class _Reader:
    """Reads paragraphs in order; a topic carries within a paragraph, and past a bare 科目 header line."""

    def __init__(self, doc: str, lines: list[str], orgs: list[str], subjects: SubjectIndex, year: int | None):
        self.doc, self.lines, self.orgs, self.subjects, self.year = doc, lines, orgs, subjects, year
        self.out: list[Statement] = []
        self.ctx = _Context()

    def paragraph(self, para: Paragraph) -> None:
        """Every sentence of a prose paragraph; a heading resets the context."""
        if is_heading(para.text) or para.text.startswith("-") and len(para.text) < 20:
            self.ctx = _Context()
            return
        if not self.ctx.header:
            self.ctx.topic = self.ctx.subject = None
        self.ctx.pending, self.ctx.header = [], False
        item = numbering(para.text)
        pos = len(para.text) - len(item[2]) if item else 0
        for m in re.finditer(r"[^。！？]+[。！？]?", para.text[pos:]):
            self.sentence(para, pos + m.start(), m.group(0))

    def sentence(self, para: Paragraph, start: int, text: str) -> None:
        """The statements of one sentence at `start` in the paragraph: events and reasons in order."""
        spans = _reason_spans(text)
        named = _subject_named(text)
        if named:
            topic = topic_of(named, self.subjects)
            self.ctx.topic, self.ctx.subject, self.ctx.said = topic.name, topic.subject_code, text
        self.ctx.header = named == text
        state = _Sentence(text, spans, scope_of(_outside(text, spans)))
        items = [(m.start(), m) for m in _EVENT.finditer(text) if not _inside(m.start(), spans)]
        items += [(a, (a, b, reason)) for a, b, reason in spans]
        for _, item in sorted(items, key=lambda i: i[0]):
            if isinstance(item, tuple):
                self.reason(item, state)
            else:
                self.event(para, start, state, item)
        for topic, count, offset in unit_counts(text):
            st = Statement("", topic, "数量", None, self.year, count=count, unit="个")
            self.add(para, start + offset, state, st)
        for topic, kind, unit, offset in absences(text):
            if _inside(offset, spans):
                continue
            year = state.year_at(offset, self.year)
            st = Statement("", topic, kind, None, year, unit=unit, **_ZERO[kind])
            self.add(para, start + offset, state, st)
        if state.orphan:
            self.unattached(para, start, state)

    def unattached(self, para: Paragraph, start: int, state: _Sentence) -> None:
        """A reason no change of the sentence took: a 原因 of the change its own words name, if any."""
        at = state.orphan_at
        marker = _REASON.match(state.text, at)
        found = reason_of(state.text[:at], marker.group(0) if marker else "", self.ctx.topic, self.subjects)
        if found:
            topic, direction, compared = found
            year = state.year_at(at, self.year)
            st = Statement("", topic, "原因", None, year, direction=direction, compared_to=compared)
            st.reason = state.orphan
            self.add(para, start + at, state, st)

    def event(self, para: Paragraph, start: int, state: _Sentence, m: re.Match) -> None:
        """One number: its topic, year and kind."""
        phrase = state.text[state.end : m.start()]
        state.end = m.end()
        if _TARGET.search(phrase):
            return
        topic = topic_of(_CMP.sub("", phrase), self.subjects, state.scope)
        kind = _kind(m)
        if kind == "数量":
            topic = _count_topic(topic, state, state.text[m.end() :], m.group("count_u"))
            if topic is None:
                return
            self.ctx.topic, self.ctx.subject, self.ctx.said = fee_topic(topic.name), None, state.text
        elif topic.name:
            self.ctx.topic, self.ctx.subject, self.ctx.said = topic.name, topic.subject_code, state.text
            state.lead = state.lead or topic.name
        year = state.year_at(m.start(), self.year)
        st = Statement(
            "",
            (topic.name if kind == "数量" else self.ctx.topic) or "",
            kind,
            None,
            year + topic.shift if year else None,
            subject_code=None if kind == "数量" else self.ctx.subject,
            measure=topic.measure,
        )
        if st.topic and self.fill(st, m, state):
            self.add(para, start + m.start(), state, st)

    def fill(self, st: Statement, m: re.Match, state: _Sentence) -> bool:
        """Kind-specific fields; False when the number only completes the previous statement."""
        compared = _compared(state.text[: m.start()])
        if st.kind == "nocmp":
            st.kind, st.compared_to = "增减", "上年"
        elif st.kind == "flat":
            st.kind, st.direction, st.compared_to = "增减", "持平", "上年"
        elif st.kind == "rate":
            st.kind, st.percent, st.unit = "完成率", decimal(m.group("rate_n")), "%"
            st.compared_to = "年初预算" if "年初" in m.group(0) else "预算"
        elif st.kind == "增减":
            return self.change(st, m, state, compared)
        elif st.kind == "占比":
            st.percent, st.unit = decimal(m.group("share_n")), "%"
            st.compared_to = m.group("base").strip() or (state.lead if state.lead != st.topic else None)
        elif st.kind == "金额":
            st.amount_yuan, st.unit = to_yuan(m.group("amount_n"), m.group("amount_u")), m.group("amount_u")
        else:
            st.count, st.unit = int(m.group("count_n")), m.group("count_u")
        return True

    def change(self, st: Statement, m: re.Match, state: _Sentence, compared: str) -> bool:
        """An increase or decrease; a bare percent right after an amount change completes that one.

        A 同比 change printed after an earlier year's figure compares the sentence's first amount with it.
        """
        unit = m.group("change_u")
        value = decimal(m.group("change_n")) if unit == "%" else to_yuan(m.group("change_n"), unit)
        last = state.last
        if unit == "%" and last and last.kind == "增减" and last.percent is None and last.topic == st.topic:
            last.percent = value
            return False
        head = state.head
        if _YOY.search(state.text[: m.start()]) and head and last and head.topic != st.topic:
            if last.kind == "金额" and last.year and head.year and last.year < head.year:
                st.topic, st.year, st.subject_code = head.topic, head.year, head.subject_code
        st.direction, st.compared_to, st.unit = _UP[m.group("change")], compared, unit
        if unit == "%":
            st.percent = value
        else:
            st.amount_yuan = value
        return True

    def add(self, para: Paragraph, offset: int, state: _Sentence, st: Statement) -> None:
        """Source, organisation and text of `st` (plus the sentence naming its topic), then keep it."""
        line = para.line_at(offset)
        carried = st.topic == self.ctx.topic and self.ctx.said not in ("", state.text)
        text = self.ctx.said + state.text if carried else state.text
        st.source, st.org, st.text = (
            Source(self.doc, line + 1, self.lines[line].strip()),
            self.orgs[line],
            text,
        )
        self.out.append(st)
        state.last = st
        if st.kind == "金额" and state.head is None:
            state.head = st
        if st.kind in ("增减", "完成率"):
            st.reason, state.orphan = state.orphan, None
            self.ctx.pending.append(st)

    def reason(self, span: tuple[int, int, str], state: _Sentence) -> None:
        """A reason goes to the latest change or 完成率 of the paragraph without one; 由于… to the next."""
        waiting = [s for s in self.ctx.pending if s.reason is None]
        if not span[2]:
            return
        if waiting and not state.text[span[0] :].startswith("由于"):
            waiting[-1].reason = span[2]
        else:
            state.orphan, state.orphan_at = span[2], span[0]


@dataclass
class _Sentence:
    """Reading state of one sentence: reasons, the last event end, the lead topic and the last statement."""

    text: str
    spans: list[tuple[int, int, str]]
    scope: str | None
    end: int = 0
    lead: str | None = None
    counted: str | None = None  # topic of the sentence's last count
    last: Statement | None = None
    head: Statement | None = None  # the sentence's first amount
    orphan: str | None = None  # a reason printed before the change it explains (由于…，无法与上年比较)
    orphan_at: int = 0  # where that reason's marker starts

    def year_at(self, pos: int, default: int | None) -> int | None:
        """The last year printed before `pos` that dates numbers (not a comparison, not in a reason)."""
        found = default
        for m in _YEAR.finditer(self.text, 0, pos):
            if _inside(m.start(), self.spans) or _CMP_YEAR.search(self.text[: m.start()]):
                continue
            if re.match(r"\s*(?:相比|同期|比较)", self.text[m.end() :]):
                continue
            found = int(m.group(1))
        return found


def _kind(m: re.Match) -> str:
    """The kind of an event: 增减, 占比, 金额, 数量, or the raw name of a rate or comparison event."""
    kinds = {"rate": "rate", "nocmp": "nocmp", "flat": "flat", "change": "增减", "share_n": "占比"}
    kinds |= {"amount_n": "金额", "count_n": "数量"}
    return next(kind for group, kind in kinds.items() if m.group(group) is not None)


def _count_topic(topic: Topic, state: _Sentence, after: str, unit: str) -> Topic | None:
    """A count's topic: its own words, the noun after it ("内设6个职能科室") or the last count's, cleaned."""
    if topic.name is None or len(topic.name) < 2 or topic.name[-1] in "设属及等":
        noun = _AFTER_NOUN.match(after)
        topic.name = noun.group(0) if noun else state.counted
    cleaned = count_topic(topic.name, topic.measure, unit, after, state.counted)
    if cleaned != topic.name:
        topic.name, topic.measure = cleaned, None
    state.counted = topic.name
    return topic if topic.name else None


def _compared(before: str) -> str:
    """What a change compares against: the last comparison printed before it (上年 by default)."""
    last = None
    for m in _CMP.finditer(before):
        if m.group("what") or m.group("fig"):
            last = m
    if last is None or last.group("what") not in (None, "年初", "全年"):
        return "上年"
    return "年初预算" if last.group("what") == "年初" else "预算"


def _reason_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of each reason clause: from its marker to the end of the clause."""
    spans: list[tuple[int, int, str]] = []
    for m in _REASON.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        stops = "。" if enumerated(text[m.end() :]) else _REASON_END.get(m.group(0), "；;。")
        end = next((i for i in range(m.end(), len(text)) if text[i] in stops), len(text))
        reason = _REASON_LEAD.sub("", text[m.end() : end]).strip(" ：:，,")
        spans.append((m.start(), end, reason))
    return spans


def _inside(pos: int, spans: list[tuple[int, int, str]]) -> bool:
    return any(a <= pos < b for a, b, _ in spans)


def _outside(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence without its reason clauses."""
    for a, b, _ in reversed(spans):
        text = text[:a] + text[b:]
    return text


def _subject_named(text: str) -> str | None:
    """The 科目 a sentence names before its first number ("…信息化建设（项）。"), if any."""
    first = _EVENT.search(text)
    head = text[: first.start()] if first else text
    return head if re.search(r"[（(]项[）)]", head) else None
