"""Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009), weighted.

Fifteen lines of our own rather than a library: the maintained implementations (ranx, for one)
bring numba and a run/qrels object model for a loop this size, and none drops an empty list.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

RRF_K = 60


def rrf(
    rankings: Mapping[str, Sequence[Hashable]],
    weights: Mapping[str, float] | None = None,
    k: int = RRF_K,
) -> dict[Hashable, float]:
    """Fused score per key: sum over lists of weight / (k + rank), rank from 1.

    An empty list is skipped: a lexical ranker that found nothing (an English question against
    Chinese text) must not add its document order as if it were a ranking. Callers pass only
    positive-score hits, so an all-zero list arrives here empty.
    """
    scores: dict[Hashable, float] = {}
    for name, ranked in rankings.items():
        if not ranked:
            continue
        w = 1.0 if weights is None else weights.get(name, 1.0)
        for rank, key in enumerate(ranked, 1):
            scores[key] = scores.get(key, 0.0) + w / (k + rank)
    return scores


def dedupe(ranked: Sequence[Hashable]) -> list[Hashable]:
    """First occurrence of each key, order kept."""
    seen: set = set()
    return [x for x in ranked if not (x in seen or seen.add(x))]
