"""Feedback on answers, stored locally in SQLite for staff review, redacted before it is stored.

    store = FeedbackStore(settings.feedback_db)
    store.add("我叫张三，考生用手机怎么处理", "第七条第（一）项", +1, "电话13812345678")
    store.list()   # newest first; names, ID-card and phone numbers already replaced
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from assistant.privacy import redact  # moved to assistant/privacy.py; imported here for older callers


class FeedbackError(ValueError):
    """Feedback that cannot be stored (a rating other than +1 or -1)."""


SCHEMA = """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    question TEXT NOT NULL,
    answer_summary TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
)"""


class FeedbackStore:
    """Thumbs up or down on an answer, with an optional comment; only redacted text is written."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @contextlib.contextmanager
    def _connect(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10)
        try:
            with con:  # commits, or rolls back on error
                con.execute(SCHEMA)
                yield con
        finally:
            con.close()

    def add(self, question: str, answer_summary: str, rating: int, comment: str = "") -> int:
        if rating not in (1, -1):
            raise FeedbackError(f"rating must be +1 or -1, got {rating!r}")
        row = (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), rating,
               redact(question)[:2000], redact(answer_summary)[:4000], redact(comment or "")[:2000])
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO feedback (created, rating, question, answer_summary, comment) VALUES (?, ?, ?, ?, ?)", row
            )
            return int(cur.lastrowid)

    def list(self, limit: int = 500) -> list[dict]:
        """Newest first."""
        if not self.path.exists():
            return []
        with self._connect() as con:
            con.row_factory = sqlite3.Row
            rows = con.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]
