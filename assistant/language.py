"""Normalise a question before anything reads it: language, script, noise, length."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from assistant.errors import UserError

HAN = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# Emoji and pictographs carry nothing the regulation can match; keep the words around them.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")


@dataclass(frozen=True)
class Question:
    text: str  # cleaned, simplified Chinese where it was traditional
    original: str
    lang: str  # "zh" or "en"
    converted_from_traditional: bool = False
    truncated: bool = False


@functools.lru_cache(maxsize=1)
def _t2s():
    from opencc_purepy import OpenCC  # pure Python: works wherever the app runs

    return OpenCC("t2s")


def detect_lang(text: str) -> str:
    han, latin = len(HAN.findall(text)), len(LATIN.findall(text))
    return "zh" if han and han * 3 >= latin else ("en" if latin else "zh")


def normalise(raw: str | None, max_chars: int = 2000) -> Question:
    """Clean a question; raise UserError when there is nothing to answer."""
    original = raw or ""
    # A huge paste is cut, not refused: the start of a question carries its subject and act.
    truncated = len(original) > max_chars
    text = original[: max_chars * 2] if truncated else original
    text = unicodedata.normalize("NFKC", text)
    text = CONTROL.sub("", text)
    text = EMOJI.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if truncated:
        text = text[:max_chars]
    if not text or not (HAN.search(text) or LATIN.search(text) or re.search(r"\d", text)):
        raise UserError("the question is empty: ask about a case, a right or a provision, e.g. 考生用手机查答案怎么处理？")
    simplified = _t2s().convert(text) if HAN.search(text) else text
    return Question(
        text=simplified,
        original=original,
        lang=detect_lang(simplified),
        converted_from_traditional=simplified != text,
        truncated=truncated,
    )
