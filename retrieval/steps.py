"""Adjustments to the fused ranking, each a small step that reads what the question says and
lowers the provisions it speaks against. Each is switched by one `Params` flag and tested alone.

Scores are RRF sums; a penalty is in units of one first place in one list, 1/(rrf_k + 1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from retrieval import culpability
from retrieval import subjects as subj
from retrieval.chunks import Chunk


@dataclass(frozen=True)
class Query:
    """What the steps read about a question, worked out once."""

    text: str
    subjects: tuple[str, ...]  # people the question names as acting
    witnesses: tuple[str, ...]  # people named only as the ones who saw or caught someone
    asks_general: bool  # who / whether / what / how, rather than a case
    culpability: str | None  # negligence or intent, when the question says one and not the other

    @classmethod
    def of(cls, text: str) -> Query:
        return cls(text, tuple(subj.detect(text)), tuple(subj.witnesses(text)), subj.asks_general(text),
                   culpability.of_question(text))


Scores = dict[str, float]
Step = Callable[[Scores, Query, Mapping[str, Chunk], float], None]


def general_questions(scores: Scores, q: Query, chunks: Mapping[str, Chunk], weight: float) -> None:
    """A question of who, whether, what or how leans away from sanction provisions."""
    if q.asks_general:
        for pid in scores:
            if chunks[pid].subject:
                scores[pid] -= weight


def other_subjects(scores: Scores, q: Query, chunks: Mapping[str, Chunk], weight: float) -> None:
    """Provisions about a person the question does not name."""
    if q.subjects:
        for pid in scores:
            s = chunks[pid].subject
            if s and s not in q.subjects:
                scores[pid] -= weight


def witnesses(scores: Scores, q: Query, chunks: Mapping[str, Chunk], weight: float) -> None:
    """Provisions about the person who only saw or caught someone ("监考发现…")."""
    if q.witnesses:
        for pid in scores:
            if chunks[pid].subject in q.witnesses:
                scores[pid] -= weight


def other_culpability(scores: Scores, q: Query, chunks: Mapping[str, Chunk], weight: float,
                      classes: Mapping[str, str | None] | None = None) -> None:
    """Provisions of the other state of mind (negligence vs intent: retrieval/culpability.py)."""
    if q.culpability and classes:
        for pid in scores:
            if classes.get(pid) not in (None, q.culpability):
                scores[pid] -= weight


def leaves_only(scores: Scores, chunks: Mapping[str, Chunk]) -> None:
    """An article with items or paragraphs is answered by those."""
    for pid in [x for x in scores if not chunks[x].leaf]:
        del scores[pid]
