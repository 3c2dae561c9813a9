"""Build and ingest: one named graph per document, all-or-nothing writes, real values from the corpus."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from budgetkg.kg.build import build, ingest, read_facts
from budgetkg.kg.store import EmbeddedStore
from budgetkg.kg.terms import (
    SHARED_GRAPH,
    concept_iri,
    graph_iri,
    label_of,
    org_iri,
    slice_iri,
    sparql_prologue,
)

from budgetkg.errors import InputError

MEDICAL_AID = (
    sparql_prologue()
    + """
SELECT DISTINCT ?subject ?org ?amount ?doc ?line WHERE {
  ?o bkg:subject ?subject ; bkg:measure "合计" ; qb:dataSet ?table ; bkg:organisation ?org ;
     bkg:amount ?amount ; bkg:sourceLine ?line .
  ?table bkg:fiscalYear 2021 ; prov:wasDerivedFrom ?doc .
}"""
)


def count(store: EmbeddedStore, pattern: str) -> int:
    """Number of solutions of a SELECT over `pattern`."""
    rows = store.query(sparql_prologue() + f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(next(iter(rows))["n"].value)


def test_build_writes_one_graph_per_document_and_the_shared_graph(built_store, corpus_dir):
    docs = sorted(p.stem for p in corpus_dir.glob("*.txt"))
    assert sorted(built_store.graphs()) == sorted([SHARED_GRAPH, *(graph_iri(d) for d in docs)])
    assert count(built_store, "?d a bkg:Document") == len(docs)


def test_weixian_medical_aid_is_read_exactly(built_store, corpus_dir):
    subject, org = concept_iri("功能", "2101301"), org_iri("威县医疗保障局")
    bind = {"subject": ox.NamedNode(subject), "org": ox.NamedNode(org)}
    rows = list(built_store.query(MEDICAL_AID, bind))
    assert rows, "威县 2021 城乡医疗救助 not found"
    assert {Decimal(r["amount"].value) for r in rows} == {Decimal(15380000)}
    for row in rows:
        printed = _printed_line(corpus_dir, label_of(row["doc"].value), int(row["line"].value))
        assert printed.replace(",", "").strip().startswith("15380000")


def _printed_line(corpus_dir: Path, stem: str, line: int) -> str:
    return (corpus_dir / f"{stem}.txt").read_text(encoding="utf-8").splitlines()[line - 1]


def test_build_summary_matches_the_store(tmp_path, corpus_dir):
    store = EmbeddedStore(str(tmp_path / "s"))
    summary = build(store, corpus_dir)
    assert summary.documents == len(list(corpus_dir.glob("*.txt")))
    assert summary.observations == count(store, "?o a bkg:Observation")
    assert summary.triples == store.triple_count()


def test_reingest_replaces_the_graph(store_copy, corpus_dir):
    store = EmbeddedStore(str(store_copy))
    before = store.triple_count()
    path = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    summary = ingest(store, [path])
    assert summary.documents == 1
    assert store.triple_count() == before
    assert len(store.graphs()) == len(list(corpus_dir.glob("*.txt"))) + 1


def test_failed_ingest_writes_nothing(store_copy, corpus_dir, tmp_path):
    store = EmbeddedStore(str(store_copy))
    before = store.triple_count()
    good = tmp_path / "new_document.txt"
    shutil.copy(min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size), good)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError, match="empty.txt"):
        ingest(store, [good, empty])
    assert store.triple_count() == before
    assert graph_iri("new_document") not in store.graphs()


def test_absurd_amount_is_refused(corpus_dir, tmp_path):
    source = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    text = source.read_text(encoding="utf-8")
    absurd = tmp_path / source.name
    absurd.write_text(re.sub(r"\d[\d,]*\.\d\d", "9" * 20 + ".00", text, count=1), encoding="utf-8")
    with pytest.raises(InputError, match=source.name):
        read_facts(absurd)


def test_gb18030_copy_reads_to_the_same_facts(corpus_dir, tmp_path):
    source = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    copy = tmp_path / source.name
    copy.write_bytes(source.read_text(encoding="utf-8").encode("gb18030"))
    original, converted = read_facts(source), read_facts(copy)
    assert converted.observations == original.observations
    assert converted.info == original.info


SHARED_JOIN = '?o bkg:subject ?c . ?c skos:notation "2101301"'


def test_join_through_a_shared_node_returns_each_observation_once(built_store):
    distinct = f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {SHARED_JOIN} }}"
    rows = built_store.query(sparql_prologue() + distinct)
    assert count(built_store, SHARED_JOIN) == int(next(iter(rows))["n"].value) > 0
    assert count(built_store, '?org rdfs:label "威县医疗保障局"') == 1


def test_shared_nodes_live_in_the_shared_graph_only(built_store):
    shared = f"GRAPH ?g {{ ?c skos:notation ?code }} FILTER(?g != <{SHARED_GRAPH}>)"
    assert count(built_store, shared) == 0
    assert count(built_store, f"GRAPH ?g {{ ?o a bkg:Observation }} FILTER(?g = <{SHARED_GRAPH}>)") == 0


def test_reingest_keeps_join_counts(store_copy, corpus_dir):
    store = EmbeddedStore(str(store_copy))
    before = count(store, SHARED_JOIN), count(store, "?org a org:Organization ; rdfs:label ?l")
    ingest(store, sorted(corpus_dir.glob("*.txt"))[:2])
    assert (count(store, SHARED_JOIN), count(store, "?org a org:Organization ; rdfs:label ?l")) == before


def test_slice_key_finds_a_point_in_one_probe(built_store):
    key = slice_iri("威县医疗保障局", 2021, "预算", concept_iri("功能", "2101301"))
    query = 'SELECT ?amount WHERE { ?o bkg:slice ?key ; bkg:measure "合计" ; bkg:amount ?amount }'
    rows = built_store.query(sparql_prologue() + query, {"key": ox.NamedNode(key)})
    assert {Decimal(r["amount"].value) for r in rows} == {Decimal(15380000)}


def test_reingest_forgets_organisations_and_regions_no_document_names(store_copy, corpus_dir, tmp_path):
    """A corrected document that renames its organisation replaces the old name everywhere: the old
    organisation and region leave the shared graph; every other document's stay."""
    store = EmbeddedStore(str(store_copy))
    source = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    info = read_facts(source).info
    renamed = tmp_path / source.name
    text = source.read_text(encoding="utf-8").replace(info.region, "改名区")
    renamed.write_text(text, encoding="utf-8")
    orgs = "SELECT ?l WHERE { ?o a org:Organization ; rdfs:label ?l }"
    regions = "SELECT ?l WHERE { ?r a bkg:Region ; rdfs:label ?l }"

    def labels(query: str) -> set[str]:
        return {r["l"].value for r in store.query(sparql_prologue() + query)}

    before_orgs, before_regions = labels(orgs), labels(regions)
    ingest(store, [renamed])
    # the document's organisation and the 部门 it belongs to are renamed; no other document names them
    assert info.org in before_orgs and info.org.replace(info.region, "改名区") in labels(orgs)
    assert labels(orgs) == {name.replace(info.region, "改名区") for name in before_orgs}
    assert labels(regions) == before_regions - {info.region} | {"改名区"}
    dangling = "?p org:hasSubOrganization ?o FILTER NOT EXISTS { ?o a org:Organization }"
    assert count(store, dangling) == 0
