"""Exports: RDF formats round-trip, the facts-csv contract, analyst CSVs, query result tables."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from budgetkg.kg.export import export, write_results

from budgetkg.errors import QueryError

FACTS_HEADER = "doc,org,year,phase,table,subject_code,subject_name,measure,amount_yuan,source_line"


def exported(store, fmt: str) -> bytes:
    """The export of `store` in `fmt` as bytes."""
    out = io.BytesIO()
    export(store, fmt, out)
    return out.getvalue()


def csv_rows(store, fmt: str) -> list[dict[str, str]]:
    """The rows of a CSV export."""
    return list(csv.DictReader(io.StringIO(exported(store, fmt).decode("utf-8"))))


def test_facts_csv_header_and_a_real_row(built_store):
    body = exported(built_store, "facts-csv").decode("utf-8")
    assert body.splitlines()[0] == FACTS_HEADER
    rows = list(csv.DictReader(io.StringIO(body)))
    wanted = {"org": "威县医疗保障局", "subject_code": "2101301", "measure": "合计"}
    aid = [r for r in rows if all(r[k] == v for k, v in wanted.items())]
    assert aid and {r["amount_yuan"] for r in aid} == {"15380000"}
    assert {r["year"] for r in aid} == {"2021"} and {r["phase"] for r in aid} == {"预算"}
    assert {r["subject_name"] for r in aid} == {"城乡医疗救助"}


def test_facts_csv_has_one_row_per_observation(built_store):
    rows = csv_rows(built_store, "facts-csv")
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://budgetkg.org/ontology#Observation> }"
    assert len(rows) == int(next(iter(built_store.query(query)))["n"].value)
    assert all(r["phase"] in ("预算", "决算") and r["doc"] and r["source_line"].isdigit() for r in rows)
    assert all(r["subject_code"] == "" or len(r["subject_code"]) in (3, 5, 7) for r in rows)


@pytest.mark.parametrize("fmt", ["nq", "jsonld"])
def test_dataset_formats_keep_every_quad(built_store, fmt):
    rdf = {"nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    quads = list(ox.parse(exported(built_store, fmt), format=rdf))
    assert len(quads) == built_store.triple_count()
    assert {q.graph_name.value for q in quads} == set(built_store.graphs())


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_triple_formats_hold_the_union(built_store, fmt):
    rdf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]
    triples = set(ox.parse(exported(built_store, fmt), format=rdf))
    union = set(built_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in triples} == union


def test_statements_csv_states_a_real_amount(built_store):
    rows = csv_rows(built_store, "statements-csv")
    assert rows and list(rows[0])[:4] == ["doc", "org", "year", "phase"]
    assert any(r["org"] == "威县医疗保障局" and r["amount_yuan"] == "15380000" for r in rows)


def test_indicators_csv_has_targets(built_store):
    rows = csv_rows(built_store, "indicators-csv")
    assert rows and all(r["kind"] in ("绩效目标", "绩效自评", "部门整体绩效自评") for r in rows)
    assert any(r["target_number"] and r["comparator"] for r in rows)


def test_unknown_format_is_refused(built_store):
    with pytest.raises(QueryError, match="unknown export format"):
        exported(built_store, "xlsx")


def test_result_table_aligns_chinese(built_store):
    out = io.BytesIO()
    query = "SELECT ?l WHERE { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 3"
    write_results(built_store.query(query), "table", out)
    lines = out.getvalue().decode().splitlines()
    assert lines[0] == "l" and lines[-1] == "(3 rows)"


def test_example_queries_have_titles_and_answers(built_store):
    from importlib import resources

    folder = resources.files("budgetkg.queries") / "examples"
    examples = [e for e in folder.iterdir() if e.name.endswith(".rq")]
    assert len(examples) >= 4
    for example in examples:
        text = example.read_text(encoding="utf-8")
        assert text.startswith("# "), example.name
        assert list(built_store.query(text)), f"{example.name} answers nothing"
