"""`budgetkg ask`: a Chinese question -> entities -> template (by sentence embeddings) -> its rows -> answer.

`ask` is the pipeline; each step (`parse`, `intent`, `scope`, `fetch`, `select`, `answer`) is a named
function of `Engine` that can be tested alone. Models, the lexicon and every template's rows (one SPARQL
query each) load once per store and model. Rows are ranked in `queries/selection.py`, answers written
in `answer.py`.
"""

from __future__ import annotations

import json
import re
import sys
import weakref
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import IO

import numpy as np
import pyoxigraph as ox

from .answer import answer, not_found, wan
from .embed import Encoder, load_encoder
from .kg.store import Store, bind_values
from .nlp.lexicon import Lexicon, build_lexicon
from .nlp.question import Entity, Question, QuestionParser, bigrams, blank, mask
from .queries.catalog import PLACEHOLDER, Template, load_templates, mask_example
from .queries.readings import QUALIFIERS, Reading, Row, topic_matches
from .queries.selection import CONTEXT, LABEL_SLOT, NAMED, asking_grams, best_named, keep, select
from .template_rows import TemplateRows

THRESHOLD = 0.4
STATED = {"units": ("单位",)}  # topics a template's statements may have whatever the question names
# 说明 statements of an organisation's profile (nlp/prose/profile.py) and the words that ask for each
PROFILE = {
    "级别": ("级别", "规格"),
    "隶属": ("隶属", "上级", "归属"),
    "构成": ("几部分", "哪些部分"),
    "性质": ("性质",),
    "预算级次": ("哪一级", "几级", "级次"),
}
ITEM_SUFFIXES = ("支出", "收入", "预算数", "决算数", "预算", "决算")
# words that ask or place rather than name what is asked, beyond those of the templates' examples
ASKING_WORDS = (
    "大幅",
    "明显",
    "大于",
    "小于",
    "高于",
    "低于",
    "预算公开",
    "决算公开",
    "几次",
    "几项",
    "国有资产占用",
    "情况",
    "隶属关系",
)
_DOC_NO = re.compile(r"[/〔\[(]\d{4}[/〕\])]\d+号")  # /2020/201号 of 冀财社/2020/201号
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


class Engine:
    """Everything `ask` needs, loaded once: lexicon, entity parser, encoder, template vectors, and the
    templates' rows (`TemplateRows`: all at start in a small store, per organisation in a big one), which
    a question filters and ranks in Python by the organisations and labels it resolved."""

    def __init__(self, store: Store, embed_model: str | None = None) -> None:
        templates = load_templates()
        wording = {w.strip() for t in templates for e in t.examples for w in PLACEHOLDER.split(e)[::2]}
        self.lexicon: Lexicon = build_lexicon(store, wording)
        self.parser = QuestionParser(self.lexicon)
        self.encoder: Encoder = load_encoder(embed_model)
        self.templates = {t.name: t for t in templates}
        self.example_names = [t.name for t in templates for _ in t.examples]
        self.example_vecs = self.encoder.encode([mask_example(e) for t in templates for e in t.examples])
        needs_project = [self.templates[n].slots[-1] in ("proj", "ind") for n in self.example_names]
        self.project_examples = np.array(needs_project)
        surfaces = self.lexicon.surfaces.values()
        self.projects = sorted({lbl for pairs in surfaces for kind, lbl in pairs if kind == "PROJ"})
        self.sparql = {t.file: t.sparql for t in templates}
        org_labels = {o.iri: o.label for o in self.lexicon.orgs.values()}
        self.rows = TemplateRows(store, self.sparql, org_labels)
        self.project_rows = self.rows.labels("project_amount.rq", "label")

    def parse(self, question: str) -> Question:
        """Step 1-2: normalised text and entities; an item the tables lack also names its shorter forms
        (城乡医疗救助支出 -> 城乡医疗救助)."""
        q = self.parser.parse(question)
        cells = self.rows.cell_labels
        q.entities = [
            replace(e, labels=e.labels + tuple(v for v in item_variants(e.labels) if v in cells))
            if e.kind == "ITEM" and not any(lbl in cells for lbl in e.labels)
            else e
            for e in q.entities
        ]
        self._numbered_project(q)
        if not any(e.kind in ("ITEM", "PROJ", "IND", "STAFF") for e in q.entities):
            self._near_item(q)
        orgs = self.lexicon.orgs
        for org in [e for e in q.of("ORG") if q.of("ITEM")]:
            units = tuple(lbl for lbl in org.labels if not orgs[lbl].department and lbl in cells)
            if units:  # a named 单位 is also the row label of its line in the 部门's tables
                q.entities.append(Entity("ITEM", org.text, org.start, org.end, units))
        q.entities.sort(key=lambda e: e.start)
        return q

    def intent(self, q: Question) -> tuple[Template | None, float]:
        """Step 3: the template of the nearest example, when close enough. A question naming an item but
        nothing that may be a project (a row of a project table) is not about a project (上年结转资金);
        the 年初预算 of a named project is read from its performance table."""
        sims = self.example_vecs @ self.encoder.encode([q.masked])[0]
        projects = {"PROJ", "IND"}
        if q.of("ITEM") and not any(
            projects & {e.kind, *e.kinds} or self.project_rows.intersection(e.labels) for e in q.entities
        ):
            sims = np.where(self.project_examples, -1.0, sims)
        best = int(np.argmax(sims))
        score = float(sims[best])
        t = self.templates[self.example_names[best]]
        if t.name == "initial_budget" and q.of("PROJ") and not q.of("ITEM"):
            t = self.templates["project_amount"]
        return (t if score >= THRESHOLD else None), score

    def scope(self, q: Question) -> set[str] | None:
        """The organisations the question is about (with their 单位), or None when it names none."""
        named = {lbl for e in q.of("ORG") for lbl in e.labels}
        regions = {lbl for e in q.of("REGION") for lbl in e.labels}
        if not named and not regions:
            return None
        orgs = self.lexicon.orgs
        regions |= {orgs[n].region for n in named if orgs[n].region}
        return named | {o.label for o in orgs.values() if o.region in regions}

    def preferred(self, q: Question) -> Callable[[Row], int]:
        """Rank of a row's organisation: the one the question names, else a 部门 of its region, else 单位."""
        named = {lbl for e in q.of("ORG") for lbl in e.labels}
        orgs = self.lexicon.orgs

        def rank(row: Row) -> int:
            label = str(row.get("orgLabel"))
            if named:
                return label in named
            return bool(label in orgs and orgs[label].department)

        return rank

    def fetch(self, t: Template, q: Question, orgs: set[str] | None) -> list[Row]:
        """Step 4: the template's rows for the asked labels and organisations (plus matching statements)."""
        rows = [] if t.file == "statements.rq" else self._main(t, q, orgs)
        if t.statement_kinds:
            labels = [lbl for e in q.of("ITEM") for lbl in e.labels] + list(STATED.get(t.name, ()))
            rows += [
                r
                for r in self.rows.rows("statements.rq", orgs)
                if r["statementKind"] in t.statement_kinds and topic_matches(r, labels, q.text)
            ]
        if t.name == "units":
            topics = {topic for topic, words in PROFILE.items() if any(w in q.text for w in words)}
            rows += [
                r
                for r in self.rows.rows("statements.rq", orgs)
                if r["statementKind"] == "说明" and r["topic"] in topics
            ]
        return rows

    def _main(self, t: Template, q: Question, orgs: set[str] | None) -> list[Row]:
        kind = LABEL_SLOT.get(t.name)
        if kind is None:
            rows = self.rows.rows(t.file, orgs)
        else:
            index = self.rows.by_label(t.file, orgs)
            labels = [lbl for e in q.of(kind) for lbl in e.labels if lbl in index]
            rows = [r for lbl in dict.fromkeys(labels) for r in index[lbl]]
        return best_named(rows, NAMED[t.name], q) if t.name in NAMED else rows

    def _numbered_project(self, q: Question) -> None:
        """Name a project by the document number its printed name starts with (冀财社/2020/201号…): the
        number and the words after it, up to 的 or the next entity, are that project."""
        for m in _DOC_NO.finditer(q.text):
            labels = tuple(p for p in self.projects if m.group(0) in p)
            if not labels or any(e.start <= m.start() < e.end for e in q.entities if e.kind == "PROJ"):
                continue
            issuer = labels[0][: labels[0].index(m.group(0))]  # 冀财社 of 冀财社/2020/201号
            start = m.start() - len(issuer) if q.text[: m.start()].endswith(issuer) else m.start()
            stop = min([e.start for e in q.entities if e.start >= m.end()] + [len(q.text)])
            end = q.text.find("的", m.end(), stop)
            end = stop if end < 0 else end
            q.entities = [e for e in q.entities if e.end <= start or e.start >= end]
            q.entities.append(Entity("PROJ", q.text[start:end], start, end, labels))
            q.entities.sort(key=lambda e: e.start)
            q.masked = mask(q.text, q.entities)

    def _near_item(self, q: Question) -> None:
        """Name an item the question words differently (城乡居民基本医疗保险基金补助 for the 科目
        财政对城乡居民基本医疗保险基金的补助; 总额 for 总计): the row or 科目 label of the organisations'
        cells, or the topic of their stated amounts, sharing the most character bigrams with the question,
        at least 4 (or all) and 60 % of them."""
        orgs = self.scope(q)
        text = blank(q.text, q.entities)
        asked = bigrams(text) | bigrams(text.replace("总额", "总计"))
        best: tuple[int, float, str] = (0, 0.0, "")
        cells = [(r, ("rowLabel", "subjectLabel")) for r in self.rows.rows("amount.rq", orgs)]
        statements = self.rows.rows("statements.rq", orgs)
        stated = [(r, ("topic",)) for r in statements if r["statementKind"] == "金额"]
        for label in {str(r.get(f)) for r, fields in cells + stated for f in fields if r.get(f)}:
            grams = bigrams(label)
            shared = len(grams & asked)
            if len(grams) >= 3 and shared >= min(4, len(grams)) and shared >= 0.6 * len(grams):
                best = max(best, (shared, shared / len(grams), label))
        if best[2]:
            grams = bigrams(best[2])
            at = [i for i in range(len(text) - 1) if text[i : i + 2] in grams]
            q.entities.append(Entity("ITEM", q.text[at[0] : at[-1] + 2], at[0], at[-1] + 2, (best[2],)))
            q.entities.sort(key=lambda e: e.start)
            q.masked = mask(q.text, q.entities)

    def computed_share(self, q: Question, orgs: set[str] | None) -> list[Reading]:
        """A share no sentence states: the part's amount (the words before 占) over the whole's (the words
        after it), each the plain reading of the amount template, in percent rounded to 2 decimals."""
        cut = q.text.find("占")
        items = q.of("ITEM")
        if cut < 0 or not items or items[0].start > cut:
            return []
        amount = self.templates["amount"]
        context = [x for x in q.entities if x.kind in CONTEXT]
        start = items[0].start  # the whole's text keeps the offsets: the part and 占 become #
        sides = (
            Question(q.raw, q.text[:cut], context + [x for x in items if x.end <= cut]),
            Question(
                q.raw,
                q.text[:start] + "#" * (cut + 1 - start) + q.text[cut + 1 :],
                context + [x for x in items if x.start > cut],
            ),
        )
        found = []
        for side in sides:
            if not side.of("ITEM"):
                self._near_item(side)
            rows = keep(self.fetch(amount, side, orgs), side, orgs)
            readings = select(amount, side, rows, self.preferred(side))
            if not readings or not readings[0].value:
                return []
            found.append(readings[0])
        part, whole = found
        value = (Decimal(part.value) / Decimal(whole.value) * 100).quantize(Decimal("0.01"))
        rows = [part.rows[0], whole.rows[0]]
        return [Reading(value, rows, f"由{wan(part.value)}万元÷{wan(whole.value)}万元计算，文中未直接说明")]

    def filled(self, reading: Reading) -> str:
        """The query of the reading's first row with ?doc and (unless the value is a list) ?line bound."""
        row = reading.rows[0]
        bindings: dict[str, ox.NamedNode | ox.Literal] = {"doc": ox.NamedNode(str(row["doc"]))}
        if not isinstance(reading.value, list):
            bindings["line"] = ox.Literal(str(int(row["line"])), datatype=XSD_INTEGER)
        return bind_values(self.sparql[str(row["query"])], bindings)

    def backed(self, sparql: str, reading: Reading) -> bool:
        """True when running the filled query returns the reading's first row (by its value)."""
        row = reading.rows[0]
        found = self.rows.run(sparql)
        return any(r.get("value") == row.get("value") for r in found) if "value" in row else bool(found)


def item_variants(labels: tuple[str, ...]) -> list[str]:
    """Shorter forms of item labels: without a 支出/收入/预算 suffix."""
    return [
        lbl[: -len(s)] for lbl in labels for s in ITEM_SUFFIXES if lbl.endswith(s) and len(lbl) > len(s) + 1
    ]


@lru_cache(maxsize=1)
def question_grams() -> frozenset[str]:
    """The character bigrams of every template's examples, asking words and qualifiers: the words
    questions ask with."""
    profile = tuple(w for words in PROFILE.values() for w in words)
    words = "|".join(ASKING_WORDS + QUALIFIERS + profile)  # qualifiers rank rows, rows need not print them
    return frozenset(g for t in load_templates() for g in asking_grams(t)) | bigrams(words)


def row_words(rows: list[Row]) -> str:
    """Every printed word of the rows (labels, topics, titles, sentences), IRIs left out."""
    return "|".join(str(v) for r in rows for v in r.values() if not str(v).startswith("http"))


def unexplained(q: Question, rows: list[Row]) -> list[str]:
    """The runs of two or more Chinese characters of the question that no asking word of any template and
    nothing printed in the answer's rows accounts for (就业补助 in a question answered by the 支出预算
    total): a sign the answer is about something else. Organisations, years, head-count kinds and the
    items, projects and indicators whose label the rows print count as accounted for."""
    words = row_words(rows)
    named = [e for e in q.entities if e.kind in (*CONTEXT, "STAFF") or any(x in words for x in e.labels)]
    text = blank(q.text, named)  # an item, project or indicator the rows do not name must be covered
    known = question_grams() | bigrams(words)
    covered = [False] * len(text)
    for i in range(len(text) - 1):
        if text[i : i + 2] in known:
            covered[i] = covered[i + 1] = True
    left = "".join("#" if c else ch for c, ch in zip(covered, text, strict=True))
    runs = re.finditer(r"[\u4e00-\u9fff]{2,}", left)
    return [m.group(0) for m in runs]


_ENGINES: weakref.WeakKeyDictionary[Store, dict[str | None, Engine]] = weakref.WeakKeyDictionary()


def engine(store: Store, embed_model: str | None = None) -> Engine:
    """The engine of a store and model, built on first use (and dropped with the store)."""
    model = str(embed_model) if embed_model else None
    engines = _ENGINES.setdefault(store, {})
    if model not in engines:
        engines[model] = Engine(store, model)
    return engines[model]


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
    readings = select(t, q, rows, e.preferred(q))
    if t.name == "share" and not readings:
        readings = e.computed_share(q, orgs)
    if not readings:
        return not_found(question, t, "图中没有这个问题的答案")
    if words := unexplained(q, readings[0].rows):
        return not_found(question, t, f"答案的出处没有提到“{words[0]}”")
    sparql = e.filled(readings[0])
    if not e.backed(sparql, readings[0]):
        return not_found(question, t, "查询没有返回这个答案")
    return answer(question, t, readings, sparql)


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
