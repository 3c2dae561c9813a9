"""Typed facts -> pyoxigraph triples, in the shape of docs/rdf-model.md.

Terms are built directly as pyoxigraph objects (no rdflib on this path) and repeated terms are
reused, so a document of a few thousand observations converts in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache, lru_cache

import pyoxigraph as ox

from ..nlp.codes import scheme_of
from ..nlp.facts import (
    Body,
    Definition,
    DocumentFacts,
    DocumentInfo,
    Duty,
    Indicator,
    Observation,
    Organisation,
    PerformanceTable,
    Source,
    StaffCount,
    Statement,
    TableInfo,
)
from . import terms
from .codes import standard_label
from .terms import BKG, DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD

graph_iri = terms.graph_iri

Obj = ox.NamedNode | ox.Literal
_DECIMAL = ox.NamedNode(XSD.decimal)
_ORG_KINDS = {"部门": "Department", "单位": "BudgetUnit"}
_LEVEL_NAME = re.compile(r"([^（）()]+?)[（(]([类款项])[）)]")
_ABBREVIATIONS = (("医疗保障", "医保"),)  # long form -> the short form people say and print


@cache
def _iri(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _b(name: str) -> ox.NamedNode:
    return _iri(BKG + name)


@lru_cache(maxsize=4096)
def _org(name: str) -> ox.NamedNode:
    return ox.NamedNode(terms.org_iri(name))


@lru_cache(maxsize=65536)
def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _dec(value: Decimal) -> ox.Literal:
    return ox.Literal(format(value, "f"), datatype=_DECIMAL)


A = _iri(RDF.type)
_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
LABEL = _iri(RDFS.label)


class _Triples:
    """Accumulates the triples of one document; `None` objects are skipped.

    Triples about nodes several documents describe (`terms.is_shared`) go to `shared`, the rest to `out`.
    """

    def __init__(self) -> None:
        self.out: list[ox.Triple] = []
        self.shared: list[ox.Triple] = []

    def put(self, s: ox.NamedNode, p: ox.NamedNode, o: Obj) -> None:
        """Add one triple to the list its subject belongs in."""
        (self.shared if terms.is_shared(s.value) else self.out).append(ox.Triple(s, p, o))

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: Obj | None) -> None:
        """Add one triple unless the object is missing."""
        if o is not None:
            self.put(s, p, o)

    def text(self, s: ox.NamedNode, p: ox.NamedNode, value: str | None) -> None:
        """Add a plain string literal unless `value` is empty."""
        if value:
            self.put(s, p, _text(value))

    def number(self, s: ox.NamedNode, p: ox.NamedNode, value: Decimal | int | None) -> None:
        """Add an xsd:decimal (Decimal) or xsd:integer (int) literal unless `value` is None."""
        if value is not None:
            self.put(s, p, _dec(value) if isinstance(value, Decimal) else ox.Literal(int(value)))

    def types(self, s: ox.NamedNode, *classes: str) -> None:
        """Type `s` with each class IRI."""
        for c in classes:
            self.put(s, A, _iri(c))


class _Converter:
    """Converts one `DocumentFacts`; holds the document-wide terms every fact repeats."""

    def __init__(self, facts: DocumentFacts) -> None:
        self.facts = facts
        self.info = facts.info
        self.t = _Triples()
        self.doc = _iri(terms.doc_iri(self.info.doc))
        self.year = ox.Literal(self.info.year)
        self.phase = _text(self.info.phase)
        self.concepts: dict[tuple[str, str], str | None] = {}
        self.hints: dict[tuple[str, str], str] = {}
        self.regions: set[str] = set()
        self.slices: dict[tuple[str, str], ox.NamedNode] = {}

    def org(self, name: str) -> ox.NamedNode:
        """The node of an organisation named in this document."""
        return _org(name)

    def slice(self, org: str, concept: ox.NamedNode) -> ox.NamedNode:
        """The `bkg:slice` key of this document's observations of `concept` for `org`."""
        k = (org, concept.value)
        if k not in self.slices:
            iri = terms.slice_iri(org, self.info.year, self.info.phase, concept.value)
            self.slices[k] = ox.NamedNode(iri)
        return self.slices[k]

    def provenance(self, s: ox.NamedNode, org: str, source: Source) -> None:
        """The organisation, year, phase and source every prose fact carries."""
        t = self.t
        t.add(s, _b("organisation"), self.org(org))
        t.add(s, _b("fiscalYear"), self.year)
        t.add(s, _b("phase"), self.phase)
        t.add(s, _iri(PROV.wasDerivedFrom), self.doc)
        t.number(s, _b("sourceLine"), source.line)

    def subject(
        self, scheme: str | None, code: str | None, label: str | None = None, hint: str | None = None
    ) -> ox.NamedNode | None:
        """The concept of a 科目 code, or None without one.

        `label` is a table's printed name (the longest wins: cells truncate); `hint` is prose naming the
        科目 level by level (…（类）…（款）…（项）), used for codes no table labels."""
        scheme = scheme or (scheme_of(code) if code else None)
        if not code or not scheme:
            return None
        known = self.concepts.get((scheme, code)) or ""
        self.concepts[(scheme, code)] = label if label and len(label) > len(known) else known or None
        for level_code, name in _levels_named(code, hint).items() if hint else ():
            self.hints.setdefault((scheme, level_code), name)
        return _iri(terms.concept_iri(scheme, code))

    def run(self) -> tuple[list[ox.Triple], list[ox.Triple]]:
        """The triples of the document's own nodes, and those about shared nodes."""
        self.document(self.info)
        for o in self.organisations():
            self.organisation(o)
        for table in self.facts.tables:
            self.table(table)
        self.observations(self.facts.observations)
        for i, duty in enumerate(self.facts.duties):
            self.duty(i, duty)
        for i, body in enumerate(self.facts.bodies):
            self.body(i, body)
        for i, staff in enumerate(self.facts.staff):
            self.staff(i, staff)
        for i, perf in enumerate(self.facts.performance):
            self.performance(i, perf)
        for i, definition in enumerate(self.facts.definitions):
            self.definition(i, definition)
        for i, statement in enumerate(self.facts.statements):
            self.statement(i, statement)
        self.code_lists()
        return self.t.out, self.t.shared

    def document(self, info: DocumentInfo) -> None:
        """The document node."""
        t, d = self.t, self.doc
        t.types(d, BKG.Document, PROV.Entity)
        t.text(d, _iri(DCTERMS.identifier), info.doc)
        t.text(d, _iri(DCTERMS.title), info.title)
        t.add(d, _b("fiscalYear"), self.year)
        t.add(d, _b("phase"), self.phase)
        t.text(d, _b("scope"), info.scope)
        t.text(d, _b("currencyUnit"), info.currency_unit)
        t.add(d, _b("about"), self.org(info.org))
        if info.region:
            t.add(d, _b("region"), _iri(terms.region_iri(info.region)))
        for section in info.sections:
            t.text(d, _b("section"), section)

    def organisations(self) -> list[Organisation]:
        """The printed organisations plus a bare entry for every other name a fact refers to."""
        info = self.info
        known = {o.name: o for o in info.organisations}
        named = [info.org, *(x.org for x in self.facts.tables), *(o.org for o in self.facts.observations)]
        for group in (self.facts.duties, self.facts.bodies, self.facts.staff, self.facts.performance):
            named.extend(x.org for x in group)
        named.extend(s.org for s in self.facts.statements)
        parents = {o.parent for o in info.organisations if o.parent}
        for name in [*named, *sorted(parents)]:
            if name and name not in known:
                kind = info.scope if name == info.org else "部门" if name in parents else ""
                known[name] = Organisation(name, kind, region=info.region, region_full=info.region_full)
        return list(known.values())

    def organisation(self, o: Organisation) -> None:
        """An organisation node with its aliases, region and parent."""
        t, s = self.t, self.org(o.name)
        t.types(s, ORG.Organization, *([BKG + _ORG_KINDS[o.kind]] if o.kind in _ORG_KINDS else []))
        t.text(s, LABEL, o.name)
        for alias in sorted(aliases(o)):
            t.text(s, _iri(SKOS.altLabel), alias)
        t.text(s, _b("unitCode"), o.code)
        if o.parent and o.parent != o.name:
            t.add(s, _iri(ORG.subOrganizationOf), self.org(o.parent))
            t.add(self.org(o.parent), _iri(ORG.hasSubOrganization), s)
        if o.region:
            r = _iri(terms.region_iri(o.region))
            t.add(s, _b("region"), r)
            if o.region not in self.regions:
                self.regions.add(o.region)
                t.types(r, BKG.Region)
                t.text(r, LABEL, o.region)
                t.text(r, _b("fullName"), o.region_full)

    def table(self, table: TableInfo) -> None:
        """A table node (qb:DataSet)."""
        t, s = self.t, _iri(terms.table_iri(table.doc, table.key))
        t.types(s, BKG.Table, QB.DataSet)
        t.add(s, _iri(QB.structure), _b("budgetStructure"))
        t.text(s, _iri(DCTERMS.title), table.title)
        t.text(s, _b("tableNumber"), table.number)
        t.text(s, _b("tableKind"), table.kind)
        t.text(s, _b("currencyUnit"), table.unit)
        t.add(s, _b("document"), self.doc)
        t.add(s, _iri(PROV.wasDerivedFrom), self.doc)
        t.add(s, _b("organisation"), self.org(table.org))
        t.add(s, _b("fiscalYear"), self.year)
        t.add(s, _b("phase"), self.phase)
        t.number(s, _b("sourceLine"), table.line)
        t.add(s, _b("isEmpty"), ox.Literal(table.empty))

    def observations(self, observations: Iterable[Observation]) -> None:
        """Every amount cell with its row, column, organisation and line (the hot loop).

        Year, phase, table kind, printed unit and source document are attached once to the cell's table
        (Data Cube attachment at qb:DataSet level), not repeated per cell. Observation nodes belong to
        this document alone, so their triples go straight to `out`."""
        out, counters, tables = self.t.out, {}, {}
        T, a, ds = ox.Triple, _iri(BKG.Observation), _iri(QB.dataSet)
        amount, measure, row, total, side, organisation = (
            _b(n) for n in ("amount", "measure", "rowLabel", "isTotal", "side", "organisation")
        )
        line_p, column, subject, pv, slice_p = (
            _b(n) for n in ("sourceLine", "columnLabel", "subject", "printedValue", "slice")
        )
        for o in observations:
            table = o.table
            if table.key not in tables:
                prefix = terms.obs_iri(table.doc, table.key, 0, 0)[: -len("0/0")]
                tables[table.key] = (prefix, _iri(terms.table_iri(table.doc, table.key)))
            prefix, dataset = tables[table.key]
            line = o.source.line
            n = counters.get((table.key, line), 0)
            counters[(table.key, line)] = n + 1
            s = ox.NamedNode(f"{prefix}{line}/{n}")
            out += (
                T(s, A, a),
                T(s, ds, dataset),
                T(s, amount, _dec(o.amount_yuan)),
                T(s, measure, _text(o.measure)),
                T(s, row, _text(o.row_label)),
                T(s, total, _TRUE if o.is_total else _FALSE),
                T(s, organisation, self.org(o.org)),
                T(s, line_p, ox.Literal(line)),
                T(s, pv, _text(o.printed_value)),
            )
            if o.column_label:
                out.append(T(s, column, _text(o.column_label)))
            if o.side:
                out.append(T(s, side, _text(o.side)))
            concept = self.subject(o.subject_scheme, o.subject_code, o.subject_name)
            if concept is not None:
                out += (T(s, subject, concept), T(s, slice_p, self.slice(o.org, concept)))

    def duty(self, i: int, duty: Duty) -> None:
        """One numbered duty."""
        t, s = self.t, _iri(terms.fact_iri("duty", self.info.doc, i))
        t.types(s, BKG.Duty)
        t.number(s, _b("number"), duty.number)
        t.text(s, _b("text"), duty.text)
        for word in duty.keywords:
            t.text(s, _b("keyword"), word)
        self.provenance(s, duty.org, duty.source)

    def body(self, i: int, body: Body) -> None:
        """One internal body or subordinate unit."""
        t, s = self.t, _iri(terms.fact_iri("body", self.info.doc, i))
        t.types(s, BKG.Body)
        t.text(s, LABEL, body.name)
        t.text(s, _b("bodyKind"), body.kind)
        t.text(s, _b("rank"), body.rank)
        t.text(s, _b("nature"), body.nature)
        self.provenance(s, body.org, body.source)

    def staff(self, i: int, staff: StaffCount) -> None:
        """One head count."""
        t, s = self.t, _iri(terms.fact_iri("staff", self.info.doc, i))
        t.types(s, BKG.StaffCount)
        t.text(s, _b("category"), staff.category)
        t.text(s, _b("staffKind"), staff.kind)
        t.number(s, _b("count"), staff.count)
        t.text(s, _b("asOf"), staff.as_of)
        self.provenance(s, staff.org, staff.source)

    def performance(self, i: int, perf: PerformanceTable) -> None:
        """A project, its performance table, fund amounts, rates and indicators."""
        t, doc = self.t, self.info.doc
        project, s = _iri(terms.fact_iri("project", doc, i)), _iri(terms.fact_iri("perf", doc, i))
        t.types(project, BKG.Project)
        t.text(project, LABEL, perf.project)
        t.add(project, _b("performanceTable"), s)
        self.provenance(project, perf.org, perf.source)
        t.types(s, BKG.PerformanceTable)
        t.text(s, _b("tableKind"), perf.kind)
        t.add(s, _b("project"), project)
        for name, amount in perf.amounts.items():
            self.measured(
                s, "fundAmount", terms.fact_iri("perf", doc, i, "amount", name), name, "amount", amount
            )
        for name, rate in perf.rates.items():
            self.measured(s, "rate", terms.fact_iri("perf", doc, i, "rate", name), name, "percent", rate)
        for target in perf.targets:
            t.text(s, _b("target"), target)
        t.number(s, _b("totalScore"), perf.total_score)
        self.provenance(s, perf.org, perf.source)
        for j, ind in enumerate(perf.indicators):
            self.indicator(s, terms.fact_iri("ind", doc, i, j), ind, perf.org)

    def measured(self, s: ox.NamedNode, link: str, iri: str, name: str, prop: str, value: Decimal) -> None:
        """A named number hanging off `s` (a fund amount in 元 or a rate in percent)."""
        node = _iri(iri)
        self.t.add(s, _b(link), node)
        self.t.types(node, BKG.FundAmount if link == "fundAmount" else BKG.Rate)
        self.t.text(node, _b("measure"), name)
        self.t.number(node, _b(prop), value)

    def indicator(self, perf: ox.NamedNode, iri: str, ind: Indicator, org: str) -> None:
        """One performance indicator."""
        t, s = self.t, _iri(iri)
        t.add(perf, _b("indicator"), s)
        t.types(s, BKG.Indicator)
        t.text(s, LABEL, ind.name)
        t.text(s, _b("level1"), ind.level1)
        t.text(s, _b("level2"), ind.level2)
        t.text(s, _b("targetText"), ind.target_text)
        t.text(s, _b("comparator"), ind.comparator)
        t.number(s, _b("targetNumber"), ind.target_number)
        t.text(s, _b("targetUnit"), ind.target_unit)
        t.text(s, _b("actualText"), ind.actual_text)
        t.number(s, _b("weight"), ind.weight)
        t.number(s, _b("score"), ind.score)
        t.text(s, _b("description"), ind.description)
        self.provenance(s, org, ind.source)

    def definition(self, i: int, d: Definition) -> None:
        """A glossary term (skos:Concept in bkc:glossary), related to its 科目 when it names one."""
        t, s = self.t, _iri(terms.fact_iri("term", self.info.doc, i))
        t.types(s, SKOS.Concept, BKG.GlossaryTerm)
        glossary = _iri(terms.scheme_iri("glossary"))
        t.types(glossary, SKOS.ConceptScheme)
        t.add(s, _iri(SKOS.inScheme), glossary)
        t.text(s, _iri(SKOS.prefLabel), d.term)
        t.text(s, _iri(SKOS.definition), d.definition)
        t.add(s, _iri(SKOS.related), self.subject(None, d.subject_code, hint=d.term))
        self.provenance(s, self.info.org, d.source)

    def statement(self, i: int, st: Statement) -> None:
        """A number stated in the prose."""
        t, s = self.t, _iri(terms.fact_iri("stmt", self.info.doc, i))
        t.types(s, BKG.Statement)
        t.text(s, _b("topic"), st.topic)
        t.text(s, _b("statementKind"), st.kind)
        t.text(s, _b("measure"), st.measure)
        t.number(s, _b("refYear"), st.year)
        t.number(s, _b("amount"), st.amount_yuan)
        t.number(s, _b("percent"), st.percent)
        t.number(s, _b("count"), st.count)
        t.text(s, _b("unit"), st.unit)
        t.text(s, _b("direction"), st.direction)
        t.text(s, _b("comparedTo"), st.compared_to)
        t.text(s, _b("reason"), st.reason)
        t.text(s, _b("statedValue"), st.value)
        t.add(s, _b("subject"), self.subject(None, st.subject_code, hint=st.topic))
        t.text(s, _b("text"), st.text)
        self.provenance(s, st.org, st.source)

    def code_lists(self) -> None:
        """A SKOS concept for every 科目 seen and each of its broader codes, printed or not."""
        t, pending = self.t, list(self.concepts)
        while pending:
            scheme, code = pending.pop()
            parent = terms.broader_code(code)
            if parent and (scheme, parent) not in self.concepts:
                self.concepts[(scheme, parent)] = None
                pending.append((scheme, parent))
        for scheme in {scheme for scheme, _ in self.concepts}:
            t.types(_iri(terms.scheme_iri(scheme)), SKOS.ConceptScheme)
        for (scheme, code), label in sorted(self.concepts.items()):
            s = _iri(terms.concept_iri(scheme, code))
            t.types(s, SKOS.Concept, BKG.Subject)
            t.add(s, _iri(SKOS.inScheme), _iri(terms.scheme_iri(scheme)))
            t.text(s, _iri(SKOS.notation), code)
            name = label or self.hints.get((scheme, code)) or standard_label(scheme, code)
            t.text(s, _iri(SKOS.prefLabel), name)
            t.text(s, _b("level"), terms.LEVELS[len(code)])
            parent = terms.broader_code(code)
            if parent:
                t.add(s, _iri(SKOS.broader), _iri(terms.concept_iri(scheme, parent)))


def _levels_named(code: str, text: str) -> dict[str, str]:
    """Names of `code` and its broader codes from prose such as 卫生健康支出（类）医疗救助（款）."""
    width = {level: n for n, level in terms.LEVELS.items()}
    named = {code[: width[level]]: name.strip() for name, level in _LEVEL_NAME.findall(text)}
    if not named:
        return {code: text.strip()} if text.strip() else {}
    return {c: name for c, name in named.items() if name and len(c) <= len(code)}


def aliases(o: Organisation) -> set[str]:
    """Other names of an organisation: printed aliases, the name without its city, common abbreviations."""
    names = {o.name, *o.aliases}
    if o.region and o.region_full and o.region_full != o.region and o.name.startswith(o.region_full):
        names.add(o.region + o.name[len(o.region_full) :])
    for long, short in _ABBREVIATIONS:
        names |= {n.replace(long, short) for n in names}
    return names - {o.name}


def document_graphs(facts: DocumentFacts) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """One document's triples: those for its named graph `graph_iri(doc)`, and those for `SHARED_GRAPH`."""
    return _Converter(facts).run()


def document_triples(facts: DocumentFacts) -> list[ox.Triple]:
    """Every triple of one document's facts, its own and those about shared nodes."""
    own, shared = document_graphs(facts)
    return own + shared


def document_quads(facts: DocumentFacts) -> Iterator[ox.Quad]:
    """The triples of one document as quads: in its named graph, or in the shared graph."""
    own, shared = document_graphs(facts)
    g, sg = ox.NamedNode(terms.graph_iri(facts.info.doc)), ox.NamedNode(terms.SHARED_GRAPH)
    yield from (ox.Quad(t.subject, t.predicate, t.object, g) for t in own)
    yield from (ox.Quad(t.subject, t.predicate, t.object, sg) for t in shared)
