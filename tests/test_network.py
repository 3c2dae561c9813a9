"""The network export: what it holds matches the graph, and GraphML/GEXF read back intact in networkx."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

import networkx as nx
import pytest
from budgetkg.kg.network import network, write_network
from budgetkg.kg.terms import sparql_prologue

from budgetkg.errors import QueryError


def count(store, query: str) -> int:
    return int(next(iter(store.query(sparql_prologue() + query)))["n"].value)


@pytest.fixture(scope="module")
def net(built_store):
    return network(built_store)


def test_nodes_of_each_kind_match_the_graph(net, built_store):
    kinds = Counter(d["kind"] for _, d in net.nodes(data=True))
    assert kinds["文件"] == count(built_store, "SELECT (COUNT(*) AS ?n) { ?d a bkg:Document }")
    assert kinds["部门"] + kinds["单位"] == count(
        built_store,
        "SELECT (COUNT(DISTINCT ?o) AS ?n) { { ?o a bkg:Department } UNION { ?o a bkg:BudgetUnit } }",
    )
    assert kinds["项目"] == count(built_store, "SELECT (COUNT(*) AS ?n) { ?p a bkg:Project }")
    assert kinds["指标"] == count(built_store, "SELECT (COUNT(*) AS ?n) { ?i a bkg:Indicator }")
    assert kinds["科目"] > 0


def test_every_subject_has_its_broader_link(net, built_store):
    broader = {(a, b) for a, b, d in net.edges(data=True) if d["relation"] == "上级科目"}
    expected = {
        (r["a"].value, r["b"].value)
        for r in built_store.query(sparql_prologue() + "SELECT ?a ?b { ?a skos:broader ?b }")
    }
    assert broader == expected


def test_spending_edges_carry_the_largest_printed_total_in_yuan(net, built_store):
    spent = [(a, b, d) for a, b, d in net.edges(data=True) if d["relation"] == "支出"]
    assert spent
    for a, b, d in spent[:25]:
        amounts = [
            Decimal(r["v"].value)
            for r in built_store.query(
                sparql_prologue()
                + f"SELECT ?v {{ ?o bkg:organisation <{a}> ; bkg:subject <{b}> ; bkg:amount ?v ;"
                f" bkg:measure '合计' ; bkg:isTotal false ;"
                f" qb:dataSet ?t . ?t bkg:fiscalYear {d['year']} ; bkg:phase '{d['phase']}' }}"
            )
        ]
        assert Decimal(str(d["amount_yuan"])) == max(amounts)


def test_no_attribute_is_none(net):
    assert all(v is not None for _, d in net.nodes(data=True) for v in d.values())
    assert all(v is not None for *_, d in net.edges(data=True) for v in d.values())


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_written_network_reads_back(net, built_store, fmt, read):
    out = io.BytesIO()
    write_network(built_store, fmt, out)
    back = read(io.BytesIO(out.getvalue()))
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    node = next(n for n, d in net.nodes(data=True) if d["kind"] == "部门")
    assert back.nodes[node]["label"] == net.nodes[node]["label"]
    want = sorted(d["amount_yuan"] for *_, d in net.edges(data=True) if "amount_yuan" in d)
    got = sorted(float(d["amount_yuan"]) for *_, d in back.edges(data=True) if "amount_yuan" in d)
    assert got == want


def test_unknown_format_is_refused(built_store):
    with pytest.raises(QueryError):
        write_network(built_store, "dot", io.BytesIO())
