"""One store interface, two backends: an embedded pyoxigraph store and a remote SPARQL 1.1 server.

Both return pyoxigraph result objects (`QuerySolutions`, `QueryBoolean`, `QueryTriples`), so callers
never care where the graph lives. Queries see the union of the named graphs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import httpx
import pyoxigraph as ox
from platformdirs import user_data_dir

from .. import sparql_guard
from ..errors import QueryError, StoreError

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


NTriples = bytes  # a graph's triples serialised as N-Triples


def ntriples(triples: Iterable[ox.Triple]) -> NTriples:
    """`triples` as N-Triples, a compact form to hold many documents' graphs before writing them."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _insert_block(graph: str, body: NTriples) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body.decode()}\n}} }}"


def _trig(graphs: dict[str, NTriples]) -> bytes:
    """Named graphs as TriG: each graph's N-Triples in a `<graph> { … }` block."""
    return b"".join(b"<%s> {\n%s}\n" % (g.encode(), body) for g, body in graphs.items())


def insert_data(graph: str, triples: Iterable[ox.Triple]) -> str:
    """A SPARQL update that atomically replaces named graph `graph` with `triples`."""
    return f"DROP SILENT GRAPH <{graph}> ;\n{_insert_block(graph, ntriples(triples))}"


class Store:
    """The operations every backend offers."""

    location: str

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a SPARQL query over the union graph; `bindings` pre-bind variables to RDF terms."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update in one transaction."""
        raise NotImplementedError

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Replace one named graph by `triples` in one transaction."""
        self.update(insert_data(graph, triples))

    def replace_graphs(self, graphs: dict[str, NTriples], exclusive: bool = False) -> None:
        """Replace several named graphs (IRI → N-Triples) in one transaction; `exclusive` drops all others."""
        drops = ["DROP SILENT ALL"] if exclusive else [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        self.update(" ;\n".join(drops + [_insert_block(g, t) for g, t in graphs.items()]))

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
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def replace_graphs(self, graphs: dict[str, NTriples], exclusive: bool = False) -> None:
        """As `Store.replace_graphs`, faster and still all-or-nothing: a fresh store bulk-loaded and swapped
        in when nothing is kept, one transactional load when nothing is replaced, else one SPARQL update."""
        existing = {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}
        if self.location != ":memory:" and (exclusive or not existing):
            self._swap_in(_trig(graphs))
        elif exclusive and existing or existing & graphs.keys():
            super().replace_graphs(graphs, exclusive)
        else:
            self._store.load(_trig(graphs), format=ox.RdfFormat.TRIG)

    def _swap_in(self, trig: bytes) -> None:
        """Bulk-load `trig` into a sibling folder, then rename it into this store's place."""
        target = Path(self.location)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            staging = ox.Store(str(fresh))
            staging.bulk_load(trig, format=ox.RdfFormat.TRIG)
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
        text = _bind_textually(sparql, bindings or {})
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
                self.update_url, content=sparql.encode(), headers={"Content-Type": "application/sparql-update"}
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


def _bind_textually(sparql: str, bindings: Bindings) -> str:
    """Pre-bind variables for a server that lacks substitutions: a VALUES block of serialised terms."""
    if not bindings:
        return sparql
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(v) for v in bindings.values())
    brace = sparql.index("{")
    return f"{sparql[: brace + 1]} VALUES ({names}) {{ ({terms}) }} {sparql[brace + 1 :]}"


def open_store(location: str | None = None, read_only: bool = False) -> Store:
    """Open the store at a folder or a SPARQL endpoint URL (default: `default_location()`)."""
    location = location or default_location()
    if is_remote(location):
        return RemoteStore(location)
    return EmbeddedStore(location, read_only=read_only)
