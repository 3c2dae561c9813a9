"""The table vocabulary of `table_kinds.toml`: title -> kind, header -> column role and measure."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

_YEAR_PREFIX = re.compile(r"^(\d{4})年度?(.*)$")
_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY = {"", "-", "—", "--", "/", "——"}


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("budgetkg.nlp").joinpath("table_kinds.toml").read_text("utf-8"))


def skip_title(title: str) -> bool:
    """True for titles of tables that are not ours (performance tables, contents)."""
    return any(word in title for word in _data()["skip_titles"])


def table_kind(title: str) -> str:
    """Normalised kind of a table from its printed title."""
    for rule in _data()["kind"]:
        if all(fragment in title for fragment in rule["all"]):
            return rule["kind"]
    return "其他"


def clean_header(text: str) -> str:
    """A header cell as looked up: no leading 其中, no trailing colon."""
    text = text.removeprefix("其中:").removeprefix("其中").rstrip(":")
    return text


def column_role(leaf: str) -> str:
    """Role of a column from its header leaf: seq, code0..code2, code, unit_code, name, text or measure."""
    columns = _data()["columns"]
    leaf = clean_header(leaf)
    if leaf in columns["seq"]:
        return "seq"
    if leaf in columns["code_levels"]:
        return f"code{columns['code_levels'].index(leaf)}"
    if leaf in columns["unit_code"]:
        return "unit_code"
    if leaf in columns["code"] or leaf.endswith("编码") or leaf.endswith("代码"):
        return "code"
    if leaf in columns["name"] or any(leaf.endswith(suffix) for suffix in columns["name_suffixes"]):
        return "name"
    if leaf in columns["text"]:
        return "text"
    return "measure"


def header_kind(text: str) -> str:
    """For spreading spanned headers: 'side' (收入/支出), 'label' (codes, names) or 'measure'."""
    if clean_header(text) in _data()["columns"]["sides"]:
        return "side"
    role = column_role(text)
    return "label" if role.startswith("code") or role in ("name", "unit_code", "seq") else "measure"


def is_side(text: str) -> bool:
    """True for the header of a side of a two-sided table (收入, 支出)."""
    return clean_header(text) in _data()["columns"]["sides"]


def measure_of(path: list[str], year: int) -> str:
    """Normalised measure of a column from its header path; a leaf 小计 takes its parent's measure."""
    names = [_strip_year(clean_header(part), year) for part in path] or ["合计"]
    leaf = names[-1]
    if leaf == "小计" and len(names) > 1:
        leaf = names[-2]
    return _data()["measures"].get(leaf, leaf)


def value_kind(text: str, year: int) -> str | None:
    """预算数 / 决算数 / 上年预算数 … when a header or row label names which figure it is, else None."""
    stripped = _strip_year(clean_header(text), year)
    name = _data()["measures"].get(stripped, stripped)
    return name if name.endswith(("预算数", "决算数")) else None


def _strip_year(text: str, year: int) -> str:
    """ "2020年预算" -> "预算" in a 2020 document, "上年预算" when it names the year before."""
    match = _YEAR_PREFIX.match(text)
    if not match:
        return text
    printed, rest = int(match.group(1)), match.group(2)
    rest = "预算数" if rest == "预算" else ("决算数" if rest == "决算" else rest)
    if printed == year:
        return rest
    return f"上年{rest}" if printed == year - 1 else text


def parse_amount(cell: str) -> str | None:
    """The digits of an amount cell ("6,345.00" -> "6345.00"); None when it is empty or not a number."""
    text = cell.replace(",", "").replace(" ", "")
    return text if _AMOUNT.match(text) else None


def is_blank(cell: str) -> bool:
    """True for a cell that prints no value."""
    return cell.replace(" ", "") in _EMPTY
