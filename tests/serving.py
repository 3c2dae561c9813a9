"""Test helpers: run an ASGI app on a free 127.0.0.1 port in a thread, and fill a small store."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
import uvicorn

EX = "http://example.org/"
GRAPH = ox.NamedNode(EX + "graph/1")
ITEMS = 30  # subjects in the small store
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(app) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(30)


def small_quads() -> list[ox.Quad]:
    """`ITEMS` subjects, each with a label and a value, in one named graph."""
    quads = []
    for i in range(ITEMS):
        s = ox.NamedNode(f"{EX}item/{i}")
        quads.append(ox.Quad(s, ox.NamedNode(EX + "label"), ox.Literal(f"项目{i}"), GRAPH))
        quads.append(
            ox.Quad(s, ox.NamedNode(EX + "value"), ox.Literal(str(i * 10), datatype=XSD_INTEGER), GRAPH)
        )
    return quads


def small_store(folder: str) -> str:
    """Write the small store to `folder` (closed afterwards); returns the folder."""
    store = ox.Store(folder)
    store.extend(small_quads())
    store.flush()
    del store
    return folder
