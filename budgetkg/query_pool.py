"""A pool of killable worker processes that run SPARQL requests, so a runaway query can be stopped."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

from .errors import StoreError
from .query_worker import Reply, Request, text_reply, timeout_reply

GRACE_S = 0.25  # a worker past its deadline by this much is killed


class Worker:
    """One worker process (a fresh interpreter, `python -m budgetkg.query_worker`) and a socket to it."""

    def __init__(self, location: str, read_only: bool) -> None:
        mine, theirs = socket.socketpair()
        fd = theirs.fileno()
        argv = [sys.executable, "-m", "budgetkg.query_worker", str(fd), location, "ro" if read_only else "rw"]
        self.process = subprocess.Popen(argv, pass_fds=[fd], stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(mine.detach())
        error = self.conn.recv() if self.conn.poll(120) else "worker did not start within 120 s"
        if error:
            self.kill()
            raise StoreError(f"cannot open store {location}: {error}")

    async def roundtrip(self, req: Request) -> Reply:
        """Send `req` and wait, without blocking the event loop, for the reply."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        self.conn.send(req)
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await ready
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()

    def kill(self) -> None:
        """Stop the process at once (a query in progress dies with it)."""
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class Pool:
    """`size` workers on one store; each request borrows one, and one past its time limit is replaced."""

    def __init__(self, location: str, size: int, read_only: bool) -> None:
        self.location = location
        self.size = size
        self.read_only = read_only
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Start all workers (in parallel threads, since each one opens the store)."""
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for w in workers:
            self._idle.put_nowait(w)

    async def _spawn(self) -> Worker:
        worker = await asyncio.to_thread(Worker, self.location, self.read_only)
        self._all.add(worker)
        return worker

    def _retire(self, worker: Worker) -> None:
        """Kill `worker` and start its replacement in the background."""
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, worker: Worker) -> None:
        self._all.discard(worker)
        await asyncio.to_thread(worker.kill)
        self._idle.put_nowait(await self._spawn())

    async def call(self, req: Request) -> Reply:
        """Run `req` on an idle worker; 503 when none frees up or the request outlives `req.timeout`."""
        try:
            worker = await asyncio.wait_for(self._idle.get(), req.timeout)
        except TimeoutError:
            return text_reply(
                503, f"all {self.size} query workers stayed busy for {req.timeout:g} s; retry later"
            )
        try:
            reply = await asyncio.wait_for(worker.roundtrip(req), req.timeout + GRACE_S)
        except TimeoutError:
            self._retire(worker)
            return timeout_reply(req.timeout)
        except (EOFError, OSError) as e:
            self._retire(worker)
            return text_reply(500, f"query worker failed: {e}")
        except BaseException:
            self._retire(worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._all:
            worker.kill()
        self._all.clear()
