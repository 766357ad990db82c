"""Build and open the index: a persistent Chroma collection (through langchain) plus BM25 in memory.

Nothing happens at import time. `load_index()` opens what is on disk and rebuilds, with a message
on stderr, when it is missing, unreadable, or built from other inputs than the current ones: the
fingerprint covers every chunk's text and metadata (so the corpus and the rules' aliases and
examples), the embedding model id and INDEX_VERSION. A file lock keeps two first starts from
building at once. Without embeddings (REGQA_EMBEDDING_MODEL=none, or a model that cannot load on
this platform) the index is lexical and rules-only, and `Index.notice` says so. The same holds when
a configured Chroma server does not answer: `load_index` falls back to lexical ranking with a
notice (`build_index`, i.e. `regqa index`, raises ChromaUnreachable instead), and a server that
dies later turns dense searches into lexical ones with a notice (`Index.dense_search`).
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import hashlib
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from corpus import Corpus
from corpus.messages import text
from retrieval.chunks import EXAMPLE, PROVISION, Chunk, Knowledge, build_chunks, chunks_digest
from retrieval.config import IndexConfig
from retrieval.embeddings import EmbeddingUnavailable, embed_questions, make_embeddings
from retrieval.vectors import DOCUMENT, QUERY, VectorCache
from retrieval.vectors import SHIPPED as SHIPPED_VECTORS
from corpus.text import detect_lang

log = logging.getLogger(__name__)

# Bump when chunking or storage changes in a way the chunk digest does not show.
INDEX_VERSION = "2"  # 2: example questions embedded too
FINGERPRINT_FILE = "fingerprint.json"
_BATCH = 32
_EXAMPLE_BATCH = 128
# A dense search that failed (the Chroma server went away) is retried after this many seconds;
# in between, searches are lexical and the answers carry a notice.
DENSE_RETRY_S = 30.0
PROBE_TIMEOUT_S = 5.0
# ...unless the server can be asked cheaply: then its heartbeat is asked again at most this often, with
# this timeout, so that a restarted server is used again from the next question on. A server that
# refuses answers in a millisecond; one that does not answer in time is left for DENSE_RETRY_S.
QUICK_RETRY_S = 1.0
QUICK_PROBE_S = 1.0


def _stderr(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


# Progress of a long step: (what, done, total). The CLI draws a tqdm bar from it, the app a
# progress bar; nothing reads another component's stderr to learn how far a build has come.
Progress = Callable[[str, int, int], None]


@dataclass
class Index:
    """Everything a Retriever needs, in memory."""

    corpus: Corpus
    chunks: list[Chunk]
    store: object | None  # langchain_chroma.Chroma, or None when lexical-only
    embeddings: object | None  # langchain Embeddings
    model_id: str | None
    fingerprint: str
    notices: list[str] = field(default_factory=list)
    rebuilt: bool = False
    build_seconds: float | None = None
    dense_failure: str | None = None  # why dense search is failing right now (server gone)
    server: str | None = None  # host:port when the store is on a Chroma server
    _retry_at: float = field(default=0.0, repr=False)
    _fail_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _examples: tuple | None = field(default=None, repr=False)
    _examples_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _examples_retry_at: float = field(default=0.0, repr=False)
    _quick_at: float = field(default=0.0, repr=False)
    _shifts: dict = field(default_factory=dict, repr=False)
    _provision_vectors: tuple | None = field(default=None, repr=False)
    # a Chroma server's heartbeat, asked with a timeout (True: it answers), and how to open the store
    # on it when the index started without one (the server was down)
    _probe: Callable[[float], bool] | None = field(default=None, repr=False)
    _reopen: Callable[[], object | None] | None = field(default=None, repr=False)

    @property
    def notice(self) -> str | None:
        return " ".join([*self.notices, *([self.dense_failure] if self.dense_failure else [])]) or None

    @property
    def has_examples(self) -> bool:
        return any(c.role != PROVISION for c in self.chunks)

    @property
    def dense(self) -> bool:
        return self.store is not None and self.dense_failure is None

    def ready(self) -> bool:
        """Whether dense search can be tried now: a store is open, or a Chroma server that was down
        when the index opened answers again (asked at most every QUICK_RETRY_S)."""
        if self.store is None and self._reopen is not None and time.monotonic() >= self._retry_at:
            with self._fail_lock:
                if self.store is None and time.monotonic() >= self._retry_at:
                    self._retry_at = time.monotonic() + QUICK_RETRY_S
                    store = self._reopen() if self._probe is None or self._probe(QUICK_PROBE_S) else None
                    if store is not None:
                        self.store, self.dense_failure = store, None
                        self._examples = self._provision_vectors = None  # read again from the server
                        self._shifts = {}
                        log.warning("the Chroma server %s answers again: dense retrieval is back", self.server)
        return self.store is not None

    def _may_retry(self) -> bool:
        """After a failed search: retry when DENSE_RETRY_S has passed, or sooner when the server's
        heartbeat answers (a restarted server is used from the next question on)."""
        now = time.monotonic()
        if now >= self._retry_at:
            return True
        if self._probe is None or now < self._quick_at:
            return False
        self._quick_at = now + QUICK_RETRY_S
        started = time.monotonic()
        if self._probe(QUICK_PROBE_S):
            return True
        if time.monotonic() - started >= QUICK_PROBE_S * 0.9:  # it hangs: leave it for the long wait
            self._quick_at = self._retry_at
        return False

    def dense_search(self, vector: list[float], k: int) -> list:
        """(Document, score) pairs of provisions from the vector store; [] with a notice when it
        fails (a Chroma server that stopped answering), retried once it answers its heartbeat again
        or after DENSE_RETRY_S. Never raises."""
        if not self.ready() or (self.dense_failure and not self._may_retry()):
            return []
        try:
            # the role filter only when examples share the collection: a filtered HNSW query costs
            # more, the more so the larger the corpus (100x corpus: p50 67 ms filtered, 32 ms not)
            where = {"role": PROVISION} if self.has_examples else None
            docs = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        except Exception as exc:  # noqa: BLE001 - a dead server must not take the answer down
            with self._fail_lock:
                self._retry_at = time.monotonic() + DENSE_RETRY_S
                where = f"the Chroma server {self.server}" if self.server else "the vector store"
                self.dense_failure = (
                    f"Dense retrieval failed ({where}: {type(exc).__name__}): "
                    "answers use lexical and rules-only ranking until it answers again."
                )
            log.warning("dense search failed, lexical ranking only: %s: %s", type(exc).__name__, exc)
            return []
        if self.dense_failure:
            with self._fail_lock:
                self.dense_failure = None
            log.warning("dense search works again")
        return docs

    def nearest_provisions(self, vector: list[float], k: int) -> list[str] | None:
        """Chunk ids of the k provisions nearest to `vector`, searched exactly in memory; None when
        the caller should ask the store (a Chroma server, whose failures dense_search reports, or a
        local store that cannot be read now).

        The filtered HNSW query Chroma runs for the provisions cost ~7 ms a question here, a fifth of
        a search; a matrix product over their vectors, read once from the same collection, costs
        0.1 ms, and on the 100x corpus (16,400 provisions) a few ms.
        """
        if self.store is None or self.server is not None:
            return None
        if self._provision_vectors is None:
            with self._examples_lock:
                if self._provision_vectors is None:
                    self._provision_vectors = self._load_role(PROVISION)
        if not self._provision_vectors or not self._provision_vectors[0]:
            return None
        return _nearest(*self._provision_vectors, vector, k)

    def nearest_examples(self, vector: list[float], k: int) -> list[str]:
        """Ids of the k example questions nearest to `vector`, nearest first.

        Their vectors are stored in Chroma with the provisions but searched here, exactly, in
        memory: a filtered Chroma query over them cost 14 ms a question, a matrix product over
        1,400 of them 0.02 ms. Loaded from the store on first use; [] when that fails.
        """
        if self._ensure_examples() is None:
            return []
        ids, matrix = self._examples
        if not ids:
            return []
        return _nearest(ids, matrix, vector, k)

    def _ensure_examples(self) -> tuple | None:
        if self.store is None:  # nothing to read yet (a server that was down may come back)
            return None
        if self._examples is None:
            # its own lock: a server that hangs on this load must not hold up dense_search's
            # failure bookkeeping; a failed load is retried later, not cached as "no examples"
            with self._examples_lock:
                if self._examples is None and time.monotonic() >= self._examples_retry_at:
                    loaded = self._load_examples()
                    if loaded is None:
                        self._examples_retry_at = time.monotonic() + DENSE_RETRY_S
                    else:
                        self._examples = loaded
        return self._examples

    def language_shift(self, source: str, target: str) -> np.ndarray | None:
        """Mean example vector in `target` language minus that in `source` ("zh", "en"), or None
        with too few examples of either.

        A small multilingual encoder places a question near texts of its own language before texts
        of its topic: an English question's nearest Chinese example questions are close to random.
        Moving the question by the difference of the two languages' centroids removes most of that
        language component (the mean-centring used for cross-lingual retrieval), so it can be
        matched against the examples written in the other language.
        """
        key = (source, target)
        if key not in self._shifts:
            if self._ensure_examples() is None:
                return None  # not cached: the load is retried later
            ids, matrix = self._examples
            lang_of = {c.id: detect_lang(c.text) for c in self.chunks if c.role != PROVISION}
            rows = {lang: [n for n, i in enumerate(ids) if lang_of.get(i) == lang] for lang in key}
            if min(len(r) for r in rows.values()) < MIN_SHIFT_EXAMPLES:
                self._shifts[key] = None
            else:
                self._shifts[key] = matrix[rows[target]].mean(0) - matrix[rows[source]].mean(0)
        return self._shifts[key]

    def _load_examples(self) -> tuple[list[str], np.ndarray] | None:
        """(ids, vectors) of the example questions; None when the store cannot be read now."""
        return self._load_role(EXAMPLE)

    def _load_role(self, role: str) -> tuple[list[str], np.ndarray] | None:
        """(ids, vectors) of the chunks of one role; None when the store cannot be read now."""
        empty = ([], np.zeros((0, 0), dtype=np.float32))
        if self.store is None:
            return empty
        try:
            got = self.store._collection.get(where={"role": role}, include=["embeddings"])  # noqa: SLF001
        except Exception as exc:  # noqa: BLE001 - the other dense list still works, or fails with its notice
            log.warning("%s vectors unreadable, ranking without them for now: %s: %s", role, type(exc).__name__, exc)
            return None
        if not got["ids"]:
            return empty
        return list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32)

    @property
    def embedded(self) -> list[Chunk]:
        return embedded_chunks(self.chunks)


MIN_SHIFT_EXAMPLES = 20  # fewer than this in a language and its centroid is too noisy to move by


@functools.lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    # built once: a controller scans the loaded libraries, ~1 ms that a search should not pay
    return ThreadpoolController()


def _nearest(ids: list[str], matrix: np.ndarray, vector: list[float], k: int) -> list[str]:
    # One thread: OpenBLAS's workers spin after a call and then slow the next e5 embedding, which
    # needs both cores (measured: p95 of a search 58 ms with a threaded product, 41 ms without).
    with _blas().limit(limits=1, user_api="blas"):
        scores = matrix @ np.asarray(vector, dtype=np.float32)
    k = min(k, len(ids))
    top = np.argpartition(-scores, k - 1)[:k]
    return [ids[i] for i in top[np.argsort(-scores[top])]]


def embedded_chunks(chunks: list[Chunk]) -> list[Chunk]:
    """What goes into Chroma: every chunk, provisions (as documents) and example questions (as queries)."""
    return list(chunks)


class IndexError_(RuntimeError):
    """The index cannot be built (e.g. the Chroma server is unreachable)."""


class ChromaUnreachable(IndexError_):
    """The configured Chroma server does not accept connections."""


class IndexReadOnly(IndexError_):
    """The index folder cannot be written, and the index in it is missing or out of date."""


def answers(settings: IndexConfig, timeout: float) -> bool:
    """Whether the configured Chroma server answers its heartbeat within `timeout` seconds."""
    try:
        probe_server(settings, timeout)
    except ChromaUnreachable:
        return False
    return True


def probe_server(settings: IndexConfig, timeout: float | None = None) -> None:
    """Ask the configured Chroma server for its heartbeat, within `timeout` seconds: Chroma's own
    client waits forever on a server that accepts connections and never answers. (With TLS, only
    the TCP connection is tried: certificates are the client's business.)"""
    import urllib.request

    timeout = PROBE_TIMEOUT_S if timeout is None else timeout
    host, port = settings.chroma_host, settings.chroma_port
    try:
        if settings.chroma_ssl:
            socket.create_connection((host, port), timeout=timeout).close()
        else:
            direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy for our own server
            with direct.open(f"http://{host}:{port}/api/v2/heartbeat", timeout=timeout) as reply:
                reply.read(256)
    except (OSError, ValueError) as exc:  # refused, unknown host, timed out, HTTP error status
        why = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise ChromaUnreachable(
            f"the Chroma server {settings.server} is unreachable ({why}); "
            "start it (`chroma run --path DIR --host HOST --port PORT`) or unset REGQA_CHROMA_HOST"
        ) from exc


def embedding_model(settings: IndexConfig, notices: list[str]) -> tuple[object | None, str | None]:
    """(langchain Embeddings, model id) as configured; (None, None) with a notice when off or unavailable."""
    spec = (settings.embedding_model or "auto").strip()
    if spec.lower() == "none":
        notices.append("Dense retrieval is off (REGQA_EMBEDDING_MODEL=none): lexical and rules-only ranking.")
        return None, None
    try:
        return make_embeddings(spec)
    except EmbeddingUnavailable as exc:
        notices.append(
            f"Dense retrieval is unavailable ({exc}): lexical and rules-only ranking, "
            "English questions are matched through the synonym table only."
        )
        return None, None


def fingerprint(chunks: list[Chunk], model_id: str | None) -> str:
    h = hashlib.sha256()
    h.update(f"v{INDEX_VERSION}|{model_id or 'lexical'}|{chunks_digest(chunks)}".encode())
    return h.hexdigest()[:16]


def _client(settings: IndexConfig):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # No telemetry: anonymized_telemetry=False keeps posthog from opening a socket.
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        client = chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl, settings=chroma_settings
        )
        _bound_requests(client)
        return client
    path = Path(settings.index_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _bound_requests(client, seconds: float = 30.0) -> None:
    """Chroma's HTTP client waits forever (httpx timeout=None): a hung server would hang every
    search. Bound each request so that a search fails and falls back to lexical ranking instead."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds, connect=PROBE_TIMEOUT_S)


def _store(client, settings: IndexConfig, embeddings, fp: str | None = None):
    """The langchain vector store over our collection (created, empty, if it does not exist).

    langchain embeds with `embeddings` and always hands Chroma vectors; it opens the collection
    with get_or_create_collection(embedding_function=None), so Chroma's own default model (which
    downloads its weights on first use) is never attached: a text query would fail, not download.
    """
    from langchain_chroma import Chroma

    return Chroma(
        client=client,
        collection_name=settings.collection,
        embedding_function=embeddings,
        collection_metadata={"fingerprint": fp or "empty"},
        collection_configuration={"hnsw": {"space": "cosine"}},
        create_collection_if_not_exists=True,
    )


def _read_fp_file(settings: IndexConfig) -> str | None:
    try:
        return json.loads((Path(settings.index_dir) / FINGERPRINT_FILE).read_text())["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_fp_file(settings: IndexConfig, fp: str, model_id: str | None, count: int) -> None:
    if settings.chroma_host:
        return
    path = Path(settings.index_dir) / FINGERPRINT_FILE
    path.write_text(
        json.dumps(
            {"fingerprint": fp, "model_id": model_id, "chunks": count, "index_version": INDEX_VERSION},
            indent=2,
        )
    )


def _lock(settings: IndexConfig):
    from filelock import FileLock

    Path(settings.index_dir).mkdir(parents=True, exist_ok=True)
    return FileLock(str(Path(settings.index_dir) / ".lock"), timeout=600)


def _reset_local(settings: IndexConfig) -> None:
    """Remove the embedded Chroma folder (only ours) and Chroma's in-process cache of it."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(Path(settings.index_dir) / "chroma", ignore_errors=True)
    (Path(settings.index_dir) / FINGERPRINT_FILE).unlink(missing_ok=True)


def _open(settings: IndexConfig, embeddings, fp: str, expected_count: int) -> tuple[object | None, str | None]:
    """The stored collection if it matches `fp`, else (None, why)."""
    if not settings.chroma_host:
        folder = Path(settings.index_dir) / "chroma"
        if not folder.exists():
            return None, "no index yet"
        if _read_fp_file(settings) != fp:
            return None, "the corpus, the rules' aliases/examples or the embedding model changed"
    try:
        client = _client(settings)
        store = _store(client, settings, embeddings)
        coll = store._collection  # noqa: SLF001 - metadata and count are not exposed by langchain
        meta = coll.metadata or {}
        count = coll.count()
    except Exception as exc:  # noqa: BLE001 - any failure to read means: rebuild
        return None, f"the index is unreadable ({type(exc).__name__}: {exc})"
    if meta.get("fingerprint") in (None, "empty"):
        return None, "no index yet"
    if meta.get("fingerprint") != fp:
        return None, "the corpus, the rules' aliases/examples or the embedding model changed"
    if count != expected_count:
        return None, f"the index is incomplete ({count} of {expected_count} chunks)"
    return store, None


def _build(settings: IndexConfig, chunks: list[Chunk], embeddings, fp: str, model_id: str | None,
           progress: Progress | None, cache: VectorCache):
    if not settings.chroma_host:
        _reset_local(settings)
    client = _client(settings)
    try:
        client.delete_collection(settings.collection)
    except Exception:  # noqa: BLE001 - absent is fine
        pass
    store = _store(client, settings, embeddings, fp="building")
    chunks = embedded_chunks(chunks)
    provisions = [c for c in chunks if c.role == PROVISION]
    examples = sorted((c for c in chunks if c.role != PROVISION), key=lambda c: len(c.text))
    done, total = 0, len(chunks)

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress("embedding provisions and example questions", done, total)

    advance(0)
    # Provisions are embedded as documents, examples as questions (e5's "query:" side); vectors the
    # model computed before come from the cache (retrieval/vectors.py), so only new texts are embedded.
    collection = store._collection  # noqa: SLF001 - langchain exposes no add-with-vectors
    for side, group, compute, size in ((DOCUMENT, provisions, embeddings.embed_documents, _BATCH),
                                       (QUERY, examples, lambda t: embed_questions(embeddings, t), _EXAMPLE_BATCH)):
        vectors = cache.embed(side, [c.text for c in group], compute, progress=advance, batch=size)
        for i in range(0, len(group), 2000):
            batch = group[i : i + 2000]
            collection.add(ids=[c.id for c in batch], embeddings=vectors[i : i + 2000].tolist(),
                           metadatas=[c.metadata() for c in batch], documents=[c.text for c in batch])
    cache.save()
    # the fingerprint goes in last: an interrupted build never looks complete
    collection.modify(metadata={"fingerprint": fp})
    _write_fp_file(settings, fp, model_id, len(chunks))
    return store


def store_vectors(settings: IndexConfig, chunks: list[Chunk], vectors, embeddings, fp: str = "given") -> object:
    """A collection holding `chunks` with vectors the caller computed (a benchmark's synthetic
    corpus), so that searching it costs what searching an embedded one does."""
    store = _store(_client(settings), settings, embeddings, fp=fp)
    collection = store._collection  # noqa: SLF001 - langchain exposes no add-with-vectors
    for i in range(0, len(chunks), 2000):
        batch = chunks[i : i + 2000]
        collection.add(ids=[c.id for c in batch], documents=[c.text for c in batch],
                       metadatas=[c.metadata() for c in batch], embeddings=[list(v) for v in vectors[i : i + 2000]])
    return store


def read_only(settings: IndexConfig) -> bool:
    """Whether this process cannot write the index folder (a read-only mount, or another owner's
    folder), or its nearest existing parent when it does not exist yet."""
    folder = Path(settings.index_dir)
    existing = next((p for p in (folder, *folder.parents) if p.exists()), folder)
    return not os.access(existing, os.W_OK)


def _open_read_only(settings: IndexConfig, embeddings, fp: str, expected_count: int):
    """A current index in a folder this process cannot write, opened without writing to it.

    Chroma cannot open its SQLite database read-only (it writes on start: "attempt to write a
    readonly database"), so the collection is copied into a private temporary folder, removed at
    exit, and opened there. The copy is checked like any index (fingerprint, chunk count).
    """
    folder = Path(settings.index_dir)
    if _read_fp_file(settings) != fp or not (folder / "chroma").exists():
        key = "index.read_only_stale" if (folder / "chroma").exists() else "index.read_only_missing"
        raise IndexReadOnly(str(text(key, folder=folder)))
    copy = Path(tempfile.mkdtemp(prefix="regqa-index-copy-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)
    shutil.copytree(folder / "chroma", copy / "chroma")
    shutil.copy2(folder / FINGERPRINT_FILE, copy / FINGERPRINT_FILE)
    store, why = _open(dataclasses.replace(settings, index_dir=copy), embeddings, fp, expected_count)
    if store is None:
        raise IndexReadOnly(str(text("index.read_only_unopenable", folder=folder, why=why)))
    log.info("index folder %s is read-only: opened a private copy in %s", folder, copy)
    return store


def build_index(
    settings: IndexConfig,
    corpus: Corpus,
    knowledge: dict[str, Knowledge] | None = None,
    *,
    progress: Progress | None = None,
    rebuild: bool = True,
    say: Callable[[str], None] = _stderr,
    embeddings: tuple[object, str] | None = None,
    notices: list[str] | None = None,
    cache: VectorCache | None = None,
) -> Index:
    """Build (or, with rebuild=False, reuse when current) the index and return it loaded.

    `knowledge`: per provision id, what makes it findable (aliases, example questions…), given by
    the caller; `notices`: what the caller could not give (shown with answers).
    `embeddings` = (langchain Embeddings, model id) overrides the configured model (tests).
    """
    notices = list(notices or [])
    embeddings, model_id = embeddings or embedding_model(settings, notices)
    chunks = build_chunks(corpus, knowledge or {})
    fp = fingerprint(chunks, model_id)
    index = Index(corpus, chunks, None, embeddings, model_id, fp, notices)
    if embeddings is None:
        return index
    if settings.chroma_host:
        index.server = settings.server
        index._probe = functools.partial(answers, settings)  # noqa: SLF001 - the Index's own hook
        probe_server(settings)
    elif read_only(settings):
        if rebuild:
            raise IndexReadOnly(str(text("index.read_only_rebuild", folder=settings.index_dir)))
        index.store = _open_read_only(settings, embeddings, fp, len(embedded_chunks(chunks)))
        return index
    with _lock(settings):
        why = "rebuild requested"
        if not rebuild:
            store, why = _open(settings, embeddings, fp, len(embedded_chunks(chunks)))
            if store is not None:
                index.store = store
                return index
        n_prov = sum(1 for c in chunks if c.role == PROVISION)
        say(f"Building the retrieval index ({n_prov} provisions, {len(chunks) - n_prov} example questions, {model_id}): {why}.")
        t0 = time.perf_counter()
        try:
            index.store = _build(settings, chunks, embeddings, fp, model_id, progress,
                                 cache or vector_cache(settings, model_id))
        except Exception as exc:
            if settings.chroma_host:
                raise IndexError_(f"cannot build the index on the Chroma server {settings.server}: {exc}") from exc
            raise
        index.rebuilt = True
        index.build_seconds = time.perf_counter() - t0
        say(f"Index ready in {index.build_seconds:.1f} s.")
    return index


def vector_cache(settings: IndexConfig, model_id: str | None) -> VectorCache:
    """The model's vectors computed before: shipped with the project, and kept in the index folder."""
    local = None if settings.chroma_host else Path(settings.index_dir) / "vectors"
    return VectorCache(model_id or "none", [SHIPPED_VECTORS, *([local] if local else [])], writable=local)


def load_index(
    settings: IndexConfig,
    corpus: Corpus,
    knowledge: dict[str, Knowledge] | None = None,
    *,
    progress: Progress | None = None,
    say: Callable[[str], None] = _stderr,
    embeddings: tuple[object, str] | None = None,
    notices: list[str] | None = None,
    cache: VectorCache | None = None,
) -> Index:
    """Open the index, rebuilding it first when it is missing, unreadable or out of date.

    With a Chroma server configured that cannot be reached (or cannot build the index), the index
    is lexical and rules-only, the error is said, and `Index.notice` carries a warning for answers.
    """
    try:
        return build_index(settings, corpus, knowledge, progress=progress, rebuild=False, say=say,
                           embeddings=embeddings, notices=notices, cache=cache)
    except IndexError_ as exc:
        if not settings.chroma_host and not isinstance(exc, IndexReadOnly):
            raise
        say(f"error: {exc}")
        chunks = build_chunks(corpus, knowledge or {})
        model, model_id = embeddings if embeddings else (None, None)
        fp = fingerprint(chunks, model_id)
        # no vector store, but the model is local: questions are still embedded for the assistant's models
        index = Index(corpus, chunks, None, model, model_id, fp, list(notices or []))
        if isinstance(exc, IndexReadOnly):
            index.notices.append(str(text("index.lexical_only", why=exc)))
            return index
        index.server = settings.server
        # said with every answer until the server answers; then the store is opened on the next question
        index.dense_failure = (f"Chroma server {settings.server} unreachable: answers use lexical and rules-only "
                               "ranking until it answers again (dense retrieval resumes on the next question).")
        index._probe = functools.partial(answers, settings)  # noqa: SLF001 - the Index's own hooks
        index._reopen = functools.partial(_reopen, settings, model, fp, len(embedded_chunks(chunks)))  # noqa: SLF001
        return index


def _reopen(settings: IndexConfig, embeddings, fp: str, expected_count: int):
    """The store on a Chroma server that was down when the index opened, if it now holds the
    current index; None otherwise (asked again later)."""
    store, why = _open(settings, embeddings, fp, expected_count)
    if store is None:
        log.warning("Chroma server %s: %s", settings.server, why)
        return None
    return store  # its requests are bounded like those of a store opened at start (_client)
