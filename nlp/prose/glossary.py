"""名词解释 -> Definition: numbered "term：definition" entries, linked to a 科目 code where one is named."""

from __future__ import annotations

import re

from ..facts import Definition, Source
from .subjects import SubjectIndex
from .text import clean, numbering, paragraphs

_SECTION = re.compile(r"名词解释$")
# term ends at the first colon, or (for 科目 terms) at "（项），主要用于…"
_SPLIT = re.compile(r"^(?P<term>.+?)(?:[：:]|(?<=[）)])[，,](?=主要|反映|指|用于))(?P<definition>.+)$")


def extract_definitions(doc: str, lines: list[str], subjects: SubjectIndex) -> list[Definition]:
    """Definitions of every 名词解释 section, up to the next part or unnumbered heading."""
    out: list[Definition] = []
    for i, line in enumerate(lines):
        text = clean(line)
        if not _SECTION.search(text) or len(text) > 20 or text.startswith("-") or numbering(text) is None:
            if not (_SECTION.search(text) and len(text) <= 12 and not text.startswith("-")):
                continue
        out += _entries(doc, lines, i + 1, subjects)
    return out


def _entries(doc: str, lines: list[str], start: int, subjects: SubjectIndex) -> list[Definition]:
    """Numbered entries after a 名词解释 heading, stopping at the first unnumbered paragraph."""
    out: list[Definition] = []
    for para in paragraphs(lines, start):
        item = numbering(para.text)
        if item is None:
            break
        m = _SPLIT.match(item[2])
        if m is None:
            continue
        term, definition = m.group("term").strip(), m.group("definition").strip()
        line = para.starts[0][1]
        out.append(
            Definition(term, definition, Source(doc, line + 1, lines[line].strip()), subjects.resolve(term))
        )
    return out
