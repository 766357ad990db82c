"""Chinese numerals as the regulation writes them (一 … 三十六), through cn2an."""

from __future__ import annotations

import functools

import cn2an

CN_DIGITS = "零〇一二三四五六七八九十百两"


@functools.lru_cache(maxsize=512)  # labels are parsed on every answer; cn2an is slow
def to_chinese(n: int) -> str:
    if n <= 0:
        raise ValueError(f"not a provision number: {n}")
    return cn2an.an2cn(n)


@functools.lru_cache(maxsize=2048)
def to_int(text: str) -> int:
    """'二十一' -> 21, '21' -> 21, '２１' -> 21."""
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if text.isdigit():
        return int(text)
    return int(cn2an.cn2an(text, "smart"))


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
