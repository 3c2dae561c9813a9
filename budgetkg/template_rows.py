"""The rows of the question templates, read from the store for the organisations a question is about.

A small store is read whole once (every template unbound, then filtered in Python). A big one is read
per set of organisations: the template runs with their IRIs in a `VALUES` block and the rows are
cached, so start-up time does not grow with the corpus. Either way callers get the same rows.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from decimal import Decimal

import pyoxigraph as ox

from .kg.store import Store, bind_rows
from .kg.terms import sparql_prologue
from .queries.readings import Row

EAGER_UP_TO = 50  # documents; above, per-organisation queries cost less than reading every template
CACHED_SCOPES = 256  # (template, organisations) results kept in a big store
# the row fields a template's asked label may equal
LABEL_FIELDS = {
    "amount.rq": ("rowLabel", "subjectLabel", "code", "measure"),
    "definition.rq": ("label",),
}
_SUBJECTS = """SELECT ?subject ?subjectLabel ?code WHERE {
  ?subject skos:prefLabel ?subjectLabel ; skos:notation ?code
}"""
# one predicate each (a join with the observation type would read every cell): row labels are only
# on cells; measures and 科目 are also on other facts, so each value found is checked to be a cell's
_ROW_LABELS = "SELECT DISTINCT ?value WHERE { ?o bkg:rowLabel ?value }"
_VALUES_OF = "SELECT DISTINCT ?value WHERE {{ ?o bkg:{} ?value }}"
_ON_A_CELL = "ASK {{ ?o bkg:{} {} ; a bkg:Observation }}"
_DOCUMENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?d a bkg:Document }"
_SELECT = re.compile(r"SELECT\s+DISTINCT\s.*?\bWHERE\s*\{", re.DOTALL)

Scope = frozenset[str] | None  # organisation labels, or None for every organisation


def value(term: ox.NamedNode | ox.Literal) -> object:
    """A result term as Python: numbers as Decimal, booleans as bool, the rest as their text."""
    if isinstance(term, ox.Literal) and term.datatype.value.endswith(("#decimal", "#integer", "#double")):
        return Decimal(term.value)
    if isinstance(term, ox.Literal) and term.datatype.value.endswith("#boolean"):
        return term.value == "true"
    return term.value


class TemplateRows:
    """Rows of each template (by query file) for a scope of organisations, with a by-label index."""

    def __init__(self, store: Store, sparql: dict[str, str], org_labels: dict[str, str]) -> None:
        self.store, self.sparql, self.org_labels = store, sparql, org_labels
        self.org_iris = {label: iri for iri, label in org_labels.items()}
        self.subjects = {str(r["subject"]): r for r in self.run(sparql_prologue() + _SUBJECTS)}
        documents = next(iter(store.query(sparql_prologue() + _DOCUMENTS)))["n"]
        self.eager = int(documents.value) <= EAGER_UP_TO
        self._rows: OrderedDict[tuple[str, Scope], list[Row]] = OrderedDict()
        self._index: dict[tuple[str, Scope], dict[str, list[Row]]] = {}
        self.cell_labels = self._cell_labels()

    def run(self, sparql: str) -> list[Row]:
        """Solutions of `sparql` as dicts of Python values, each with its organisation's label."""
        result = self.store.query(sparql)
        names = [v.value for v in result.variables]
        rows = [{n: value(s[n]) for n in names if s[n] is not None} for s in result]
        for r in rows:
            r["orgLabel"] = self.org_labels.get(str(r.get("org")), r.get("org"))
        return rows

    def rows(self, file: str, orgs: set[str] | None) -> list[Row]:
        """The template's rows of the organisations labelled `orgs` (None: all), in print order; a new
        list each time (callers extend it), of shared row dicts (never to be changed)."""
        if self.eager or orgs is None:
            return [r for r in self._fetch(file, None) if orgs is None or r["orgLabel"] in orgs]
        return list(self._fetch(file, frozenset(orgs)))

    def labels(self, file: str, field: str) -> frozenset[str]:
        """Every value of one field over all the template's rows."""
        if self.eager:
            return frozenset(str(r[field]) for r in self.rows(file, None) if field in r)
        distinct = _SELECT.sub(f"SELECT DISTINCT ?{field} WHERE {{", self.sparql[file], count=1)
        return frozenset(str(r[field]) for r in self.run(distinct) if field in r)

    def by_label(self, file: str, orgs: set[str] | None) -> dict[str, list[Row]]:
        """The rows of `rows(file, orgs)` under each value of the template's label fields."""
        key = (file, None if orgs is None else frozenset(orgs))
        if key not in self._index:
            index: dict[str, list[Row]] = {}
            for r in self.rows(file, orgs):
                for label in dict.fromkeys(str(r[f]) for f in LABEL_FIELDS[file] if r.get(f) is not None):
                    index.setdefault(label, []).append(r)
            if len(self._index) >= CACHED_SCOPES:
                self._index.clear()
            self._index[key] = index
        return self._index[key]

    def _fetch(self, file: str, orgs: Scope) -> list[Row]:
        key = (file, orgs)
        if key in self._rows:
            self._rows.move_to_end(key)
            return self._rows[key]
        sparql = self.sparql[file]
        if orgs is not None:
            iris = [ox.NamedNode(self.org_iris[o]) for o in sorted(orgs) if o in self.org_iris]
            sparql = bind_rows(sparql, "org", iris)
        # in print order, whatever order the query's plan yields: ties between rows go to the first printed
        rows = sorted(self.run(sparql), key=lambda r: (str(r.get("doc", "")), r.get("line", 0)))
        for r in rows:
            r["query"] = file
            if "subject" in r and str(r["subject"]) in self.subjects:
                found = self.subjects[str(r["subject"])]
                r |= {k: v for k, v in found.items() if k in ("subjectLabel", "code")}
        self._rows[key] = rows
        if len(self._rows) > CACHED_SCOPES and not self.eager:
            self._rows.popitem(last=False)
        return rows

    def _cell_labels(self) -> frozenset[str]:
        """Every label a table cell can be asked by: row labels, measures, its 科目's name and code."""
        if self.eager:
            return frozenset(self.by_label("amount.rq", None))
        labels = {str(r["value"]) for r in self.run(sparql_prologue() + _ROW_LABELS)}
        labels |= {str(t.value) for t in self._cell_values("measure")}
        for subject in self._cell_values("subject"):
            found = self.subjects.get(subject.value, {})
            labels |= {str(found[k]) for k in ("subjectLabel", "code") if k in found}
        return frozenset(labels)

    def _cell_values(self, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        """The values of `bkg:<predicate>` that some table cell has."""
        found = self.store.query(sparql_prologue() + _VALUES_OF.format(predicate))
        values = [row["value"] for row in found]
        ask = sparql_prologue() + _ON_A_CELL
        return [v for v in values if bool(self.store.query(ask.format(predicate, v)))]
