"""Every error a client can cause is a 4xx with one JSON shape, OpenAI's, which names the field:

    {"error": {"message": "问题无效 / the question is empty: ...", "type": "invalid_request_error",
               "param": "question", "code": "invalid_question"}}

so that OpenAI-compatible clients read it as they read OpenAI's own. Anything else is a 500 with a
message and no traceback; the log has the details.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from retrieval import IndexError_

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API will not carry out; `message` is "中文 / English"."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 kind: str = "invalid_request_error", headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.kind = status, message, param, code, kind
        self.headers = headers


def body(message: str, param: str | None, code: str | None, kind: str) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _field(loc: tuple) -> str:
    """('body', 'messages', 0, 'role') -> 'messages[0].role'; ('query', 'received') -> 'received'."""
    out = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or (loc[0] if loc else "body")


def _validation(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request", "type": ""}
    if first["type"] == "json_invalid":
        return 400, "body", "请求体不是有效的 JSON / the body is not valid JSON: " + first.get("ctx", {}).get("error", "")
    parts = []
    for err in errors[:5]:
        field = _field(tuple(err["loc"]))
        parts.append(f"{field}: {'required' if err['type'] == 'missing' else err['msg']}")
    return 422, _field(tuple(first["loc"])), "请求字段无效 / invalid field " + "; ".join(parts)


STATUS_TEXT = {
    404: "没有这个地址 / no such route",
    405: "不支持这个请求方法 / method not allowed",
    413: "请求体过大 / the request body is too large",
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(body(exc.message, exc.param, exc.code, exc.kind), status_code=exc.status,
                            headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        status, param, message = _validation(exc)
        return JSONResponse(body(message, param, "invalid_field", "invalid_request_error"), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = STATUS_TEXT.get(exc.status_code, f"请求无法处理 / {exc.detail}")
        param, code = ("body", "body_too_large") if exc.status_code == 413 else (None, None)
        return JSONResponse(body(message, param, code, "invalid_request_error"), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(IndexError_)
    async def _index(_request: Request, exc: IndexError_) -> JSONResponse:
        log.error("the index is unavailable: %s", exc)
        return JSONResponse(body("检索索引暂不可用，请稍后再试 / the index is unavailable, try again shortly",
                                 None, "index_unavailable", "server_error"), status_code=503)

    @app.exception_handler(SQLAlchemyError)
    async def _database(_request: Request, exc: SQLAlchemyError) -> JSONResponse:
        log.error("the database failed: %s", type(exc).__name__)  # its message may quote stored text
        return JSONResponse(body("数据库暂不可用，请稍后再试 / the database is unavailable, try again shortly",
                                 None, "database_unavailable", "server_error"), status_code=503)

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__, exc_info=exc)
        return JSONResponse(body("服务器内部错误 / internal error", None, "internal_error", "server_error"),
                            status_code=500)
