"""Understand a question before deciding: what it asks, about whom, which provision, which facts.

    reader = Reader.create(corpus, rulebook, asked, vectors_of, model_id, folder)
    u = reader.read("考评员这个周期已经被谈过两次话，今天又早退了", vector)
    u.kind, u.kind_p          # 'case', 0.97
    u.actors[0]               # ('examiner', 0.93)
    u.provisions[:2]          # [('第十二条第（一）项', 0.61), ('第十一条第（一）项', 0.22)]
    u.facts["prior"]          # ('told', 0.88)

Learned from example questions (assistant/understand/examples.py), never from evaluation
questions; the probabilities are the models' own, calibrated where they are used
(assistant/decide.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.understand.examples import KINDS, Example, load_examples
from assistant.understand.models import NO_ACTOR, Models, load_or_train, view_of
from assistant.understand.person import told_of
from corpus import Corpus
from rules import Rulebook

__all__ = ["KINDS", "Example", "Reader", "Understanding"]
TOP = None  # provisions kept per question (all: a person's share is summed over them)


@dataclass(frozen=True)
class Understanding:
    kind: str
    kind_p: float
    kinds: dict[str, float]
    actors: tuple[tuple[str, float], ...]  # whose conduct, most likely first ("none" for no one)
    provisions: tuple[tuple[str, float], ...]  # which provision applies or answers, most likely first
    facts: dict[str, tuple[str, float]] = field(default_factory=dict)  # fact -> (reading, probability)
    # the provision model on the n-grams alone and on the e5 vector alone (models.py): a second opinion
    views: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    fact_probs: dict[str, dict[str, float]] = field(default_factory=dict)  # fact -> reading -> probability
    several: float = 0.0  # that a case asks about people of more than one role (models.py)
    # one person's items, most likely first, read from the story and that person's own clauses
    # (assistant/understand/person.py); None without that reader
    for_person: Callable[[str], tuple[tuple[str, float], ...]] | None = field(default=None, repr=False, compare=False)

    def fact_p(self, fact: str, reading: str) -> float:
        return self.fact_probs.get(fact, {}).get(reading, 0.0)

    def p(self, label: str) -> float:
        return next((p for lbl, p in self.provisions if lbl == label), 0.0)

    def actor_p(self, subject: str) -> float:
        return next((p for s, p in self.actors if s == subject), 0.0)

    def views_agree(self, items, among) -> float:
        """The share of views whose likeliest provision among `among` (a person's items) is one of
        `items` (the outcome's); 0.0 without views."""
        if not self.views:
            return 0.0
        agree = 0
        for ranked in self.views.values():
            first = next((lbl for lbl, _ in ranked if lbl in among), None)
            agree += first in items
        return agree / len(self.views)


def _proba(model, x) -> np.ndarray:
    """`model.predict_proba(x)[0]` for one row, the same arithmetic without scikit-learn's per-call
    input checks: ~0.5 ms a call, nine or more models per question, a fifth of an answer's time
    beside the embedding (profiled 2026-12-06). tests/unit/test_understand_proba.py holds it equal."""
    from scipy.special import expit
    from sklearn.utils.extmath import safe_sparse_dot, softmax

    scores = safe_sparse_dot(x[:1], model.coef_.T, dense_output=True) + model.intercept_
    if scores.shape[1] == 1:  # binary: the positive class's logistic, as predict_proba
        p = expit(scores[0, 0])
        return np.array([1 - p, p])
    return softmax(scores, copy=False)[0]


def _ranked(model, probs: np.ndarray) -> tuple[tuple[str, float], ...]:
    order = np.argsort(-probs)
    return tuple((str(model.classes_[i]), float(probs[i])) for i in order)


class Reader:
    def __init__(self, models: Models):
        self.models = models

    @classmethod
    def create(cls, corpus: Corpus, book: Rulebook, asked, vectors_of: Callable[[list[str]], np.ndarray] | None,
               model_id: str | None, folder: Path | None, say=lambda _m: None) -> Reader:
        """`vectors_of(texts)`: the e5 query vectors of texts (None: n-grams only)."""
        examples = load_examples(corpus, book, asked)

        def vectors():
            return None if vectors_of is None else vectors_of([e.text for e in examples])

        return cls(load_or_train(folder, examples, vectors, book.rules, model_id if vectors_of else None, say))

    @property
    def dense(self) -> bool:
        return bool(self.models.featurizer.dim)

    def read(self, text: str, vector=None) -> Understanding:
        m = self.models
        x = m.featurizer([text], None if vector is None else np.asarray([vector], dtype=np.float32))
        kinds = dict(_ranked(m.kind, _proba(m.kind, x)))
        kind = max(kinds, key=kinds.get)
        actors = _ranked(m.actor, _proba(m.actor, x))
        provisions = _ranked(m.provision, _proba(m.provision, x))[:TOP]
        facts, fact_probs = {}, {}
        for name, model in m.facts.items():
            ranked = _ranked(model, _proba(model, x))
            facts[name] = ranked[0]
            fact_probs[name] = dict(ranked)
        views = {name: _ranked(model, _proba(model, view_of(x, name, m.featurizer)))
                 for name, model in m.views.items() if name != "e5" or vector is not None}
        several = m.several.p(text, x, _proba) if m.several is not None else 0.0
        return Understanding(kind, kinds[kind], kinds, actors, provisions, facts, views, fact_probs, several,
                             self._for_person(text, x))

    def _for_person(self, text: str, x):
        """The person reader on this story (read only for the people a decision needs)."""
        m = self.models
        if m.person is None:
            return None

        def ranked(subject: str) -> tuple[tuple[str, float], ...]:
            return m.person.ranked(m.featurizer, x, told_of(text, subject, True), _proba)

        return ranked


NOBODY = NO_ACTOR
