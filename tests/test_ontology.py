"""The ontology and code list parse, label every term in Chinese and English, and cover the data."""

from __future__ import annotations

from importlib.resources import files

import pytest
from budgetkg.kg.codes import standard_label
from budgetkg.kg.rdf import document_triples
from budgetkg.kg.terms import BKG
from rdf_samples import gaoling_staff, huancui_prose, weixian_tables
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, QB, RDF, RDFS, SKOS

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=files("budgetkg.ontology").joinpath("budget.ttl").read_bytes(), format="turtle")


def declared(g: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(BKG))}


def test_every_term_has_chinese_and_english_label_and_comment(ontology: Graph) -> None:
    terms = declared(ontology)
    assert len(terms) > 60
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert {"zh", "en"} <= langs, f"{term} lacks a zh/en {prop}"


def test_reuses_w3c_vocabularies(ontology: Graph) -> None:
    assert (BKG.Table, RDFS.subClassOf, QB.DataSet) in ontology
    assert (BKG.Observation, RDFS.subClassOf, QB.Observation) in ontology
    assert (BKG.amount, RDF.type, QB.MeasureProperty) in ontology
    assert (BKG.budgetStructure, RDF.type, QB.DataStructureDefinition) in ontology
    assert (BKG.Subject, RDFS.subClassOf, SKOS.Concept) in ontology
    dimensions = set(ontology.objects(None, QB.dimension))
    assert {BKG.organisation, BKG.fiscalYear, BKG.subject, BKG.measure} <= dimensions


def test_every_term_the_converter_emits_is_declared(ontology: Graph) -> None:
    used = set()
    for facts in (weixian_tables(), huancui_prose(), gaoling_staff()):
        for t in document_triples(facts):
            used.add(t.predicate.value)
            if t.predicate.value == str(RDF.type):
                used.add(t.object.value)
    ours = {URIRef(u) for u in used if u.startswith(str(BKG))}
    assert ours - {BKG.budgetStructure} <= declared(ontology)


def test_code_list_names_the_national_classes_and_sections() -> None:
    g = Graph().parse(data=files("budgetkg.ontology").joinpath("codes.ttl").read_bytes(), format="turtle")
    for concept in g.subjects(RDF.type, SKOS.Concept):
        assert str(concept).endswith("/" + str(g.value(concept, SKOS.notation)))
    assert standard_label("功能", "210") == "卫生健康支出"
    assert standard_label("功能", "21013") == "医疗救助"
    assert standard_label("经济", "301") == "工资福利支出"
    assert standard_label("功能", "2101301") is None
