"""Normalise a question before anything reads it: language, script, noise, length."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.errors import UserError
from corpus.messages import text as message
from corpus.text import HAN, LATIN, detect_lang
from retrieval.script import to_simplified

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]")
# Emoji and pictographs carry nothing the regulation can match; keep the words around them.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE00-\uFE0F\U000E0000-\U000E007F]")
# Lone surrogates: bytes that were not UTF-8 (argv from a terminal in another encoding). They cannot
# be printed or stored as UTF-8, so they become U+FFFD in the echoed question and vanish from the text.
SURROGATE = re.compile("[\ud800-\udfff]")
# Anything longer is cut before cleaning, so that cleaning stays fast and memory bounded.
MAX_RAW_CHARS = 1_000_000


@dataclass(frozen=True)
class Question:
    text: str  # cleaned, simplified Chinese where it was traditional
    original: str
    lang: str  # "zh" or "en"
    converted_from_traditional: bool = False
    truncated: bool = False


def normalise(raw: str | None, max_chars: int = 2000) -> Question:
    """Clean a question; raise UserError when there is nothing to answer."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    elif raw is not None and not isinstance(raw, str):
        raise UserError(message("input.not_text", got=type(raw).__name__))
    original = SURROGATE.sub("\ufffd", raw or "")
    # Noise (control characters, emoji, runs of blanks) goes first, so a question pasted after a
    # long run of it is still read. A huge paste is then cut, not refused: the start of a question
    # carries its subject and act.
    text = unicodedata.normalize("NFKC", original[:MAX_RAW_CHARS])
    text = CONTROL.sub("", text)
    text = EMOJI.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > max_chars or len(original) > MAX_RAW_CHARS
    if truncated:
        text = text[:max_chars].rstrip()
    if not text or not (HAN.search(text) or LATIN.search(text) or re.search(r"\d", text)):
        raise UserError(message("input.empty"))
    simplified = to_simplified(text)
    return Question(
        text=simplified,
        original=original,
        lang=detect_lang(simplified),
        converted_from_traditional=simplified != text,
        truncated=truncated,
    )
