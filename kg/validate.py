"""SHACL validation of the graph against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from ..errors import StoreError
from .store import Store

Validatable = Store | ox.Store | Graph | Iterable[ox.Triple]


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The shapes graph shipped with the package."""
    return Graph().parse(data=files("budgetkg.ontology").joinpath("shapes.ttl").read_bytes(), format="turtle")


def to_rdflib(data: Validatable) -> Graph:
    """The union of all named graphs (or the given triples) as one rdflib Graph."""
    if isinstance(data, Graph):
        return data
    if isinstance(data, Store):
        data = data.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    elif isinstance(data, ox.Store):
        data = (ox.Triple(q.subject, q.predicate, q.object) for q in data)
    try:
        body = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES)
    except (TypeError, ValueError) as e:
        raise StoreError(f"cannot export the graph for validation: {e}") from e
    return Graph().parse(data=body, format="nt")


def validate(data: Validatable) -> tuple[bool, str, int]:
    """Check `data` against the shapes: (conforms, the report as text, number of violations)."""
    graph = to_rdflib(data)
    conforms, report, text = shacl_validate(graph, shacl_graph=shapes(), inference="none", inplace=True)
    violations = len(set(report.subjects(SH.resultSeverity, SH.Violation)))
    return bool(conforms), str(text), violations
