"""主要职责 -> Duty: every numbered duty under a 职责/职能 heading, with jieba content-word keywords."""

from __future__ import annotations

import re
from functools import cache

from ..facts import Duty, Source
from .text import clean, is_heading, numbering

_DUTY_HEADING = re.compile(r"(?:主要)?(?:职责|职能)(?:及内设机构)?[：:。]?$")
_STOP = frozenset(
    "负责 组织 实施 推进 建立 健全 建立健全 完善 落实 贯彻 执行 开展 加强 提高 拟订 制定 监督 承担 完成 "
    "推动 有关 相关 工作 全区 全县 全市 全省 其他 方面 等 规定 要求 按照 根据 做好 提供 依法 "
    "统筹 进一步".split()
)
_KEEP_FLAGS = ("n", "vn", "v", "j", "l", "an")


@cache
def _posseg():
    """A private jieba part-of-speech tagger, loaded once and quietly.

    Private, so words other code adds to jieba's shared dictionary never change the extracted keywords.
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def keywords(text: str) -> list[str]:
    """Content words of a duty (nouns, verbal nouns and verbs of two or more characters, no stopwords)."""
    words = []
    for pair in _posseg().cut(text):
        word, flag = pair.word, pair.flag
        if len(word) >= 2 and flag.startswith(_KEEP_FLAGS) and word not in _STOP and word not in words:
            words.append(word)
    return words


def extract_duties(doc: str, lines: list[str], orgs: list[str]) -> list[Duty]:
    """Duties of every 职责 section (a document may list them once per organisation part)."""
    duties: list[Duty] = []
    for i, line in enumerate(lines):
        text = clean(line)
        if text.startswith("-") or not _DUTY_HEADING.search(text) or len(text) > 20:
            continue
        if not (is_heading(text) or text.endswith(("：", ":"))):
            continue
        duties += _items(doc, lines, i + 1, orgs[i])
    return duties


def _items(doc: str, lines: list[str], start: int, org: str) -> list[Duty]:
    """The numbered items that follow a heading, one style, consecutive numbers, wrapped lines joined."""
    found: list[tuple[int, int, str]] = []  # (line index, number, text)
    style = None
    for i in range(start, len(lines)):
        text = clean(lines[i])
        if not text:
            continue
        if not found and style is None and _DUTY_HEADING.search(text) and is_heading(text):
            break
        item = numbering(text)
        if item and style is None and item[1] == 1:
            style = item[0]
        if item and item[0] == style and item[1] == len(found) + 1:
            found.append((i, item[1], item[2]))
        elif found and not item and found[-1][2][-1] not in "。；;" and not is_heading(text):
            j, n, prev = found[-1]
            found[-1] = (j, n, prev + text)
        elif style is not None or is_heading(text):
            break
    return [Duty(org, n, t, keywords(t), Source(doc, j + 1, lines[j].strip())) for j, n, t in found]
