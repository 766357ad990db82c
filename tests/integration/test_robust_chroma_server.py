"""Beyond one machine: the index on a real Chroma server (`chroma run` on 127.0.0.1), answers through
it, and what happens when the server goes away.

The server is the `chroma` CLI that comes with the chromadb package in the venv, started on a free
loopback port with its data in a temp folder and waited for (heartbeat, at most 30 s). The index is
built through settings (REGQA_CHROMA_HOST/PORT) with the real default model; the provision vectors
are taken from the session's shared embedded index (same model, same texts) so that the build does
not embed the 164 provisions and the example questions a second time. Questions are embedded by the model itself.

When the server dies: a retriever that was using it keeps answering (lexical ranking, with a notice
in every answer), a new one says the server is unreachable and answers lexically, `regqa index`
ends with a clear error (exit 1), and `regqa ask` answers with a note. Only loopback traffic.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant import build
from deploy.waiting import answers_http, wait_until
from cli.main import main
from retrieval import index as idx
from tests.helpers import settings_for, shared_assistant, shared_default_retriever

CHROMA = Path(sys.executable).parent / "chroma"
QUESTION = "考生用手机查答案怎么处理"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path, port: int):
        self.port = port
        self.log = tempfile.TemporaryFile(mode="w+")
        cmd = [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout_s: float = 30.0) -> float:
        def tail() -> str:
            self.log.seek(0)
            return self.log.read()[-2000:]

        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        return wait_until(lambda: answers_http(url, containing="heartbeat"), timeout_s, proc=self.proc,
                          name="chroma run", tail=tail)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()


class PrecomputedEmbeddings(Embeddings):
    """The default model, with the vectors it already computed for the shared index."""

    def __init__(self, model: Embeddings, vectors: dict[str, list[float]]):
        self.model, self.vectors = model, vectors
        self.recomputed = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = []
        for t in texts:
            if t not in self.vectors:
                self.recomputed += 1
                self.vectors[t] = self.model.embed_documents([t])[0]
            out.append(self.vectors[t])
        return out

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """The example questions, stored as queries: also taken from the shared index."""
        out = []
        for t in texts:
            if t not in self.vectors:
                self.recomputed += 1
                self.vectors[t] = self.model.embed_query(t)
            out.append(self.vectors[t])
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


@pytest.fixture(scope="module")
def default_model():
    shared = shared_default_retriever().index
    got = shared.store._collection.get(include=["embeddings", "documents"])  # noqa: SLF001
    vectors = {doc: [float(x) for x in vec] for doc, vec in zip(got["documents"], got["embeddings"])}
    return PrecomputedEmbeddings(shared.embeddings, vectors), shared.model_id


@pytest.fixture(scope="module")
def server(tmp_path_factory, default_model):
    assert CHROMA.exists(), f"{CHROMA} is missing: chromadb's CLI should come with the package"
    srv = ChromaServer(tmp_path_factory.mktemp("chroma-server-data"), free_port())
    try:
        srv.ready_s = srv.wait_ready(30)
        folder = tmp_path_factory.mktemp("chroma-server-client")
        srv.settings = settings_for(folder, chroma_host="127.0.0.1", chroma_port=srv.port, collection="regqa-server-test")
        srv.messages = []
        srv.assistant = build.create(srv.settings, say=srv.messages.append, embeddings=default_model)
        srv.retriever = srv.assistant.retriever
        srv.index = srv.retriever.index
        yield srv
    finally:
        srv.stop()


def assistant_over(retriever, settings):
    """The session's corpus and rulebook with this retriever."""
    return shared_assistant().replace(retriever=retriever, settings=settings)


@pytest.fixture
def cli_env(monkeypatch):
    def use(port: int, index_dir: Path):
        monkeypatch.setenv("REGQA_CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("REGQA_CHROMA_PORT", str(port))
        monkeypatch.setenv("REGQA_INDEX_DIR", str(index_dir))

    yield use


def test_the_index_is_built_on_the_server_and_answers_come_through_it(server, default_model):
    index = server.index
    assert index.rebuilt and index.dense and index.notice is None and index.server == f"127.0.0.1:{server.port}"
    assert "no index yet" in server.messages[0] and default_model[0].recomputed == 0
    assert not (Path(server.settings.index_dir) / "chroma").exists()  # nothing stored locally
    # the server holds the collection, with the fingerprint written last
    import chromadb

    coll = chromadb.HttpClient(host="127.0.0.1", port=server.port).get_collection(server.settings.collection)
    assert coll.count() == len(index.embedded) == len(index.chunks) > 164 and coll.metadata["fingerprint"] == index.fingerprint

    hits = server.retriever.search(QUESTION, k=10)
    assert hits[0].label == "第七条第（一）项" and any(h.dense_rank for h in hits)
    answer = assistant_over(server.retriever, server.settings).ask(QUESTION)
    assert [s.label for s in answer.sanctions] == ["第七条第（一）项"] and answer.sanctions[0].verified
    assert not any("Chroma" in n or "Dense" in n for n in answer.notices)

    # a second replica opens the same server index without rebuilding it
    messages = []
    again = build.create(server.settings, say=messages.append, embeddings=default_model).retriever.index
    assert not again.rebuilt and again.dense and messages == []


def test_when_the_server_dies_answers_fall_back_to_lexical_with_a_notice(server, default_model, cli_env, capsys):
    retriever = server.retriever
    server.stop()
    started = time.monotonic()

    # an existing retriever whose server died: no crash, lexical ranking, a notice in the answer
    hits = retriever.search("考生带智能手表进考场还用了", k=10)
    assert hits[0].label == "第七条第（一）项" and not any(h.dense_rank for h in hits)
    assert "Dense retrieval failed" in retriever.notice and f"127.0.0.1:{server.port}" in retriever.notice
    answer = assistant_over(retriever, server.settings).ask(QUESTION)
    assert answer.sanctions and answer.sanctions[0].verified
    assert any("Dense retrieval failed" in n for n in answer.notices)

    # a new start: a clear error, and a lexical index with a notice
    messages = []
    restarted = build.create(server.settings, say=messages.append, embeddings=default_model)
    index = restarted.retriever.index
    assert index.store is None and not index.dense
    assert any("unreachable" in m and str(server.port) in m for m in messages)
    assert "unreachable" in index.notice and "lexical" in index.notice
    answer = restarted.ask(QUESTION)
    assert [s.label for s in answer.sanctions] == ["第七条第（一）项"] and answer.sanctions[0].verified
    assert any("unreachable" in n for n in answer.notices)
    with pytest.raises(idx.ChromaUnreachable, match="unreachable"):
        idx.build_index(server.settings.index_config(), restarted.corpus, say=messages.append, embeddings=default_model)

    # the CLI: `regqa index` ends with a clear error, `regqa ask` answers with a note
    cli_env(server.port, Path(server.settings.index_dir))
    assert main(["index"]) == 1
    _, err = capsys.readouterr()
    assert "unreachable" in err and "Traceback" not in err and "internal error" not in err
    assert main(["ask", QUESTION, "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["sanctions"][0]["verified"] is True
    assert "note:" in err and "unreachable" in err and "Traceback" not in err
    assert time.monotonic() - started < 30  # unreachable is detected quickly, not after a long hang


def test_a_server_that_accepts_but_never_answers_is_given_up_on_quickly(tmp_path, monkeypatch, default_model):
    """Chroma's HTTP client has no timeout: without the heartbeat probe this would hang for ever."""
    monkeypatch.setattr(idx, "PROBE_TIMEOUT_S", 1.0)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections complete in the backlog; nothing ever reads or replies
        settings = settings_for(tmp_path, chroma_host="127.0.0.1", chroma_port=silent.getsockname()[1])
        messages = []
        start = time.monotonic()
        index = build.create(settings, say=messages.append, embeddings=default_model).retriever.index
        assert time.monotonic() - start < 10
    assert index.store is None and "unreachable" in index.notice and "timed out" in messages[0]


class FlakyStore:
    """A vector store that fails while `down` is set (a server that went away and came back)."""

    def __init__(self, docs):
        self.docs, self.down, self.calls = docs, True, 0

    def similarity_search_by_vector_with_relevance_scores(self, vector, k, filter=None):  # noqa: A002 - langchain's name
        self.calls += 1
        if self.down:
            raise ConnectionError("Could not connect to a Chroma server. Are you sure it is running?")
        return self.docs[:k]


def test_dense_search_recovers_when_the_server_comes_back(monkeypatch):
    from tests.helpers import shared_default_retriever

    shared = shared_default_retriever().index
    docs = shared.store.similarity_search_by_vector_with_relevance_scores(shared.embeddings.embed_query(QUESTION), k=5)
    store = FlakyStore(docs)
    index = idx.Index(shared.corpus, shared.chunks, store, shared.embeddings, shared.model_id, shared.fingerprint,
                      server="chroma.internal:8000")
    assert index.dense_search([0.0], 5) == [] and "chroma.internal:8000" in index.notice and not index.dense
    assert index.dense_search([0.0], 5) == [] and store.calls == 1  # not retried at once: no hammering a dead server
    monkeypatch.setattr(idx, "DENSE_RETRY_S", 0.0)
    index._retry_at = 0.0  # noqa: SLF001 - the retry time has come
    store.down = False
    assert index.dense_search([0.0], 5) == docs and index.notice is None and index.dense


def dense_used(retriever, question: str = QUESTION) -> bool:
    return any(h.dense_rank for h in retriever.search(question, k=10))


def test_after_the_server_restarts_dense_retrieval_is_back_on_the_next_question(tmp_path_factory, default_model):
    """Issue 15 item 10: a server that restarts (same data, same port) is used again from the next
    question on, both by a retriever that lost it and by one that started while it was down; before,
    the first waited 30 s and the second until the app restarted."""
    data, port = tmp_path_factory.mktemp("chroma-restart-data"), free_port()
    settings = settings_for(tmp_path_factory.mktemp("chroma-restart-client"), chroma_host="127.0.0.1",
                            chroma_port=port, collection="regqa-restart-test")
    first = ChromaServer(data, port)
    try:
        first.wait_ready(30)
        lost = build.create(settings, say=lambda _m: None, embeddings=default_model).retriever
        assert dense_used(lost)
    finally:
        first.stop()
    assert not dense_used(lost) and "Dense retrieval failed" in lost.notice
    messages: list[str] = []
    born_down = build.create(settings, say=messages.append, embeddings=default_model)
    assert not dense_used(born_down.retriever) and "unreachable" in born_down.retriever.notice
    assert not born_down.retriever.index.dense

    second = ChromaServer(data, port)
    try:
        second.wait_ready(30)
        time.sleep(getattr(idx, "QUICK_RETRY_S", 1.0))  # the heartbeat is asked at most this often
        assert dense_used(lost) and lost.notice is None
        assert dense_used(born_down.retriever) and born_down.retriever.notice is None
        answer = born_down.ask("考生带智能手表进考场还用了")
        assert answer.sanctions[0].label == "第七条第（一）项" and answer.sanctions[0].verified
        assert not any("Chroma" in n or "Dense" in n for n in answer.notices)
        assert born_down.retriever.index.nearest_examples(born_down.retriever.embed(QUESTION), 3)  # read again
    finally:
        second.stop()
