"""Provisions -> chunks: one chunk per citable provision, with what makes it findable.

A chunk has two texts, because the two rankers read differently (measured, eval/reports/):

* `text`, embedded and stored in Chroma: the provision as it reads on its own (an item after its
  article's lead-in) plus the rule record's sentences about it: the conduct in Chinese and
  English, the article summary, a procedure step, the measures in English. Lists of short
  colloquial words blur an embedding, so they stay out.
* `lexical_text`, for BM25: the chapter title, `text`, and the rule record's aliases
  (手机, 蓝牙, 替考, "earpiece" ...).

Each example scenario of a rule ("考生耳朵里塞着蓝牙耳机在接收信息"), and each question people ask about
a provision without a rule (retrieval/asked.yaml), is a further chunk pointing to the same label
(role "example"): a BM25 document, and a vector embedded as a question is (so question meets
question). Ranking is by label, and article-level results derive from labels.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus import Corpus, Provision
from corpus.text import fold
from retrieval import subjects as subj

log = logging.getLogger(__name__)

PROVISION = "provision"
EXAMPLE = "example"


@dataclass(frozen=True)
class Knowledge:
    """What makes one provision findable, as the caller knows it (the rulebook, example
    questions); retrieval reads no rulebook of its own."""

    subject: str | None = None
    descriptions: tuple[str, ...] = ()  # sentences: conduct zh/en, summaries, procedure steps, measures
    aliases: tuple[str, ...] = ()  # short colloquial names
    examples: tuple[str, ...] = ()  # scenarios as people tell them
    measures: tuple[str, ...] = ()  # measure codes


@dataclass(frozen=True)
class Chunk:
    id: str  # provision id, or "<provision id>#ex<n>" for an example
    label: str
    provision_id: str
    document: str
    article: int
    article_label: str
    kind: str  # the provision's kind: article | paragraph | item
    role: str  # provision | example
    text: str  # embedded (a provision as a document, an example as a question) and part of lexical_text
    lexical_text: str  # what BM25 indexes
    subject: str | None = None
    measures: tuple[str, ...] = field(default=())
    leaf: bool = True  # False for an article that has paragraphs or items of its own

    def metadata(self) -> dict:
        """Chroma metadata: scalars only."""
        return {
            "label": self.label,
            "provision_id": self.provision_id,
            "document": self.document,
            "article": self.article,
            "article_label": self.article_label,
            "kind": self.kind,
            "role": self.role,
            "subject": self.subject or "",
            "measures": "|".join(self.measures),
            "leaf": self.leaf,
        }


def _lead_subjects(provisions: list[Provision]) -> dict[tuple[str, int], str | None]:
    """Subject of each article from its lead-in, for provisions rules/ says nothing about."""
    out = {}
    for p in provisions:
        if p.kind == "article":
            body = fold(p.text)
            lead = body.split("：", 1)[0] if "下列" in body else body[:40]
            out[(p.document, p.article)] = subj.provision_subject(lead)
    return out


def build_chunks(corpus: Corpus, knowledge: dict[str, Knowledge] | None = None, examples: bool = True) -> list[Chunk]:
    """One provision chunk per citable provision (document order), then one chunk per example.
    `knowledge`: per provision id."""
    knowledge = knowledge or {}
    provisions = corpus.provisions()
    parents = {(p.document, p.article) for p in provisions if p.kind != "article"}
    lead_subject = _lead_subjects(provisions)
    chunks: list[Chunk] = []
    extra: list[Chunk] = []
    for p in provisions:
        k = knowledge.get(p.id, Knowledge())
        leaf = not (p.kind == "article" and (p.document, p.article) in parents)
        if not leaf:  # the article as a whole: its parts' subject and measures are its own too
            kids = [
                knowledge[c.id] for c in provisions if c.document == p.document and c.article == p.article and c.id in knowledge
            ]
            k = Knowledge(
                subject=k.subject or next((c.subject for c in kids if c.subject), None),
                descriptions=k.descriptions,
                aliases=k.aliases,
                examples=k.examples,
                measures=k.measures or tuple(dict.fromkeys(m for c in kids for m in c.measures)),
            )
        subject = k.subject or lead_subject.get((p.document, p.article))
        text = "\n".join([fold(p.full_text), *k.descriptions])  # matched folded; shown from the provision
        chapter_title = p.chapter.split(" ", 1)[-1]
        lexical = "\n".join([chapter_title, text, "；".join(k.aliases)])
        common = dict(
            label=p.label,
            provision_id=p.id,
            document=p.document,
            article=p.article,
            article_label=p.article_label,
            kind=p.kind,
            subject=subject,
            measures=k.measures,
            leaf=leaf,
        )
        chunks.append(Chunk(id=p.id, role=PROVISION, text=text, lexical_text=lexical, **common))
        if examples:
            for n, example in enumerate(k.examples, 1):
                extra.append(Chunk(id=f"{p.id}#ex{n}", role=EXAMPLE, text=example, lexical_text=example, **common))
    return chunks + extra


def chunks_digest(chunks: Iterable[Chunk]) -> str:
    """A hash of everything indexed: texts and metadata (so corpus, aliases and examples)."""
    h = hashlib.sha256()
    for c in chunks:
        h.update(json.dumps([c.id, c.text, c.lexical_text, c.metadata()], ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()
