"""What the understanding models see of a question (assistant/understand/models.py): letter n-grams,
English word n-grams and the e5 vector; and the shipped arrays load into the same models."""

import numpy as np
import pytest

from assistant.understand.examples import Example, Person
from assistant.understand.models import Featurizer, load_compact, save_compact, save_several, train, view_of

TEXTS = [
    "The candidate refused to hand over the phone after a reminder.",
    "The examiner was reminded twice and refused to stop talking.",
    "An examiner left early on purpose, reminded twice before.",
    "考生提醒后仍拒不交出手机",
    "考评员提前离开考场，本周期已被谈话提醒两次",
    "考生提醒后交出了手机",
]


def test_english_words_are_features_of_their_own_and_chinese_adds_none():
    feat = Featurizer(TEXTS, 0)
    assert {"refused", "reminded", "reminded twice"} <= set(feat.words.vocabulary_)
    words = feat.words.transform(["考评员提前离开考场", "he refused and was reminded twice"])
    assert words[0].nnz == 0 and words[1].nnz >= 3


def test_the_views_split_the_columns_where_the_n_grams_end():
    feat = Featurizer(TEXTS, 4)
    x = feat(TEXTS[:2], np.ones((2, 4), dtype=np.float32))
    assert x.shape[1] == feat.n_grams() + 4 and x.dtype == np.float32
    assert view_of(x, "e5", feat).shape[1] == 4 and np.allclose(view_of(x, "e5", feat).toarray(), 2.0)
    assert view_of(x, "ngrams", feat).shape[1] == feat.n_grams()


def _examples():
    out = []
    for n, text in enumerate(TEXTS * 3):
        who = "examiner" if ("xaminer" in text or "考评员" in text) else "candidate"
        item = "第十二条第（一）项" if who == "examiner" else "第六条第（一）项"
        outcome = "none" if ("交出了" in text) else "sanction"
        out.append(Example(f"{text} #{n}", "case", (Person(who, item, outcome),)))
    for n in range(4):  # two people of different roles asked about
        out.append(Example(f"考评员提前离开，考生趁机抄袭。两人分别怎么处理？#{n}", "case",
                           (Person("examiner", "第十二条第（一）项"), Person("candidate", "第六条第（一）项"))))
    out.append(Example("什么时候施行？", "lookup", answer=("第三十六条",)))
    out.append(Example("When do the rules take effect?", "lookup", answer=("第三十六条",)))
    return out


def test_the_shipped_arrays_load_into_the_same_models(tmp_path, rulebook):
    examples = _examples()
    vectors = np.random.default_rng(0).normal(size=(len(examples), 4)).astype(np.float32)
    models = train(examples, vectors, rulebook.rules, fp="abc")
    save_compact(models, tmp_path)
    loaded = load_compact("abc", tmp_path)
    assert loaded is not None and loaded.featurizer.n_grams() == models.featurizer.n_grams()
    probe = ["The examiner refused after being reminded twice", "考生提醒后仍拒不交出手机"]
    vec = vectors[:2]
    a, b = models.featurizer(probe, vec), loaded.featurizer(probe, vec)
    assert abs(a - b).max() < 1e-6
    for name in ("kind", "actor", "provision"):
        pa, pb = getattr(models, name).predict_proba(a), getattr(loaded, name).predict_proba(b)
        assert np.abs(pa - pb).max() == pytest.approx(0, abs=0.02)  # int8 weights move probabilities slightly
    assert loaded.several is not None
    pa = models.several.model.predict_proba(models.several.inputs(probe, a))
    pb = loaded.several.model.predict_proba(loaded.several.inputs(probe, b))
    assert np.abs(pa - pb).max() == pytest.approx(0, abs=0.02)


def test_the_several_reader_learns_from_cases_of_more_than_one_role(tmp_path, rulebook):
    """Two people of different roles are 'several'; its part joins shipped models that lack it."""
    from assistant.understand.models import several_of

    examples = _examples()
    assert several_of(examples[-3]) == "several" and several_of(examples[0]) == "one"
    assert several_of(examples[-1]) is None  # not a case
    vectors = np.random.default_rng(0).normal(size=(len(examples), 4)).astype(np.float32)
    models = train(examples, vectors, rulebook.rules, fp="abc")
    x = models.featurizer(["考评员提前离开，考生趁机抄袭。两人分别怎么处理？"], vectors[:1])
    from assistant.understand import _proba

    assert models.several.p("考评员提前离开，考生趁机抄袭。两人分别怎么处理？", x, _proba) > 0.5
    save_compact(models, tmp_path)
    (tmp_path / "understanding-abc-several.npz").unlink()
    assert load_compact("abc", tmp_path).several is None  # models from before it still load
    assert save_several(models, tmp_path) and load_compact("abc", tmp_path).several is not None


def test_the_person_reader_is_trained_saved_and_joins_shipped_models_that_lack_it(tmp_path, rulebook):
    from assistant.understand import _proba
    from assistant.understand.models import save_person

    examples = _examples()
    vectors = np.random.default_rng(0).normal(size=(len(examples), 4)).astype(np.float32)
    models = train(examples, vectors, rulebook.rules, fp="abc")
    assert models.person is not None
    x = models.featurizer([examples[-3].text], vectors[-3:-2])
    ranked = models.person.ranked(models.featurizer, x, examples[-3].text, _proba)
    assert {lbl for lbl, _ in ranked} == set(models.person.model.classes_) and sum(p for _, p in ranked) == pytest.approx(1)
    save_compact(models, tmp_path)
    loaded = load_compact("abc", tmp_path)
    assert dict(loaded.person.ranked(loaded.featurizer, x, examples[-3].text, _proba)) == \
        pytest.approx(dict(ranked), abs=0.02)  # int8 weights move probabilities slightly
    (tmp_path / "understanding-abc-person.npz").unlink()
    assert load_compact("abc", tmp_path).person is None  # models from before it still load
    assert save_person(models, tmp_path) and load_compact("abc", tmp_path).person is not None


def _jobs():
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(7)
    x = csr_matrix(rng.random((60, 12), dtype=np.float32))
    return {"three": (x, [str(i % 3) for i in range(60)], None),
            "two": (x[:40], [str(i % 2) for i in range(40)], np.linspace(0.5, 1.0, 40)),
            "one": (x[:10], ["a"] * 10, None)}


def test_fit_all_fits_each_job_as_fitting_it_alone_would():
    from assistant.understand.models import fit, fit_all

    jobs = _jobs()
    got = fit_all(jobs)
    assert set(got) == set(jobs) and got["one"] is None  # a single class: nothing to learn
    for name in ("three", "two"):
        alone = fit(*jobs[name])
        assert list(got[name].classes_) == list(alone.classes_)
        assert np.allclose(got[name].coef_, alone.coef_, atol=1e-4)


def test_fit_all_fits_here_when_no_process_pool_can_start(monkeypatch):
    import joblib

    from assistant.understand.models import fit_all

    def no_pool(*_a, **_k):
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(joblib, "Parallel", no_pool)
    got = fit_all(_jobs())
    assert got["three"] is not None and got["two"] is not None and got["one"] is None
