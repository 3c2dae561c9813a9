"""Refuse requests whose `Host` header names another site: a DNS-rebinding guard for a local endpoint.

A web page on another site can point its own host name at 127.0.0.1 and then read a local endpoint
from the user's browser; checking `Host` against the names the server answers to stops that.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ANY = "*"


def host_name(header: str) -> str:
    """The host name of a `Host` header, lower-case, without port or IPv6 brackets ("" if unreadable)."""
    try:
        return (urlsplit("//" + header.strip()).hostname or "").lower()
    except ValueError:
        return ""


def allowed_names(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Names a server bound to `bind` answers to: the loopback names, the bound address, and `extra`."""
    return frozenset({*LOOPBACK_NAMES, host_name(bind) or bind, *(host_name(e) or e for e in extra)})


class HostGuard:
    """ASGI middleware: 421 for any HTTP request whose `Host` is not one of `names` (unless `*` is)."""

    def __init__(self, app: ASGIApp, names: frozenset[str]) -> None:
        self.app, self.names = app, names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and ANY not in self.names:
            header = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if host_name(header) not in self.names:
                reply = PlainTextResponse(f"unknown host {header!r}: not served here", status_code=421)
                await reply(scope, receive, send)
                return
        await self.app(scope, receive, send)
