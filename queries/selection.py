"""Per-template selection: which rows of a template's query answer a question, ranked into readings.

Builds on the scoring helpers of `readings.py`; each template kind picks, ranks and reads its rows here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from ..nlp.question import Question, bigrams, blank
from .catalog import PLACEHOLDER, Template
from .readings import Reading, Row, amount_score, rank, topic_matches, topic_score

LABEL_SLOT = {"amount": "ITEM", "definition": "ITEM"}  # the entity kind a template asks by label
# templates whose project/indicator names are matched by shared character bigrams (see best_named)
NAMED = {
    "project_amount": ("label",),
    "indicator": ("project", "label"),  # the indicator itself must be named
    "eval_score": ("project", "indicator"),
}
YEAR_END_WORDS = ("上年末", "上年底", "上一年末", "去年末", "去年底")  # the end of the year before
PROJECT_MEASURES = ("上年结转", "财政拨款", "一般公共预算", "政府性基金")  # columns of 项目支出 tables
STAFF_WORDS = {
    "编制": "编制",
    "实有": "实有",
    "在职": "实有",
    "离退休": "离退休",
    "退休": "退休",
    "离休": "离休",
}
STAFF_WORDS |= {"行政": "行政", "事业": "事业", "工勤": "工勤"}
NAME_COVER = 0.6  # the share of a project or indicator name's bigrams a question must hold
DUTY_OVERLAP = 2  # content bigrams a duty must share with the question to answer alone
CONTEXT = ("ORG", "REGION", "YEAR")  # entities that say whose figures, not which
_DIGITS = re.compile(r"\d+")
_YEAR_NUMBER = re.compile(r"(?:19|20)\d{2}")
_HAN = re.compile(r"[\u4e00-\u9fff]{2}")
_INITIAL = re.compile(r"预算(?:数)?(?:为|是)?([\d,]+(?:\.\d+)?)(万元|元)")


def best_named(rows: list[Row], fields: tuple[str, ...], q: Question) -> list[Row]:
    """The rows whose project / indicator names the question names best, by shared character bigrams.

    A name counts when `NAME_COVER` of its bigrams occur in the question, or a named project or indicator
    of four or more characters is part of it (医疗救助 of 城乡医疗救助金) or resolves to it, with all its
    numbers but years (70周岁, 195号), and one of them not from the row's other name (an indicator
    医疗救助人次 is not named by its project 重特大疾病医疗救助). A row's own name (?label, the project
    or indicator asked for) must count, and once any row's project counts, so must the row's. Rows whose
    names all count come first, then those sharing more bigrams, then more of their names.
    """
    asked = bigrams(q.text)
    abridged = [e.text for e in q.entities if e.kind in ("PROJ", "IND") and len(e.text) >= 4]
    resolved = {lbl for e in q.entities if e.kind in ("PROJ", "IND") for lbl in e.labels}
    named: dict[tuple, list[tuple[bool, int, float]]] = {}
    for r in rows:
        key = tuple(str(r.get(f) or "") for f in fields)
        if key not in named:
            grams = [bigrams(name) for name in key]
            named[key] = []
            for i, name in enumerate(key):
                shared = grams[i] & asked
                others = set().union(*grams[:i], *grams[i + 1 :])
                counts = (
                    bool(name)
                    and (
                        len(shared) >= NAME_COVER * len(grams[i])
                        or name in resolved
                        or any(a in name for a in abridged)
                    )
                    and bool(shared - others)
                    and all(n in q.text for n in _DIGITS.findall(name) if not _YEAR_NUMBER.fullmatch(n))
                )
                named[key].append((counts, len(shared), len(shared) / max(len(grams[i]), 1)))
    own = fields.index("label") if "label" in fields else None
    context = [] if own is None else [i for i in range(len(fields)) if i != own]
    context_named = any(parts[i][0] for parts in named.values() for i in context)
    scores: dict[tuple, tuple[int, int, float] | None] = {}
    for key, parts in named.items():
        total = sum(n for counts, n, _ in parts if counts)
        eligible = total >= 2 and (own is None or parts[own][0])
        eligible = eligible and not (context_named and not all(parts[i][0] for i in context))
        missing = sum(bool(name) and not p[0] for name, p in zip(key, parts, strict=True))
        scores[key] = (-missing, total, sum(c for counts, _, c in parts if counts)) if eligible else None
    ranked = [v for v in scores.values() if v is not None]
    if not ranked:
        return []
    top = max(ranked)
    return [r for r in rows if scores[tuple(str(r.get(f) or "") for f in fields)] == top]


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
    """The 项目支出 measures a question asks for, most wanted first."""
    words = (
        ("执行", "实际")
        if any(w in q.text for w in ("执行", "实际", "花了"))
        else ("年初",)
        if "年初" in q.text
        else ()
    )
    named = tuple(m for m in PROJECT_MEASURES if m in q.text)
    return words + named + ("年度资金总额", "合计", "财政拨款", "当年", "全年预算", "总预算")


def _prior(q: Question) -> str:
    """What the question compares with: 上年 (also 去年, 同比, a second year), 年初 (预算), or nothing."""
    if any(w in q.text for w in ("上年", "去年", "同比")) or len(q.years) > 1:
        return "上年"
    return "年初" if "年初" in q.text else ""


def _score(t: Template, q: Question, prefer: Callable[[Row], int]) -> Callable[[Row], tuple]:
    """How rows of template `t` are ranked for question `q` (best first).

    `prefer` ranks a row's organisation; it comes after the label hits of amounts, first otherwise.
    """
    labels = [lbl for e in q.of(LABEL_SLOT.get(t.name, "ITEM")) for lbl in e.labels]
    if t.name in ("amount", "initial_budget", "change_amount", "change_percent", "reason", "completion_rate"):
        base = amount_score(q.text, labels, q.phase)
        prior = _prior(q)
        year_end = any(w in q.text for w in YEAR_END_WORDS)

        def amount(r: Row) -> tuple:
            label_hits, *rest = base(r)
            prior_hit = (prior in str(r.get("compared") or "")) if prior else 0
            # 上年末固定资产: a stated amount of the year before the document's
            then_hit = year_end and r.get("refYear") is not None and r["refYear"] < r.get("year", 0)
            stated_budget = q.phase == "决算" and initial_amount(r) is not None  # 预算为 X, 决算为 Y
            return (
                prior_hit,
                then_hit,
                label_hits,
                prefer(r),
                *rest,
                not stated_budget,
                -int(r.get("line", 0)),
            )

        return amount
    plain = _plain_score(t, q)
    return lambda r: (prefer(r), *plain(r))


def _plain_score(t: Template, q: Question) -> Callable[[Row], tuple]:
    """How rows of the templates that are not amounts are ranked, after the organisation."""
    if t.name == "project_amount":
        prefs = _project_measure(q)
        return lambda r: (-next((i for i, w in enumerate(prefs) if w in str(r.get("measure"))), len(prefs)),)
    if t.name == "staffing":
        return lambda r: (
            sum(w in q.text for w in (str(r.get("category")), str(r.get("staffKind")))),
            r.get("staffKind") == "合计",
            r.get("category") == "实有",  # people rather than posts unless 编制 is asked
        )
    if t.name == "count":
        return topic_score(q.text)
    if t.name == "share":
        return share_score(q)
    return lambda r: (-int(r.get("line", 0)),)


def value_of(t: Template, q: Question, row: Row) -> object:
    """The answer value a row gives for template `t`."""
    if t.name in ("change_percent", "completion_rate", "share"):
        return row.get("percent")
    if t.name == "reason":
        return row.get("reason")
    if t.name == "initial_budget":
        return initial_amount(row)
    if t.name == "indicator":
        wants_target = any(w in q.text for w in ("目标", "指标值", "定了", "计划", "要达到"))
        return row.get("value") if wants_target or not row.get("actual") else row.get("actual")
    return row.get("value")


def staff_rows(rows: list[Row], q: Question) -> list[Row]:
    """Head counts of every kind the question names (在职 reads as 实有; 离退休 needs a 离退休 count)."""
    asked = {STAFF_WORDS[w] for w in STAFF_WORDS if w in q.text}
    return [r for r in rows if all(w in f"{r.get('category')}{r.get('staffKind')}" for w in asked)]


def initial_amount(row: Row) -> Decimal | None:
    """The stated amount when the sentence prints it as the 年初预算 (预算数为 X 万元)."""
    m = _INITIAL.search(str(row.get("text", "")).replace(" ", ""))
    if not m or row.get("value") is None:
        return None
    printed = Decimal(m.group(1).replace(",", "")) * (10000 if m.group(2) == "万元" else 1)
    return row["value"] if printed == row["value"] else None


def select(
    t: Template, q: Question, rows: list[Row], prefer: Callable[[Row], int] = lambda r: 0
) -> list[Reading]:
    """Step 5: readings, best first (rows of the preferred organisation first); lists: one per document."""
    if t.name == "duties" and (named := duty_readings(t, q, rows)):
        return named
    if t.name == "units" and any(w in q.text for w in ("级别", "规格")):
        return [Reading(str(r["rank"]), [r]) for r in rows if r.get("rank")]
    if t.name == "units" and (said := [r for r in rows if r.get("statementKind") == "说明"]):
        return [Reading(str(r["stated"]), [r]) for r in said]
    if t.name == "share":
        rows = share_rows(q, rows)
    if t.answer == "list":
        docs: dict[str, list[Row]] = {}
        listed = [r for r in rows if "statementKind" not in r]
        named_kind = [r for r in listed if str(r.get("bodyKind", ""))[:2] in q.text]
        listed = named_kind or listed
        for r in sorted(listed, key=lambda r: (str(r.get("doc")), r.get("number", 0), r.get("line", 0))):
            docs.setdefault(str(r.get("doc")), []).append(r)
        stated = [r for r in rows if "statementKind" in r and str(r.get("doc")) not in docs]
        return [Reading(str(r["text"]), [r]) for r in stated] + [
            Reading(list(dict.fromkeys(str(r["value"]) for r in rs)), rs) for rs in docs.values()
        ]
    rows = [r for r in rows if value_of(t, q, r) is not None]
    if t.name == "staffing":
        rows = staff_rows(rows, q)
    if t.name in ("change_amount", "change_percent") and _prior(q):
        other = ("预算", "年初预算") if _prior(q) == "上年" else ("上年",)
        rows = [r for r in rows if r.get("compared") not in other]  # a change against something else
    groups = rank(rows, _score(t, q, prefer))
    return [Reading(value_of(t, q, g[0]), g) for g in groups]


def asking_grams(t: Template) -> frozenset[str]:
    """The character bigrams of a template's examples: the words that ask, not what is asked about."""
    return frozenset(g for ex in t.examples for g in bigrams(PLACEHOLDER.sub("#", ex)))


def content_grams(t: Template, q: Question) -> set[str]:
    """The Chinese bigrams of a question that name what it asks about (not whose, nor how it asks)."""
    text = blank(q.text, [e for e in q.entities if e.kind in CONTEXT])
    return {g for g in bigrams(text) if _HAN.fullmatch(g)} - asking_grams(t)


def duty_readings(t: Template, q: Question, rows: list[Row]) -> list[Reading]:
    """Duties that share at least `DUTY_OVERLAP` content bigrams with the question, most shared first,
    each answering with its text; none when the question asks for the duties in general."""
    asked = content_grams(t, q)
    shared = {id(r): len(asked & bigrams(str(r["value"]))) for r in rows}
    best = sorted((r for r in rows if shared[id(r)] >= DUTY_OVERLAP), key=lambda r: -shared[id(r)])
    return [Reading(str(r["value"]), [r]) for r in best]


def share_rows(q: Question, rows: list[Row]) -> list[Row]:
    """Stated shares whose topic is the first item the question names (the part)."""
    items = q.of("ITEM")
    part = items[0].labels if items else ()
    return [r for r in rows if any(topic_matches(r, [lbl], "") for lbl in part)]


def share_score(q: Question) -> Callable[[Row], tuple]:
    """Rank stated shares by the bigrams of the whole (the words after 占) their sentence holds after
    the topic."""
    whole = bigrams(q.text[q.text.find("占") + 1 :]) if "占" in q.text else set()

    def score(r: Row) -> tuple:
        text, topic = str(r.get("text") or ""), str(r.get("topic") or "")
        return (len(whole & bigrams(text[text.find(topic) :] if topic in text else text)),)

    return score
