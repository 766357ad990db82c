"""Shared state in one database, so that any replica can serve any request: feedback (redacted by
assistant/feedback.py before it gets here) and conversations (stored by id as JSON, so that a
follow-up may reach another replica than the question).

    store = shared(settings.database())    # one engine per URL in a process, migrated on first use
    store.add_feedback(row); store.feedback(limit=500)
    saved = store.load_conversation(cid, owner); store.save_conversation(cid, owner, state, saved.version)

PostgreSQL where REGQA_DATABASE_URL names one, otherwise a SQLite file. SQLite runs in WAL mode
(readers never wait for the writer), a writing transaction takes the write lock when it begins
(BEGIN IMMEDIATE: a writer waits its turn in the busy timeout instead of failing half-way through),
and a write that still finds the file locked is retried, so concurrent writers lose nothing. The
schema is Alembic's (assistant/migrations/), upgraded to head on first use under a lock, so that
replicas starting together do not race.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from filelock import FileLock
from pydantic import ValidationError
from sqlalchemy import (CheckConstraint, Column, DateTime, Engine, Integer, MetaData, String, Table, Text,
                        create_engine, delete, event, insert, select, text, update)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.types import JSON
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random_exponential

from assistant.answer import Answer
from assistant.conversation import Conversation

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_S = 15  # SQLite: how long a writer waits for another's lock before the retry below
WRITE_ATTEMPTS = 5
PURGE_EVERY_S = 60  # expired conversations are deleted at most this often by one process
PG_MIGRATION_LOCK = 0x7265_6771_6100  # any constant: pg_advisory_lock's key for "regqa migrations"
KEPT_ANSWERS = 10  # a stored conversation keeps its latest answers only; follow-ups need the pending case

metadata = MetaData()

# The columns of the feedback table written before this store (assistant/feedback.py, plain sqlite3):
# migration 0001 adopts such a file as it is.
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", String(32), nullable=False),  # ISO 8601, UTC
    Column("rating", Integer, CheckConstraint("rating IN (-1, 1)", name="feedback_rating"), nullable=False),
    Column("question", Text, nullable=False),
    Column("answer_summary", Text, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
)

conversations = Table(
    "conversations", metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(64), nullable=False, server_default=""),  # the API key's name; "" for none
    Column("state", JSON, nullable=False),  # assistant.conversation.Conversation, as conversation_state() writes it
    Column("version", Integer, nullable=False),  # +1 on every save: two requests cannot both continue one state
    Column("updated", DateTime, nullable=False, index=True),  # naive UTC
)


class StoreError(RuntimeError):
    """The database cannot be reached or written."""


class ConversationConflict(StoreError):
    """The conversation was saved by another request since it was loaded."""


@dataclass(frozen=True)
class Saved:
    state: dict
    version: int


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _locked(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower()


# Only SQLite's "database is locked" is worth another try; anything else is reported at once.
_retry_write = retry(retry=retry_if_exception(_locked), stop=stop_after_attempt(WRITE_ATTEMPTS),
                     wait=wait_random_exponential(multiplier=0.05, max=2), reraise=True)


def _sqlite_engine(url) -> Engine:
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    # SQLAlchemy's documented recipe for SQLite transactions: sqlite3 leaves BEGIN to us, and we
    # begin a writing transaction IMMEDIATE, so that it holds the write lock from its start.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("regqa_write") else "BEGIN")

    return engine


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreError("the store needs a SQLite file, not an in-memory database (every connection "
                             "would see its own)")
        return _sqlite_engine(url)
    # a replica keeps a few connections; pre-ping replaces those a restarted server dropped
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def migrate(engine: Engine) -> None:
    """Upgrade the schema to Alembic's head, one process at a time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine.dialect.name == "sqlite":
        lock = FileLock(f"{engine.url.database}.migrate.lock", timeout=60)
    else:
        lock = contextlib.nullcontext()
    with lock, engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # released when this transaction ends
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


class Store:
    """Feedback rows and conversation states in the configured database."""

    def __init__(self, database_url: str, *, conversation_ttl_s: int = 86_400, engine: Engine | None = None):
        self.url = database_url
        self.engine = engine or make_engine(database_url)
        self.conversation_ttl_s = conversation_ttl_s
        self._purged = 0.0
        migrate(self.engine)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def _writing(self) -> Iterator:
        with self.engine.connect() as conn:
            conn.execution_options(regqa_write=True)
            with conn.begin():
                yield conn

    # ---- feedback ----

    @_retry_write
    def add_feedback(self, rating: int, question: str, answer_summary: str, comment: str = "") -> int:
        """Store one feedback row as given (the caller redacts); its id."""
        row = {"created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "rating": rating, "question": question, "answer_summary": answer_summary, "comment": comment}
        with self._writing() as conn:
            return int(conn.execute(insert(feedback).values(**row).returning(feedback.c.id)).scalar_one())

    def feedback(self, limit: int = 500) -> list[dict]:
        """Newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).order_by(feedback.c.id.desc()).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    # ---- conversations ----

    def load_conversation(self, cid: str, owner: str = "") -> Saved | None:
        """The saved state, or None when there is none for this owner or it expired."""
        oldest = _utcnow() - dt.timedelta(seconds=self.conversation_ttl_s)
        query = select(conversations.c.state, conversations.c.version).where(
            conversations.c.id == cid, conversations.c.owner == owner, conversations.c.updated >= oldest)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return Saved(row.state, row.version) if row else None

    def save_conversation(self, cid: str, owner: str, state: dict, version: int) -> int:
        """Save a state loaded at `version` (0: a new conversation); the new version.
        ConversationConflict when another request saved it in between."""
        saved = self._save(cid, owner, state, version)
        try:
            self._purge_expired()
        except OperationalError as exc:  # housekeeping: the next save tries again
            log.warning("purging expired conversations failed: %s", type(exc).__name__)
        return saved

    @_retry_write
    def _save(self, cid: str, owner: str, state: dict, version: int) -> int:
        now = _utcnow()
        with self._writing() as conn:
            if version == 0:
                try:
                    conn.execute(insert(conversations).values(id=cid, owner=owner, state=state, version=1,
                                                              updated=now))
                except IntegrityError:
                    raise ConversationConflict(cid) from None
            else:
                done = conn.execute(update(conversations).where(
                    conversations.c.id == cid, conversations.c.owner == owner, conversations.c.version == version,
                ).values(state=state, version=version + 1, updated=now))
                if done.rowcount != 1:
                    raise ConversationConflict(cid)
        return version + 1

    def _purge_expired(self) -> None:
        if time.monotonic() - self._purged < PURGE_EVERY_S:
            return
        self._purged = time.monotonic()
        oldest = _utcnow() - dt.timedelta(seconds=self.conversation_ttl_s)
        with self._writing() as conn:
            conn.execute(delete(conversations).where(conversations.c.updated < oldest))

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()


def conversation_state(conv: Conversation) -> dict:
    """A Conversation as JSON: its pending case and its latest answers."""
    return {"pending_subject": conv.pending_subject, "pending_conduct": conv.pending_conduct,
            "pending_facts": list(conv.pending_facts),
            "answers": [a.model_dump(mode="json") for a in conv.answers[-KEPT_ANSWERS:]]}


def conversation_from(state: dict) -> Conversation:
    answers = []
    for stored in state.get("answers", []):
        try:
            answers.append(Answer.model_validate(stored))
        except ValidationError:  # saved by an older version; the pending case is what a follow-up needs
            continue
    return Conversation(state.get("pending_subject"), state.get("pending_conduct"), list(state.get("pending_facts", [])),
                        answers)


_shared: dict[tuple[str, int], Store] = {}
_shared_lock = threading.Lock()


def shared(database_url: str, conversation_ttl_s: int = 86_400) -> Store:
    """One Store per URL in this process (its engine pools connections; migrations run once)."""
    key = (database_url, conversation_ttl_s)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Store(database_url, conversation_ttl_s=conversation_ttl_s)
        return _shared[key]


def for_settings(settings) -> Store:
    """The shared store the settings name (REGQA_DATABASE_URL, else the SQLite file REGQA_FEEDBACK_DB)."""
    return shared(settings.database(), settings.conversation_ttl_s)
