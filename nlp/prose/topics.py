"""What a stated number is about: the words printed before it, cleaned to a topic and a measure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .subjects import SubjectIndex

# Budget terms users ask about, under one spelling each; the latest one named in a phrase wins.
_CANON = [
    (r"公务用车购置及运行(?:维护)?费", "公务用车购置及运行维护费"),
    (r"公务用车购置费", "公务用车购置费"),
    (r"公务用车运行(?:维护)?费", "公务用车运行维护费"),
    (r"因公出国[（(]境[）)]费", "因公出国（境）费"),
    (r"公务接待费", "公务接待费"),
    (r"会议费", "会议费"),
    (r"培训费", "培训费"),
    (r"机关运行经费", "机关运行经费"),
    (r"[“\"]?三公[”\"]?经费", "三公经费"),
    (r"政府采购货物", "政府采购货物"),
    (r"政府采购工程", "政府采购工程"),
    (r"政府采购服务", "政府采购服务"),
    (r"授予小微企业合同", "授予小微企业合同"),
    (r"(?<!采购)授予中小企业合同", "授予中小企业合同"),
    (r"货物采购授予中小企业合同", "货物采购授予中小企业合同"),
    (r"工程采购授予中小企业合同", "工程采购授予中小企业合同"),
    (r"服务采购授予中小企业合同", "服务采购授予中小企业合同"),
    (r"政府采购", "政府采购"),
    (r"固定资产", "固定资产"),
    (r"国有资产", "国有资产"),
    (r"绩效目标管理", "绩效目标管理"),
    (r"绩效自评", "绩效自评"),
]
_CANON_RE = [(re.compile(p), name) for p, name in _CANON]
SCOPES = ("绩效目标管理", "绩效自评")  # a sentence about these: every number in it belongs to them
_MEASURE = re.compile(
    r"(?P<m>年初预算数?|全年预算数?|调整预算数?|预算调整数|预算数?|决算数?|执行数|预算资金)"
    r"(?:为|是|共|共计|合计|安排|总额)*$"
)
_MEASURE_NAME = {"年初预算": "年初预算数", "全年预算": "全年预算数", "调整预算": "调整预算数"}
_MEASURE_NAME |= {"预算": "预算数", "决算": "决算数"}
_GENERIC = {"", "收入", "支出", "收支", "收、支", "财政拨款收入", "财政拨款支出"}
_NAMED_BUDGET = re.compile(r"(?:一般公共|政府性基金|国有资本经营)预算$")  # 预算 is part of the name
_DATE = re.compile(r"(?:截至|截止)?\d{4}\s*年度?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:末|底)?")
_LAST_YEAR = re.compile(r"^上年(?:度|末|底)?(?!结转|结余)")
_LEAD = re.compile(
    r"^(?:其中|包括|主要包括|主要|合计|共计|本年度?|当年|全年|本级|[我本](?:部门|单位|局)|局机关的?|局本级"
    r"|[“\"]|通过|使用|全面|拟|安排的?|内设|的|支出(?=[和及、])|[和及、])+"
)
_ORG = re.compile(r"^[\u4e00-\u9fff（）()]{2,24}?(?:局|中心)(?:[（(](?:本级|含所属单位)[）)])?(?:机关)?的?")
_SPLIT = re.compile(r"其中|包括|涉及|涵盖|共有|拥有|安排的|财政拨款安排|通过")
_TAIL = re.compile(r"(?:共计|均为|总额为|为|是|达|各|安排|共|了)+$")
_LEVEL = re.compile(r"([^（）()、，]+?)[（(](类|款|项)[）)]")
_CLAUSE_END = re.compile(r"[，,：:；;]")


@dataclass
class Topic:
    """A cleaned topic, the figure the number is (年初预算数, 决算数 …), a year shift (上年 = -1), a 科目."""

    name: str | None
    measure: str | None = None
    shift: int = 0
    subject_code: str | None = None


def topic_of(phrase: str, subjects: SubjectIndex, scope: str | None = None) -> Topic:
    """The topic of the words before a number: "2020 年收入预算为" -> 收入预算; "年初预算数为" -> measure."""
    phrase = _CLAUSE_END.split(phrase)[-1].strip(" 、和及")
    if _LEVEL.search(phrase):
        return _subject_topic(phrase, subjects)
    phrase = _unowned(_LEAD.sub("", next((p for p in reversed(_DATE.split(phrase)) if p.strip()), "")))
    last_year = _LAST_YEAR.search(phrase)
    shift = -1 if last_year else 0
    phrase = _LAST_YEAR.sub("", phrase)
    canon = _canonical(phrase)
    if canon:
        name, tail = canon
        at_end = "上年末" if last_year and last_year.group(0)[-1] in "末底" else None
        return Topic(name, _measure(tail) or at_end, shift)
    name, measure = _split_measure(_clean(phrase))
    if scope and (name is None or not _canonical(name)):
        detail = name or measure
        return Topic(scope, detail if detail and len(detail) <= 10 else None, shift)
    return Topic(name if name and 2 <= len(name) <= 30 else None, measure, shift)


def scope_of(sentence: str) -> str | None:
    """The topic a whole sentence is about when it names one (绩效目标管理 …)."""
    return next((s for s in SCOPES if s in sentence), None)


def _canonical(phrase: str) -> tuple[str, str] | None:
    """The latest budget term named in `phrase` and the words after it."""
    found = [
        (m.start(), len(m.group(0)), name, phrase[m.end() :])
        for r, name in _CANON_RE
        for m in r.finditer(phrase)
    ]
    if not found:
        return None
    _, _, name, tail = max(found, key=lambda f: (f[0], f[1]))
    return name, tail


def _subject_topic(phrase: str, subjects: SubjectIndex) -> Topic:
    """A phrase naming a 科目: its deepest level is the topic, the code resolved from the tables."""
    levels = list(_LEVEL.finditer(phrase))
    last = levels[-1]
    name = _LEAD.sub("", last.group(1).strip())
    return Topic(name, _measure(phrase[last.end() :]), 0, subjects.resolve(phrase))


def _clean(phrase: str) -> str:
    """Fillers, organisation names and framing words removed: "我部门机关运行经费共计安排" -> 机关运行经费."""
    text = _unowned(_LEAD.sub("", next((p for p in reversed(_SPLIT.split(phrase)) if p.strip()), "")))
    return _TAIL.sub("", text).strip(' 、“”"（(')


def _unowned(text: str) -> str:
    """A leading organisation name removed: "某某局（含所属单位）上年末固定资产" -> 上年末固定资产."""
    org = _ORG.match(text)
    return _LEAD.sub("", text[org.end() :]) if org and len(text) - org.end() >= 2 else text


def _split_measure(text: str) -> tuple[str | None, str | None]:
    """A trailing figure word split off unless a bare 收入/支出 would remain: "培训费预算" -> 培训费."""
    m = _MEASURE.search(text)
    if m is None:
        return text or None, None
    rest = text[: m.start()].strip()
    if rest in _GENERIC - {""} and m.group("m") == "预算" or _NAMED_BUDGET.search(rest + m.group("m")):
        return _TAIL.sub("", text), None
    if rest.endswith("支出") and (rest == "支出" or rest[:-2].endswith("费")):
        rest = rest[:-2]
    return rest or None, _MEASURE_NAME.get(m.group("m"), m.group("m"))


def _measure(tail: str) -> str | None:
    """The figure word after a topic ("支出决算为" -> 决算数), None when there is none."""
    m = _MEASURE.search(tail.strip())
    return _MEASURE_NAME.get(m.group("m"), m.group("m")) if m else None
