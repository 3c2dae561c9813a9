"""部门概况 / 机构设置 / 单位构成 -> 说明 Statements: 级别, 预算级次, 隶属, 性质, 经费保障形式, 构成."""

from __future__ import annotations

import re

from ..facts import Body, Source, Statement
from .text import clean, is_heading, paragraphs

_SECTION = re.compile(r"概况|机构设置|单位构成|内设机构|基本情况")
_FACTS = [
    ("级别", re.compile(r"(?P<v>[正副](?:厅|局|处|县|科|股)级)")),
    ("预算级次", re.compile(r"(?:为|是|属于)(?P<parent>[^，。；]{2,30}?)的?(?P<v>[一二三]级预算单位)")),
    ("隶属", re.compile(r"隶属(?:于)?(?P<v>[^，。；]{2,30})")),
    ("性质", re.compile(r"(?P<v>参照公务员法管理的?(?:事业单位)?)")),
    ("构成", re.compile(r"(?:部门|单位)(?:预算|决算)(?:单位)?[^。：:；]*?(?:包括|包含)(?P<v>[^。：:；]+)")),
]
_TABLE = {"级别": "rank", "性质": "nature"}


def extract_profile(doc: str, lines: list[str], orgs: list[str], bodies: list[Body]) -> list[Statement]:
    """说明 statements of the profile sections' sentences and of the unit table's 单位性质 / 单位规格."""
    out = [st for start, stop in _sections(lines) for st in _sentences(doc, lines, orgs, start, stop)]
    for body in bodies:
        for topic, attr in _TABLE.items():
            value = getattr(body, attr)
            if value and body.kind == "预算单位":
                text = f"{body.name}：单位性质{body.nature or ''}，单位规格{body.rank or ''}"
                out.append(_said(orgs[body.source.line - 1], topic, value, body.source, text))
    return out


def _sections(lines: list[str]) -> list[tuple[int, int]]:
    """[start, stop) of every profile section: from a heading naming one to the next other heading."""
    out: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(lines):
        text = clean(line)
        if not text or text.startswith("-") or "\t" in line.strip():
            continue
        named = _SECTION.search(text) and len(text) <= 30
        if named and (is_heading(text) or text.endswith(("：", ":", "。")) or len(text) <= 8):
            if start is None:
                start = i + 1
        elif is_heading(text) and start is not None:
            out.append((start, i))
            start = None
    return out + ([(start, len(lines))] if start is not None else [])


def _sentences(doc: str, lines: list[str], orgs: list[str], start: int, stop: int) -> list[Statement]:
    out = []
    for para in paragraphs(lines, start, stop):
        if any(lines[i].startswith("\t") for _, i in para.starts):
            continue  # a one-cell-per-line table: read through its Body
        for s in re.finditer(r"[^。！？]+[。！？]?", para.text):
            sentence = s.group(0)
            for topic, pattern in _FACTS:
                for m in pattern.finditer(sentence):
                    line = para.line_at(s.start() + m.start())
                    src = Source(doc, line + 1, lines[line].strip())
                    value = m.group("v").strip()
                    out.append(_said(orgs[line], topic, value, src, sentence))
                    if "parent" in pattern.groupindex:
                        out.append(_said(orgs[line], "隶属", m.group("parent"), src, sentence))
    return out


def _said(org: str, topic: str, value: str, source: Source, text: str) -> Statement:
    st = Statement(org, topic, "说明", source, text=text)
    st.value = value
    return st
