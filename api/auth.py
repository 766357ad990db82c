"""Who is asking, and whether they may ask again now.

A client presents its API key as `Authorization: Bearer KEY` (what OpenAI clients send) or
`X-API-Key: KEY`; the key is checked against the hashes in the settings (assistant/keys.py). With no
key configured the API is open (`regqa serve` allows that on a loopback address only) and clients
are told apart by address. Each client has its own rate limit (the `limits` library's moving
window, counted in the storage the settings name: per replica by default).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from api.errors import ApiError
from assistant.keys import key_name

bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
header = APIKeyHeader(name="X-API-Key", auto_error=False, description="the API key, if not sent as a bearer token")


@dataclass(frozen=True)
class Client:
    name: str  # the key's name; "" while the API is open
    staff: bool  # may read stored feedback


class RateLimit:
    def __init__(self, rate: str, storage_uri: str):
        self.item = parse(rate)
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def check(self, who: str) -> None:
        if not self.limiter.hit(self.item, who):
            reset = self.limiter.get_window_stats(self.item, who).reset_time
            wait = max(1, math.ceil(reset - time.time()))
            raise ApiError(429, f"请求过于频繁，请 {wait} 秒后再试 / rate limit of {self.item} reached; retry in {wait} s",
                           None, "rate_limited", "rate_limit_error", headers={"Retry-After": str(wait)})


def client(request: Request,
           token: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
           api_key: Annotated[str | None, Depends(header)]) -> Client:
    settings = request.app.state.settings
    if settings.api_keys:
        presented = token.credentials if token else api_key
        name = key_name(presented, settings.api_keys)
        if name is None:
            message = ("API 密钥无效 / the API key is not valid" if presented else
                       "需要 API 密钥 / an API key is required: Authorization: Bearer KEY or X-API-Key: KEY")
            raise ApiError(401, message, "Authorization", "invalid_api_key", "authentication_error",
                           headers={"WWW-Authenticate": "Bearer"})
        who, found = f"key:{name}", Client(name, name in settings.api_staff_keys)
    else:
        who, found = f"addr:{request.client.host if request.client else '?'}", Client("", True)
    request.state.client = found.name  # for the request log
    request.app.state.rate_limit.check(who)
    return found


Caller = Annotated[Client, Depends(client)]
