"""Load-test `budgetkg serve` from 127.0.0.1: simple SELECT requests/s and the p50 latency of `/ask`.

Usage: python benchmarks/bench_server.py STORE [--seconds 10] [--connections 16] [--ask 威县医疗救助预算多少]
Starts the server in a subprocess, drives it over keep-alive HTTP/1.1 for a bounded time, then stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import quote

SIMPLE = "SELECT ?s WHERE { ?s a ?type } LIMIT 5"


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a kept-alive connection and read the whole response; returns the status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(h.split(":")[1]) for h in lines if h.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def _connection(
    port: int, request: bytes, until: float, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while True:  # at least one request, then until the time is up
        start = time.perf_counter()
        status = await _one(reader, writer, request)
        latencies.append(time.perf_counter() - start)
        if status != 200:
            errors.append(status)
        if time.monotonic() >= until:
            break
    writer.close()


async def load(port: int, path: str, seconds: float, connections: int) -> tuple[float, float, int]:
    """Requests/s, p50 seconds and error count for GET `path` over `connections` for `seconds`."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/sparql-results+json\r\n\r\n"
    )
    latencies: list[float] = []
    errors: list[int] = []
    until = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(_connection(port, request.encode(), until, latencies, errors) for _ in range(connections))
    )
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, statistics.median(latencies), len(errors)


def start_server(store: str, port: int) -> subprocess.Popen:
    """`serve` in a subprocess; returns once it answers."""
    code = f"from budgetkg.server import serve; serve({store!r}, port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--ask", default="威县医疗救助预算多少")
    args = parser.parse_args()
    port = free_port()
    proc = start_server(args.store, port)
    try:
        rate, p50, errors = asyncio.run(
            load(port, "/sparql?query=" + quote(SIMPLE), args.seconds, args.connections)
        )
        cores = os.cpu_count()
        print(f"simple SELECT: {rate:,.0f} req/s, p50 {p50 * 1000:.2f} ms, {errors} errors, {cores} cores")
        ask_path = "/ask?q=" + quote(args.ask)
        _, cold, _ = asyncio.run(load(port, ask_path, 0.0, 1))  # one request: loads the models
        _, ask_p50, ask_errors = asyncio.run(load(port, ask_path, min(args.seconds, 5.0), 1))
        print(f"/ask: first {cold * 1000:.0f} ms, then p50 {ask_p50 * 1000:.1f} ms, {ask_errors} errors")
    finally:
        proc.terminate()
        proc.wait(30)


if __name__ == "__main__":
    main()
