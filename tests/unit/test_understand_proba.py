"""The reader's own probabilities (`_proba`) are scikit-learn's: every shipped model, binary and
multiclass, on texts of every kind, with and without the e5 vector."""

import numpy as np
import pytest

from assistant.understand import _proba
from assistant.understand.models import view_of
from tests.helpers import shared_assistant

TEXTS = [
    "考评员本周期内已经两次被谈话提醒，今天又早退了",
    "考生作弊怎么处理？",
    "The proctor saw a candidate with earphones and did nothing. What applies to the proctor?",
    "处理决定能不能只打个电话通知？",
    "",
]


@pytest.fixture(scope="module")
def reader_and_embed():
    a = shared_assistant()
    return a.reader, a._embed


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("dense", [True, False])
def test_every_model_gives_sklearns_probabilities(reader_and_embed, text, dense):
    reader, embed = reader_and_embed
    m = reader.models
    vector = np.asarray([embed(text)], dtype=np.float32) if dense and text else None
    x = m.featurizer([text], vector)
    models = [m.kind, m.actor, m.provision, *m.facts.values()]
    for model in models:
        np.testing.assert_allclose(_proba(model, x), model.predict_proba(x)[0], rtol=1e-12, atol=1e-15)
    for name, model in m.views.items():
        xv = view_of(x, name, m.featurizer)
        np.testing.assert_allclose(_proba(model, xv), model.predict_proba(xv)[0], rtol=1e-12, atol=1e-15)
    assert m.several is not None  # shipped beside the others
    xs = m.several.inputs([text], x)
    np.testing.assert_allclose(_proba(m.several.model, xs), m.several.model.predict_proba(xs)[0], rtol=1e-12, atol=1e-15)


def test_a_binary_model_gives_sklearns_probabilities():
    """No shipped model is binary today; a fact reader with two readings would be."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    x = csr_matrix(rng.random((40, 6)).astype(np.float32))
    model = LogisticRegression().fit(x, ["told", "untold"] * 20)
    for row in range(3):
        np.testing.assert_allclose(_proba(model, x[row]), model.predict_proba(x[row])[0], rtol=1e-12, atol=1e-15)
