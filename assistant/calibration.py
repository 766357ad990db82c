"""How sure a conclusion is: the probability that the outcome the decide step found is right,
calibrated on the calibration set, questions used for nothing else (`python -m eval.calibrate` writes
assistant/calibration.json; its reliability table is in eval/reports/calibration.md).

The features are what the decide step knows: the probability the understanding models give the
outcome, the margin to the next, whether retrieval's best item for the person leads to the same
outcome, how sure the models are of the person and of the question being a case, and what kind
of outcome the engine reached, whether the provision model's two views (n-grams alone, e5 alone)
lead to the same outcome, and the language: English questions' probabilities run lower for the
same accuracy (their n-grams have fewer examples), so the language also scales the probability.
A person other than the main one is marked as such (named and asked about, or only seen acting),
with the best outcome's share among their own items: the models read one main actor, so a second
person's probabilities run low even when the question asks about them by name. A second act of the
main person, read from the words after a join, is marked too: it is stated only when sure as such.
The main person of a question that also asks about another is marked as such: the provision model
shares its probability between their items, so the main one's runs near 0.5 where a story about one
person's runs near 0.8, for as many right (measured 2026-12-06 on the fresh rounds' main persons
beside an asked one: right if all stated 0.905, stated 0.64 without the mark; with it, fitted on the
calibration set, 0.79 stated, right 0.77 and wrong 0.016 of them, against 0.63 and 0.010).
A person of a story about several is read a second time from their own clauses (assistant/focus.py):
whether that reading was made and its probability of the same outcome (0 when it reads another) are
inputs (measured 2026-12-07 on the calibration set's held-out folds: stated 0.649 -> 0.660 at the same
wrong share; fresh rounds r7-r84 right 2,840 -> 2,852, wrong 53 -> 52).
The probability enters as itself and as its logarithm: a logistic regression is linear in its
inputs, and the log lets it tell 0.05 from 0.15 (a second person's items, whose probability runs
low, are right far more often at 0.15) as well as 0.6 from 0.9 (measured on the calibration set's
held-out folds, 2026-12-05: log loss 0.278 -> 0.273; on the evaluation sets' conclusions at the
chosen threshold, wrong stated 0.020 -> 0.017 with as many right).
A logistic regression over them gave P(right) until 2026-12-07; since then small gradient-boosted
trees do (100 trees of depth 3, scikit-learn's HistGradientBoostingClassifier): the features act
together (a second person's low probability means little when their own clauses read the same
item, much when they do not), which a linear model sees only feature by feature. Measured on the
calibration set's held-out folds (2,474 conclusions) over six draws of the folds: at the same wrong
share (0.019 of conclusions) 0.715 of conclusions stated against 0.689, AUC 0.945 against 0.941;
deeper trees (200 of up to 15 leaves) stated 0.696; pairwise products in the logistic regression
stated as many (0.713) but ranked worse (AUC 0.933). A conclusion is stated at or above the
threshold chosen from the reliability curve, asked otherwise.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

CALIBRATION = Path(__file__).with_name("calibration.json")
FEATURES = ("p", "margin", "agree", "actor_p", "case_p", "decided", "no_sanction", "needs_facts", "english",
            "views_agree", "english_p", "asked", "named", "other", "share", "act2", "log_p", "denied", "untold",
            "beside_asked", "focused", "focus_p", "person_read", "person_p")


def features(conclusion, u, agree: bool, english: bool) -> list[float]:
    """The calibrator's inputs for one person's conclusion (assistant/decide.py Conclusion)."""
    best = conclusion.outcomes[0]
    second = conclusion.outcomes[1].p if len(conclusion.outcomes) > 1 else 0.0
    status = best.decision.status
    return [best.p, best.p - second, float(agree), u.actor_p(conclusion.subject), u.kinds.get("case", 0.0),
            float(status in ("decided", "provisional")), float(status == "no_sanction"),
            float(status == "needs_facts"), float(english), conclusion.views_agree, float(english) * best.p,
            float(conclusion.role == "asked"), float(conclusion.role == "named"), float(conclusion.role == "other"),
            conclusion.share, float(conclusion.role == "act2"), math.log(max(best.p, 1e-3)),
            *_as_told(conclusion), float(conclusion.beside_asked), float(conclusion.focused),
            conclusion.focus_p, float(conclusion.person_read), conclusion.person_p]


def _as_told(conclusion) -> tuple[float, float]:
    """The outcome reader's probability that the story, as told, fails a condition of the item it is
    about, and that it leaves the deciding fact untold (assistant/understand/models.py outcome_of).
    It reads the main person of the text it is given: a second person named in the story gets 0, and
    so does a story that tells the deciding condition plainly (assistant/decide.py conclude)."""
    return conclusion.as_told_none, conclusion.as_told_open


@dataclass(frozen=True)
class Trees:
    """Boosted trees as plain numbers: the base score and, per tree, its nodes as (feature, threshold,
    left, right, value), feature -1 for a leaf. Walked here rather than unpickled: the shipped file
    stays data (no code runs on load) and scikit-learn is not imported to answer (~1.5 s)."""

    base: float
    nodes: tuple[tuple[tuple[int, float, int, int, float], ...], ...]

    def raw(self, x: list[float]) -> float:
        z = self.base
        for tree in self.nodes:
            i = 0
            while tree[i][0] >= 0:
                feature, threshold, left, right, _ = tree[i]
                i = left if x[feature] <= threshold else right
            z += tree[i][4]
        return z

    @classmethod
    def of(cls, model) -> Trees:
        """From a fitted binary HistGradientBoostingClassifier (inputs without missing values)."""
        import numpy as np

        trees = []
        for (predictor,) in model._predictors:
            trees.append(tuple((-1 if n["is_leaf"] else int(n["feature_idx"]), float(n["num_threshold"]),
                                int(n["left"]), int(n["right"]), float(n["value"])) for n in predictor.nodes))
        return cls(float(np.ravel(model._baseline_prediction)[0]), tuple(trees))


@dataclass(frozen=True)
class Calibration:
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    fingerprint: str  # of the examples and embedding model the models were trained on
    trees: Trees | None = None  # when given, P(right) is theirs; the coefficients are kept to read

    def p(self, x: list[float]) -> float:
        if self.trees is not None:
            z = self.trees.raw(x)
        else:
            z = self.intercept + sum(c * v for c, v in zip(self.coef, x, strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def load(cls, path: Path = CALIBRATION) -> Calibration | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if raw.get("features") != list(FEATURES):
            return None
        trees = raw.get("trees")
        return cls(tuple(raw["coef"]), float(raw["intercept"]), float(raw["threshold"]), raw.get("fingerprint", ""),
                   Trees(float(trees["base"]), tuple(tuple(tuple(n) for n in tree) for tree in trees["nodes"]))
                   if trees else None)
