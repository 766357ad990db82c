"""The FastAPI application: the routes, the error shape, the body limit, the request log.

    app = create_app(settings)                     # builds the Assistant and opens the store at start
    app = create_app(settings, assistant, store)   # over objects already made (tests, tools)
    uvicorn api.app:make --factory                 # what `regqa serve` runs

A replica keeps nothing another needs: conversations and feedback live in the shared store
(assistant/store.py), the index in the Chroma folder or server the settings name.
"""

from __future__ import annotations

import contextlib
import os
import socket

from fastapi import FastAPI

from api import chat, errors, routes
from api.auth import RateLimit
from api.body_limit import BodyLimit
from api.logs import RequestLog
from assistant import build, store
from assistant.keys import check_keys
from assistant.logging_setup import install_redaction
from assistant.settings import Settings

WARM_UP = "考生带手机进考场"
DESCRIPTION = """Questions about 《上海市技能人才评价违纪违规行为处理实施细则(试行)》 (沪人社职〔2025〕176号),
answered with the provisions quoted verbatim and sanctions decided by the rule engine.
The same JSON as the `regqa` command line (DESIGN.md section 4). Authenticate with
`Authorization: Bearer KEY`; errors are `{"error": {"message", "type", "param", "code"}}`."""


def create_app(settings: Settings | None = None, assistant=None, shared_store: store.Store | None = None,
               replica: str | None = None) -> FastAPI:
    settings = settings or Settings()
    check_keys(settings.api_keys)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        # Built before the port answers: a replica that is up is ready (the index loaded, the store migrated).
        if getattr(app.state, "assistant", None) is None:
            app.state.assistant = build.shared(settings)
            app.state.assistant.ask(WARM_UP)  # the first answer loads what loads lazily, before a client waits on it
        if getattr(app.state, "store", None) is None:
            app.state.store = store.for_settings(settings)
        yield

    app = FastAPI(title="regqa", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.store = shared_store
    app.state.rate_limit = RateLimit(settings.api_rate_limit, settings.api_rate_limit_storage)
    app.state.replica = replica or settings.replica or f"{socket.gethostname()}:{os.getpid()}"
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(chat.router)
    app.include_router(routes.health)
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(RequestLog)  # added last, so outermost: it sees every request's final status
    return app


def make() -> FastAPI:
    """uvicorn's factory (`regqa serve`): settings from the environment, every log line redacted."""
    install_redaction()
    return create_app(Settings())
