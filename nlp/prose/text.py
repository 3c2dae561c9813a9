"""Shared text helpers for prose extraction: cleaning cells, numbering, numbers with units, headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
CN_DIGITS |= {"八": 8, "九": 9}
CN_NUM = "一二三四五六七八九十〇零两"

_TAG = re.compile(r"<[^>]+>")
_LATEX = re.compile(r"\$([^$]*)\$")
_LATEX_CMD = {r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤", r"\%": "%", r"\times": "×"}
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff（）“”、：:])\s+(?=[\u4e00-\u9fff（）“”、：:])")
_NUM_SPACE = re.compile(r"(?<=\d)\s+(?=[\u4e00-\u9fff%])|(?<=[\u4e00-\u9fff≥≤=><])\s+(?=\d)")
_ANGLE_SIGN = re.compile(r"[》《]\s*\d")
_NAMES_LEVEL = re.compile(r"[（(][类款项][）)]")

# "（一）" "(十二)" "一、" "1." "1、" "1．" "- 1、" at the start of a line
NUMBERING = re.compile(
    rf"^\s*(?:-\s*)?(?:[（(](?P<paren>[{CN_NUM}]+)[）)]|(?P<cn>[{CN_NUM}]+)、|(?P<ar>\d{{1,2}})\s*(?:[、.．](?!\d)))\s*"
)
HEADING = re.compile(rf"^\s*(?:第[{CN_NUM}]+部分|[{CN_NUM}]+、|[（(][{CN_NUM}]+[）)])")
AMOUNT = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)")
PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*%")
SENTENCE_END = "。！？；：:;"


def cn_int(text: str) -> int | None:
    """A Chinese numeral up to 99 (一, 十, 十二, 二十三) or Arabic digits as an int."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def numbering(line: str) -> tuple[str, int, str] | None:
    """The numbering of an item line as (style, number, rest), e.g. ("paren", 10, "负责…")."""
    m = NUMBERING.match(line)
    if not m:
        return None
    style = next(k for k in ("paren", "cn", "ar") if m.group(k))
    number = cn_int(m.group(style))
    return None if number is None else (style, number, line[m.end() :].strip())


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """A printed cell or sentence without HTML tags, LaTeX remnants, stray quotes and layout spaces.

    Cached: every prose reader cleans the same lines."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "$" in text:
        text = _LATEX.sub(lambda m: _latex(m.group(1)), text)
    text = text.replace("》", "≥").replace("《", "≤") if _ANGLE_SIGN.search(text) else text
    text = text.replace("\u3000", " ").strip().strip('"').strip()
    text = _CJK_SPACE.sub("", text)
    return _NUM_SPACE.sub("", text).strip()


def _latex(body: str) -> str:
    """`\\geq 95\\%` -> `≥95%`."""
    for cmd, sign in _LATEX_CMD.items():
        body = body.replace(cmd, sign)
    return body.replace(" ", "")


def decimal(text: str) -> Decimal | None:
    """A printed number (commas allowed) as Decimal, None if it is not one."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def to_yuan(number: str, unit: str) -> Decimal | None:
    """Printed number and unit (元, 万元, 万) as an exact amount in 元."""
    value = decimal(number)
    if value is None:
        return None
    return value * 10000 if unit.startswith("万") else value


@lru_cache(maxsize=1 << 16)
def is_heading(line: str) -> bool:
    """A short numbered heading line (一、… （二）… 第三部分), not a long numbered sentence (cached)."""
    text = line.strip()
    short = len(text) <= 15 or not text.endswith("。")
    names_subject = _NAMES_LEVEL.search(text) is not None
    return (
        bool(HEADING.match(text))
        and len(text) <= 40
        and "\t" not in line.strip()
        and short
        and not names_subject
    )


@dataclass
class Paragraph:
    """Wrapped lines joined into one text; `starts` maps character offsets back to 0-based lines."""

    text: str
    starts: list[tuple[int, int]]  # (offset in text, 0-based line index)

    def line_at(self, offset: int) -> int:
        """The 0-based line on which the character at `offset` was printed."""
        return max((line for pos, line in self.starts if pos <= offset), default=self.starts[0][1])


def paragraphs(lines: list[str], start: int = 0, stop: int | None = None) -> list[Paragraph]:
    """Paragraphs of the tab-free lines in [start, stop), wrapped lines joined.

    A line continues the previous one when that one does not end a sentence and this one is not numbered.
    """
    out: list[Paragraph] = []
    open_ = False
    for i in range(start, len(lines) if stop is None else stop):
        raw = lines[i]
        text = clean(raw)
        if not text:
            continue
        if "\t" in raw.strip():
            open_ = False
            continue
        if open_ and out and not NUMBERING.match(text) and not is_heading(text):
            out[-1].starts.append((len(out[-1].text), i))
            out[-1].text += text
        else:
            out.append(Paragraph(text, [(0, i)]))
        open_ = text[-1] not in SENTENCE_END and not is_heading(text)
    return out
