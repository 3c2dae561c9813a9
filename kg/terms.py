"""Namespaces and IRI minting: the only place that decides how budgetkg IRIs look.

Every helper returns a plain `str` IRI, usable as `rdflib.URIRef(iri)` or `pyoxigraph.NamedNode(iri)`.
Chinese keys are percent-encoded UTF-8, so IRIs stay valid and stable.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

from ..errors import InputError

BKG = Namespace("https://budgetkg.org/ontology#")
BKD = Namespace("https://budgetkg.org/id/")
BKC = Namespace("https://budgetkg.org/code/")
GRAPH = Namespace("https://budgetkg.org/graph/")

PREFIXES: dict[str, str] = {
    "bkg": str(BKG),
    "bkd": str(BKD),
    "bkc": str(BKC),
    "qb": str(QB),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}

SCHEMES: dict[str, str] = {"功能": "function", "经济": "economic"}
LEVELS: dict[int, str] = {3: "类", 5: "款", 7: "项"}


def key(text: str | int) -> str:
    """One IRI path segment: `text` percent-encoded (Chinese, spaces and slashes included)."""
    value = str(text).strip()
    if not value:
        raise InputError("cannot mint an IRI from an empty key")
    return quote(value, safe="")


def label_of(iri: str) -> str:
    """The decoded last path segment of an IRI (the key it was minted from)."""
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


# A document key is percent-encoded (no "/"), so no document graph can take this IRI.
SHARED_GRAPH = GRAPH + "shared/nodes"
# Nodes several documents can describe: organisations, regions, 科目 concepts and every scheme under bkc:.
_SHARED_NODES = (BKD + "org/", BKD + "region/", str(BKC))


def is_shared(iri: str) -> bool:
    """True when `iri` names a node several documents can describe: its triples go to `SHARED_GRAPH`."""
    return iri.startswith(_SHARED_NODES)


def graph_iri(doc: str) -> str:
    """The named graph holding everything read from document `doc` (its file stem)."""
    return GRAPH + key(doc)


def doc_iri(doc: str) -> str:
    """A disclosure document."""
    return BKD + f"doc/{key(doc)}"


def org_iri(name: str) -> str:
    """An organisation, keyed by its printed name so it is one node across documents."""
    return BKD + f"org/{key(name)}"


def region_iri(name: str) -> str:
    """A region (县/区/市), keyed by its short name."""
    return BKD + f"region/{key(name)}"


def table_iri(doc: str, table_key: str) -> str:
    """A printed table (qb:DataSet) of a document."""
    return BKD + f"table/{key(doc)}/{key(table_key)}"


def obs_iri(doc: str, table_key: str, line: int, n: int) -> str:
    """The `n`-th amount cell (0-based) printed on `line` of a table."""
    return BKD + f"obs/{key(doc)}/{key(table_key)}/{line}/{n}"


def slice_iri(org: str, year: int, phase: str, concept: str) -> str:
    """The key (`bkg:slice`) of the observations of one 科目 `concept` IRI for an organisation, year and
    phase: a point lookup on it is one index probe."""
    return BKD + f"slice/{key(org)}/{year}/{key(phase)}/{concept.removeprefix(BKC)}"


def fact_iri(kind: str, doc: str, *parts: str | int) -> str:
    """A prose fact: `kind` is duty, body, staff, project, perf, ind, term, stmt …; `parts` number it."""
    return BKD + "/".join([kind, key(doc), *(key(p) for p in parts)])


def scheme_iri(scheme: str) -> str:
    """The SKOS concept scheme of a 科目 scheme ("功能" | "经济") or "glossary"."""
    return BKC + SCHEMES.get(scheme, scheme)


def concept_iri(scheme: str, code: str) -> str:
    """A 科目 concept: `bkc:function/2101301`, `bkc:economic/30101`."""
    if scheme not in SCHEMES:
        raise InputError(f"unknown subject scheme {scheme!r} (expected 功能 or 经济)")
    if not code.isdigit() or len(code) not in LEVELS:
        raise InputError(f"malformed subject code {code!r} (expected 3, 5 or 7 digits)")
    return f"{scheme_iri(scheme)}/{code}"


def broader_code(code: str) -> str | None:
    """The parent code of a 科目 code (7 -> 5 -> 3 digits); None for a 类."""
    return code[:-2] if len(code) > 3 else None
