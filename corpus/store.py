"""Load every source document and look provisions up by label."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

from corpus.messages import Text, text
from corpus.labels import LabelRef, parse_label
from corpus.model import Document, Provision
from corpus.numerals import to_chinese
from corpus.parser import CorpusError, load_meta, parse_document

SOURCES = Path(__file__).parent / "sources"


class UnknownLabel(LookupError):
    """A label that names no provision; `said` says why in both languages (str() is the English),
    `suggestions` what exists."""

    def __init__(self, said: Text, suggestions: list[str]):
        self.said = said
        self.suggestions = suggestions
        super().__init__(said.en)

    def told(self) -> Text:
        """The message with the nearest labels that exist, as a person reads it."""
        if not self.suggestions:
            return self.said
        return self.said + Text(zh="；", en=". ") + text("label.nearest", labels="、".join(self.suggestions))


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
        raise UnknownLabel(text("label.no_document", doc=f"“{doc_id}”"), [d.id for d in self.documents])

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
            raise UnknownLabel(text("label.not_a_label", typed=f"“{label}”"), _nearest(label, self.by_label(doc.id)))
        return self._lookup(doc, ref, label)

    def resolve(self, ref: LabelRef, doc_id: str | None = None) -> Provision:
        return self._lookup(self.document(doc_id), ref, ref.canonical())

    def _lookup(self, doc: Document, ref: LabelRef, typed: str) -> Provision:
        table = {p.label: p for p in _provisions(doc)}
        art = next((a for a in doc.articles if a.number == ref.article), None)
        if art is None and ref.article < 1:
            raise UnknownLabel(text("label.below_first", typed=f"“{typed}”"), ["第一条"])
        if art is None:
            last = doc.articles[-1].number
            near = min(max(ref.article, 1), last)
            raise UnknownLabel(text("label.no_article", title=doc.meta.title, label=ref.canonical(),
                                    last=f"第{to_chinese(last)}条"), [f"第{to_chinese(near)}条"])
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
            raise UnknownLabel(text("label.skipped_item", label=label, article=art.label, item=to_chinese(ref.item),
                                    before=to_chinese(ref.item - 1), after=to_chinese(ref.item + 1)), own)
        if ref.item is not None and not art.items:
            what = text("label.has_no_items", article=art.label)
        elif ref.item is not None:
            what = text("label.has_items", article=art.label, last=to_chinese(art.items[-1].item))
        elif ref.paragraph is not None and ref.item is None and len(art.paragraphs) == 1:
            what = text("label.single_paragraph", article=art.label)
        else:
            what = text("label.paragraphs", article=art.label, count=len(art.paragraphs))
        raise UnknownLabel(text("label.no_provision", typed=f"“{typed}”", what=what), own or [art.label])


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
