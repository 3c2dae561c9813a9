"""科目 codes from the document's own table lines, to link prose naming a 类/款/项 to its 7-digit code."""

from __future__ import annotations

import re
from collections import defaultdict

_CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
_INLINE = re.compile(r"(?<!\d)(\d{7}|\d{5}|\d{3})-(?=[\u4e00-\u9fff])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEVEL = re.compile(r"([^（）()]+?)[（(](类|款|项)[）)]")


def _norm(name: str) -> str:
    """A 科目 name without spaces, brackets unified, trailing 支出 of a 类 kept as printed."""
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


class SubjectIndex:
    """Code -> printed name for every 3/5/7-digit 功能 code the document's tables print."""

    def __init__(self, lines: list[str]) -> None:
        self.names: dict[str, str] = {}
        self._read(lines)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for code, name in self.names.items():
            self.by_name[name.removesuffix("支出")].append(code)

    def _add(self, code: str, name: str) -> None:
        if code[0] == "2" and _CJK.match(name):
            self.names.setdefault(code, _norm(name.split("\t")[0]))

    def _read(self, lines: list[str]) -> None:
        cells = [(i, c.strip()) for i, line in enumerate(lines) for c in line.split("\t") if c.strip()]
        for (_, cell), (_, nxt) in zip(cells, cells[1:], strict=False):
            if _CODE.fullmatch(cell):
                self._add(cell, nxt)
        for line in lines:
            for m in _INLINE.finditer(line):
                self._add(m.group(1), line[m.end() :].split("\t")[0])
        self._read_split(lines)

    def _read_split(self, lines: list[str]) -> None:
        """Rows printing the code split over 类 | 款 | 项 columns, parents inherited from earlier rows."""
        kind = section = ""
        for line in lines:
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) < 4 or not any(re.fullmatch(r"\d{2,3}", c) for c in cols[:3]):
                continue
            name = next((c for c in cols[3:] if _CJK.match(c)), None)
            if name is None:
                continue
            if re.fullmatch(r"\d{3}", cols[0]):
                kind, section = cols[0], ""
            if re.fullmatch(r"\d{2}", cols[1]) and kind:
                section = cols[1]
            code = kind + section + (cols[2] if re.fullmatch(r"\d{2}", cols[2]) and section else "")
            if len(code) in (3, 5, 7):
                self._add(code, name)

    def resolve(self, text: str) -> str | None:
        """The code of the deepest 类/款/项 named in `text` ("…（款）城乡医疗救助（项）"), if unambiguous."""
        levels = {level: _norm(name) for name, level in _LEVEL.findall(text)}
        target = levels.get("项") or levels.get("款") or levels.get("类")
        if target is None:
            return None
        length = 7 if "项" in levels else 5 if "款" in levels else 3
        candidates = [c for c in self.by_name.get(target.removesuffix("支出"), []) if len(c) == length]
        for level, size in (("款", 5), ("类", 3)):
            if level in levels and length > size:
                candidates = [c for c in candidates if self._parent_fits(c[:size], levels[level])]
        return candidates[0] if len(candidates) == 1 else None

    def _parent_fits(self, code: str, name: str) -> bool:
        """A parent matches when the tables print it under this name (类 names may drop a trailing 支出)."""
        printed = self.names.get(code)
        return printed is None or printed == name or printed.removesuffix("支出") == name.removesuffix("支出")
