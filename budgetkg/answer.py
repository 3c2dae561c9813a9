"""Answer formatting: a ranked reading as evidence, a Chinese sentence and the JSON answer (or a refusal)."""

from __future__ import annotations

from decimal import Decimal

from .queries.catalog import Template
from .queries.readings import Reading, Row

UNITS = {"amount": "元", "percent": "%", "number": "", "text": "", "list": ""}


def _number(value: object) -> object:
    """A Decimal as the int or float JSON prints."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def wan(value: Decimal) -> str:
    """An amount in 元 written in 万元 (123400 -> 12.34)."""
    return f"{(value / 10000).normalize():f}"


def evidence(row: Row) -> dict:
    """Where a row was printed."""
    doc = str(row.get("doc", "")).rsplit("/", 1)[-1]
    text = row.get("text")
    return {
        "doc": doc,
        "org": row.get("orgLabel"),
        "year": _number(row.get("year")),
        "table": row.get("tableTitle"),
        "line": _number(row.get("line")),
        "text": str(text) if text is not None else None,
    }


def sentence(t: Template, reading: Reading) -> str:
    """A readable Chinese sentence for one reading."""
    r = reading.rows[0]
    where = f"（{evidence(r)['doc']}:{_number(r.get('line'))}）"
    head = f"{r.get('orgLabel', '')}{_number(r.get('year')) or ''}年{r.get('phase', '')}"
    what = r.get("topic") or r.get("rowLabel") or r.get("project") or r.get("term") or ""
    if r.get("refYear") is not None and r.get("refYear") != r.get("year"):
        what += f"（{_number(r['refYear'])}年）"  # a statement about another year (上年末固定资产)
    v = reading.value
    if t.answer == "amount" and isinstance(v, Decimal):
        return f"{head}{what}：{wan(v)}万元（{v.normalize():,f}元）{where}"
    if t.answer == "percent":
        return f"{head}{what}：{_number(v)}%{reading.note and '（' + reading.note + '）'}{where}"
    if t.answer == "list" and isinstance(v, list):
        return f"{head}：{'；'.join(v)}{where}"
    return f"{head}{what}：{_number(v)}{where}"


def not_found(question: str, t: Template | None, why: str) -> dict:
    """An honest refusal."""
    return {
        "question": question,
        "status": "not_found",
        "answer": {"value": None, "unit": None, "text": why},
        "alternatives": [],
        "template": t.name if t else None,
        "sparql": t.sparql if t else None,
        "evidence": [],
    }


def answer(question: str, t: Template, readings: list[Reading], sparql: str) -> dict:
    """Step 6: the JSON answer, the plain reading first and the others as alternatives; `sparql` is the
    filled query that returns its first evidence row."""

    def one(reading: Reading) -> dict:
        return {
            "value": _number(reading.value),
            "unit": UNITS[t.answer],
            "text": sentence(t, reading),
            "evidence": [evidence(r) for r in reading.rows[:3]],
        }

    best, *others = [one(r) for r in readings]
    return {
        "question": question,
        "status": "ok",
        "answer": {k: best[k] for k in ("value", "unit", "text")},
        "alternatives": others[:5],
        "template": t.name,
        "sparql": sparql,
        "evidence": best["evidence"],
    }
