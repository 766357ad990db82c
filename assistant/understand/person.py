"""Which item one person's conduct falls under, read from the whole story and, beside it, from the
clauses that tell of that person acting (assistant/focus.py).

The provision model (models.py) reads a story as a whole. In a story about several people it shares
its probability between their items, so a second person's item holds what is left, and a person's
own words weigh no more than anyone else's. This reader is the same kind of model (a logistic
regression over the question's character and word n-grams and its e5 vector) with one more block of
inputs: the n-grams of the person's own clauses. It learns from every labelled person of the
training questions, each at full weight, with their own clauses (a story about one person: the
whole text), and from the other kinds' answers as the provision model does.

Measured (2026-12-07; trained on the training questions, read on the calibration set's labelled
people, the right item among the person's own items first): people in stories about several,
main 0.824 -> 0.840, others 0.780 -> 0.796; the right item's share of the person's probability,
as mean log loss, 0.490 -> 0.408 for the others and 0.294 -> 0.271 for main persons. Read for the
people of a story about several as a second opinion beside the whole story's reading
(assistant/people.py `_with_person`: where the two agree a conclusion is more often right); a story
about one person is read by the provision model alone (reading its main person from "their own
clauses" too was measured: 0.950 -> 0.943 for them).

Kept in a part of its own (`understanding-<fp>-person.npz`) beside the calibrated models, as the
`several` reader is: `regqa index --ship` adds it to shipped models that lack it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.focus import about
from assistant.understand.examples import Example

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

FORMAT = "1"  # bump when the inputs change: a part of another format is not loaded (and is reshipped)


def told_of(text: str, subject: str, several: bool) -> str:
    """The words read as the person's own: their clauses in a story about several, else the whole text."""
    return (about(text, subject) if several else None) or text


@dataclass
class PersonReader:
    model: LogisticRegression

    @staticmethod
    def inputs(featurizer, x, told: list[str]):
        """`x` (the whole stories' features) with the n-grams of the person's own clauses beside it,
        in the provision model's vocabulary (letters and English words)."""
        from scipy.sparse import hstack

        return hstack([x, featurizer.tfidf.transform(told), featurizer.words.transform(told)], format="csr",
                      dtype=np.float32)

    def ranked(self, featurizer, x, told: str, proba) -> tuple[tuple[str, float], ...]:
        """The person's items, most likely first, for one story whose features are `x`."""
        probs = proba(self.model, self.inputs(featurizer, x, [told]))
        order = np.argsort(-probs)
        return tuple((str(self.model.classes_[i]), float(probs[i])) for i in order)


def rows(examples: list[Example]) -> tuple[list[int], list[str], list[str], list[float]]:
    """One row per labelled person (full weight, their own clauses) and per answer of the other kinds
    (shared weight, the whole text): example index, the words read as the person's, label, weight."""
    index, told, labels, weights = [], [], [], []
    for i, e in enumerate(examples):
        if e.kind == "case" and e.people:
            labelled = [p for p in e.people if p.provision]
            for p in labelled:
                index.append(i)
                told.append(told_of(e.text, p.subject, len(e.people) > 1))
                labels.append(p.provision)
                weights.append(1.0)
        else:
            for label in e.provisions:
                index.append(i)
                told.append(e.text)
                labels.append(label)
                weights.append(1.0 / len(e.provisions))
    return index, told, labels, weights


def person_inputs(examples: list[Example], x, featurizer) -> tuple | None:
    """(inputs, labels, weights) the reader is fitted on, from the examples and their features `x`
    (rows as `examples`); None when nothing is labelled."""
    index, told, labels, weights = rows(examples)
    if not index:
        return None
    return PersonReader.inputs(featurizer, x[index], told), labels, np.asarray(weights)


def train_person(examples: list[Example], x, featurizer, fit) -> PersonReader | None:
    """The reader from the examples and their features `x` (rows as `examples`); `fit` is models.fit."""
    made = person_inputs(examples, x, featurizer)
    model = fit(*made) if made is not None else None
    return PersonReader(model) if model is not None else None
