"""The direct route: a question that names a provision ("第十三条说了什么", "article 29") gets it first.

A citation used as a modifier ("再次发生第十一条所列行为", "按第七条处理后还能申诉吗") names the
context, not the topic: that provision joins the ranking as evidence instead of taking rank 1
(the regulation's own escalation items are worded exactly so: 第十二条第（一）项 cites 第十一条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus import Corpus, Provision, UnknownLabel, find_citations

# What follows a citation that only qualifies something else.
_MODIFIER_AFTER = re.compile(r"^\s*(?:所列|所述|所规定|规定的|中的|里的|里面的|的行为|的情形|的情况|处理后|之后|以后|后)")
# A measure already taken under it ("we disqualified him under art. 20; where does his objection go?", "the
# institution was warned last year under Article 22 …"): the basis of what happened, not what is asked.
_BASIS_BEFORE = re.compile(
    r"(?i:\b(?:disqualified|revok\w*|sanction\w*|punish\w*|penali[sz]\w*|banned|barred|cancel\w*|decided|suspended"
    r"|terminat\w*|warned|criticis\w*|dealt with|handled)\b[^.?!;]{0,50}\b(?:under|per|pursuant to)\s*$)")


@dataclass(frozen=True)
class Routed:
    provision: Provision
    topic: bool  # True: the question is about this provision; False: it is cited as context


def route(question: str, corpus: Corpus, document: str | None = None) -> list[Routed]:
    """Provisions named in the question, in order of mention; labels that name nothing are skipped."""
    out: list[Routed] = []
    for cite in find_citations(question):
        try:
            p = corpus.resolve(cite.ref, document)
        except (UnknownLabel, ValueError):
            continue
        if any(r.provision.label == p.label for r in out):
            continue
        context = _MODIFIER_AFTER.match(question[cite.end :]) or _BASIS_BEFORE.search(question[max(0, cite.start - 80) : cite.start])
        out.append(Routed(p, topic=not context))
    return out


def cited_provisions(question: str, corpus: Corpus, document: str | None = None) -> list[Provision]:
    """The provisions a question is about (not those it cites as context)."""
    return [r.provision for r in route(question, corpus, document) if r.topic]
