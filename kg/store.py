"""One store interface, two backends: an embedded pyoxigraph store and a remote SPARQL 1.1 server.

Both return pyoxigraph result objects (`QuerySolutions`, `QueryBoolean`, `QueryTriples`), so callers
never care where the graph lives. Queries see the union of the named graphs.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
from platformdirs import user_data_dir

from .. import sparql_guard
from ..errors import QueryError, StoreError
from .terms import SHARED_GRAPH, sparql_prologue

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Bindings = dict[str, ox.NamedNode | ox.Literal]

RESULTS_MEDIA = {
    ox.QueryResultsFormat.JSON: "application/sparql-results+json",
    ox.QueryResultsFormat.XML: "application/sparql-results+xml",
    ox.QueryResultsFormat.CSV: "text/csv",
    ox.QueryResultsFormat.TSV: "text/tab-separated-values",
}


def default_location() -> str:
    """The store a command uses when none is named: `BUDGETKG_STORE`, else a per-user data folder."""
    return os.environ.get("BUDGETKG_STORE") or str(Path(user_data_dir("budgetkg")) / "store")


def is_remote(location: str) -> bool:
    """True when `location` names a SPARQL endpoint rather than a folder."""
    return location.startswith(("http://", "https://"))


def is_update(sparql: str) -> bool:
    """True when `sparql` is a SPARQL update, False when a query (by the real grammar); else QueryError."""
    try:
        ox.Store().query(sparql)
        return False
    except SyntaxError as e:
        as_query = e
    try:
        sparql_guard.check(sparql)  # a LOAD is an update, and must not be tried out (it fetches)
        ox.Store().update(sparql)  # an empty throw-away store: only the grammar matters
    except SyntaxError:
        raise QueryError(f"SPARQL syntax error: {str(as_query).splitlines()[0]}") from as_query
    except (QueryError, OSError, RuntimeError):
        pass  # it parsed as an update; only its trial run failed
    return True


_UPDATE_MEDIA = "application/sparql-update"

NTriples = bytes  # a graph's triples serialised as N-Triples


@dataclass(frozen=True)
class DocumentGraph:
    """One document ready to write: its named graph, its own triples, its triples about shared nodes."""

    graph: str
    body: NTriples
    shared: NTriples


def ntriples(triples: Iterable[ox.Triple]) -> NTriples:
    """`triples` as N-Triples, a compact form to pass a document's graphs between processes."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _insert_block(graph: str, body: NTriples) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body.decode()}\n}} }}"


def _block(graph: str, body: NTriples) -> bytes:
    """One TriG `<graph> { … }` block."""
    return b"<%s> {\n%s}\n" % (graph.encode(), body)


def _shared_lines(docs: Iterable[DocumentGraph]) -> set[bytes]:
    """The set union of the documents' shared triples, one N-Triples line each."""
    return {line for d in docs for line in d.shared.splitlines() if line}


def _trig(docs: Iterable[DocumentGraph], shared: set[bytes]) -> Iterator[bytes]:
    """Each document's graph as a TriG block, then one block of the collected shared triples.

    `shared` is filled while the documents stream past, so the last block holds all of them."""
    for d in docs:
        shared |= _shared_lines([d])
        yield _block(d.graph, d.body)
    yield _block(SHARED_GRAPH, b"\n".join(sorted(shared)) + b"\n")


class _Stream(io.RawIOBase):
    """A readable file over an iterator of byte chunks, so a bulk load streams them as they are produced.

    An error raised by the iterator ends the file (at a chunk boundary) and is kept in `error`, so the
    caller re-raises it unchanged instead of as the loader's I/O error."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._rest = chunks, b""
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._rest:
            try:
                self._rest = next(self._chunks)
            except StopIteration:
                return 0
            except BaseException as e:  # noqa: BLE001 - re-raised by the caller once the load returns
                self.error = e
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n], self._rest = self._rest[:n], self._rest[n:]
        return n


# After documents are replaced: organisations no document names any more (nor any named unit of theirs),
# links to them, then regions no document or organisation names, leave the shared graph. Orphans are
# found first in a sub-SELECT (a few index probes each) before their triples are read.
_FORGET_ORPHANS = f"""DELETE {{ GRAPH <{SHARED_GRAPH}> {{ ?o ?p ?v }} }} WHERE {{
  {{ SELECT ?o WHERE {{
      GRAPH <{SHARED_GRAPH}> {{ ?o a org:Organization }}
      FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?o }} FILTER(?g != <{SHARED_GRAPH}>) }}
      FILTER NOT EXISTS {{
        GRAPH <{SHARED_GRAPH}> {{ ?unit org:subOrganizationOf ?o }}
        FILTER EXISTS {{ GRAPH ?h {{ ?y ?r ?unit }} FILTER(?h != <{SHARED_GRAPH}>) }}
      }}
  }} }}
  GRAPH <{SHARED_GRAPH}> {{ ?o ?p ?v }}
}} ;
DELETE {{ GRAPH <{SHARED_GRAPH}> {{ ?parent org:hasSubOrganization ?o }} }} WHERE {{
  GRAPH <{SHARED_GRAPH}> {{ ?parent org:hasSubOrganization ?o }}
  FILTER NOT EXISTS {{ GRAPH <{SHARED_GRAPH}> {{ ?o a org:Organization }} }}
}} ;
DELETE {{ GRAPH <{SHARED_GRAPH}> {{ ?region ?p ?v }} }} WHERE {{
  {{ SELECT ?region WHERE {{
      GRAPH <{SHARED_GRAPH}> {{ ?region a bkg:Region }}
      FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?region }} FILTER(?g != <{SHARED_GRAPH}>) }}
      FILTER NOT EXISTS {{ GRAPH <{SHARED_GRAPH}> {{ ?o bkg:region ?region }} }}
  }} }}
  GRAPH <{SHARED_GRAPH}> {{ ?region ?p ?v }}
}}"""


def _replace_update(docs: list[DocumentGraph], exclusive: bool) -> tuple[str, int]:
    """One SPARQL update that replaces the documents' graphs and adds their shared triples (set semantics),
    with the number of distinct shared triples; `exclusive` drops every other graph first, else the
    organisations and regions only the replaced versions named are forgotten."""
    shared = _shared_lines(docs)
    drops = ["DROP SILENT ALL"] if exclusive else [f"DROP SILENT GRAPH <{d.graph}>" for d in docs]
    inserts = [_insert_block(d.graph, d.body) for d in docs]
    inserts.append(_insert_block(SHARED_GRAPH, b"\n".join(sorted(shared))))
    forget = [] if exclusive else [_FORGET_ORPHANS]
    return sparql_prologue() + " ;\n".join(drops + inserts + forget), len(shared)


class Store:
    """The operations every backend offers."""

    location: str

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a SPARQL query over the union graph; `bindings` pre-bind variables to RDF terms."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update in one transaction."""
        raise NotImplementedError

    def replace_documents(self, docs: Iterable[DocumentGraph], exclusive: bool = False) -> int:
        """Replace each document's named graph and add its shared triples to `SHARED_GRAPH`, in one
        transaction; `exclusive` drops every other graph. Returns the number of distinct shared triples."""
        update, shared = _replace_update(list(docs), exclusive)
        self.update(update)
        return shared

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph (no error when absent)."""
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""
        return [s["g"].value for s in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def triple_count(self) -> int:
        """Number of quads over all named graphs."""
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)

    def close(self) -> None:
        """Release the backend."""


class EmbeddedStore(Store):
    """A pyoxigraph store on disk (or in memory when `path` is None)."""

    def __init__(self, path: str | None, read_only: bool = False) -> None:
        self.location = path or ":memory:"
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(path)
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(path)
        except OSError as e:
            raise StoreError(f"cannot open store {path}: {e}") from e

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for bulk loads and dumps)."""
        return self._store

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        return self._store.query(bind_values(sparql, bindings or {}), use_default_graph_as_union=True)

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def replace_documents(self, docs: Iterable[DocumentGraph], exclusive: bool = False) -> int:
        """As `Store.replace_documents`, faster and still all-or-nothing: into a fresh store, streamed by
        one bulk load and swapped in, when nothing is kept; else one transactional load or SPARQL update."""
        existing = {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}
        if self.location != ":memory:" and (exclusive or not existing):
            return self._swap_in(docs)
        docs = list(docs)
        if exclusive and existing or existing & {d.graph for d in docs}:
            return super().replace_documents(docs, exclusive)
        shared: set[bytes] = set()
        # lenient: the input is pyoxigraph's own serialisation, already valid; re-checking IRIs costs ~10%
        self._store.load(b"".join(_trig(docs, shared)), format=ox.RdfFormat.TRIG, lenient=True)
        return len(shared)

    def _swap_in(self, docs: Iterable[DocumentGraph]) -> int:
        """Bulk-load the documents, as they come, into a sibling folder, then rename it into this store's
        place; returns the number of distinct shared triples."""
        target = Path(self.location)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        shared: set[bytes] = set()
        try:
            staging = ox.Store(str(fresh))
            stream = _Stream(_trig(docs, shared))
            staging.bulk_load(
                io.BufferedReader(stream, buffer_size=1 << 20), format=ox.RdfFormat.TRIG, lenient=True
            )
            if stream.error is not None:
                raise stream.error
            staging.flush()
            del staging
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        old = fresh.with_name(fresh.name.replace(".new-", ".old-"))
        fresh.chmod(target.stat().st_mode)
        del self._store
        os.replace(target, old)
        os.replace(fresh, target)
        self._store = ox.Store(str(target))
        shutil.rmtree(old, ignore_errors=True)
        return len(shared)

    def triple_count(self) -> int:
        """Number of quads, counted by the store itself (no SPARQL: 3 s for 22 M quads, not 10)."""
        return len(self._store)

    def size_bytes(self) -> int:
        """Bytes the store takes on disk."""
        if self.location == ":memory:":
            return 0
        return sum(f.stat().st_size for f in Path(self.location).rglob("*") if f.is_file())

    def close(self) -> None:
        del self._store


class RemoteStore(Store):
    """A SPARQL 1.1 server: queries go to `query_url`, updates to `update_url` (Protocol, POST)."""

    def __init__(self, query_url: str, update_url: str | None = None, timeout: float = 60.0) -> None:
        self.location = query_url
        self.update_url = update_url or _guess_update_url(query_url)
        self._http = httpx.Client(timeout=timeout)

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        text = bind_values(sparql, bindings or {})
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        try:
            r = self._http.post(self.location, data={"query": text}, headers={"Accept": accept})
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach {self.location}: {e}") from e
        if r.status_code != 200:
            raise StoreError(f"{self.location} answered {r.status_code}: {r.text[:200]}")
        media = r.headers.get("content-type", "").split(";")[0].strip()
        if media in ("application/n-triples", "text/plain", "text/turtle"):
            fmt = ox.RdfFormat.N_TRIPLES if media != "text/turtle" else ox.RdfFormat.TURTLE
            return _triples(r, fmt)
        return ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        try:
            r = self._http.post(
                self.update_url, content=sparql.encode(), headers={"Content-Type": _UPDATE_MEDIA}
            )
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach {self.update_url}: {e}") from e
        if r.status_code >= 300:
            raise StoreError(f"{self.update_url} refused the update ({r.status_code}): {r.text[:200]}")

    def close(self) -> None:
        self._http.close()


def _triples(response: httpx.Response, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)]


def _guess_update_url(query_url: str) -> str:
    for q, u in (("/query", "/update"), ("/sparql", "/update")):
        if query_url.endswith(q):
            return query_url[: -len(q)] + u
    return query_url


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Bindings) -> str:
    """Pre-bind variables as a VALUES block of serialised terms at the start of the WHERE clause.

    Both backends use it: Oxigraph plans joins before applying `substitutions`, so a pre-bound
    organisation would not lead the join; a VALUES block does (see docs/rdf-model.md)."""
    if not bindings:
        return sparql
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(v) for v in bindings.values())
    return _lead_with(sparql, f"VALUES ({names}) {{ ({terms}) }}")


def bind_rows(sparql: str, name: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """Bind one variable to each of several terms (one solution each), as `bind_values` does."""
    return _lead_with(sparql, f"VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}")


def _lead_with(sparql: str, block: str) -> str:
    """`sparql` with `block` first in its WHERE clause."""
    where = _WHERE.search(sparql)
    brace = where.end() - 1 if where else sparql.index("{")
    return f"{sparql[: brace + 1]} {block} {sparql[brace + 1 :]}"


def open_store(location: str | None = None, read_only: bool = False) -> Store:
    """Open the store at a folder or a SPARQL endpoint URL (default: `default_location()`)."""
    location = location or default_location()
    if is_remote(location):
        return RemoteStore(location)
    return EmbeddedStore(location, read_only=read_only)
