"""The HTTP API (`regqa serve`): FastAPI over the Assistant and the rule engine, the contract of
DESIGN.md section 4. `api.app.create_app(settings)` builds it; `api.app:make` is uvicorn's factory."""
