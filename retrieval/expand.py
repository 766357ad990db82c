"""Query expansion from retrieval/synonyms.yaml: the words people use -> the regulation's words."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SYNONYMS = Path(__file__).with_name("synonyms.yaml")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Entry:
    when: tuple[str, ...]
    add: tuple[str, ...]
    subject: str | None = None


@dataclass(frozen=True)
class Expansion:
    terms: tuple[str, ...] = ()  # regulation terms to add, in table order, without duplicates
    matched: tuple[str, ...] = ()  # the cues that fired
    entries: tuple[Entry, ...] = field(default=(), repr=False)

    def text(self) -> str:
        return " ".join(self.terms)


class SynonymTableError(ValueError):
    """synonyms.yaml is malformed; the message names the entry."""


@functools.lru_cache(maxsize=4)
def load_table(path: Path | str = SYNONYMS) -> tuple[tuple[Entry, ...], tuple[str, ...]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = []
    for n, raw in enumerate(data.get("entries") or [], 1):
        if not isinstance(raw, dict) or not raw.get("when") or not raw.get("add"):
            raise SynonymTableError(f"{path}: entry {n} needs non-empty 'when' and 'add' lists")
        unknown = set(raw) - {"when", "add", "subject"}
        if unknown:
            raise SynonymTableError(f"{path}: entry {n} has unknown keys {sorted(unknown)}")
        entries.append(
            Entry(tuple(str(w) for w in raw["when"]), tuple(str(a) for a in raw["add"]), raw.get("subject"))
        )
    terms = tuple(str(t) for t in data.get("terms") or ())
    return tuple(entries), terms


def _separable(cue: str) -> str:
    """A short verb-object cue also matches with an aspect particle inside it: 泄题 in "泄了题",
    "泄的题"; 改成绩 in "改了成绩". Chinese splits such words (离合词); the other short cues
    (nouns like 手机) never occur split, so the wider pattern costs nothing there."""
    if 2 <= len(cue) <= 3:
        return re.escape(cue[0]) + "(?:了|过|的)?" + re.escape(cue[1:])
    return re.escape(cue)


@functools.lru_cache(maxsize=1)
def _matchers(path: str) -> list[tuple[Entry, re.Pattern]]:
    entries, _ = load_table(path)
    out = []
    for e in entries:
        zh = [_separable(w) for w in e.when if not _LATIN.search(w)]
        en = [re.escape(w.lower()) for w in e.when if _LATIN.search(w)]
        parts = zh + [rf"(?<![A-Za-z]){w}" for w in en]
        out.append((e, re.compile("|".join(parts), re.I)))
    return out


def domain_terms(path: Path | str = SYNONYMS) -> list[str]:
    """The regulation's compound words (jieba user dictionary): `terms` plus every Chinese `add`."""
    entries, terms = load_table(path)
    words = set(terms)
    for e in entries:
        words.update(a for a in e.add if not _LATIN.search(a) and 2 <= len(a) <= 8)
    return sorted(words)


def expand(question: str, subjects: list[str] | tuple[str, ...] = (), path: Path | str = SYNONYMS) -> Expansion:
    """The regulation terms the question's words point to.

    An entry with a `subject` fires only when that subject is among `subjects` (the detected ones);
    with no subject detected, subject-bound entries for the candidate fire, since most questions
    without a named actor are a candidate's own ("我带了手机…").
    """
    wanted = set(subjects) if subjects else {"candidate"}
    terms: dict[str, None] = {}
    matched: list[str] = []
    fired: list[Entry] = []
    for entry, rx in _matchers(str(path)):
        if entry.subject and entry.subject not in wanted:
            continue
        hits = rx.findall(question)
        if not hits:
            continue
        matched.extend(h for h in hits if h not in matched)
        fired.append(entry)
        for t in entry.add:
            terms.setdefault(t, None)
    return Expansion(tuple(terms), tuple(matched), tuple(fired))
