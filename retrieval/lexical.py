"""BM25 (bm25s) over Chinese tokens: character bigrams, or jieba words with a domain dictionary.

Both tokenizers were measured on the public question set (see eval/reports/); `DEFAULT_TOKENIZER`
is the one that measured better. English words are kept as lower-cased words in both, so an
English query expanded with Chinese terms (expand.py) still scores on those terms.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence

import numpy as np

from retrieval.expand import domain_terms

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[A-Za-z]+|[0-9]+")
_IS_CJK = re.compile(rf"[{_CJK}]")

# Words that say nothing about which provision is meant; dropped from queries and chunks alike.
_STOP_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 么 是 在 有 我 你 他 她 它 我们 他们 这 那 这个 那个 这样 那样 就 也 都 还 又 和 与 或 "
    "被 把 给 让 要 会 能 可以 可 不 没 没有 什么 怎么 怎么办 怎样 如何 哪些 哪个 哪 为什么 多少 几 是否 是不是 "
    "会不会 能不能 可不可以 有没有 算不算 请问 一下 一个 之 其 等 及 以及 对 对于 如果 的话 吗 啥 咋 里 中 上 下 后 "
    "前 时 时候 情况 规定 细则 本细则 这种 那种 这些 那些 自己 人 事".split()
)
_EN_STOP = frozenset(
    "a an the of to in on at for by with from and or is are was were be been being do does did can could "
    "would should will shall may might must what which who whom whose when where why how if then than "
    "this that these those it its i me my we our you your he she they them their there here about into "
    "any some not no yes so as under rules rule regulation regulations".split()
)
# Bigrams made only of these characters carry no meaning of their own ("什么" "怎么" "可以").
_STOP_CHARS = frozenset("的了吗呢吧啊呀么是在有我你他她它这那就也都还又和与或被把给让要会能可不没什怎哪为几否请一之其等及对如果话啥咋里个些样")


def _en_tokens(word: str) -> list[str]:
    w = word.lower()
    if w in _EN_STOP or len(w) < 2:
        return []
    # crude suffix stripping keeps "phones"/"phone", "cheating"/"cheat" together. Measured against
    # the Snowball English stemmer (PyStemmer) on 2026-11-28: Snowball's wider conflations cost
    # 0.3 points of article hit@1 on the public set and 3 on holdout2, so this stays.
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return [w[: -len(suffix)]]
    return [w]


def bigram_tokens(text: str) -> list[str]:
    """Overlapping CJK character bigrams (single characters for one-character runs), English words, numbers."""
    out: list[str] = []
    for run in _RUN.findall(text):
        if _IS_CJK.match(run):
            if len(run) == 1:
                if run not in _STOP_CHARS:
                    out.append(run)
                continue
            for i in range(len(run) - 1):
                bg = run[i : i + 2]
                if bg[0] in _STOP_CHARS and bg[1] in _STOP_CHARS:
                    continue
                out.append(bg)
        elif run[0].isdigit():
            out.append(run)
        else:
            out.extend(_en_tokens(run))
    return out


@functools.lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for term in domain_terms():
        tok.add_word(term, freq=20000)
    return tok


_jieba_lock = threading.Lock()


def jieba_tokens(text: str) -> list[str]:
    """jieba search-mode words (with the domain terms as a user dictionary), minus stop words."""
    with _jieba_lock:
        tok = _jieba()
    out: list[str] = []
    for run in _RUN.findall(text):
        if _IS_CJK.match(run):
            for w in tok.cut_for_search(run):
                if w not in _STOP_WORDS and not all(ch in _STOP_CHARS for ch in w):
                    out.append(w)
        elif run[0].isdigit():
            out.append(run)
        else:
            out.extend(_en_tokens(run))
    return out


TOKENIZERS = {"bigram": bigram_tokens, "jieba": jieba_tokens}
DEFAULT_TOKENIZER = "bigram"


class LexicalIndex:
    """BM25 over a list of texts; `rank` returns (position, score) with score > 0 only."""

    def __init__(self, texts: Sequence[str], tokenizer: str = DEFAULT_TOKENIZER, k1: float = 1.2, b: float = 0.75):
        import bm25s

        self.tokenizer = tokenizer
        self._tok = TOKENIZERS[tokenizer]
        corpus_tokens = [self._tok(t) or ["<empty>"] for t in texts]
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self._bm25.index(corpus_tokens, show_progress=False)
        self.size = len(texts)

    def tokens(self, text: str) -> list[str]:
        return self._tok(text)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def rank(
        self, query: str, extra: Sequence[str] = (), extra_weight: float = 0.5, n: int = 50, cap_extra: bool = True
    ) -> list[tuple[int, float]]:
        """Top `n` positions by BM25 of the query plus, down-weighted, its expansion terms.

        With `cap_extra`, the expansion never outweighs the question: its weight shrinks by the
        ratio of question tokens to expansion tokens, so a long story that trips many synonym cues
        is not rewritten into the synonym table's words.
        """
        q_tokens = self.tokens(query)
        s = self.scores(q_tokens)
        if extra:
            extra_tokens = [t for term in extra for t in self.tokens(term)]
            w = extra_weight
            if cap_extra and extra_tokens:
                w *= min(1.0, max(len(q_tokens), 1) / len(extra_tokens))
            s = s + w * self.scores(extra_tokens)
        order = np.argsort(-s, kind="stable")[:n]
        return [(int(i), float(s[i])) for i in order if s[i] > 0]
