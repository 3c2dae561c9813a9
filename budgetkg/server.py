"""`budgetkg serve`: a SPARQL 1.1 Protocol endpoint, `/ask` and a Chinese web page over one store."""

from __future__ import annotations

import asyncio
import json
import os
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .errors import BudgetKGError, StoreError
from .host_guard import HostGuard, allowed_names
from .kg.store import Store, default_location, is_remote, open_store
from .query_pool import Pool
from .query_worker import ROW_LIMIT_HEADER, TRUNCATED_HEADER, Reply, Request, text_reply

STATIC = Path(__file__).parent / "static"
FORM = "application/x-www-form-urlencoded"


class Service:
    """The pools behind one app: readers for queries, a single writer for updates, a store for `/ask`."""

    def __init__(
        self, location: str, allow_update: bool, timeout: float, workers: int, row_limit: int
    ) -> None:
        if not (allow_update or is_remote(location) or Path(location).is_dir()):
            raise StoreError(
                f"no store at {location}: build one first (budgetkg build) or name it with --store"
            )
        self.location = location
        self.allow_update = allow_update
        self.timeout = timeout
        self.row_limit = row_limit
        self.readers = Pool(location, workers, read_only=True)
        self.writer = Pool(location, 1, read_only=False) if allow_update else None
        self.generation = 0
        self._ask_store: Store | None = None
        self._ask_generation = 0

    async def start(self) -> None:
        """Start the writer first (it may create the store), then the readers."""
        if self.writer:
            await self.writer.start()
        await self.readers.start()

    def close(self) -> None:
        """Stop every worker and release the `/ask` store."""
        self.readers.close()
        if self.writer:
            self.writer.close()
        if self._ask_store:
            self._ask_store.close()

    async def run(self, req: Request) -> Reply:
        """Send a query to a reader, an update to the writer (then readers reopen the store)."""
        req.timeout, req.row_limit, req.generation = self.timeout, self.row_limit, self.generation
        if req.op == "query":
            return await self.readers.call(req)
        if self.writer is None:
            return text_reply(403, "updates are disabled; start the server with --allow-update to allow them")
        reply = await self.writer.call(req)
        if reply.status < 300:
            self.generation += 1
        return reply

    def ask_store(self) -> Store:
        """The store `/ask` reads, reopened after updates."""
        if self._ask_store is None or self._ask_generation != self.generation:
            if self._ask_store:
                self._ask_store.close()
            self._ask_store = open_store(self.location, read_only=not is_remote(self.location))
            self._ask_generation = self.generation
        return self._ask_store


async def _parse(request: HttpRequest) -> tuple[Request | None, str | None]:
    """The SPARQL request a Protocol call carries, or an error message."""
    params = dict(request.query_params)
    op, text = "query", params.get("query")
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="strict")
        if media == "application/sparql-query":
            text = body
        elif media == "application/sparql-update":
            op, text = "update", body
        elif media == FORM:
            form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            params.update(form)
            op = "update" if "update" in form else "query"
            text = form.get(op)
        else:
            return (
                None,
                f"unsupported Content-Type {media!r}: use {FORM}, application/sparql-query or -update",
            )
    if text is None:
        return None, "missing 'query' (GET or POST) or 'update' (POST) parameter"
    fmt = params.get("format") or params.get("output")
    return Request(op, text, accept=request.headers.get("accept"), format_name=fmt), None


def _foreign_origin(request: HttpRequest) -> bool:
    """True when a browser sent the request from another site (refused for updates)."""
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc != request.headers.get("host")


def _response(reply: Reply) -> Response:
    headers = {"Vary": "Accept", **reply.headers}
    return Response(reply.body, status_code=reply.status, media_type=reply.media, headers=headers)


async def sparql(request: HttpRequest) -> Response:
    """The SPARQL 1.1 Protocol: queries by GET or POST, updates by POST."""
    try:
        req, error = await _parse(request)
    except UnicodeDecodeError:
        req, error = None, "the request body is not UTF-8"
    if req is None:
        status = 415 if error and error.startswith("unsupported") else 400
        return _response(text_reply(status, error or ""))
    if req.op == "update" and _foreign_origin(request):
        return _response(text_reply(403, "updates from other web sites are refused"))
    return _response(await request.app.state.service.run(req))


async def ask(request: HttpRequest) -> Response:
    """`/ask?q=…`: the same JSON as `budgetkg ask --json`."""
    question = request.query_params.get("q", "").strip()
    if not question:
        return JSONResponse({"error": "missing question: /ask?q=…"}, status_code=400)
    from . import ask as qa  # loads its models once, on first use

    service: Service = request.app.state.service
    try:
        answer = await asyncio.wait_for(
            asyncio.to_thread(lambda: qa.ask(question, service.ask_store())), service.timeout
        )
    except TimeoutError:
        return JSONResponse({"error": f"no answer within {service.timeout:g} s"}, status_code=503)
    except BudgetKGError as e:
        return JSONResponse({"error": str(e)}, status_code=400)
    body = json.dumps(answer, ensure_ascii=False, default=str)
    return Response(body, media_type="application/json")


def example_queries() -> list[dict[str, str]]:
    """The example queries shipped in queries/examples/*.rq: file name, title (first `# ` line), text."""
    folder = resources.files("budgetkg.queries") / "examples"
    found = []
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".rq")), key=lambda e: e.name):
        text = entry.read_text(encoding="utf-8")
        titles = [line[2:].strip() for line in text.splitlines() if line.startswith("# ")]
        found.append(
            {"name": entry.name[:-3], "title": titles[0] if titles else entry.name[:-3], "query": text}
        )
    return found


async def examples(request: HttpRequest) -> Response:
    """The example queries as JSON, for the page's editor."""
    return JSONResponse(example_queries())


async def index(request: HttpRequest) -> Response:
    """The web page."""
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def create_app(
    store_location: str | None = None,
    allow_update: bool = False,
    timeout: float = 30.0,
    workers: int | None = None,
    row_limit: int = 10_000,
    hosts: frozenset[str] | None = None,
) -> Starlette:
    """The ASGI app; worker processes start with the app's lifespan. Requests whose `Host` is not in
    `hosts` (default: the loopback names) are refused."""
    size = workers or max(4, os.cpu_count() or 1)
    service = Service(store_location or default_location(), allow_update, timeout, size, row_limit)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await service.start()
        try:
            yield
        finally:
            service.close()

    cors = Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
        expose_headers=[ROW_LIMIT_HEADER, TRUNCATED_HEADER],
    )
    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", sparql, methods=["GET", "POST"]),
        Route("/ask", ask),
        Route("/examples", examples),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    guard = Middleware(HostGuard, names=hosts or allowed_names("127.0.0.1"))
    app = Starlette(routes=routes, middleware=[guard, cors], lifespan=lifespan)
    app.state.service = service
    return app


def serve(
    store_location: str | None,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_update: bool = False,
    timeout: float = 30.0,
    hosts: tuple[str, ...] = (),
) -> None:
    """Run the endpoint until interrupted (binds 127.0.0.1 unless told otherwise); it answers requests
    addressed to the loopback names, `host` itself and `hosts` (`*`: any)."""
    app = create_app(
        store_location, allow_update=allow_update, timeout=timeout, hosts=allowed_names(host, hosts)
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
