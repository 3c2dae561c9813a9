"""`budgetkg ask`: a Chinese question -> entities -> template (by sentence embeddings) -> SPARQL -> answer.

`ask` is the pipeline; each step (`parse`, `intent`, `scope`, `fetch`, `select`, `answer`) is a named
function of `Engine` that can be tested alone. Models and the lexicon load once per store and model.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

import numpy as np
import pyoxigraph as ox

from .embed import Encoder, load_encoder
from .kg.store import Store
from .nlp.lexicon import Lexicon, build_lexicon
from .nlp.question import Question, QuestionParser, fuzzy_name
from .queries.catalog import Template, load_templates, mask_example, statements_query
from .queries.readings import Row, amount_score, rank, topic_matches, topic_score

THRESHOLD = 0.55
LABEL_SLOT = {"amount": "ITEM"}
LABEL_SLOT |= {"definition": "ITEM"}
LABEL_SLOT |= {"project_amount": "PROJ", "indicator": "IND"}
ORG_BOUND = ("count", "staffing", "units", "bodies", "duties")
STATEMENTS = statements_query()
_INITIAL = re.compile(r"预算(?:数)?(?:为|是)?([\d,]+(?:\.\d+)?)(万元|元)")
UNITS = {"amount": "元", "percent": "%", "number": "", "text": "", "list": ""}


@dataclass
class Reading:
    """One answer reading: its value and the rows that support it."""

    value: object
    rows: list[Row]


class Engine:
    """Everything `ask` needs, loaded once: lexicon, entity parser, encoder, template vectors."""

    def __init__(self, store: Store, embed_model: str | None = None) -> None:
        self.store = store
        self.lexicon: Lexicon = build_lexicon(store)
        self.parser = QuestionParser(self.lexicon)
        self.encoder: Encoder = load_encoder(embed_model)
        self.templates = {t.name: t for t in load_templates()}
        self.example_names = [t.name for t in load_templates() for _ in t.examples]
        self.example_vecs = self.encoder.encode(
            [mask_example(e) for t in load_templates() for e in t.examples]
        )

    def parse(self, question: str) -> Question:
        """Step 1-2: normalised text and entities."""
        return self.parser.parse(question)

    def intent(self, q: Question) -> tuple[Template | None, float]:
        """Step 3: the template of the nearest example, when close enough."""
        sims = self.example_vecs @ self.encoder.encode([q.masked])[0]
        best = int(np.argmax(sims))
        score = float(sims[best])
        return (self.templates[self.example_names[best]] if score >= THRESHOLD else None), score

    def scope(self, q: Question) -> set[str] | None:
        """The organisations the question is about (with their 单位), or None when it names none."""
        named = {lbl for e in q.of("ORG") for lbl in e.labels}
        regions = {lbl for e in q.of("REGION") for lbl in e.labels}
        if not named and not regions:
            return None
        orgs = self.lexicon.orgs
        regions |= {orgs[n].region for n in named if orgs[n].region}
        return named | {o.label for o in orgs.values() if o.region in regions}

    def fetch(self, t: Template, q: Question, orgs: set[str] | None) -> list[Row]:
        """Step 4: run the template (once per candidate label or organisation), terms passed as bindings."""
        rows = [] if t.file == "statements.rq" else self._main(t, q, orgs)
        if t.statement_kinds:
            labels = [lbl for e in q.of("ITEM") for lbl in e.labels]
            stated = [
                r
                for org in sorted(orgs or self.lexicon.orgs)
                for r in self._run(STATEMENTS, self._org_binding(org))
            ]
            rows += [
                r
                for r in stated
                if r["statementKind"] in t.statement_kinds and topic_matches(r, labels, q.text)
            ]
        return rows

    def _main(self, t: Template, q: Question, orgs: set[str] | None) -> list[Row]:
        kind = LABEL_SLOT.get(t.name)
        if kind is None:
            targets = sorted(orgs) if orgs and t.name in ORG_BOUND else [None]
            return [r for org in targets for r in self._run(t.sparql, self._org_binding(org))]
        labels = [lbl for e in q.of(kind) for lbl in e.labels] or self._fuzzy(kind, q, orgs)
        targets = sorted(orgs) if orgs else [None]
        return [
            r
            for lbl in dict.fromkeys(labels)
            for org in targets
            for r in self._run(t.sparql, {"label": ox.Literal(lbl), **self._org_binding(org)})
        ]

    def _org_binding(self, org: str | None) -> dict:
        return {"org": ox.NamedNode(self.lexicon.orgs[org].iri)} if org else {}

    def _run(self, sparql: str, bindings: dict) -> list[Row]:
        result = self.store.query(sparql, bindings)
        names = [v.value for v in result.variables]
        return [{n: _py(s[n]) for n in names if s[n] is not None} for s in result]

    def _fuzzy(self, kind: str, q: Question, orgs: set[str] | None) -> list[str]:
        names = sorted(lbl for s, pairs in self.lexicon.surfaces.items() for k, lbl in pairs if k == kind)
        hit = fuzzy_name(q.text, names) if kind in ("PROJ", "IND") else None
        return [hit] if hit else []


def _py(term: ox.NamedNode | ox.Literal) -> object:
    if isinstance(term, ox.Literal) and term.datatype.value.endswith(("#decimal", "#integer", "#double")):
        return Decimal(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value.endswith("#boolean"):
        return term.value == "true"
    return term.value


def keep(rows: list[Row], q: Question, orgs: set[str] | None) -> list[Row]:
    """Rows of the organisations, year and phase the question names (a stated year counts for text rows)."""
    year, phase = (q.years[0] if q.years else None), q.phase
    out = [r for r in rows if orgs is None or r.get("orgLabel") in orgs]
    if year is not None:
        out = [r for r in out if r.get("refYear", r.get("year")) == year]
    if phase in ("预算", "决算") and any(r.get("phase") == phase for r in out):
        out = [r for r in out if r.get("phase") == phase]
    return out


def _project_measure(q: Question) -> tuple:
    words = (
        ("执行", "实际")
        if any(w in q.text for w in ("执行", "实际", "花了"))
        else ("年初",)
        if "年初" in q.text
        else ()
    )
    return words + ("年度资金总额", "财政拨款", "当年", "全年预算", "总预算")


def _score(t: Template, q: Question):
    """How rows of template `t` are ranked for question `q` (best first)."""
    labels = [lbl for e in q.of(LABEL_SLOT.get(t.name, "ITEM")) for lbl in e.labels]
    if t.name in ("amount", "initial_budget", "change_amount", "change_percent", "reason", "completion_rate"):
        base = amount_score(q.text, labels)
        prior = "上年" if "上年" in q.text or len(q.years) > 1 else "年初" if "年初" in q.text else ""
        return lambda r: (
            (prior in str(r.get("compared") or "")) if prior else 0,
            *base(r),
            -int(r.get("line", 0)),
        )
    if t.name == "project_amount":
        prefs = _project_measure(q)
        return lambda r: (-next((i for i, w in enumerate(prefs) if w in str(r.get("measure"))), len(prefs)),)
    if t.name == "staffing":
        return lambda r: (
            sum(w in q.text for w in (str(r.get("category")), str(r.get("staffKind")))),
            r.get("staffKind") == "合计",
        )
    if t.name == "count":
        return topic_score(q.text)
    return lambda r: (-int(r.get("line", 0)),)


def value_of(t: Template, q: Question, row: Row) -> object:
    """The answer value a row gives for template `t`."""
    if t.name in ("change_percent", "completion_rate"):
        return row.get("percent")
    if t.name == "reason":
        return row.get("reason")
    if t.name == "initial_budget":
        return initial_amount(row)
    if t.name == "indicator":
        wants_target = any(w in q.text for w in ("目标", "指标值", "定了", "计划", "要达到"))
        return row.get("value") if wants_target or not row.get("actual") else row.get("actual")
    return row.get("value")


def initial_amount(row: Row) -> Decimal | None:
    """The stated amount when the sentence prints it as the 年初预算 (预算数为 X 万元)."""
    m = _INITIAL.search(str(row.get("text", "")).replace(" ", ""))
    if not m or row.get("value") is None:
        return None
    printed = Decimal(m.group(1).replace(",", "")) * (10000 if m.group(2) == "万元" else 1)
    return row["value"] if printed == row["value"] else None


def select(t: Template, q: Question, rows: list[Row]) -> list[Reading]:
    """Step 5: readings, best first; list templates give one reading per document."""
    if t.answer == "list":
        docs: dict[str, list[Row]] = {}
        for r in sorted(rows, key=lambda r: (str(r.get("doc")), r.get("number", 0), r.get("line", 0))):
            docs.setdefault(str(r.get("doc")), []).append(r)
        return [Reading([str(r["value"]) for r in rs], rs) for rs in docs.values()]
    rows = [r for r in rows if value_of(t, q, r) is not None]
    groups = rank(rows, _score(t, q))
    return [Reading(value_of(t, q, g[0]), g) for g in groups]


def _number(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _wan(value: Decimal) -> str:
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
    v = reading.value
    if t.answer == "amount" and isinstance(v, Decimal):
        return f"{head}{what}：{_wan(v)}万元（{v.normalize():,f}元）{where}"
    if t.answer == "percent":
        return f"{head}{what}：{_number(v)}%{where}"
    if t.answer == "list":
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


def answer(question: str, t: Template, readings: list[Reading]) -> dict:
    """Step 6: the JSON answer, the plain reading first and the others as alternatives."""

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
        "sparql": t.sparql,
        "evidence": best["evidence"],
    }


_ENGINES: dict[tuple[int, str | None], Engine] = {}


def engine(store: Store, embed_model: str | None = None) -> Engine:
    """The engine of a store and model, built on first use."""
    k = (id(store), str(embed_model) if embed_model else None)
    if k not in _ENGINES:
        _ENGINES[k] = Engine(store, k[1])
    return _ENGINES[k]


def ask(question: str, store: Store, *, embed_model: str | None = None) -> dict:
    """Answer one Chinese question from the graph in `store` (see docs/ask.md for the JSON shape)."""
    e = engine(store, embed_model)
    q = e.parse(question)
    if q.unknown_places:
        return not_found(question, None, f"图中没有{q.unknown_places[0]}的机构")
    t, _ = e.intent(q)
    if t is None:
        return not_found(question, None, "无法理解这个问题")
    orgs = e.scope(q)
    rows = keep(e.fetch(t, q, orgs), q, orgs)
    readings = select(t, q, rows)
    if not readings:
        return not_found(question, t, "图中没有这个问题的答案")
    return answer(question, t, readings)


def ask_jsonl(lines: Iterable[str], out: IO[str], store: Store, embed_model: str | None = None) -> None:
    """One JSON answer per non-empty input line, in order; models load once."""
    for line in lines:
        if line.strip():
            out.write(
                json.dumps(ask(line.strip(), store, embed_model=embed_model), ensure_ascii=False) + "\n"
            )
            out.flush()


def run(store: Store, question: str | None, *, json_out: bool, jsonl: bool, embed_model=None) -> None:
    """What the CLI command does: one question (text or JSON) or a JSONL stream on stdin."""
    model = str(embed_model) if embed_model else None
    if jsonl:
        ask_jsonl(sys.stdin, sys.stdout, store, model)
        return
    result = ask(question or "", store, embed_model=model)
    print(json.dumps(result, ensure_ascii=False, indent=2) if json_out else result["answer"]["text"])
