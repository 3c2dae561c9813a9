"""The standard 科目 names shipped in ontology/codes.ttl, for broader codes a document does not print."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import pyoxigraph as ox

from .terms import SKOS, scheme_iri


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """Concept IRI -> standard Chinese name."""
    data = files("budgetkg.ontology").joinpath("codes.ttl").read_bytes()
    pref = str(SKOS.prefLabel)
    return {
        q.subject.value: q.object.value
        for q in ox.parse(data, format=ox.RdfFormat.TURTLE)
        if q.predicate.value == pref
    }


def standard_label(scheme: str, code: str) -> str | None:
    """The national name of a 科目 code in scheme 功能 or 经济, or None when the list lacks it."""
    return _labels().get(f"{scheme_iri(scheme)}/{code}")
