"""Security headers on every response, static files and error pages included.

Why a raw ASGI middleware: it sees every response the app sends (including those of
exception handlers and StaticFiles), and only adds headers a route did not set itself.
The chart pages set their own Content-Security-Policy, relaxed by 'unsafe-eval' only, because
Vega compiles its expressions with `Function(...)` (measured: vega 6.4.0 draws nothing
without it); no page allows inline scripts or inline style elements.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "CSP_WITH_CHARTS", "SecurityHeaders"]

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
