"""Security for a local web UI: headers on every response, hosts, forms, errors.

Why raw ASGI middlewares: they see every response the app sends (error pages, StaticFiles,
the 500 page included), and only add headers a route did not set itself. The chart pages
set their own Content-Security-Policy, relaxed by 'unsafe-eval' only, because Vega compiles
its expressions with `Function(...)` (measured: vega 6.4.0 draws nothing without it); no
page allows inline scripts or inline style elements.

The order, outermost first: SecurityHeaders -> AllowedHosts -> CatchErrors -> the app.
Starlette's own 500 handler sits outside every user middleware, so its responses would
carry none of these headers: CatchErrors answers a failing request itself, inside them.

AllowedHosts: a page on evil.example whose name is re-pointed at 127.0.0.1 (DNS rebinding)
can read and post to a local server as if same-origin; only the Host header tells. Every
request must name a loopback host or the --host the server was started with, any port.

Edits (`--allow-edits`) also need the per-process form token (`FormToken`) and, when the
browser sends an Origin, an Origin naming the same host: a page on another site can make a
browser post a form, but cannot read the token.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSP",
    "CSP_WITH_CHARTS",
    "LOOPBACK_HOSTS",
    "AllowedHosts",
    "CatchErrors",
    "FormToken",
    "SecurityHeaders",
    "host_name",
    "same_origin",
]

_BASE = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSP = _BASE + "; script-src 'self'"
CSP_WITH_CHARTS = _BASE + "; script-src 'self' 'unsafe-eval'"

HEADERS = {
    b"content-security-policy": CSP.encode(),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
}
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

log = logging.getLogger(__name__)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS.items() if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def host_name(host_header: str) -> str | None:
    """The host of a Host header or URL netloc without its port, lower case ('[::1]:80' -> '::1').

    None when it is malformed (an unclosed bracket, a port that is not digits).
    """
    value = host_header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return None
        host, rest = value[1:end], value[end + 1 :]
        if rest and not (rest.startswith(":") and rest[1:].isascii() and rest[1:].isdigit()):
            return None
        return host
    host, sep, port = value.rpartition(":")
    if not sep:
        return value or None
    if ":" in host or not (port.isascii() and port.isdigit()):
        return None
    return host or None


class AllowedHosts:
    """400 for any request whose Host is not one of `hosts` (any port); see the docstring."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.strip("[]").lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if host_name(host) not in self.hosts:
            response = PlainTextResponse(
                "400 unknown Host header: open the story at http://127.0.0.1 or http://localhost"
                " (or the --host the server was started with)",
                status_code=400,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class CatchErrors:
    """Any exception from the app becomes `render(request, exc)` (the 500 page), logged."""

    def __init__(self, app: ASGIApp, render: Callable[[Request, Exception], Response]) -> None:
        self.app = app
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as exc:  # the 500 page; the traceback goes to the server log only
            log.exception("error serving %s", scope.get("path"), exc_info=exc)
            if started:
                raise
            await self.render(Request(scope), exc)(scope, receive, send)


class FormToken:
    """A random token per server process, embedded in every edit form, checked on each POST."""

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(32)

    def check(self, submitted: object) -> bool:
        """Constant-time comparison: the time taken says nothing about the token."""
        if not isinstance(submitted, str):
            return False
        return hmac.compare_digest(submitted.encode(), self.value.encode())


def same_origin(origin: str, host_header: str) -> bool:
    """True when the Origin header names exactly the host and port the request was sent to."""
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()
