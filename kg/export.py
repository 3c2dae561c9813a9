"""Exports: the graph as RDF (Turtle, N-Triples, N-Quads, JSON-LD), tidy CSVs, and SPARQL result tables.

Everything streams to a binary stream, so exports of big stores never sit in memory as one string.
The CSV queries read organisations and 科目 codes from their IRIs (keyed by name and code), never
joining nodes shared by several documents: the union graph would repeat a row once per document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyoxigraph as ox
from rich.cells import cell_len

from ..errors import QueryError
from .store import QueryResult, Store
from .terms import BKC, BKD, GRAPH, PREFIXES, label_of, sparql_prologue

TRIPLE_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
QUAD_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

FACTS_QUERY = """
SELECT ?doc ?org ?year ?phase ?table ?subject_code ?subject_name ?measure ?amount_yuan ?source_line WHERE {
  ?t prov:wasDerivedFrom ?doc ; bkg:fiscalYear ?year ; bkg:phase ?phase ; bkg:tableKind ?table .
  ?o qb:dataSet ?t ; bkg:organisation ?org ; bkg:measure ?measure ; bkg:amount ?amount_yuan ;
     bkg:sourceLine ?source_line ; bkg:rowLabel ?subject_name .
  OPTIONAL { ?o bkg:subject ?subject_code }
} ORDER BY ?source_line ?o
"""

INDICATORS_QUERY = """
SELECT ?doc ?org ?year ?phase ?project ?kind ?level1 ?level2 ?indicator ?target_text ?comparator
       ?target_number ?target_unit ?actual_text ?weight ?score ?source_line WHERE {
  ?perf a bkg:PerformanceTable ; bkg:indicator ?ind ; prov:wasDerivedFrom ?doc ; bkg:organisation ?org ;
        bkg:fiscalYear ?year ; bkg:phase ?phase ; bkg:tableKind ?kind .
  ?ind rdfs:label ?indicator .
  OPTIONAL { ?perf bkg:project/rdfs:label ?project }
  OPTIONAL { ?ind bkg:level1 ?level1 } OPTIONAL { ?ind bkg:level2 ?level2 }
  OPTIONAL { ?ind bkg:targetText ?target_text } OPTIONAL { ?ind bkg:comparator ?comparator }
  OPTIONAL { ?ind bkg:targetNumber ?target_number } OPTIONAL { ?ind bkg:targetUnit ?target_unit }
  OPTIONAL { ?ind bkg:actualText ?actual_text } OPTIONAL { ?ind bkg:weight ?weight }
  OPTIONAL { ?ind bkg:score ?score } OPTIONAL { ?ind bkg:sourceLine ?source_line }
} ORDER BY ?source_line ?ind
"""

STATEMENTS_QUERY = """
SELECT ?doc ?org ?year ?phase ?topic ?kind ?amount_yuan ?percent ?count ?unit ?direction ?compared_to
       ?subject_code ?reason ?source_line ?text WHERE {
  ?st a bkg:Statement ; prov:wasDerivedFrom ?doc ; bkg:organisation ?org ; bkg:fiscalYear ?year ;
      bkg:phase ?phase ; bkg:topic ?topic ; bkg:statementKind ?kind ; bkg:sourceLine ?source_line .
  OPTIONAL { ?st bkg:amount ?amount_yuan } OPTIONAL { ?st bkg:percent ?percent }
  OPTIONAL { ?st bkg:count ?count } OPTIONAL { ?st bkg:unit ?unit }
  OPTIONAL { ?st bkg:direction ?direction } OPTIONAL { ?st bkg:comparedTo ?compared_to }
  OPTIONAL { ?st bkg:subject ?subject_code } OPTIONAL { ?st bkg:reason ?reason }
  OPTIONAL { ?st bkg:text ?text }
} ORDER BY ?source_line ?st
"""

KEYED = (str(BKD), str(BKC), str(GRAPH))  # IRIs minted from a key (name, code, file stem)

CSV_QUERIES = {
    "facts-csv": FACTS_QUERY,
    "indicators-csv": INDICATORS_QUERY,
    "statements-csv": STATEMENTS_QUERY,
}
FORMATS = [*TRIPLE_FORMATS, *QUAD_FORMATS, *CSV_QUERIES, "graphml", "gexf"]


def export(store: Store, fmt: str, out: BinaryIO) -> None:
    """Write the whole graph to `out` in `fmt` (one of `FORMATS`)."""
    if fmt in TRIPLE_FORMATS:
        ox.serialize(_triples(store), out, format=TRIPLE_FORMATS[fmt], prefixes=PREFIXES)
    elif fmt in QUAD_FORMATS:
        ox.serialize(_quads(store), out, format=QUAD_FORMATS[fmt], prefixes=PREFIXES)
    elif fmt in CSV_QUERIES:
        write_csv(_per_document(store, sparql_prologue() + CSV_QUERIES[fmt]), out)
    elif fmt in ("graphml", "gexf"):
        from .network import write_network

        write_network(store, fmt, out)
    else:
        raise QueryError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _per_document(store: Store, sparql: str) -> Iterator[ox.QuerySolutions]:
    """`sparql` run once per document (bound as `?doc`), in document order: each run sorts one
    document's rows, where one query over the whole store would sort them all at once."""
    docs = list(store.query(sparql_prologue() + "SELECT ?doc WHERE { ?doc a bkg:Document } ORDER BY ?doc"))
    if not docs:
        yield store.query(sparql)  # no rows, but the header
    for row in docs:
        yield store.query(sparql, {"doc": row["doc"]})


def write_csv(results: Iterable[ox.QuerySolutions], out: BinaryIO) -> None:
    """Stream solutions as CSV (header = variable names); IRIs print as their decoded last segment."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    for i, rows in enumerate(results):
        names = [v.value for v in rows.variables]
        if i == 0:
            writer.writerow(names)
        writer.writerows([_plain(row[n]) for n in names] for row in rows)
    text.detach()


def write_results(result: QueryResult, fmt: str, out: BinaryIO) -> None:
    """Write a query result as a `table` for people or as SPARQL `json`/`csv`/`tsv` (graphs as RDF)."""
    if isinstance(result, ox.QueryTriples):
        rdf = ox.RdfFormat.TURTLE if fmt in ("table", "json") else ox.RdfFormat.N_TRIPLES
        ox.serialize(result, out, format=rdf, prefixes=PREFIXES if rdf is ox.RdfFormat.TURTLE else None)
    elif fmt == "table":
        out.write(_table(result).encode())
    elif fmt in RESULT_FORMATS:
        result.serialize(out, RESULT_FORMATS[fmt])
    else:
        raise QueryError(f"unknown result format {fmt!r}; choose table, json, csv or tsv")


def _triples(store: Store) -> Iterator[ox.Triple]:
    yield from store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def _quads(store: Store) -> Iterator[ox.Quad]:
    for s in store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
        yield ox.Quad(s["s"], s["p"], s["o"], s["g"])


def _plain(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return label_of(term.value)
    return term.value


def _shown(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """A term for people: budgetkg IRIs as their key, other known IRIs as prefixed names."""
    if not isinstance(term, ox.NamedNode) or term.value.startswith(KEYED):
        return _plain(term)
    prefix = next((p for p, ns in PREFIXES.items() if term.value.startswith(ns)), None)
    return f"{prefix}:{term.value[len(PREFIXES[prefix]) :]}" if prefix else term.value


def _table(result: ox.QuerySolutions | ox.QueryBoolean) -> str:
    if isinstance(result, ox.QueryBoolean):
        return f"{str(bool(result)).lower()}\n"
    names = [v.value for v in result.variables]
    rows = [[_shown(row[n]) for n in names] for row in result]
    widths = [max(cell_len(c) for c in column) for column in zip(names, *rows, strict=True)]
    lines = [names, ["-" * w for w in widths], *rows]
    body = "".join(
        "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )
    return body + f"({len(rows)} row{'' if len(rows) == 1 else 's'})\n"
