"""One log line per request: method, the route's template (never the raw path, which a client
fills), status, milliseconds and the key's name. No body, no query string: question text never
reaches the request log."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("api.requests")


class RequestLog:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            client = (scope.get("state") or {}).get("client")
            log.info("%s %s %d %.0fms key=%s", scope["method"], route, status, (time.perf_counter() - start) * 1000,
                     client if client is not None else "-")
