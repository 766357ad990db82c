"""Load every source document and look provisions up by label."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

from corpus.labels import LabelRef, parse_label
from corpus.model import Document, Provision
from corpus.numerals import to_chinese
from corpus.parser import CorpusError, load_meta, parse_document

SOURCES = Path(__file__).parent / "sources"


class UnknownLabel(LookupError):
    """A label that names no provision; the message says why (in Chinese, then English) and
    `suggestions` what exists."""

    def __init__(self, zh: str, en: str, suggestions: list[str]):
        self.zh, self.en, self.suggestions = zh, en, suggestions
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]

    @property
    def default(self) -> Document:
        return self.documents[0]

    def document(self, doc_id: str | None = None) -> Document:
        if doc_id is None:
            return self.default
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        ids = [d.id for d in self.documents]
        raise UnknownLabel(f"没有文件 {doc_id!r}（已载入：{'、'.join(ids)}）", f"no document {doc_id!r} (loaded: {', '.join(ids)})", ids)

    def provisions(self, doc_id: str | None = None) -> list[Provision]:
        docs = self.documents if doc_id is None else (self.document(doc_id),)
        return [p for d in docs for p in _provisions(d)]

    def by_label(self, doc_id: str | None = None) -> dict[str, Provision]:
        return {p.label: p for p in _provisions(self.document(doc_id))}

    def by_id(self) -> dict[str, Provision]:
        return {p.id: p for d in self.documents for p in _provisions(d)}

    def get(self, label: str, doc_id: str | None = None) -> Provision:
        """The provision a label names, in any common form ("art. 7(2)", "第7条", "doc:第七条")."""
        if doc_id is None and ":" in label and not label.lower().startswith(("art", "§")):
            doc_id, label = label.split(":", 1)
        doc = self.document(doc_id)
        ref = parse_label(label)
        if ref is None:
            raise UnknownLabel(
                f"“{label}”不是条文编号（例如 第七条、第七条第（一）项、第二十五条第二款）",
                f"{label!r} is not a citation label (examples: 第七条, 第七条第（一）项, 第二十五条第二款, art. 7(2))",
                _nearest(label, self.by_label(doc.id)),
            )
        return self._lookup(doc, ref, label)

    def resolve(self, ref: LabelRef, doc_id: str | None = None) -> Provision:
        return self._lookup(self.document(doc_id), ref, ref.canonical())

    def _lookup(self, doc: Document, ref: LabelRef, typed: str) -> Provision:
        table = {p.label: p for p in _provisions(doc)}
        art = next((a for a in doc.articles if a.number == ref.article), None)
        if art is None and ref.article < 1:
            raise UnknownLabel(f"“{typed}”不指向任何条文：条文从第一条起编号",
                               f"{typed!r} names no article: articles are numbered from 第一条", ["第一条"])
        if art is None:
            last = doc.articles[-1].number
            near = min(max(ref.article, 1), last)
            raise UnknownLabel(
                f"{doc.meta.title}没有{ref.canonical()}：共第一条至第{to_chinese(last)}条",
                f"{doc.meta.title} has no article {ref.canonical()}: it has 第一条 to 第{to_chinese(last)}条",
                [f"第{to_chinese(near)}条"],
            )
        if ref.sub is not None:  # "art. 7(2)": an item if the article has items, else a paragraph
            ref = LabelRef(ref.article, ref.paragraph, ref.sub) if art.items else LabelRef(ref.article, ref.sub)
        if ref.item is not None and ref.paragraph is None and len(art.paragraphs) > 1:
            holder = next((p for p in art.paragraphs if p.items), None)
            if holder is not None:
                ref = LabelRef(ref.article, holder.number, ref.item)
        label = ref.canonical()
        if label in table:
            return table[label]
        own = [p.label for p in _provisions(doc) if p.article == art.number and p.kind != "article"]
        if ref.item is not None and ref.item in doc.gaps.get(art.label, ()):
            n, before, after = (to_chinese(ref.item + d) for d in (0, -1, 1))
            raise UnknownLabel(
                f"{label}不存在：{art.label}的公布文本没有第（{n}）项，从（{before}）直接到（{after}），编号按原文保留",
                f"{label} does not exist: the published text of {art.label} skips item （{n}）, going from "
                f"（{before}） to （{after}）. The numbering is kept as published.",
                own,
            )
        if ref.item is not None and not art.items:
            zh, en = f"{art.label}没有项", f"{art.label} has no items"
        elif ref.item is not None:
            last = to_chinese(art.items[-1].item)
            zh, en = f"{art.label}只有第（一）至第（{last}）项", f"{art.label} has items （一） to （{last}）"
        elif ref.paragraph is not None and ref.item is None and len(art.paragraphs) == 1:
            zh, en = f"{art.label}只有一款，请引作{art.label}", f"{art.label} has a single paragraph: cite it as {art.label}"
        else:
            n = len(art.paragraphs)
            zh, en = f"{art.label}共{to_chinese(n)}款", f"{art.label} has {n} paragraphs"
        raise UnknownLabel(f"“{typed}”不指向任何条文：{zh}", f"{typed!r} names no provision: {en}", own or [art.label])


def _provisions(doc: Document) -> tuple[Provision, ...]:
    return doc.all_provisions


def _nearest(text: str, table: dict[str, Provision]) -> list[str]:
    return difflib.get_close_matches(text, list(table), n=3, cutoff=0.3)


def load_document(text_path: Path) -> Document:
    meta_path = text_path.with_suffix(".meta.yaml")
    if not meta_path.exists():
        raise CorpusError(text_path, 1, f"no metadata file {meta_path.name} beside the source")
    return parse_document(text_path, load_meta(meta_path))


@functools.lru_cache(maxsize=8)
def load_corpus(sources: Path | str = SOURCES) -> Corpus:
    """Every `*.txt` under `sources` with its `.meta.yaml`; the file sorting first is the default."""
    paths = sorted(Path(sources).glob("*.txt"))
    if not paths:
        raise CorpusError(sources, 0, "no source documents (*.txt) found")
    docs = tuple(load_document(p) for p in paths)
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise CorpusError(doc.source_path, 1, f"duplicate document id {doc.id!r}")
        seen.add(doc.id)
    return Corpus(docs)
