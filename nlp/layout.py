"""How a printed table is laid out: lines -> rows of cells, and header rows -> column header paths.

Two layouts occur: tab-separated rows (one line per row), and one cell per line with blank lines
between rows (each line starts with a tab). Spanned header cells are padded with empty cells in the
first layout and printed once, without padding, in the second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .read import normalise

_ONE_CELL = re.compile(r"^\t[^\t]*$")
_SPACES = re.compile(r"\s+")


@dataclass
class Row:
    """One printed row: its cells (stripped, normalised for parsing), as printed, and each cell's line."""

    cells: list[str]
    printed: list[str]
    lines: list[int]

    @property
    def line(self) -> int:
        """The first line of the row."""
        return self.lines[0]


def squeeze(text: str) -> str:
    """Remove all whitespace (names and headers are printed with spaces and wrapped)."""
    return _SPACES.sub("", text)


def is_one_cell_per_line(lines: list[str]) -> bool:
    """True when every line holding a cell (a tab, maybe an empty cell) holds exactly one tab-led cell."""
    filled = [line for line in lines if "\t" in line or line.strip()]
    return bool(filled) and all(_ONE_CELL.match(line) for line in filled)


def split_rows(numbered: list[tuple[int, str]]) -> tuple[list[Row], bool]:
    """Rows of a table body given (line number, printed line) pairs; also whether it is one cell per line."""
    one_cell = is_one_cell_per_line([text for _, text in numbered])
    rows: list[Row] = []
    if not one_cell:
        for number, text in numbered:
            if text.strip():
                printed = [cell.strip() for cell in text.split("\t")]
                rows.append(Row([normalise(c) for c in printed], printed, [number] * len(printed)))
        return rows, False
    current: Row | None = None
    for number, text in numbered:
        if "\t" not in text:
            current = None
            continue
        if current is None:
            current = Row([], [], [])
            rows.append(current)
        current.printed.append(text.strip())
        current.cells.append(normalise(text.strip()))
        current.lines.append(number)
    return rows, True


def header_paths(
    header: list[list[str]], width: int, one_cell: bool, kind_of: Callable[[str], str]
) -> list[list[str]]:
    """Each column's header path (top to bottom), spans resolved; `kind_of` says label/measure/side."""
    rows = [[squeeze(cell) for cell in row] for row in header]
    grid = _spread_rows(rows, width, kind_of) if one_cell else _fill_rows(rows, width)
    paths: list[list[str]] = []
    for col in range(width):
        path: list[str] = []
        for row in grid:
            if row[col] and (not path or path[-1] != row[col]):
                path.append(row[col])
        paths.append(path)
    return paths


def _pad(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _fill_rows(rows: list[list[str]], width: int) -> list[list[str]]:
    """Padded layout: an empty header cell continues its left neighbour when both share one parent."""
    grid: list[list[str]] = []
    origins: list[list[tuple[int, int] | None]] = []
    for r, cells in enumerate(rows):
        cells = _pad(cells, width)
        values = [""] * width
        origin: list[tuple[int, int] | None] = [None] * width
        for c, cell in enumerate(cells):
            if cell:
                values[c], origin[c] = cell, (r, c)
            elif c and origin[c - 1] is not None and _continues_left(r, len(rows), origins, c):
                values[c], origin[c] = values[c - 1], origin[c - 1]
        grid.append(values)
        origins.append(origin)
    return grid


def _continues_left(row: int, rows: int, origins: list[list[tuple[int, int] | None]], col: int) -> bool:
    """A top cell spans right freely; a lower one within its parent; a bottom (leaf) cell never."""
    if row == 0:
        return rows > 1
    parent = origins[row - 1]
    return row < rows - 1 and parent[col] is not None and parent[col] == parent[col - 1]


def _spread_rows(rows: list[list[str]], width: int, kind_of: Callable[[str], str]) -> list[list[str]]:
    """Unpadded layout: spread each row's cells over the columns of the row below, bottom-up."""
    grid: list[list[str]] = [[] for _ in rows]
    below: list[str] | None = None
    for r in range(len(rows) - 1, -1, -1):
        cells = rows[r]
        grid[r] = (
            _pad(cells, width) if below is None or len(cells) >= width else _spread(cells, below, kind_of)
        )
        below = grid[r]
    return grid


def _spread(cells: list[str], below: list[str], kind_of: Callable[[str], str]) -> list[str]:
    """Place spanned cells: over an empty cell below a cell spans down; else it spans a run of headers."""
    width = len(below)
    out = [""] * width
    col = 0
    for i, cell in enumerate(cells):
        if col >= width:
            break
        end = col + 1
        if cell and below[col]:
            limit = width - (len(cells) - i - 1)
            while (
                end < limit and below[end] and _continues(kind_of(cell), below[end - 1], below[end], kind_of)
            ):
                end += 1
        for c in range(col, end):
            out[c] = cell
        col = end
    return out


def _continues(top: str, previous: str, current: str, kind_of: Callable[[str], str]) -> bool:
    """Whether a spanning cell of kind `top` extends from header `previous` over header `current`."""
    before, now = kind_of(previous), kind_of(current)
    if before == "measure" and now == "label":
        return False  # a new block (e.g. the 支出 side) starts
    return not (top == "label" and now == "measure")
