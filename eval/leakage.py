"""Eval-set contamination: questions that (nearly) repeat an example scenario the index contains.

Rule examples are indexed as documents, so a question copied into them is answered from memory.
Each question gets its highest character-bigram Jaccard similarity to any indexed example; at or
above NEAR_DUPLICATE it is reported apart, so the figures on the rest show what generalises.
Paraphrases with other words slip under any such threshold: an independent set (eval/holdout.jsonl,
written without sight of the examples) remains the real test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from retrieval.lexical import bigram_tokens

NEAR_DUPLICATE = 0.3


def _grams(text: str) -> frozenset[str]:
    return frozenset(bigram_tokens(text))


def overlap_scores(questions: Sequence[dict], examples: Iterable[str]) -> dict[str, tuple[float, str]]:
    """Per question id: (best Jaccard, the example it is closest to)."""
    ex = [(e, _grams(e)) for e in examples]
    out: dict[str, tuple[float, str]] = {}
    for q in questions:
        g = _grams(q["question"])
        best, text = 0.0, ""
        for e, eg in ex:
            union = len(g | eg)
            j = len(g & eg) / union if union else 0.0
            if j > best:
                best, text = j, e
        out[q["id"]] = (round(best, 3), text)
    return out


def indexed_examples(retriever) -> list[str]:
    return [c.text for c in retriever.chunks if c.role == "example"]


def label_of(score: float) -> str:
    return "near-duplicate of an indexed example" if score >= NEAR_DUPLICATE else "clean"
