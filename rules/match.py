"""Plain words -> sanctioning provision, through each rule's aliases and example scenarios.

A deliberately small scorer: alias hits (longer aliases weigh more) plus the best character-bigram
Dice similarity to the rule's examples and conduct summary. Escalation items (12(1), 13(1), ...)
are never matched on words: they are reached from a base act plus the prior record.

`assess(case, rulebook, matcher=...)` accepts any callable with the signature of `match_conduct`:
the assistant's decide step passes the candidates retrieval ranked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from corpus.messages import Text, text

MIN_SCORE = 1.0  # below this, "the regulation does not clearly cover these words"
SIMILARITY_WEIGHT = 4.0

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    label: str
    score: float
    hits: tuple[str, ...]  # aliases found in the text
    example: str | None  # the closest example or summary

    def describe(self) -> Text:
        """Why it matched, for the trace: the words found and the closest example, with the score."""
        parts = []
        if self.hits:
            parts.append(text("match.keywords", words="、".join(self.hits)))
        if self.example:
            parts.append(text("match.closest", example=self.example))
        said = parts[0] if parts else text("match.similar")
        for more in parts[1:]:
            said = said + Text(zh="；", en="; ") + more
        return said + text("match.score", score=f"{self.score:.2f}")


Matcher = Callable[..., list[Match]]


def normalise(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> frozenset[str]:
    s = normalise(text)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1)) if len(s) > 1 else frozenset({s} if s else ())


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _alias_score(text: str, aliases: Iterable[str]) -> tuple[float, tuple[str, ...]]:
    found = sorted({a for a in aliases if (n := normalise(a)) and n in text}, key=len, reverse=True)
    kept: list[str] = []
    for a in found:  # an alias inside a longer alias that also hit counts once
        if not any(normalise(a) in normalise(k) for k in kept):
            kept.append(a)
    score = sum(min(3.0, 1.0 + 0.3 * (len(normalise(a)) - 1)) for a in kept)
    return score, tuple(kept)


def match_conduct(text: str, subject: str | None, rulebook, *, limit: int = 5,
                  article: int | None = None) -> list[Match]:
    """Rules whose conduct the words describe, best first; empty when nothing scores MIN_SCORE."""
    norm_text = normalise(text)
    grams = bigrams(text)
    out: list[Match] = []
    for rule in rulebook.rules.values():
        if rule.is_escalation or (subject is not None and subject not in rule.subjects):
            continue
        if article is not None and rule.article != article:
            continue
        alias, hits = _alias_score(norm_text, rule.aliases)
        best, best_text = 0.0, None
        for candidate in (*rule.examples, rule.conduct.zh):
            sim = dice(grams, bigrams(candidate))
            if sim > best:
                best, best_text = sim, candidate
        score = alias + SIMILARITY_WEIGHT * best
        if score >= MIN_SCORE:
            out.append(Match(rule.label, round(score, 4), hits, best_text if best > 0.2 else None))
    out.sort(key=lambda m: (-m.score, m.label))
    return out[:limit]
