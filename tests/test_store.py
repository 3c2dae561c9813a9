"""Store writes: every write path stores the same quads, shared triples once, and all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from budgetkg.kg.store import DocumentGraph, EmbeddedStore, Store, bind_values, ntriples
from budgetkg.kg.terms import SHARED_GRAPH, is_shared, org_iri

from budgetkg.errors import InputError

EX = "https://example.org/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def doc(n: int, org: str = "甲局") -> DocumentGraph:
    """A document graph with one own triple and one triple about a shared organisation."""
    own = ox.Triple(ox.NamedNode(f"{EX}doc/{n}"), ox.NamedNode(f"{EX}about"), ox.NamedNode(org_iri(org)))
    shared = ox.Triple(ox.NamedNode(org_iri(org)), LABEL, ox.Literal(org))
    return DocumentGraph(f"{EX}graph/{n}", ntriples([own]), ntriples([shared]))


def quads(store: EmbeddedStore) -> set[tuple[str, str, str, str]]:
    """Every quad of a store, as strings."""
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store.oxigraph}


class _SparqlOnly(EmbeddedStore):
    """An embedded store written only through the generic SPARQL update path (as a remote server is)."""

    replace_documents = Store.replace_documents


@pytest.mark.parametrize("kind", ["swap", "memory", "sparql"])
def test_every_write_path_stores_shared_triples_once(kind: str, tmp_path: Path) -> None:
    if kind == "swap":
        store = EmbeddedStore(str(tmp_path / "s"))
    else:
        store = EmbeddedStore(None) if kind == "memory" else _SparqlOnly(None)
    assert store.replace_documents([doc(1), doc(2)], exclusive=True) == 1
    assert store.replace_documents([doc(2), doc(3, "乙局")]) == 2
    written = quads(store)
    assert sorted(store.graphs()) == sorted([SHARED_GRAPH, *(f"{EX}graph/{n}" for n in (1, 2, 3))])
    assert sum(g == f"<{SHARED_GRAPH}>" for *_, g in written) == 2
    assert len(written) == 5
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?d <{EX}about> ?o . ?o <{LABEL.value}> ?l }}")
    assert int(next(iter(rows))["n"].value) == 3


def test_a_failing_document_stream_leaves_the_store_unchanged(tmp_path: Path) -> None:
    store = EmbeddedStore(str(tmp_path / "s"))
    store.replace_documents([doc(1)], exclusive=True)
    before = quads(store)

    def failing() -> Iterator[DocumentGraph]:
        yield doc(2)
        raise InputError("bad.txt: no budget table")

    with pytest.raises(InputError, match="bad.txt"):
        store.replace_documents(failing(), exclusive=True)
    assert quads(store) == before
    assert [p.name for p in tmp_path.iterdir()] == ["s"]


def test_shared_nodes_are_decided_by_namespace() -> None:
    assert is_shared(org_iri("威县医疗保障局"))
    assert is_shared("https://budgetkg.org/code/function/2101301")
    assert is_shared("https://budgetkg.org/code/glossary")
    assert not is_shared("https://budgetkg.org/id/obs/001/t05/547/0")
    assert not is_shared("https://budgetkg.org/id/term/001/0")


def test_bindings_become_a_values_block_in_the_where_clause() -> None:
    org = {"org": ox.NamedNode(org_iri("甲局"))}
    construct = bind_values("CONSTRUCT { ?org ?p ?o } WHERE { ?org ?p ?o }", org)
    assert construct.startswith("CONSTRUCT { ?org ?p ?o } WHERE { VALUES (?org)")
    assert "ASK { VALUES (?org)" in bind_values("ASK { ?org ?p ?o }", org)


def test_bound_variables_need_not_be_projected() -> None:
    store = EmbeddedStore(None)
    store.replace_documents([doc(1)])
    bind = {"org": ox.NamedNode(org_iri("甲局"))}
    rows = store.query(f"SELECT ?l WHERE {{ ?org <{LABEL.value}> ?l }}", bind)
    assert [r["l"].value for r in rows] == ["甲局"]
