"""Helpers for tests: a tiny deterministic embedding model, the shared test index, a network guard."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import tempfile
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.lexical import bigram_tokens


class HashEmbeddings(Embeddings):
    """Bag of hashed character bigrams, L2-normalised: instant, offline, deterministic."""

    def __init__(self, dim: int = 64, salt: str = ""):
        self.dim = dim
        self.salt = salt
        self.model_id = f"test:hash{dim}{salt}"

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        for tok in bigram_tokens(text) or ["<empty>"]:
            h = int.from_bytes(hashlib.blake2b((self.salt + tok).encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        return (v / max(float(np.linalg.norm(v)), 1e-9)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]


def settings_for(folder: Path | str, **overrides):
    from assistant.settings import Settings

    return Settings(index_dir=Path(folder), **overrides)


@functools.lru_cache(maxsize=None)
def shared_index_dir() -> Path:
    """One index with the configured default model, built once per test process in a temp folder,
    with sockets forbidden throughout the build, the model load and a first search."""
    from assistant import build

    folder = Path(tempfile.mkdtemp(prefix="regqa-test-index-"))
    with no_network():
        build.shared(settings_for(folder), say=lambda _m: None).ask("考生带手机进考场")
    return folder


def shared_assistant():
    """The Assistant over the shared test index (one per process, as the app and the CLI share one)."""
    from assistant import build

    return build.shared(settings_for(shared_index_dir()), say=lambda _m: None)


def shared_default_retriever():
    return shared_assistant().retriever


class NetworkAttempt(RuntimeError):
    """Something tried to open a socket while the network was forbidden."""


@contextlib.contextmanager
def no_network():
    """Forbid socket creation (as pytest-socket does) for the duration of the block."""
    import socket

    real_socket, real_getaddrinfo = socket.socket, socket.getaddrinfo

    class _Guard(real_socket):
        def __init__(self, *args, **kwargs):
            raise NetworkAttempt(f"socket.socket{args} was called with the network forbidden")

    def _no_dns(*args, **kwargs):
        raise NetworkAttempt(f"getaddrinfo{args} was called with the network forbidden")

    socket.socket, socket.getaddrinfo = _Guard, _no_dns
    try:
        yield
    finally:
        socket.socket, socket.getaddrinfo = real_socket, real_getaddrinfo
