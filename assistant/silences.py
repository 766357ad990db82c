"""Where the regulation is silent: topics people ask about that it does not address (行政复议,
诚信档案, how long a 备案周期 is, leniency for individuals, ...), read from assistant/silences.yaml.

A question on one of them is told plainly that the regulation does not address it, with the
nearest provision as context, instead of having nearby text quoted as if it answered.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from corpus import Corpus
from corpus.messages import t

SILENCES = Path(__file__).with_name("silences.yaml")


@dataclass(frozen=True)
class Silence:
    id: str
    words: tuple[re.Pattern, ...]
    nearest: tuple[str, ...]
    unless: re.Pattern | None = None
    outside: bool = False  # a matter other rules govern (silences.yaml): asked about, out of scope

    def asked_in(self, text: str) -> bool:
        return any(w.search(text) for w in self.words) and not (self.unless and self.unless.search(text))

    def says(self, lang: str) -> str:
        return t(f"silence.{self.id}", lang)


@functools.cache
def silences(path: Path = SILENCES) -> tuple[Silence, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Silence(id=key, words=tuple(re.compile(w) for w in entry["words"]), nearest=tuple(entry.get("nearest", ())),
                unless=re.compile(entry["unless"]) if entry.get("unless") else None,
                outside=bool(entry.get("outside")))
        for key, entry in data.items()
    )


def asked(text: str) -> list[Silence]:
    """The silent topics the message asks about."""
    return [s for s in silences() if s.asked_in(text)]


def without(found: list[Silence], text: str) -> str:
    """The text with these points' words taken out: what else it says or asks."""
    for s in found:
        for w in s.words:
            text = w.sub(" ", text)
    return text


def alone(found: list[Silence], text: str, rest_words: int = 8) -> bool:
    """Whether the message asks about these points and hardly anything else: what is left once the
    matched words are taken out is at most `rest_words` words (a Chinese character counts as one)."""
    return len(re.findall(r"[\u4e00-\u9fff]|[A-Za-z0-9]+", without(found, text))) <= rest_words


def nearest(found: list[Silence], corpus: Corpus) -> list:
    """The provisions offered as context, in order, once each."""
    seen, out = set(), []
    for s in found:
        for label in s.nearest:
            if label not in seen:
                seen.add(label)
                out.append(corpus.get(label))
    return out
