"""Rows of a template query -> ranked readings: the plain reading first, the others as alternatives.

A row is a dict of the query's variables (numbers as Decimal). Each template kind ranks its rows by how
well they fit the words of the question; rows with the same value collapse into one reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

Row = dict[str, object]


@dataclass
class Reading:
    """One answer reading: its value, the rows that support it and how it was derived (when computed)."""

    value: object
    rows: list[Row]
    note: str = ""


QUALIFIERS = (
    "一般公共预算",
    "政府性基金",
    "财政拨款",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "收入",
    "支出",
)
EXCLUDES = (("不含上年结转", "上年结转"), ("不含结转", "上年结转"))
PLAIN_MEASURES = ("合计", "预算数", "决算数")  # the single column of a summary table
GENERIC_TOPICS = {"支出", "收入", "预算", "决算", "资金", "经费", "合计", "总计"}


def _words(row: Row) -> str:
    return "".join(
        str(row.get(k) or "") for k in ("tableKind", "tableTitle", "measure", "column", "side", "topic")
    )


def amount_score(text: str, labels: list[str], phase: str | None = None) -> Callable[[Row], tuple]:
    """Rank table cells and stated amounts: the asked label in the row, the asked (last) label as the row
    itself, qualifiers the question names, a column of the asked phase (决算数 for a 决算)."""
    excluded = [w for cue, w in EXCLUDES if cue in text]
    labels = [lbl for lbl in labels if lbl not in excluded]
    main = labels[-1] if labels else ""
    quals = [w for w in QUALIFIERS if w in text and w not in labels]

    def score(row: Row) -> tuple:
        words = _words(row)
        label_hits = sum(lbl in (str(row.get("rowLabel") or "") + words) for lbl in labels)
        is_main_row = main and main in (str(row.get("rowLabel") or ""), str(row.get("topic") or ""))
        qual_hits = sum(w in words for w in quals) - sum(w in words for w in excluded) * 2
        measure = row.get("measure")
        plain_measure = measure in (None, *PLAIN_MEASURES, main) or main in str(measure or "")
        total_row = bool(row.get("isTotal")) or row.get("rowLabel") in ("合计", "总计")
        phase_column = bool(phase) and f"{phase}数" in f"{measure or ''}{row.get('column') or ''}"
        return (
            label_hits,
            bool(is_main_row),
            qual_hits,
            phase_column,
            plain_measure,
            total_row,
            row.get("kind") == "table",
        )

    return score


def rank(rows: list[Row], score: Callable[[Row], tuple]) -> list[list[Row]]:
    """Rows grouped by value, best group first; each group's rows best first."""
    groups: dict[object, list[Row]] = {}
    for row in sorted(rows, key=score, reverse=True):
        groups.setdefault(_key(row.get("value")), []).append(row)
    return list(groups.values())


def _key(value: object) -> object:
    return value.normalize() if isinstance(value, Decimal) else value


_NOISE = re.compile(r"[、，,“”\"（）()：:]|^(我部门|本部门|本单位|我单位|我局|单位|部门)")


def topic_matches(row: Row, labels: list[str], question: str) -> bool:
    """A stated topic fits when it holds a named item, or when the question holds the whole topic."""
    topic = _NOISE.sub("", str(row.get("topic") or ""))
    if len(topic) < 2 or topic in GENERIC_TOPICS:
        return False
    clean = _NOISE.sub("", question)
    return any(lbl in topic or topic in lbl or _abridges(lbl, topic) for lbl in labels) or topic in clean


def _abridges(short: str, long: str) -> bool:
    """`short` is `long` with a few characters left out (一般公共预算拨款 / 一般公共预算当年拨款)."""
    chars = iter(long)
    return len(short) >= 0.75 * len(long) and all(c in chars for c in short)


def topic_score(question: str) -> Callable[[Row], tuple]:
    """Rank stated counts: the unit the question names (批次, 人次), how much of their topic the question
    holds, how many of its bigrams their sentence holds, shorter topics, then the count (with its unit)
    printed first."""
    asked = {question[i : i + 2] for i in range(len(question) - 1)}

    def score(row: Row) -> tuple:
        topic, text, unit = (str(row.get(k) or "") for k in ("topic", "text", "unit"))
        printed = re.search(rf"(?<![\d.]){row.get('value')}{re.escape(unit)}", text)
        at = printed.start() if printed else -1
        return (
            bool(unit) and unit in question,
            sum(c in question for c in set(topic)),
            sum(text[i : i + 2] in asked for i in range(len(text) - 1)),
            -len(topic),
            -at if at >= 0 else -len(text),
        )

    return score
