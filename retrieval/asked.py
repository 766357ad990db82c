"""How people ask about the provisions that impose no sanction: scope, definitions, authorities,
certificates, procedure and rights (retrieval/asked.yaml).

A sanction item's colloquial names and example scenarios live with its rule in rules/rulebook/;
the other provisions have no rule record to hold them, yet they are what candidates ask about most
("会先通知我吗", "不服找谁", "多久内"). Their questions are indexed like the rules' examples: each is a
BM25 document pointing to its provision. They were written from the provisions' text by people who
did not see the evaluation sets (tests/test_eval_independence.py keeps it so).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpus import Corpus, UnknownLabel

ASKED = Path(__file__).with_name("asked.yaml")


class AskedError(ValueError):
    """asked.yaml is malformed or names a provision it may not; the message says which entry."""


class Asked(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    aliases: list[str] = Field(min_length=1)
    questions: list[str] = Field(min_length=3)


def load_asked(corpus: Corpus, path: Path = ASKED, sanctioned: frozenset[str] = frozenset()) -> dict[str, Asked]:
    """{provision id: Asked}. Each label must name a citable provision of the corpus that has no
    parts of its own and is not a sanction rule (`sanctioned`: those keep theirs in the rulebook)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AskedError(f"{path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise AskedError(f"{path}: expected a mapping of provision label -> {{aliases, questions}}")
    provisions = corpus.provisions()
    has_parts = {(p.document, p.article) for p in provisions if p.kind != "article"}
    out: dict[str, Asked] = {}
    for label, entry in raw.items():
        try:
            p = corpus.get(str(label))
        except UnknownLabel as exc:
            raise AskedError(f"{path}: {label}: {exc}") from exc
        if p.kind == "article" and (p.document, p.article) in has_parts:
            raise AskedError(f"{path}: {label}: has paragraphs or items; give the one the questions are about")
        if p.label in sanctioned:
            raise AskedError(f"{path}: {label}: is a sanction rule; its examples belong in rules/rulebook/")
        if p.id in out:
            raise AskedError(f"{path}: {label}: given twice")
        try:
            out[p.id] = Asked.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise AskedError(f"{path}: {label}: {problems}") from None
    return out
