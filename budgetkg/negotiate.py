"""Content negotiation for SPARQL results: pick a serialisation from `Accept` or a `format` parameter."""

from __future__ import annotations

import pyoxigraph as ox

from .errors import BudgetKGError

Format = ox.QueryResultsFormat | ox.RdfFormat

# Media types and short names each kind of result answers to; the first entry is the default.
SOLUTIONS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPHS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "text/xml": ox.RdfFormat.RDF_XML,
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}


class NotAcceptable(BudgetKGError):
    """No serialisation the client accepts exists for this kind of result."""


def _ranges(accept: str) -> list[str]:
    """Media ranges of an `Accept` header, best first, without those of quality 0."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [m for _, _, m in sorted(ranked)]


def choose(table: dict[str, Format], accept: str | None, name: str | None = None) -> Format:
    """The format for `table`'s kind of result: a known `name` wins, else the best `Accept` match."""
    if name and name.strip().lower() in table:
        return table[name.strip().lower()]
    media_types = [m for m in table if "/" in m]
    for wanted in _ranges(accept or "*/*"):
        if wanted in table:
            return table[wanted]
        if wanted == "*/*":
            return table[media_types[0]]
        if wanted.endswith("/*"):
            for m in media_types:
                if m.startswith(wanted[:-1]):
                    return table[m]
    raise NotAcceptable(f"cannot answer in any of {accept!r}; offered: {', '.join(media_types)}")
