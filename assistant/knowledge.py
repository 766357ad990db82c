"""What makes each provision findable, gathered for retrieval: the rulebook's aliases, example
scenarios and descriptions, the questions people ask about provisions without a rule
(retrieval/asked.yaml), and the training questions (assistant/training/).

Retrieval is given this; it reads no rulebook of its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from corpus import Corpus, UnknownLabel
from retrieval.asked import Asked, AskedError, load_asked
from retrieval.chunks import Knowledge
from rules import Rulebook

log = logging.getLogger(__name__)


@dataclass
class _Acc:
    subject: str | None = None
    descriptions: list[str] | None = None
    aliases: list[str] | None = None
    examples: list[str] | None = None
    measures: list[str] | None = None

    def add(self, field: str, values) -> None:
        have = getattr(self, field) or []
        have.extend(v for v in values if v and v not in have)
        setattr(self, field, have)

    def frozen(self) -> Knowledge:
        return Knowledge(self.subject, *(tuple(getattr(self, f) or ()) for f in
                                         ("descriptions", "aliases", "examples", "measures")))


def rule_knowledge(corpus: Corpus, book: Rulebook) -> dict[str, Knowledge]:
    """Per provision id: what the rulebook says about it.

    A sanction rule gives its aliases, examples, conduct (zh, en) and its article's subject and
    measures; an article its bilingual summary; a procedure step its description; a certificate
    record its subject and measures.
    """
    measure_en = {code: m.en for code, m in book.measures.items()}
    acc: dict[str, _Acc] = {}

    def add(label: str, *, subject=None, descriptions=(), aliases=(), examples=(), measures=()) -> None:
        try:
            pid = corpus.get(label).id
        except UnknownLabel:  # the loader already proved every label; this is another corpus
            log.warning("rules cite %r, which names no provision of this corpus; not indexed", label)
            return
        k = acc.setdefault(pid, _Acc())
        k.subject = k.subject or subject
        for field, values in (("descriptions", descriptions), ("aliases", aliases),
                              ("examples", examples), ("measures", measures)):
            k.add(field, values)

    for entry in book.articles.values():
        sanction = entry.sanction
        subject = sanction.subject if sanction else None
        codes = list(sanction.measures) if sanction else []
        add(entry.label, subject=subject, descriptions=(entry.summary.zh, entry.summary.en), measures=codes)
        for rule in entry.rules:
            add(rule.label, subject=subject,
                descriptions=(rule.conduct.zh, rule.conduct.en, *(measure_en.get(c, "") for c in codes)),
                aliases=rule.aliases, examples=rule.examples, measures=codes)
        if entry.certificate is not None:
            add(entry.certificate.label, subject=entry.certificate.subject, measures=entry.certificate.measures)
        for step in entry.procedure:
            add(step.label, descriptions=(step.step.zh, step.step.en))
    return {pid: k.frozen() for pid, k in acc.items()}


def with_questions(knowledge: dict[str, Knowledge], questions: dict[str, list[str]],
                   aliases: dict[str, list[str]] | None = None) -> dict[str, Knowledge]:
    """`knowledge` with more example questions (and aliases) per provision id."""
    out = dict(knowledge)
    for pid, extra in questions.items():
        k = out.get(pid, Knowledge())
        out[pid] = replace(
            k,
            aliases=tuple(dict.fromkeys((*k.aliases, *(aliases or {}).get(pid, ())))),
            examples=tuple(dict.fromkeys((*k.examples, *extra))),
        )
    return out


def asked_questions(corpus: Corpus, book: Rulebook, notices: list[str]) -> dict[str, Asked]:
    """retrieval/asked.yaml, or nothing with a notice when it cannot be read."""
    try:
        return load_asked(corpus, sanctioned=frozenset(book.rules))
    except AskedError as exc:
        notices.append(f"Example questions about procedure and definitions are not indexed: {exc}.")
        return {}


def gather(corpus: Corpus, book: Rulebook, asked: dict[str, Asked]) -> dict[str, Knowledge]:
    """Everything retrieval is given: the rulebook's knowledge and the asked questions."""
    return with_questions(rule_knowledge(corpus, book), {pid: a.questions for pid, a in asked.items()},
                          {pid: a.aliases for pid, a in asked.items()})
