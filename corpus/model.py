"""The provision tree: Document > Chapter > Article > Paragraph (款) > Item (项)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from corpus.numerals import to_chinese


@dataclass(frozen=True)
class Provision:
    """One citable unit: a whole article, a paragraph of a multi-paragraph article, or an item."""

    id: str  # sh-2025-176/art-7/item-1
    label: str  # 第七条第（一）项
    document: str  # document id
    chapter: str  # 第二章 参评人员违纪违规行为的认定和处理
    kind: str  # "article" | "paragraph" | "item"
    article: int
    paragraph: int | None
    item: int | None
    text: str  # verbatim, repaired, one line
    lead_in: str = ""  # for an item: the text of its article before the items
    line: int = 0  # line in the source file where it starts, for error messages and audits

    @property
    def article_label(self) -> str:
        return self.label.split("条", 1)[0] + "条"

    @property
    def full_text(self) -> str:
        """The text as it reads on its own: an item is preceded by its lead-in."""
        return f"{self.lead_in}{self.text}" if self.lead_in else self.text

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "document": self.document,
            "chapter": self.chapter,
            "kind": self.kind,
            "text": self.text,
            "lead_in": self.lead_in,
        }


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str  # the paragraph's own text; for a paragraph with items, only its lead-in
    items: tuple[Provision, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Article:
    number: int
    label: str
    chapter: str
    paragraphs: tuple[Paragraph, ...]
    line: int = 0

    @property
    def items(self) -> tuple[Provision, ...]:
        return tuple(i for p in self.paragraphs for i in p.items)

    @property
    def text(self) -> str:
        parts: list[str] = []
        for p in self.paragraphs:
            parts.append(p.text)
            parts.extend(i.text for i in p.items)
        return "".join(parts)


@dataclass(frozen=True)
class Chapter:
    number: int
    label: str  # 第二章
    title: str  # 参评人员违纪违规行为的认定和处理
    articles: tuple[Article, ...]

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}"


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    title: str
    number: str
    issuer: str
    issued: dt.date
    effective: dt.date
    status: str
    title_en: str = ""
    end_markers: tuple[str, ...] = ()
    known_gaps: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    chapters: tuple[Chapter, ...]
    preamble: str  # the notice before the rules: kept as metadata, not provisions
    source_path: str
    # Gaps the published numbering has, e.g. {"第二十一条": (5,)}: every interface explains them.
    gaps: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for c in self.chapters for a in c.articles)

    @functools.cached_property
    def all_provisions(self) -> tuple[Provision, ...]:
        return tuple(self.provisions())

    def provisions(self) -> list[Provision]:
        """Every citable provision in document order: each article, then its paragraphs or items."""
        out: list[Provision] = []
        for chapter in self.chapters:
            for art in chapter.articles:
                out.append(self._article_provision(chapter, art))
                multi = len(art.paragraphs) > 1
                for para in art.paragraphs:
                    if multi:
                        out.append(
                            Provision(
                                id=f"{self.id}/art-{art.number}/para-{para.number}",
                                label=f"{art.label}第{_cn(para.number)}款",
                                document=self.id,
                                chapter=chapter.heading,
                                kind="paragraph",
                                article=art.number,
                                paragraph=para.number,
                                item=None,
                                text=para.text + "".join(i.text for i in para.items),
                                line=para.line,
                            )
                        )
                    out.extend(para.items)
        return out

    def _article_provision(self, chapter: Chapter, art: Article) -> Provision:
        return Provision(
            id=f"{self.id}/art-{art.number}",
            label=art.label,
            document=self.id,
            chapter=chapter.heading,
            kind="article",
            article=art.number,
            paragraph=None,
            item=None,
            text=art.text,
            line=art.line,
        )


def _cn(n: int) -> str:
    return to_chinese(n)
