"""Inside a worker process: run one SPARQL request against the store and serialise the answer."""

from __future__ import annotations

import signal
import sys
import time
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection

import pyoxigraph as ox

from . import negotiate, sparql_guard
from .errors import BudgetKGError, QueryError, StoreError
from .kg.store import Store, is_remote, open_store

ROW_LIMIT_HEADER = "X-Result-Row-Limit"
TRUNCATED_HEADER = "X-Result-Truncated"


@dataclass
class Request:
    """One query or update, with what the client accepts and the bounds it runs under."""

    op: str  # "query" | "update"
    text: str
    accept: str | None = None
    format_name: str | None = None
    timeout: float = 30.0  # seconds the request may run
    row_limit: int = 10_000
    generation: int = 0  # bumped after each update so read-only workers reopen the store


@dataclass
class Reply:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    media: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Timeout(BudgetKGError):
    """The request ran past its deadline."""


def text_reply(status: int, message: str) -> Reply:
    """A plain-text answer, for errors."""
    return Reply(status, "text/plain; charset=utf-8", message.encode())


def timeout_reply(seconds: float) -> Reply:
    """The 503 answer for a request that ran out of time."""
    return text_reply(
        503, f"query cancelled: it ran longer than the {seconds:g} s limit; add LIMIT or narrower patterns"
    )


class Executor:
    """Owns one store handle in a worker; reopens it when the generation changes."""

    def __init__(self, location: str, read_only: bool) -> None:
        self.location = location
        self.read_only = read_only
        self.generation = 0
        self.store: Store = open_store(location, read_only=read_only)
        self._syntax_checker = ox.Store() if is_remote(location) else None

    def handle(self, req: Request) -> Reply:
        """Answer one request, turning every failure into an HTTP status."""
        deadline = time.monotonic() + req.timeout
        try:
            sparql_guard.check(req.text)
            self._refresh(req.generation)
            if req.op == "update":
                self.store.update(req.text)
                return Reply(204, "text/plain", b"")
            return self._query(req, deadline)
        except (SyntaxError, QueryError) as e:
            return text_reply(400, str(e))
        except negotiate.NotAcceptable as e:
            return text_reply(406, str(e))
        except Timeout:
            return timeout_reply(req.timeout)
        except StoreError as e:
            return text_reply(502, str(e))
        except OSError as e:
            return text_reply(500, f"store error: {e}")

    def _refresh(self, generation: int) -> None:
        if generation != self.generation and self.read_only and not is_remote(self.location):
            self.store.close()
            self.store = open_store(self.location, read_only=True)
        self.generation = generation

    def _query(self, req: Request, deadline: float) -> Reply:
        if self._syntax_checker is not None:
            self._syntax_checker.query(
                req.text
            )  # a parse error here names the position, like the local store
        result = self.store.query(req.text)
        if isinstance(result, ox.QueryBoolean):
            fmt = negotiate.choose(negotiate.SOLUTIONS, req.accept, req.format_name)
            return Reply(200, fmt.media_type, result.serialize(format=fmt))
        if isinstance(result, ox.QuerySolutions):
            fmt = negotiate.choose(negotiate.SOLUTIONS, req.accept, req.format_name)
            variables = result.variables
            rows, truncated = _take(result, req.row_limit, deadline)
            body = ox.parse_query_results(_tsv(variables, rows), format=ox.QueryResultsFormat.TSV)
            return Reply(200, fmt.media_type, body.serialize(format=fmt), _limit_headers(req, truncated))
        fmt = negotiate.choose(negotiate.GRAPHS, req.accept, req.format_name)
        triples, truncated = _take(result, req.row_limit, deadline)
        return Reply(200, fmt.media_type, ox.serialize(triples, format=fmt), _limit_headers(req, truncated))


def _take(items, limit: int, deadline: float) -> tuple[list, bool]:
    """Up to `limit` items, checking the deadline between items; also whether more were left."""
    taken = []
    for item in islice(items, limit + 1):
        if time.monotonic() > deadline:
            raise Timeout()
        taken.append(item)
    return taken[:limit], len(taken) > limit


def _tsv(variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> bytes:
    """SPARQL TSV of solutions: terms in N-Triples form, empty for unbound."""
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _limit_headers(req: Request, truncated: bool) -> dict[str, str]:
    return {ROW_LIMIT_HEADER: str(req.row_limit), TRUNCATED_HEADER: "true" if truncated else "false"}


def serve_forever(conn: Connection, location: str, read_only: bool) -> None:
    """Worker process main loop: open the store, then answer requests from `conn` until it closes."""
    try:
        executor = Executor(location, read_only)
    except (BudgetKGError, OSError) as e:
        conn.send(str(e))
        return
    conn.send(None)
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        conn.send(executor.handle(req))


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops workers; Ctrl-C is its business
    from budgetkg import query_worker  # the importable module, so replies unpickle as its classes

    query_worker.serve_forever(Connection(int(sys.argv[1])), sys.argv[2], read_only=sys.argv[3] == "ro")
