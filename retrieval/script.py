"""Traditional Chinese questions are read in simplified characters, as the regulation is written.

Here rather than in the assistant alone so that every way into retrieval (the CLI, the langchain
retriever, the eval) reads 違規 as 违规: BM25 bigrams and the synonym table match characters.
"""

from __future__ import annotations

import functools
import re

HAN = re.compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=1)
def _t2s():
    from opencc_purepy import OpenCC  # pure Python: works wherever the app runs

    return OpenCC("t2s")


@functools.lru_cache(maxsize=8192)
def _is_traditional(ch: str) -> bool:
    return _t2s().convert(ch) != ch


def to_simplified(text: str) -> str:
    """Traditional characters made simplified; simplified ones never touched.

    opencc-purepy's phrase table turns some simplified words into traditional ones (t2s of 结束
    gives 結束), so a character changes only when it is traditional on its own; the phrase-level
    result is still preferred for those, where it picks among several simplified forms.
    """
    if not HAN.search(text) or not any(_is_traditional(ch) for ch in text if HAN.match(ch)):
        return text
    phrased = _t2s().convert(text)
    if len(phrased) != len(text):
        return "".join(_t2s().convert(ch) if _is_traditional(ch) else ch for ch in text)
    return "".join(new if _is_traditional(old) else old for old, new in zip(text, phrased, strict=True))
