"""Request bodies are bounded: a body declared or found larger than REGQA_API_MAX_BODY_BYTES gets
413 with the API's JSON error (Starlette's own limit answers in plain text, before any handler)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import STATUS_TEXT, body


class TooLarge(HTTPException):
    """Raised while the body is read; an HTTPException, so FastAPI passes it to the error handlers."""

    def __init__(self):
        super().__init__(413)


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:  # refused before a byte is read
            await JSONResponse(body(STATUS_TEXT[413], "body", "body_too_large", "invalid_request_error"),
                               status_code=413)(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge
            return message

        await self.app(scope, bounded, send)
