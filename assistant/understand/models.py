"""The understanding models: logistic regressions over character n-grams and the question's e5
vector, trained from the examples (assistant/understand/examples.py) and kept on disk.

Measured on the three public sets (case questions, the expected item first; 2026-12-04):
n-grams alone 0.81 / 0.80 / 0.87, with the e5 vector 0.85 / 0.86 / 0.92; 12,000 n-gram features
keep that and train in ~10 s instead of ~25 s on this 2-core machine. A model is trained once
per set of examples and embedding model, then loaded (~0.3 s).

- kind: what the question asks (case, rights, procedure, definition, lookup, overview, out_of_scope);
- actor: whose conduct a case is about (the six subjects of the case contract, or none);
- provision: which provision applies (a case) or answers (any other kind);
- facts: the facts that separate sibling items, read from how people tell them: whether a
  reminder was refused (第六条(一)-(三)), the size of an error (11(4)/12(4)/13(3), 18(3)/19(3)),
  and whether an earlier record in the filing cycle is told (the escalation items);
- several (a part of its own, `Several`): whether a case asks about people of more than one role ("两人怎么处理？", "老石和这两个考生
  怎么处理？", "what happens to each of them?"), read from the whole text and, apart, from the sentences
  that ask (assistant/understand/asking.py). The cue list it stands beside (assistant/people.py) found
  0.68 of such questions on the calibration set (English 0.50); with this reader 0.91 (English 0.89),
  false alarms 0.144 -> 0.155 (most of them two people of one role, decided once; measured 2026-12-07,
  trained on the training questions only). End to end it finds a person (stated or asked about) for
  about half the calibration set's second persons who had none, but few of those become sure enough
  to state: right answers on the tuned sets moved within the threshold's noise;
- person (a part of its own, assistant/understand/person.py): one person's item in a story about
  several, read from the story and from that person's own clauses (a second opinion beside the
  provision model's, an input to the calibration);
- views: the provision model again, once on the n-grams alone and once on the e5 vector alone.
  They decide nothing; whether they agree with the joint model is a sign of how sure it can be
  (measured on the evaluation sets' cases, 2026-12-05: where both views agree with the joint
  model's first item, 0.79 of cases, it is right 0.94; where either differs, 0.63). English
  questions are the ones it helps most: their probabilities run low though they are as often right.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

import joblib
import numpy as np

from assistant.understand.asking import asking_part
from assistant.understand.examples import Example
from assistant.understand.person import FORMAT as PERSON_FORMAT
from assistant.understand.person import PersonReader, person_inputs

if TYPE_CHECKING:  # scikit-learn and scipy take ~1.5 s to import: loaded where a model is made, not
    # by every `regqa` command (a bad input must be refused within 2 s)
    from sklearn.linear_model import LogisticRegression

log = logging.getLogger(__name__)

VERSION = "4"  # bump when features or targets change in a way the examples' hash does not show
NGRAMS = 12_000
ASKING = 8_000  # character n-grams of the sentences that ask (the `several` reader)
WORDS = 6_000
DENSE_WEIGHT = 2.0  # the e5 vector beside the n-grams, scaled so that neither drowns the other
C = 20.0


class Featurizer:
    """Character 1-3-grams (TF-IDF, sublinear), English word 1-2-grams and, when an embedding model
    is loaded (`dim` > 0), the question's e5 vector.

    Why the words: a Chinese character bigram is nearly a word, but English letters are not, and
    English's letter n-grams took a fifth of the shared vocabulary (2,602 of 12,000): "refused",
    "on purpose" or "reminded twice" were only visible to the model through letter triples and the
    e5 vector. The word view is ASCII-only, so Chinese text adds nothing to it."""

    def __init__(self, texts: list[str], dim: int):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.dim = dim
        self.tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                                     max_features=NGRAMS, dtype=np.float32).fit(texts)
        self.words = word_vectorizer().fit(texts)

    def __call__(self, texts: list[str], vectors: np.ndarray | None = None):
        from scipy.sparse import csr_matrix, hstack

        parts = [self.tfidf.transform(texts), self.words.transform(texts)]
        if self.dim:
            if vectors is None:  # the model failed for this question: its n-grams still count
                vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
            parts.append(csr_matrix(np.asarray(vectors, dtype=np.float32) * DENSE_WEIGHT))
        # float32: half the memory of the feature matrix (measured: no faster to train; the solver's
        # own steps dominate)
        return hstack(parts, format="csr", dtype=np.float32)

    def n_grams(self) -> int:
        return len(self.tfidf.vocabulary_) + len(self.words.vocabulary_)

    def views(self) -> tuple[str, ...]:
        return ("ngrams", "e5") if self.dim else ("ngrams",)


def word_vectorizer(vocabulary: dict | None = None):
    """English words and word pairs (ASCII letters only), learned from the examples or, for shipped
    models, given their vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b[a-z][a-z']+\b", lowercase=True,
                           ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32,
                           **({"vocabulary": vocabulary} if vocabulary is not None else
                              {"min_df": 2, "max_features": WORDS}))


def view_of(x, name: str, feat: Featurizer):
    """The columns of one view: the n-grams (letters and words), or the e5 vector."""
    n = feat.n_grams()
    return x[:, :n] if name == "ngrams" else x[:, n:]


def fit(x, y, weights=None) -> LogisticRegression | None:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    if len(set(y)) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # tol 1e-3 stops early on purpose
        return LogisticRegression(C=C, max_iter=300, tol=1e-3).fit(x, y, sample_weight=weights)


# ---- what each model learns, read off the examples' labels ---------------------------------------

NO_ACTOR = "none"


def actor_of(e: Example) -> str:
    return e.people[0].subject if e.people else NO_ACTOR


def refusal_of(e: Example, rules) -> str | None:
    """第六条(一)-(三): 'refused' when the reminder was refused, 'complied', or 'untold'."""
    p = e.people[0] if e.people else None
    rule = rules.get(p.provision) if p and p.provision else None
    if rule is None or not rule.conditions.reminded_and_refused:
        return None
    return {"sanction": "refused", "none": "complied", "open": "untold"}[p.outcome]


def severity_of(e: Example, rules) -> str | None:
    """The size of an error, by the grading ladder its item is on: minor, major, grave or untold."""
    p = e.people[0] if e.people else None
    rule = rules.get(p.provision) if p and p.provision else None
    if rule is None or rule.conditions.severity is None:
        return None
    return "untold" if p.outcome == "open" else rule.conditions.severity


def prior_of(e: Example, rules) -> str | None:
    """Whether the story tells an earlier record in the filing cycle that escalates the act:
    'told' for an escalation item, 'none' for an act of an article that escalates, 'untold'."""
    p = e.people[0] if e.people else None
    rule = rules.get(p.provision) if p and p.provision else None
    if rule is None:
        return None
    if rule.is_escalation:
        return "untold" if p.outcome == "open" else "told"
    escalates = any(r.conditions.escalation and rule.article in r.conditions.escalation.from_articles
                    for r in rules.values())
    return ("untold" if p.outcome == "open" else "none") if escalates else None


def outcome_of(e: Example, rules) -> str | None:
    """Whether the story, as told, meets the conditions of the item it is about: 'sanction', 'none'
    (a condition fails: it was genuine, permitted, unknowing, an accident, stopped when reminded) or
    'open' (the deciding fact is untold). Read for the main person of a case only. The engine
    checks the conditions it has facts for (refusal, counts, severity); the many ways people tell
    that the conduct itself did not happen as the item describes ("我是被抄的那个", "the work proof
    is real, only the translation was not notarised") are only read here, and they enter the
    confidence (assistant/calibration.py), so such a story is asked about instead of sanctioned."""
    if e.kind != "case" or not e.people:
        return None
    return e.people[0].outcome


@dataclass
class Several:
    """Whether a case asks about people of more than one role: a logistic regression over the
    question's features and, beside them, the n-grams of its sentences that ask (letters and English
    words), fitted on the training cases. Kept in a file of its own, so that it can join models
    trained before it (`regqa index --ship` adds it to shipped models that lack it)."""

    chars: object  # TfidfVectorizer over the asking sentences' characters
    words: object  # and their English words
    model: LogisticRegression

    def inputs(self, texts: list[str], x):
        return _with_asking(self.chars, self.words, texts, x)

    def p(self, text: str, x, proba) -> float:
        """P(several) for one question whose features are `x`; `proba` is the reader's one-row predict_proba."""
        probs = proba(self.model, self.inputs([text], x))
        return float(dict(zip((str(c) for c in self.model.classes_), probs, strict=True)).get("several", 0.0))


def _with_asking(chars, words, texts: list[str], x):
    """`x` with the n-grams of each text's asking sentences beside it: the `several` reader's input."""
    from scipy.sparse import hstack

    asked = [asking_part(t) for t in texts]
    return hstack([x, chars.transform(asked), words.transform(asked)], format="csr", dtype=np.float32)


def train_several(examples: list[Example], x) -> Several | None:
    """The `several` reader from the examples and their features `x` (rows as `examples`)."""
    made = several_inputs(examples, x)
    if made is None:
        return None
    chars, words, inputs, targets = made
    model = fit(inputs, targets)
    return Several(chars, words, model) if model is not None else None


def several_inputs(examples: list[Example], x):
    """(chars, words, inputs, targets) of the `several` reader, or None when no case is labelled."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    got = [(i, t) for i, e in enumerate(examples) if (t := several_of(e)) is not None]
    if not got:
        return None
    asked = [asking_part(examples[i].text) for i, _ in got]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                            max_features=ASKING, dtype=np.float32).fit(asked)
    words = word_vectorizer().fit(asked)
    inputs = _with_asking(chars, words, [examples[i].text for i, _ in got], x[[i for i, _ in got]])
    return chars, words, inputs, [t for _, t in got]


def several_of(e: Example) -> str | None:
    """'several' when a case asks about people of more than one role, else 'one'. Two people of one
    role ("两个考生怎么处理") are one decision (assistant/people.py decides per role)."""
    if e.kind != "case" or not e.people:
        return None
    return "several" if len({p.subject for p in e.people}) > 1 else "one"


FACTS = {"refusal": refusal_of, "severity": severity_of, "prior": prior_of, "outcome": outcome_of}


@dataclass
class Models:
    featurizer: Featurizer
    kind: LogisticRegression
    actor: LogisticRegression
    provision: LogisticRegression
    facts: dict[str, LogisticRegression] = field(default_factory=dict)
    fingerprint: str = ""
    views: dict[str, LogisticRegression] = field(default_factory=dict)  # "ngrams", "e5": see the docstring
    several: Several | None = None  # whether a case asks about people of more than one role
    person: PersonReader | None = None  # one person's item, from the story and their own clauses (person.py)


def fingerprint(examples: list[Example], model_id: str | None) -> str:
    h = hashlib.sha256(f"{VERSION}|{model_id}|{NGRAMS}|{WORDS}|{DENSE_WEIGHT}|{C}".encode())
    for e in examples:
        h.update(json.dumps([e.text, e.kind, [(p.subject, p.provision, p.outcome) for p in e.people], e.answer],
                            ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def train(examples: list[Example], vectors: np.ndarray | None, rules, fp: str = "") -> Models:
    """All the models, from the examples and their e5 vectors (None: n-grams only)."""
    texts = [e.text for e in examples]
    feat = Featurizer(texts, 0 if vectors is None else vectors.shape[1])
    x = feat(texts, vectors)
    jobs = {"kind": (x, [e.kind for e in examples], None), "actor": (x, [actor_of(e) for e in examples], None)}
    # one row per labelled provision; a story about two people teaches both, each at half weight
    rows, labels, weights = [], [], []
    for i, e in enumerate(examples):
        provs = e.provisions
        for label in provs:
            rows.append(i)
            labels.append(label)
            weights.append(1.0 / len(provs))
    weights = np.asarray(weights)
    jobs["provision"] = (x[rows], labels, weights)
    for name, target in FACTS.items():
        got = [(i, t) for i, e in enumerate(examples) if (t := target(e, rules)) is not None]
        if got:
            jobs[f"fact.{name}"] = (x[[i for i, _ in got]], [t for _, t in got], None)
    for name in feat.views():
        jobs[f"view.{name}"] = (view_of(x[rows], name, feat), labels, weights)
    several = several_inputs(examples, x)
    if several is not None:
        chars, words, inputs, targets = several
        jobs["several"] = (inputs, targets, None)
    person = person_inputs(examples, x, feat)
    if person is not None:
        jobs["person"] = person
    got = fit_all(jobs)
    return Models(feat, got["kind"], got["actor"], got["provision"],
                  {k[5:]: v for k, v in got.items() if k.startswith("fact.") and v is not None}, fp,
                  {k[5:]: v for k, v in got.items() if k.startswith("view.") and v is not None},
                  Several(chars, words, got["several"]) if got.get("several") is not None else None,
                  PersonReader(got["person"]) if got.get("person") is not None else None)


def fit_all(jobs: dict[str, tuple]) -> dict[str, LogisticRegression | None]:
    """Each (inputs, targets, weights) fitted, side by side on the machine's cores, the largest first.

    Why processes (joblib's loky pool): the fits are independent, and lbfgs over sparse inputs holds
    the GIL for most of its time (two fits in threads: 43 s -> 37 s; in two processes: 28 s, measured
    2026-12-07 on 2 cores). The largest first, so that the last to finish is a small one. The weights
    are those of fitting one after another to float32 precision (a worker's BLAS runs one thread:
    1.8e-5 at most on weights near 8, far below the shipped int8 step); where no pool can be started
    (a sandbox without semaphores) they are fitted here."""
    from joblib import Parallel, delayed

    order = sorted(jobs, key=lambda k: -jobs[k][0].nnz * len(set(jobs[k][1])))  # ~ the work of a step
    n = min(len(order), os.cpu_count() or 1)
    try:
        fitted = Parallel(n_jobs=n)(delayed(fit)(*jobs[k]) for k in order) if n > 1 else None
    except (OSError, ImportError) as exc:
        log.warning("understanding models: no process pool (%s), fitting one after another", exc)
        fitted = None
    if fitted is None:
        fitted = [fit(*jobs[k]) for k in order]
    return dict(zip(order, fitted, strict=True))


SHIPPED = Path(__file__).with_name("shipped")  # the default model's, so a fresh clone trains nothing
PARTS = ("main", "provision", "views")


def _quantize(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(coef).max(axis=1), 1e-12) / 127.0
    return np.round(coef / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def _classifiers(models: Models) -> dict[str, LogisticRegression]:
    return {"kind": models.kind, "actor": models.actor, "provision": models.provision,
            **{f"fact.{k}": v for k, v in models.facts.items()}, **{f"view.{k}": v for k, v in models.views.items()}}


def _part(name: str) -> str:
    return "provision" if name == "provision" else "views" if name.startswith("view.") else "main"


def save_compact(models: Models, folder: Path = SHIPPED) -> list[Path]:
    """The models as plain arrays (no pickle): the n-gram vocabulary and its idf, and each
    classifier's classes, weights (int8 with a scale per class, probabilities move by ~1e-3) and
    intercepts. The provision classifier and its views go in files of their own (each near 1 MB)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("understanding-*.npz"):
        old.unlink()
    tf = models.featurizer.tfidf
    vocab = sorted(tf.vocabulary_, key=tf.vocabulary_.get)
    words = models.featurizer.words
    common = {"fingerprint": np.array(models.fingerprint), "dim": np.array(models.featurizer.dim),
              "vocab": np.array(vocab), "idf": tf.idf_.astype(np.float32),
              "words": np.array(sorted(words.vocabulary_, key=words.vocabulary_.get)),
              "words_idf": words.idf_.astype(np.float32)}
    parts: dict[str, dict] = {"main": dict(common), **{p: {"fingerprint": np.array(models.fingerprint)}
                                                       for p in PARTS if p != "main"}}
    for name, lr in _classifiers(models).items():
        q, scale = _quantize(lr.coef_)
        part = parts[_part(name)]
        part.update({f"{name}|classes": lr.classes_.astype(str), f"{name}|q": q, f"{name}|scale": scale,
                     f"{name}|intercept": lr.intercept_.astype(np.float32)})
    paths = []
    for part, arrays in parts.items():
        path = folder / f"understanding-{models.fingerprint}-{part}.npz"
        np.savez_compressed(path, **arrays)
        paths.append(path)
    return paths + save_several(models, folder) + save_person(models, folder)


def save_several(models: Models, folder: Path = SHIPPED) -> list[Path]:
    """The `several` reader's part: its vocabularies and classifier, as the other parts keep theirs."""
    if models.several is None:
        return []
    sv = models.several
    q, scale = _quantize(sv.model.coef_)
    path = folder / f"understanding-{models.fingerprint}-several.npz"
    np.savez_compressed(path, fingerprint=np.array(models.fingerprint), **_vocabulary("chars", sv.chars),
                        **_vocabulary("words", sv.words), classes=sv.model.classes_.astype(str), q=q, scale=scale,
                        intercept=sv.model.intercept_.astype(np.float32))
    return [path]


def save_person(models: Models, folder: Path = SHIPPED) -> list[Path]:
    """The person reader's part: its classifier (its inputs are in the provision model's vocabulary)."""
    if models.person is None:
        return []
    lr = models.person.model
    q, scale = _quantize(lr.coef_)
    path = folder / f"understanding-{models.fingerprint}-person.npz"
    np.savez_compressed(path, fingerprint=np.array(models.fingerprint), format=np.array(PERSON_FORMAT),
                        classes=lr.classes_.astype(str), q=q, scale=scale, intercept=lr.intercept_.astype(np.float32))
    return [path]


def _load_person(path: Path) -> PersonReader | None:
    """The shipped person reader, or None (none shipped, or of another format: `regqa index --ship`)."""
    if not path.exists():
        return None
    from sklearn.linear_model import LogisticRegression

    with np.load(path, allow_pickle=False) as z:
        a = {k: z[k] for k in z.files}
    if str(a.get("format")) != PERSON_FORMAT:
        return None
    lr = LogisticRegression()
    lr.classes_, lr.intercept_ = a["classes"], a["intercept"].astype(np.float64)
    lr.coef_ = a["q"].astype(np.float64) * a["scale"][:, None]
    return PersonReader(lr)


def _load_several(path: Path) -> Several | None:
    if not path.exists():
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    with np.load(path, allow_pickle=False) as z:
        a = {k: z[k] for k in z.files}
    chars = _vectorizer(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, dtype=np.float32,
                                        vocabulary={str(t): i for i, t in enumerate(a["chars"])}), a, "chars")
    words = _vectorizer(word_vectorizer({str(t): i for i, t in enumerate(a["words"])}), a, "words")
    lr = LogisticRegression()
    lr.classes_, lr.intercept_ = a["classes"], a["intercept"].astype(np.float64)
    lr.coef_ = a["q"].astype(np.float64) * a["scale"][:, None]
    return Several(chars, words, lr)


def _vocabulary(name: str, vectorizer) -> dict[str, np.ndarray]:
    return {name: np.array(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)),
            f"{name}_idf": vectorizer.idf_.astype(np.float32)}


def _vectorizer(vectorizer, arrays: dict, name: str):
    vectorizer.idf_ = arrays[f"{name}_idf"].astype(np.float64)
    return vectorizer


def is_shipped(fp: str, folder: Path = SHIPPED) -> bool:
    return all((folder / f"understanding-{fp}-{p}.npz").exists() for p in PARTS)


def load_compact(fp: str, folder: Path = SHIPPED) -> Models | None:
    """Shipped models for fingerprint `fp`, or None."""
    if not is_shipped(fp, folder):
        return None
    paths = {p: folder / f"understanding-{fp}-{p}.npz" for p in PARTS}
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    arrays: dict = {}
    for path in paths.values():
        with np.load(path, allow_pickle=False) as z:
            arrays.update({k: z[k] for k in z.files})
    feat = Featurizer.__new__(Featurizer)
    feat.dim = int(arrays["dim"])
    feat.tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True,
                                 vocabulary={str(t): i for i, t in enumerate(arrays["vocab"])}, dtype=np.float32)
    feat.tfidf.idf_ = arrays["idf"].astype(np.float64)
    feat.words = word_vectorizer({str(t): i for i, t in enumerate(arrays["words"])})
    feat.words.idf_ = arrays["words_idf"].astype(np.float64)
    made: dict[str, LogisticRegression] = {}
    for name in {k.split("|", 1)[0] for k in arrays if "|" in k}:
        lr = LogisticRegression()
        lr.classes_ = arrays[f"{name}|classes"]
        lr.coef_ = arrays[f"{name}|q"].astype(np.float64) * arrays[f"{name}|scale"][:, None]
        lr.intercept_ = arrays[f"{name}|intercept"].astype(np.float64)
        made[name] = lr
    facts = {k.split(".", 1)[1]: v for k, v in made.items() if k.startswith("fact.")}
    views = {k.split(".", 1)[1]: v for k, v in made.items() if k.startswith("view.")}
    return Models(feat, made["kind"], made["actor"], made["provision"], facts, fp, views,
                  _load_several(folder / f"understanding-{fp}-several.npz"),
                  _load_person(folder / f"understanding-{fp}-person.npz"))


_trained: dict[str, Models] = {}  # by fingerprint: a process trains a set of examples once


def load_or_train(folder: Path | None, examples: list[Example], vectors_fn, rules, model_id: str | None,
                  say=lambda _m: None) -> Models:
    """The models for these examples and embedding model: trained before in this process, or kept in
    `folder`, else trained now (and kept there). `vectors_fn()` gives the examples' e5 vectors, or None.
    Training is a pure function of the examples and the model, so its fingerprint is a safe key."""
    fp = fingerprint(examples, model_id)
    if fp in _trained:
        return _trained[fp]
    models = load_compact(fp) or _load_or_train(folder, examples, vectors_fn, rules, fp, say)
    _trained[fp] = models
    return models


def _load_or_train(folder: Path | None, examples: list[Example], vectors_fn, rules, fp: str, say) -> Models:
    """Kept in `folder`, else trained once: processes starting together (replicas with a custom
    embedding model) wait on a file lock for the first one's models instead of each training."""
    if folder is None:
        return _train_and_keep(None, examples, vectors_fn, rules, fp, say)
    from filelock import FileLock, Timeout

    lock = FileLock(str(Path(folder) / ".understanding.lock"), timeout=600)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except (OSError, Timeout) as exc:  # a read-only folder or a stuck lock: train here, keep nothing
        log.warning("understanding models: no lock in %s (%s), training without it", folder, exc)
        return _train_and_keep(None, examples, vectors_fn, rules, fp, say)
    try:  # only taking the lock may fall back: a failure while training is not retried
        return _train_and_keep(folder, examples, vectors_fn, rules, fp, say)
    finally:
        lock.release()


KEEP = 4  # models of other fingerprints kept beside the new one: a shared folder serves several models


def _drop_stale(folder: Path, keep: Path) -> None:
    """Models for examples that changed are never loaded again; the most recently written few are
    kept, so that processes sharing the folder with different embedding models do not delete each
    other's (a folder per index holds one)."""
    others = sorted((p for p in folder.glob("understanding-*.joblib") if p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEEP:]:
        old.unlink(missing_ok=True)


def _train_and_keep(folder: Path | None, examples: list[Example], vectors_fn, rules, fp: str, say) -> Models:
    path = Path(folder) / f"understanding-{fp}.joblib" if folder else None
    if path is not None and path.exists():
        try:
            models = joblib.load(path)
            if isinstance(models, Models) and models.fingerprint == fp:
                return models
        except Exception as exc:  # noqa: BLE001 - an unreadable file is retrained, not fatal
            log.warning("understanding models at %s unreadable, retraining: %s", path, exc)
    say(f"Training the question-understanding models ({len(examples)} example questions).")
    models = train(examples, vectors_fn(), rules, fp)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _drop_stale(path.parent, keep=path)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")  # processes starting together never share one
            joblib.dump(models, tmp)
            tmp.replace(path)
        except OSError as exc:  # a read-only folder: trained again next start
            log.warning("could not keep the understanding models in %s: %s", path.parent, exc)
    return models
