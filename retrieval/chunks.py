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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from corpus import Corpus, Provision
from retrieval import subjects as subj

log = logging.getLogger(__name__)

PROVISION = "provision"
EXAMPLE = "example"


@dataclass(frozen=True)
class Knowledge:
    """What rules/ says about one provision, as far as retrieval needs it."""

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


class RulesUnavailable(RuntimeError):
    """rules/ cannot be imported or loaded; chunks are built from the corpus alone."""


def _load_rulebook():
    try:
        from rules import load_rulebook
    except ImportError:
        try:
            from rules.loader import load_rulebook
        except ImportError as exc:
            raise RulesUnavailable(f"rules/ has no load_rulebook yet ({exc})") from exc
    try:
        return load_rulebook()
    except Exception as exc:  # noqa: BLE001 - any failure in rules/ must not stop retrieval
        raise RulesUnavailable(f"the rulebook cannot be loaded: {type(exc).__name__}: {exc}") from exc


def rule_knowledge(corpus: Corpus, book=None) -> dict[str, Knowledge]:
    """Per provision id: what rules/ (rules/schema.py) says about it.

    A sanction rule gives its aliases, examples, conduct (zh, en) and its article's subject and
    measures; an article its bilingual summary; a procedure step its description; a certificate
    record its subject and measures. Raises RulesUnavailable when rules/ is missing or broken, so
    callers can say so and go on with the corpus alone.
    """
    book = _load_rulebook() if book is None else book
    measure_en = _measure_names(book)
    acc: dict[str, dict] = {}

    def add(label, *, subject=None, descriptions=(), aliases=(), examples=(), measures=(), document=None) -> None:
        try:
            pid = corpus.get(str(label), document).id
        except Exception:  # noqa: BLE001 - a record citing nothing is rules/'s problem, reported there
            log.warning("rules cite %r, which names no provision; not indexed", label)
            return
        k = acc.setdefault(pid, {"subject": None, "descriptions": [], "aliases": [], "examples": [], "measures": []})
        k["subject"] = k["subject"] or subject
        for key, values in (
            ("descriptions", descriptions),
            ("aliases", aliases),
            ("examples", examples),
            ("measures", measures),
        ):
            k[key].extend(v for v in values if v and v not in k[key])

    for entry in _articles(book):
        doc = getattr(entry, "document", None)
        sanction = getattr(entry, "sanction", None)
        subject = getattr(sanction, "subject", None)
        codes = list(getattr(sanction, "measures", None) or [])
        add(entry.label, subject=subject, descriptions=_bilingual(getattr(entry, "summary", None)), measures=codes,
            document=doc)
        for rule in getattr(entry, "rules", None) or ():
            add(
                rule.label,
                subject=subject,
                descriptions=[*_bilingual(getattr(rule, "conduct", None)), *(measure_en.get(c, "") for c in codes)],
                aliases=list(getattr(rule, "aliases", None) or ()),
                examples=list(getattr(rule, "examples", None) or ()),
                measures=codes,
                document=doc,
            )
        cert = getattr(entry, "certificate", None)
        if cert is not None:
            add(cert.label, subject=cert.subject, measures=list(cert.measures), document=doc)
        for step in getattr(entry, "procedure", None) or ():
            add(step.label, descriptions=_bilingual(getattr(step, "step", None)), document=doc)
    return {
        pid: Knowledge(
            k["subject"], tuple(k["descriptions"]), tuple(k["aliases"]), tuple(k["examples"]), tuple(k["measures"])
        )
        for pid, k in acc.items()
    }


def add_asked(knowledge: dict[str, Knowledge], asked: Mapping) -> dict[str, Knowledge]:
    """`knowledge` with the questions people ask about non-sanction provisions (retrieval/asked.py)
    as further aliases and examples."""
    out = dict(knowledge)
    for pid, a in asked.items():
        k = out.get(pid, Knowledge())
        out[pid] = replace(
            k,
            aliases=tuple(dict.fromkeys((*k.aliases, *a.aliases))),
            examples=tuple(dict.fromkeys((*k.examples, *a.questions))),
        )
    return out


def _bilingual(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in (getattr(value, "zh", None), getattr(value, "en", None)) if v]


def _articles(book) -> list:
    arts = getattr(book, "articles", None)
    if arts is None and isinstance(book, (list, tuple)):
        arts = book
    if isinstance(arts, Mapping):
        arts = list(arts.values())
    if arts is None:
        raise RulesUnavailable(f"the rulebook ({type(book).__name__}) has no 'articles'")
    return list(arts)


def _measure_names(book) -> dict[str, str]:
    measures = getattr(book, "measures", None) or {}
    if hasattr(measures, "measures"):
        measures = measures.measures
    return {code: getattr(m, "en", "") for code, m in dict(measures).items()}  # type: ignore[arg-type]


def _lead_subjects(provisions: list[Provision]) -> dict[tuple[str, int], str | None]:
    """Subject of each article from its lead-in, for provisions rules/ says nothing about."""
    out = {}
    for p in provisions:
        if p.kind == "article":
            lead = p.text.split("：", 1)[0] if "下列" in p.text else p.text[:40]
            out[(p.document, p.article)] = subj.provision_subject(lead)
    return out


def build_chunks(corpus: Corpus, knowledge: dict[str, Knowledge] | None = None, examples: bool = True) -> list[Chunk]:
    """One provision chunk per citable provision (document order), then one chunk per example."""
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
        text = "\n".join([p.full_text, *k.descriptions])
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
