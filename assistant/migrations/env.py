"""Alembic's environment: the connection `assistant.store.migrate()` passes in, or, from the
`alembic` command line, the database the settings name (REGQA_DATABASE_URL, else the SQLite file)."""

from alembic import context

from assistant.settings import Settings
from assistant.store import make_engine, metadata

config = context.config


def run(connection) -> None:
    # batch mode: SQLite can alter a table only by copying it, which batch operations do for it
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=Settings().database(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (shared := config.attributes.get("connection")) is not None:
    run(shared)
else:
    engine = make_engine(Settings().database())
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
