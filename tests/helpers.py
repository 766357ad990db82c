"""Helpers for tests: a tiny deterministic embedding model, the shared test index, the network guard."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository

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


@contextlib.contextmanager
def recording_guard():
    """The one network guard of the suite. Refuses, and records, every attempt to reach another
    host or a name server: connect, send to an address, resolve a name. Refused with OSError, as on
    a machine without a network, so libraries take their offline paths; an attempt that a library
    swallowed still shows in the list. Creating a socket is allowed (urllib3 probes IPv6 support at
    import by binding a socket to ::1, which sends nothing). pytest-socket refuses the creation
    itself and keeps no record, so it is not used."""
    import socket

    attempts: list[str] = []
    real_socket, real_getaddrinfo = socket.socket, socket.getaddrinfo

    def refuse(what):
        attempts.append(what)
        raise OSError("network forbidden in this test")

    class Guard(real_socket):
        def connect(self, address):
            refuse(f"connect{address!r}")

        def connect_ex(self, address):
            refuse(f"connect_ex{address!r}")

        def sendto(self, data, *args):
            refuse(f"sendto{args[-1]!r}")

    def no_dns(*args, **kwargs):
        refuse(f"getaddrinfo{args[:2]!r}")

    socket.socket, socket.getaddrinfo = Guard, no_dns
    try:
        yield attempts
    finally:
        socket.socket, socket.getaddrinfo = real_socket, real_getaddrinfo


@contextlib.contextmanager
def no_network():
    """The block must make no network attempt at all (not even one a library swallowed)."""
    with recording_guard() as attempts:
        yield
    assert attempts == [], f"network attempts with the network forbidden: {attempts}"
