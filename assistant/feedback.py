"""Feedback on answers, for staff review, redacted before it is stored in the shared store.

    store = FeedbackStore.for_settings(settings)   # REGQA_DATABASE_URL, else the SQLite file REGQA_FEEDBACK_DB
    store.add("我叫张三，考生用手机怎么处理", "第七条第（一）项", +1, "电话13812345678")
    store.list()   # newest first; names, ID-card and phone numbers already replaced
"""

from __future__ import annotations

from pathlib import Path

from assistant import store
from assistant.privacy import redact  # kept here for callers that import it from feedback
from assistant.store import Store


class FeedbackError(ValueError):
    """Feedback that cannot be stored (a rating other than +1 or -1)."""


class FeedbackStore:
    """Thumbs up or down on an answer, with an optional comment; only redacted text is written.

    Rows go to the shared store (assistant/store.py), so the app and every API replica read the
    same feedback: `FeedbackStore.for_settings(settings)`; `FeedbackStore(path)` is a SQLite file."""

    def __init__(self, where: str | Path | Store):
        self._store = where if isinstance(where, Store) else None
        self.path = None if self._store or "://" in str(where) else Path(where)
        self.url = self._store.url if self._store else str(where) if self.path is None else f"sqlite:///{self.path}"

    @classmethod
    def for_settings(cls, settings) -> FeedbackStore:
        return cls(store.for_settings(settings))

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = store.shared(self.url)
        return self._store

    def add(self, question: str, answer_summary: str, rating: int, comment: str = "") -> int:
        if rating not in (1, -1):
            raise FeedbackError(f"rating must be +1 or -1, got {rating!r}")
        return self.store.add_feedback(rating, redact(question)[:2000], redact(answer_summary)[:4000],
                                       redact(comment or "")[:2000])

    def list(self, limit: int = 500) -> list[dict]:
        """Newest first."""
        if self.path is not None and not self.path.exists():  # nothing written yet: no file made
            return []
        return self.store.feedback(limit)
