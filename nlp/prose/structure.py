"""机构设置 / 单位构成 -> Body: internal bodies, subordinate units and the units a budget covers."""

from __future__ import annotations

import re

from ..facts import Body, Source
from .text import CN_NUM, clean, cn_int, is_heading, numbering, paragraphs

_SECTION = re.compile(r"机构设置|单位构成|内设机构|机构情况")
_INTERNAL = re.compile(
    r"内设(?:[\d一二三四五六七八九十]+个)?(?:职能)?(?:科室|机构)?[，,]?(?:分别(?:是|为)[：:]?)?(?P<list>[^。；]*)"
)
_SUBORDINATE = re.compile(r"下属(?:二级)?单位[^。；]*?分别(?:是|为)[：:]?(?P<list>[^。；]*)")
_LIST_INTRO = re.compile(r"(?:包括|分别(?:是|为))[：:]$")
_NOTE = re.compile(r"[（(][^）)]*[）)]$")
_SPLIT = re.compile(r"、|及|和(?=[^、]*$)")
_UNIT_TABLE = ("单位名称", "单位性质", "单位规格")
_HEADER_CELL = re.compile(r"(?:名称|性质|规格|级别|类型|形式)$")


def extract_bodies(doc: str, lines: list[str], orgs: list[str]) -> list[Body]:
    """Bodies of every structure section, each once per organisation."""
    out: list[Body] = []
    for i, line in enumerate(lines):
        text = clean(line)
        if _SECTION.search(text) and len(text) <= 30 and not text.startswith("-"):
            if is_heading(text) or text.endswith(("：", ":", "。")):
                out += _section(doc, lines, i + 1, orgs[i])
    seen: set[tuple[str, str, str]] = set()
    return [b for b in out if (b.org, b.name, b.kind) not in seen and not seen.add((b.org, b.name, b.kind))]


def _section(doc: str, lines: list[str], start: int, org: str) -> list[Body]:
    """Bodies named between a structure heading and the next heading."""
    stop = next(
        (j for j in range(start, len(lines)) if is_heading(lines[j]) and not numbering_item(lines[j])),
        len(lines),
    )
    out = _from_unit_table(doc, lines, start, stop, org) + _from_numbered_rows(doc, lines, start, stop, org)
    kind = "预算单位"
    for para in paragraphs(lines, start, stop):
        src = Source(doc, para.starts[0][1] + 1, lines[para.starts[0][1]].strip())
        for m in _INTERNAL.finditer(para.text):
            out += [Body(org, n, "内设机构", None, None, src) for n in _names(m.group("list"))]
        for m in _SUBORDINATE.finditer(para.text):
            out += [Body(org, n, "下属单位", None, None, src) for n in _names(m.group("list"))]
        item = numbering(para.text)
        if _LIST_INTRO.search(para.text):
            kind = "内设机构" if "内设" in para.text else "下属单位" if "下属" in para.text else "预算单位"
        elif item and len(item[2]) <= 30 and not item[2].endswith("。"):
            out.append(Body(org, _NOTE.sub("", item[2]), kind, None, None, src))
    return out


def numbering_item(line: str) -> bool:
    """A numbered entry that belongs to a list ("（一）兰山区医疗保险事业中心"), not a section heading."""
    item = numbering(clean(line))
    return bool(item) and item[0] != "cn"


def _names(listed: str) -> list[str]:
    """Names of an enumeration "办公室（挂…牌子）、规划财务和法规科、…"; notes in brackets dropped."""
    names = [_NOTE.sub("", n.strip(" ，,：:")) for n in _SPLIT.split(listed)]
    return [n for n in names if 2 <= len(n) <= 30]


def _from_numbered_rows(doc: str, lines: list[str], start: int, stop: int, org: str) -> list[Body]:
    """Rows "1<TAB>name" of a 序号 | 单位名称 table: the units the budget covers."""
    out = []
    for j in range(start, stop):
        cols = [c.strip() for c in lines[j].split("\t")]
        if len(cols) == 2 and cols[0].isdigit() and cols[1]:
            out.append(
                Body(org, clean(cols[1]), "预算单位", None, None, Source(doc, j + 1, lines[j].strip()))
            )
    return out


def _from_unit_table(doc: str, lines: list[str], start: int, stop: int, org: str) -> list[Body]:
    """A one-cell-per-line 单位名称 | 单位性质 | 单位规格 … table: name, nature and rank of each unit."""
    cells = [(j, clean(lines[j])) for j in range(start, stop) if clean(lines[j])]
    names = [c for _, c in cells]
    if not all(h in names for h in _UNIT_TABLE):
        return []
    first = names.index(_UNIT_TABLE[0])
    width = next((k for k, c in enumerate(names[first:]) if not _HEADER_CELL.search(c)), len(names) - first)
    header = names[first : first + width]
    out = []
    rows = cells[first + width :]
    for k in range(0, len(rows) - len(header) + 1, len(header)):
        row = dict(zip(header, (c for _, c in rows[k : k + len(header)]), strict=True))
        j = rows[k][0]
        nature = row.get("单位性质")
        out.append(
            Body(
                org,
                row["单位名称"],
                "预算单位",
                row.get("单位规格"),
                nature,
                Source(doc, j + 1, lines[j].strip()),
            )
        )
    return out


_NO_UNITS = re.compile(r"无(?:下属|所属)(?:二级)?(?:预算)?单位")
_UNIT_COUNTS = [
    (re.compile(rf"(?:下属|所属)(?:二级)?(?:预算)?单位(?:共有|共|有)?(?P<n>\d+|[{CN_NUM}]+)个"), "下属单位"),
    (re.compile(rf"(?:下属|所属)(?P<n>\d+|[{CN_NUM}]+)个(?:二级)?(?:预算)?单位"), "下属单位"),
    (re.compile(rf"内设(?:了)?(?P<n>\d+|[{CN_NUM}]+)个(?:职能)?(?:科室|机构|部门)"), "内设机构"),
]


def unit_counts(sentence: str) -> list[tuple[str, int, int]]:
    """(topic, count, offset) of "无下属单位", "下属二级单位两个", "内设6个职能科室" in a sentence."""
    text = re.sub(r"\s+", "", sentence) if " " in sentence else sentence
    out = [("下属单位", 0, m.start()) for m in _NO_UNITS.finditer(text)]
    for pattern, topic in _UNIT_COUNTS:
        out += [
            (topic, n, m.start()) for m in pattern.finditer(text) if (n := cn_int(m.group("n"))) is not None
        ]
    return out
