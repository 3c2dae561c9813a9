"""The graph as a network for Gephi, Cytoscape or networkx: organisations, units, documents, 科目,
projects and indicators, with amounts (元) and years on the edges; written as GraphML or GEXF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from ..errors import QueryError
from .store import Store
from .terms import sparql_prologue

NODES = {
    "部门": "SELECT ?n ?label WHERE { ?n a bkg:Department ; rdfs:label ?label }",
    "单位": "SELECT ?n ?label WHERE { ?n a bkg:BudgetUnit ; rdfs:label ?label }",
    "文件": "SELECT ?n ?label ?year ?phase WHERE { ?n a bkg:Document ; dcterms:title ?label ;"
    " bkg:fiscalYear ?year ; bkg:phase ?phase }",
    "科目": "SELECT ?n ?label ?code WHERE { ?n a skos:Concept ; skos:notation ?code ; skos:inScheme ?scheme"
    " FILTER(?scheme IN (bkc:function, bkc:economic)) OPTIONAL { ?n skos:prefLabel ?label } }",
    "项目": "SELECT ?n ?label WHERE { ?n a bkg:Project ; rdfs:label ?label }",
    "指标": "SELECT ?n ?label WHERE { ?n a bkg:Indicator ; rdfs:label ?label }",
}
# Each edge query yields ?a ?b and optional ?amount (元), ?year, ?phase; the key is the relation's name.
EDGES = {
    "关于": "SELECT ?a ?b ?year ?phase WHERE { ?a a bkg:Document ; bkg:about ?b ; bkg:fiscalYear ?year ;"
    " bkg:phase ?phase }",
    "隶属": "SELECT ?a ?b WHERE { ?a org:subOrganizationOf ?b }",
    "上级科目": "SELECT ?a ?b WHERE { ?a skos:broader ?b }",
    # one amount per organisation, 科目, year and phase: the largest printed 合计 of a non-total row
    "支出": "SELECT ?a ?b ?year ?phase (MAX(?v) AS ?amount) WHERE { ?o a bkg:Observation ;"
    " bkg:organisation ?a ; bkg:subject ?b ; bkg:amount ?v ; bkg:measure '合计' ; bkg:isTotal false ;"
    " qb:dataSet/bkg:fiscalYear ?year ; qb:dataSet/bkg:phase ?phase } GROUP BY ?a ?b ?year ?phase",
    "项目": "SELECT ?a ?b ?year ?phase (MAX(?v) AS ?amount) WHERE { ?b a bkg:Project ;"
    " bkg:organisation ?a ; bkg:fiscalYear ?year ; bkg:phase ?phase"
    " OPTIONAL { ?b bkg:performanceTable/bkg:fundAmount/bkg:amount ?v } } GROUP BY ?a ?b ?year ?phase",
    "指标": "SELECT ?a ?b WHERE { ?a bkg:performanceTable/bkg:indicator ?b }",
}


def _rows(store: Store, query: str) -> Iterator[dict[str, str | int | float]]:
    """Each solution of `query` as plain attribute values, unbound variables left out."""
    result = store.query(sparql_prologue() + query)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: _plain(t) for n, t in zip(names, row, strict=True) if t is not None}


def _plain(term) -> str | int | float:
    """A GraphML/GEXF-safe attribute value: int for years, float for amounts, else the string."""
    if not isinstance(term, ox.Literal):
        return term.value
    if term.datatype.value.endswith(("#integer", "#int")):
        return int(term.value)
    if term.datatype.value.endswith(("#decimal", "#double", "#float")):
        return float(term.value)
    return term.value


def network(store: Store) -> nx.MultiDiGraph:
    """The network of `store`: node attributes `kind`, `label`; edge attributes `relation`, `amount_yuan`,
    `year`, `phase` where known (never None)."""
    g = nx.MultiDiGraph()
    for kind, query in NODES.items():
        for attrs in _rows(store, query):
            node = str(attrs.pop("n"))
            attrs.setdefault("label", attrs.get("code", node))
            g.add_node(node, kind=kind, **attrs)
    for relation, query in EDGES.items():
        for attrs in _rows(store, query):
            a, b = str(attrs.pop("a")), str(attrs.pop("b"))
            if a not in g or b not in g:
                continue  # an end outside the network (e.g. a concept of another scheme)
            if "amount" in attrs:
                attrs["amount_yuan"] = float(attrs.pop("amount"))
            g.add_edge(a, b, relation=relation, **attrs)
    return g


def write_network(store: Store, fmt: str, out: BinaryIO) -> None:
    """Write the network of `store` to the binary stream `out` as `graphml` or `gexf`."""
    g = network(store)
    if fmt == "graphml":
        nx.write_graphml(g, out)
    elif fmt == "gexf":
        nx.write_gexf(g, out)
    else:
        raise QueryError(f"unknown network format {fmt!r}; choose graphml or gexf")
