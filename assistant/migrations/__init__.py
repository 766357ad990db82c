"""Alembic's migrations of the shared store (assistant/store.py); run by `migrate()` on first use,
or by hand from the repository root: `alembic upgrade head`, `alembic revision --autogenerate -m ...`."""
