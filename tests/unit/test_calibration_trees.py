"""The calibrator's boosted trees are shipped as numbers and walked by hand (assistant/calibration.py):
what the hand walk gives must be what scikit-learn gives, and the shipped file must load as trees."""

import json

import numpy as np

from assistant.calibration import FEATURES, Calibration, Trees


def _fitted(seed: int = 3):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(seed)
    x = rng.random((400, 5))
    y = (x[:, 0] * x[:, 1] + 0.2 * rng.random(400)) > 0.35  # an interaction, which trees can learn
    return x, HistGradientBoostingClassifier(max_iter=40, max_depth=3, min_samples_leaf=10, early_stopping=False).fit(x, y)


def test_the_hand_walk_gives_scikit_learns_probabilities():
    x, model = _fitted()
    cal = Calibration((0.0,) * 5, 0.0, 0.9, "", Trees.of(model))
    probe = np.random.default_rng(9).random((200, 5))
    mine = np.array([cal.p(list(row)) for row in probe])
    assert np.allclose(mine, model.predict_proba(probe)[:, 1], atol=1e-12)
    assert mine.min() < 0.2 and mine.max() > 0.8  # it separates: the comparison means something


def test_trees_survive_the_json_file(tmp_path):
    import dataclasses

    x, model = _fitted()
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"features": list(FEATURES), "coef": [0.0] * len(FEATURES), "intercept": 0.0,
                                "threshold": 0.9, "trees": dataclasses.asdict(Trees.of(model))}), encoding="utf-8")
    cal = Calibration.load(path)
    assert cal is not None and cal.trees is not None
    row = [0.9, 0.8, 0.1, 0.2, 0.3] + [0.0] * (len(FEATURES) - 5)
    assert abs(cal.p(row) - model.predict_proba([row[:5]])[0, 1]) < 1e-12


def test_without_trees_the_weights_decide():
    cal = Calibration((1.0, -1.0), 0.0, 0.9, "")
    assert abs(cal.p([2.0, 2.0]) - 0.5) < 1e-12 and cal.p([3.0, 0.0]) > 0.95


def test_the_shipped_calibration_has_its_trees():
    cal = Calibration.load()
    assert cal is not None and cal.trees is not None and len(cal.trees.nodes) == 100
