"""Calibrate the decide step's confidence: `python -m eval.calibrate`.

The calibration set (assistant/calibration/*.jsonl) holds questions written the way people ask,
from the regulation alone, by writers who saw neither the system, its training questions nor the
evaluation sets (near-copies of evaluation questions are removed); they are used for this and for
nothing else. Each case is decided as `regqa ask` decides it and each conclusion (a person, or the
main person's second act) judged against the labels; small boosted trees over the decide step's
features (assistant/calibration.py) map them to P(right). The threshold is the lowest probability at
which the wrong conclusions stated stay at most TARGET of all, by cross-validation over the set.

Measured and rejected (2026-12-04): calibrating on held-out folds of the training questions. Those
are written to teach boundaries (near-misses, failed conditions, untold facts): out of fold 0.65 of
them would be decided right, against about 0.82 of real questions, so a calibrator fitted on them
asked for nearly everything (threshold 0.95, 2% stated).

Writes assistant/calibration.json (read at start) and eval/reports/calibration.md (the reliability
table: of the conclusions given at confidence about x, how many were right).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from assistant import acts, build, decide, people
from assistant.calibration import CALIBRATION, FEATURES, Trees, features
from assistant.language import as_read
from assistant.settings import Settings
from corpus.text import detect_lang

REPORT = Path(__file__).with_name("reports") / "calibration.md"
# Wrong conclusions stated, as a share of all. 0.025 until 2026-12-06: on the rounds written and
# scored unseen since (r55-r57, r58-r60, r61-r63: 0.052, 0.032, 0.074 of cases) the wrong share ran
# above the calibration set's estimate every time, so the margin under the 0.03 is wider now.
TARGET = 0.02


def _say(msg: str) -> None:
    sys.stderr.write(msg + "\n")


CALIBRATION_SET = Path(__file__).resolve().parent.parent / "assistant" / "calibration"
# Rounds written to teach the calibrator one kind of story (c7, c9: every story has several people),
# not to stand for the questions people ask: they fit the calibrator but do not choose the threshold,
# which would otherwise follow the share of the hardest stories in the set (2026-12-05: 0.86 with
# them, 0.85 without; the tuned sets' wrong stated 0.015 either way).
TARGETED = ("c7", "c9", "c10")


def calibrator():
    """Small boosted trees (assistant/calibration.py says why and what was measured): shallow, slow
    to learn and with leaves of at least 30 conclusions, as the set holds ~2,500 of them."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_depth=3, min_samples_leaf=30,
                                          early_stopping=False)


def judge(want: dict, c: decide.Conclusion) -> bool:
    """Is one person's conclusion right against that person's label?"""
    best = c.best
    options = {o for o in want.get("options") or () if o != "none"}
    if want["conclusion"] == "none":
        return best.decision.status == "no_sanction" or ("none" in (want.get("options") or ()) and best.decision.status == "needs_facts")
    if want.get("open_fact"):
        return best.decision.status == "needs_facts" or best.label in options | {want["conclusion"]}
    return best.sanction and best.label in {want["conclusion"], *options}


def decided(a, questions: list[dict]) -> list[tuple]:
    """One row per person the answer decides: its features, and whether it is right for the labelled
    person of the same subject (a person the label does not ask about is wrong)."""
    out = []
    for q in questions:
        if q.get("kind") != "case" or not q.get("people"):
            continue
        text = as_read(q["question"])  # as the pipeline gives it to the models
        english = detect_lang(text) == "en"
        unsure = decide.Sureness(None, 0.5)
        # several listed one after another are decided part by part, the main person of each, as
        # the pipeline does (Assistant.read_parts); otherwise everyone the whole story is about
        readings = [(part.text, u, hits, 1) for part, u, hits in a.read_parts(text)] or [(text, *a.understand(text), None)]
        for told, u, hits, limit in readings:
            for c in people.everyone(told, u, hits, a.rulebook, None, unsure, english, a.read_alone)[:limit]:
                wanted = [p for p in q["people"] if p["subject"] == c.subject]
                right = any(judge(w, c) for w in wanted)
                out.append((features(c, u, c.agree, english), right, q["id"]))
                if c.role == decide.MAIN and (row := _second_act(a, q, c, told, english, unsure)) is not None:
                    out.append(row)
    return out


def _second_act(a, q: dict, c: decide.Conclusion, text: str, english: bool, unsure: decide.Sureness) -> tuple | None:
    """The row of the main person's second act when the answer could state it (another article, not
    an escalation of the first): right when the person has another labelled item it matches."""
    drafted = acts.second_act_draft(c, text, a.rulebook, unsure, a.read_alone, english)
    if drafted is None:
        return None
    other, u = drafted
    could = acts.another_act(c.best, replace(other, stated=True), a.rulebook)
    if not could or could[0].label != other.best.label or not could[0].sanction:
        return None
    wanted = [p for p in q["people"] if p["subject"] == c.subject and p["conclusion"] != c.best.label]
    return features(other, u, False, english), any(judge(w, other) for w in wanted) or _told_act(q, c, other), q["id"]


def _told_act(q: dict, c: decide.Conclusion, other: decide.Conclusion) -> bool:
    """A second act's item is right where the label lists it among the provisions the story involves
    (`clauses`) though not as the person's conclusion: a writer puts the graver act as the conclusion
    and the other act beside it ("smoking after a reminder is 6(3), but taking the drawing out is
    7(4), which decides"), and the evaluation counts such an item stated as supported (eval/
    conclusions.py), unless someone in the story is owed no sanction at all (as the evaluation reads it)."""
    if any(p["conclusion"] == "none" and not p.get("options") for p in q["people"]):
        return False
    return other.best.sanction and other.best.label != c.best.label and other.best.label in (q.get("clauses") or ())


def choose_threshold(p: np.ndarray, right: np.ndarray, target: float = TARGET) -> float:
    """The lowest threshold at which the wrong conclusions stated stay at most `target` of all
    conclusions (the issue's measure: a wrong sanction stated for at most 3% of cases).

    Measured and rejected (2026-12-05): counting cases rather than conclusions (a case with two
    people or acts counts once). It asks for more: threshold 0.82 -> 0.88, tuned fresh rounds right
    0.739 -> 0.707, wrong 0.020 -> 0.014; the report gives the share of cases either way."""
    for t in np.arange(0.30, 0.99, 0.01):
        stated = p >= t
        if stated.sum() >= 20 and (stated & ~right).mean() <= target:
            return round(float(t), 2)
    return 0.99


BOOTSTRAP = 200


def steady_threshold(p: np.ndarray, right: np.ndarray, ids: list[str], target: float = TARGET,
                     rounds: int = BOOTSTRAP) -> float:
    """`choose_threshold`'s median over bootstrap resamples of the cases (a case's conclusions stay
    together). The wrong conclusions near the target are a few dozen, so a handful of them moves the
    lowest threshold that meets it by several points: over the calibration sets of 2026-12-05 it
    ranged 0.79-0.92 between the 10th and 90th percentiles of the resamples, while the tuned sets'
    right answers moved 2-3 points with it. The median keeps the criterion and drops most of that
    noise; the seed is fixed, so a calibration is reproducible."""
    rng = np.random.default_rng(0)
    cases = np.asarray(ids)
    rows_of = {c: np.flatnonzero(cases == c) for c in dict.fromkeys(ids)}
    names = list(rows_of)
    found = []
    for _ in range(rounds):
        pick = np.concatenate([rows_of[names[i]] for i in rng.integers(0, len(names), len(names))])
        found.append(choose_threshold(p[pick], right[pick], target))
    return round(float(np.median(found)), 2)


def reliability(p: np.ndarray, right: np.ndarray) -> list[dict]:
    rows = []
    for lo in np.arange(0.0, 1.0, 0.1):
        inside = (p >= lo) & (p < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if inside.any():
            rows.append({"bin": f"{lo:.1f}-{lo + 0.1:.1f}", "n": int(inside.sum()), "mean_p": round(float(p[inside].mean()), 3),
                         "right": round(float(right[inside].mean()), 3)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    a = build.create(Settings(), say=_say)
    questions = [json.loads(line) for path in sorted(CALIBRATION_SET.glob("*.jsonl"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = decided(a, questions)
    x = np.asarray([r[0] for r in rows], dtype=float)
    y = np.asarray([r[1] for r in rows], dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        lr = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)  # its weights are reported, to read
    trees = calibrator().fit(x, y)
    # each case's probability from a calibrator fitted without it (so the reliability table and
    # the threshold do not flatter the calibrator itself)
    p = np.zeros(len(rows))
    order = {k: n for n, k in enumerate(dict.fromkeys(r[2] for r in rows))}
    fold = np.asarray([order[r[2]] % args.folds for r in rows])  # a case's rows stay in one fold
    for k in range(args.folds):
        test = fold == k
        p[test] = calibrator().fit(x[~test], y[~test]).predict_proba(x[test])[:, 1]
    ids = [r[2] for r in rows]
    chooses = np.asarray([i.split("-")[0] not in TARGETED for i in ids])
    threshold = steady_threshold(p[chooses], y[chooses], [i for i, c in zip(ids, chooses, strict=True) if c])
    stated = p >= threshold
    summary = {
        "conclusions": len(rows), "cases": len(set(ids)), "right_if_all_stated": round(float(y.mean()), 3),
        "threshold": threshold, "stated": round(float(stated.mean()), 3),
        "right_when_stated": round(float(y[stated].mean()), 3) if stated.any() else None,
        "wrong_stated_share_of_all": round(float((stated & ~y).mean()), 3),
        "cases_with_a_wrong_conclusion_stated": round(len({k for k, s, r in zip(ids, stated, y, strict=True)
                                                           if s and not r}) / len(set(ids)), 3),
    }
    out = {
        "features": list(FEATURES), "coef": [round(float(c), 6) for c in lr.coef_[0]],
        "intercept": round(float(lr.intercept_[0]), 6), "threshold": threshold,
        "trees": dataclasses.asdict(Trees.of(trees)),
        "fingerprint": a.reader.models.fingerprint, "embedding_model": a.retriever.index.model_id,
        "folds": args.folds, "target": TARGET, "summary": summary, "reliability": reliability(p, y),
    }
    CALIBRATION.write_text(as_json(out), encoding="utf-8")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(markdown(out), encoding="utf-8")
    _say(json.dumps(summary))
    _say(f"wrote {CALIBRATION} and {REPORT}")
    return 0


def as_json(out: dict) -> str:
    """The calibration file: readable, with the trees' nodes one tree to a line (indented, they
    took ~10,000 lines of a diff)."""
    trees = out["trees"]
    head = json.dumps({k: v for k, v in out.items() if k != "trees"}, ensure_ascii=False, indent=2)
    nodes = ",\n".join("    " + json.dumps(tree, separators=(",", ":")) for tree in trees["nodes"])
    return f'{head[:-2]},\n  "trees": {{"base": {json.dumps(trees["base"])}, "nodes": [\n{nodes}\n  ]}}\n}}\n'


def markdown(out: dict) -> str:
    s = out["summary"]
    lines = [
        "# Calibration of the decide step's confidence", "",
        (f"Command: `python -m eval.calibrate` · the calibration set (assistant/calibration/, never an evaluation "
         f"question), {out['folds']}-fold cross-validated · embedding model `{out['embedding_model']}`"), "",
        (f"Conclusions decided: {s['conclusions']} (people and second acts, in {s['cases']} cases); right if every "
         f"conclusion were stated: {s['right_if_all_stated']}."),
        (f"Threshold chosen on the rounds that stand for the questions people ask (all but "
         f"{', '.join(TARGETED)}, written to teach stories of several people) so that wrong conclusions stated stay "
         f"at most {out['target']} of all their conclusions (the median over {BOOTSTRAP} bootstrap resamples of the "
         f"cases): "
         f"**{out['threshold']}**; at it {s['stated']} of conclusions are stated, {s['right_when_stated']} of those are "
         f"right ({s['wrong_stated_share_of_all']} of all wrong, {s['cases_with_a_wrong_conclusion_stated']} of cases "
         f"with a wrong one); the rest are asked."), "",
        "| confidence | cases | mean confidence | right |", "|---|---|---|---|",
    ]
    lines += [f"| {r['bin']} | {r['n']} | {r['mean_p']} | {r['right']} |" for r in out["reliability"]]
    lines += ["", "P(right) is given by 100 boosted trees of depth 3 (assistant/calibration.py); a logistic regression "
              "over the same features, to read their direction, has the weights: " + ", ".join(f"{f} {c:+.2f}" for f, c in zip(out["features"], out["coef"], strict=True))
              + f", intercept {out['intercept']:+.2f}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
