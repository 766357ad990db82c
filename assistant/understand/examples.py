"""The questions the understanding models learn from, each labelled with what it asks.

Three sources, none of them evaluation questions (tests/unit/test_eval_independence.py):
- assistant/training/*.jsonl: questions written for the purpose from the regulation alone, each
  labelled with its kind, the people whose conduct it is about and the provision for each, or the
  provisions that answer it (the format is in assistant/training/README.md);
- the rulebook's example scenarios (rules/rulebook/*.yaml): cases of their item;
- the questions people ask about the provisions without a rule (retrieval/asked.yaml), whose kind
  follows from the provision's role (a deadline is a right, a signature a procedure...).
Loading is strict: a label the corpus does not have, an unknown kind or subject fails naming
file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.language import as_read
from corpus import Corpus, UnknownLabel
from retrieval.asked import Asked
from rules import Rulebook
from rules.schema import SUBJECTS

TRAINING = Path(__file__).resolve().parent.parent / "training"
KINDS = ("case", "rights", "procedure", "definition", "lookup", "overview", "out_of_scope")
OUTCOMES = ("sanction", "none", "open")
# What a question about a provision without a rule asks, by the article's role in the rulebook.
KIND_OF_ROLE = {"purpose": "lookup", "final": "lookup", "principles": "lookup", "scope": "definition",
                "definitions": "definition", "authorities": "procedure", "procedure": "procedure",
                "referral": "procedure", "certificates": "rights", "sanctions": "rights"}
RIGHTS_ARTICLES = frozenset({28, 29})  # notice and being heard, the 15-working-day windows


class ExampleError(ValueError):
    """A training file is malformed; the message names file and line."""


@dataclass(frozen=True)
class Person:
    subject: str
    provision: str | None  # the item that applies as told (None in an overview)
    outcome: str = "sanction"  # sanction | none (a condition fails) | open (a deciding fact untold)


@dataclass(frozen=True)
class Example:
    text: str
    kind: str
    people: tuple[Person, ...] = ()  # for a case, whose conduct, main first
    answer: tuple[str, ...] = ()  # for other kinds, the provisions that answer it
    source: str = ""
    silent: bool = False  # the regulation does not address what is asked

    @property
    def provisions(self) -> tuple[str, ...]:
        """The labels this example teaches: each person's item for a case, else the answer."""
        if self.kind == "case":
            return tuple(p.provision for p in self.people if p.provision)
        return self.answer


def _label(corpus: Corpus, raw, where: str) -> str:
    try:
        return corpus.get(str(raw)).label
    except (UnknownLabel, ValueError) as exc:
        raise ExampleError(f"{where}: {raw!r} names no provision ({exc})") from None


def from_training(corpus: Corpus, folder: Path = TRAINING) -> list[Example]:
    out = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExampleError(f"{where}: not JSON ({exc.msg})") from None
            if raw.get("kind") not in KINDS or not str(raw.get("text", "")).strip():
                raise ExampleError(f"{where}: needs a text and a kind in {KINDS}")
            people = []
            for p in raw.get("people") or ():
                if p.get("subject") not in SUBJECTS or p.get("outcome", "sanction") not in OUTCOMES:
                    raise ExampleError(f"{where}: person {p!r} needs a subject in {SUBJECTS} and an outcome in {OUTCOMES}")
                label = _label(corpus, p["provision"], where) if p.get("provision") else None
                people.append(Person(p["subject"], label, p.get("outcome", "sanction")))
            answer = tuple(_label(corpus, a, where) for a in raw.get("answer") or ())
            out.append(Example(raw["text"].strip(), raw["kind"], tuple(people), answer, path.stem,
                               bool(raw.get("silent"))))
    return out


def from_rulebook(book: Rulebook) -> list[Example]:
    return [Example(text, "case", (Person(rule.subject, rule.label),), (), "rulebook")
            for rule in book.rules.values() for text in rule.examples]


def from_asked(corpus: Corpus, book: Rulebook, asked: dict[str, Asked]) -> list[Example]:
    out = []
    for pid, entry in asked.items():
        p = corpus.by_id()[pid]
        role = book.articles[p.article].role if p.article in book.articles else "procedure"
        kind = "rights" if p.article in RIGHTS_ARTICLES else KIND_OF_ROLE.get(role, "procedure")
        out.extend(Example(q, kind, (), (p.label,), "asked") for q in entry.questions)
    return out


def load_examples(corpus: Corpus, book: Rulebook, asked: dict[str, Asked], folder: Path = TRAINING) -> list[Example]:
    """Every example, in the form the pipeline gives the models a question (assistant/language.py)."""
    examples = [*from_training(corpus, folder), *from_rulebook(book), *from_asked(corpus, book, asked)]
    return [replace(e, text=as_read(e.text)) for e in examples]
