"""SHACL: the graph of real values conforms, and deliberately broken graphs do not."""

from __future__ import annotations

import importlib.util

import pyoxigraph as ox
import pytest
from budgetkg.kg import terms
from budgetkg.kg.rdf import document_quads, document_triples
from budgetkg.kg.store import EmbeddedStore
from budgetkg.kg.terms import BKG, SKOS
from budgetkg.kg.validate import validate
from rdf_samples import gaoling_staff, huancui_prose, weixian_tables

NEEDS_EXTRACTION = pytest.mark.skipif(
    importlib.util.find_spec("budgetkg.nlp.extract") is None, reason="extraction not built yet"
)


def sample_triples() -> list[ox.Triple]:
    return [t for f in (weixian_tables(), huancui_prose(), gaoling_staff()) for t in document_triples(f)]


def test_store_of_sample_documents_conforms() -> None:
    store = EmbeddedStore(None)
    for facts in (weixian_tables(), huancui_prose(), gaoling_staff()):
        store.oxigraph.extend(list(document_quads(facts)))
    conforms, report, violations = validate(store)
    assert (conforms, violations) == (True, 0), report


def test_observation_without_amount_fails() -> None:
    obs = ox.NamedNode(terms.obs_iri("001_de9632e190c788f1", "t03", 547, 0))
    broken = [t for t in sample_triples() if not (t.subject == obs and t.predicate.value == str(BKG.amount))]
    conforms, report, violations = validate(broken)
    assert not conforms and violations == 1
    assert "amount" in report


@pytest.mark.parametrize(
    ("predicate", "bad"),
    [(BKG.phase, "草案"), (BKG.currencyUnit, "千元"), (SKOS.notation, "21x")],
)
def test_out_of_range_values_fail(predicate: str, bad: str) -> None:
    triples = sample_triples()
    i = next(i for i, t in enumerate(triples) if t.predicate.value == str(predicate))
    t = triples[i]
    triples[i] = ox.Triple(t.subject, t.predicate, ox.Literal(bad))
    conforms, _, violations = validate(triples)
    assert not conforms and violations >= 1


@NEEDS_EXTRACTION
def test_real_corpus_graph_conforms(built_store: EmbeddedStore) -> None:
    conforms, report, violations = validate(built_store)
    assert (conforms, violations) == (True, 0), report[:3000]
