"""What an embedding model computed once, kept: vectors by model and text, so that a first start
embeds only what changed.

The default model's vectors of every provision, example question and training question ship with
the project (retrieval/vectors/*.npz, written by `python -m retrieval.vectors`); a user's own model
fills a cache of its own in the index folder. A vector is stored as int8 with one scale per row
(cosine similarities move by about 1e-3, far below the gaps a ranking turns on), keyed by the
model id, the side it was embedded on (a provision as a document, a question as a query) and a
hash of its text.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SHIPPED = Path(__file__).with_name("vectors")
DOCUMENT, QUERY = "document", "query"


def key(side: str, text: str) -> str:
    return hashlib.sha1(f"{side}\n{text}".encode()).hexdigest()[:16]


def _slug(model_id: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in model_id).strip("-")[:80]


class VectorCache:
    """Vectors of one model, from the shipped files and a writable folder, looked up by text."""

    def __init__(self, model_id: str, folders: Sequence[Path], writable: Path | None = None):
        self.model_id, self.writable = model_id, writable
        self._rows: dict[str, np.ndarray] = {}
        self._new: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        for folder in folders:
            for path in sorted(Path(folder).glob(f"{_slug(model_id)}*.npz")):
                self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as z:
                if str(z["model"]) != self.model_id:
                    return
                rows = z["q"].astype(np.float32) * z["scale"][:, None]
                self._rows.update(zip((str(k) for k in z["keys"]), rows, strict=True))
        except (OSError, KeyError, ValueError) as exc:  # a broken cache is a slower start, not a failure
            log.warning("vector cache %s unreadable, ignored: %s", path, exc)

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, side: str, text: str) -> np.ndarray | None:
        return self._rows.get(key(side, text))

    def embed(self, side: str, texts: Sequence[str], compute: Callable[[list[str]], list[list[float]]],
              progress: Callable[[int], None] | None = None, batch: int = 64) -> np.ndarray:
        """Vectors of `texts` (unit rows), computing only those not cached, in batches."""
        out = np.zeros((len(texts), 0), dtype=np.float32)
        missing = [i for i, t in enumerate(texts) if key(side, t) not in self._rows]
        if progress:
            progress(len(texts) - len(missing))
        for start in range(0, len(missing), batch):
            idx = missing[start : start + batch]
            # through the same int8 round trip as a stored vector: an index built now and one built
            # later from the cache hold the same vectors
            got = _round_trip(np.asarray(compute([texts[i] for i in idx]), dtype=np.float32))
            with self._lock:
                for i, v in zip(idx, got, strict=True):
                    self._rows[key(side, texts[i])] = self._new[key(side, texts[i])] = v
            if progress:
                progress(len(idx))
        rows = [self._rows[key(side, t)] for t in texts]
        out = np.stack(rows) if rows else out
        norms = np.linalg.norm(out, axis=1, keepdims=True) if len(out) else out
        return out / np.maximum(norms, 1e-12) if len(out) else out

    def save(self) -> Path | None:
        """Write what was computed here to the writable folder (one file per save)."""
        if not self._new or self.writable is None:
            return None
        keys = list(self._new)
        path = self.writable / f"{_slug(self.model_id)}-{hashlib.sha1(''.join(keys).encode()).hexdigest()[:8]}.npz"
        try:
            self.writable.mkdir(parents=True, exist_ok=True)
            write(path, self.model_id, keys, np.stack([self._new[k] for k in keys]))
        except OSError as exc:  # a read-only index folder: computed again next start, not a failure
            log.warning("could not keep new vectors in %s: %s", self.writable, exc)
            return None
        self._new.clear()
        return path


def _quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    return np.round(vectors / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def _round_trip(vectors: np.ndarray) -> np.ndarray:
    q, scale = _quantize(vectors)
    return q.astype(np.float32) * scale[:, None]


def write(path: Path, model_id: str, keys: Sequence[str], vectors: np.ndarray) -> None:
    vectors = np.asarray(vectors, dtype=np.float32)
    q, scale = _quantize(vectors)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")  # processes starting together never share one
    np.savez_compressed(tmp, model=np.array(model_id), keys=np.array(list(keys)), q=q, scale=scale)
    tmp.replace(path)
