"""Parse a regulation's raw text (as converted from PDF) into the provision tree.

The parser repairs only what PDF conversion broke: sentences split by page breaks and blank
lines, and a stray "- " before items. Every character of a provision is the source's own, bracket
width and spaces included (quotes are shown as published); matching folds those differences
(corpus.text.fold). Wording, including the source's own slips, stays verbatim. Anything it
cannot read raises CorpusError naming the file and line: nothing is silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from corpus.model import Article, Chapter, Document, DocumentMeta, Paragraph, Provision
from corpus.numerals import to_chinese, to_int

NUM = "一二三四五六七八九十百零〇两"
CHAPTER_RE = re.compile(rf"^第([{NUM}]+)章\s*(.*)$")
ARTICLE_RE = re.compile(rf"^第([{NUM}]+)条(?:\s+|(?=[^{NUM}]))(.*)$")
ITEM_RE = re.compile(rf"^(?:[-–•·]\s*)?([(（]\s*([{NUM}]+)\s*[)）].*)$")
# A line that looks like a heading ("第…章" / "第…条" at the start) but whose number is unreadable.
HEADING_LIKE_RE = re.compile(r"^第\s*([^章条\s，。,]{1,6}?)\s*([章条])")
# A sentence that ends here; a line ending otherwise continues on the next non-blank line.
TERMINAL = tuple("。；;：:！？!?")


class CorpusError(ValueError):
    """The source cannot be read faithfully; the message names file, line and problem."""

    def __init__(self, path: str | Path, line: int, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{path}:{line}: {problem}")


def repair(text: str) -> str:
    """One line's part of a provision: the source's characters, without the line's outer spaces
    (a sentence split across lines is joined without them)."""
    return text.strip(" \t\u3000")


@dataclass
class _Line:
    number: int  # 1-based line in the source file
    text: str


@dataclass
class _Para:
    line: int
    parts: list[str]
    items: list[tuple[int, int, list[str]]] = field(default_factory=list)  # (number, line, parts)


def load_meta(path: Path) -> DocumentMeta:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise CorpusError(path, line, f"metadata is not valid YAML: {exc}") from exc
    required = ("id", "title", "number", "issuer", "issued", "effective", "status")
    missing = [k for k in required if not raw.get(k)]
    if missing:
        raise CorpusError(path, 1, f"metadata lacks {', '.join(missing)}")
    gaps = {str(k): tuple(int(n) for n in v) for k, v in (raw.get("known_gaps") or {}).items()}
    return DocumentMeta(
        id=str(raw["id"]),
        title=str(raw["title"]),
        title_en=str(raw.get("title_en", "")),
        number=str(raw["number"]),
        issuer=str(raw["issuer"]),
        issued=_date(raw["issued"], path, "issued"),
        effective=_date(raw["effective"], path, "effective"),
        status=str(raw["status"]),
        end_markers=tuple(raw.get("end_markers") or ()),
        known_gaps=gaps,
    )


def _date(value, path: Path, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorpusError(path, 1, f"metadata field {key!r} is not a YYYY-MM-DD date: {value!r}") from exc


def parse_document(text_path: str | Path, meta: DocumentMeta) -> Document:
    path = Path(text_path)
    try:
        raw_lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise CorpusError(path, line, "not UTF-8 text") from exc
    lines = [_Line(i + 1, t.strip()) for i, t in enumerate(raw_lines)]
    start = next((ln for ln in lines if CHAPTER_RE.match(ln.text)), None)
    if start is None:
        raise CorpusError(path, len(lines), "no chapter heading (第一章 …) found: cannot find the body")
    preamble = "\n".join(ln.text for ln in lines[: start.number - 1] if ln.text)
    body = []
    for ln in lines[start.number - 1 :]:
        if any(ln.text.startswith(m) for m in meta.end_markers):
            break
        body.append(ln)
    return _Builder(path, meta).build(_logical_lines(body), preamble)


def _is_structural(text: str) -> bool:
    return bool(CHAPTER_RE.match(text) or ARTICLE_RE.match(text) or ITEM_RE.match(text))


def _logical_lines(body: list[_Line]) -> list[_Line]:
    """Join lines that a page break or blank line split mid-sentence."""
    out: list[_Line] = []
    for ln in body:
        if not ln.text:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.text.endswith(TERMINAL)
            and not CHAPTER_RE.match(prev.text)
            and not _is_structural(ln.text)
        ):
            prev.text += ln.text
            continue
        out.append(_Line(ln.number, ln.text))
    return out


class _Builder:
    def __init__(self, path: Path, meta: DocumentMeta):
        self.path, self.meta = path, meta
        self.chapters: list[tuple[int, str, str, list]] = []  # (number, label, title, articles)
        self.article: tuple[int, int, list[_Para]] | None = None  # (number, line, paragraphs)
        self.last_article = 0

    def fail(self, line: int, problem: str) -> None:
        raise CorpusError(self.path, line, problem)

    def build(self, lines: list[_Line], preamble: str) -> Document:
        for ln in lines:
            self._take(ln)
        self._close_article()
        chapters, gaps = self._freeze()
        return Document(
            meta=self.meta,
            chapters=chapters,
            preamble=preamble,
            source_path=str(self.path),
            gaps=gaps,
        )

    def _take(self, ln: _Line) -> None:
        text = ln.text
        if m := CHAPTER_RE.match(text):
            self._close_article()
            number = self._number(m.group(1), ln)
            expected = len(self.chapters) + 1
            if number != expected:
                self.fail(ln.number, f"chapter {m.group(0)[:12]!r} out of order: expected 第{to_chinese(expected)}章")
            title = re.sub(r"\s+", "", m.group(2))
            if not title:
                self.fail(ln.number, f"chapter heading without a title: {text!r}")
            self.chapters.append((number, f"第{m.group(1)}章", title, []))
            return
        if m := ARTICLE_RE.match(text):
            self._close_article()
            number = self._number(m.group(1), ln)
            if number != self.last_article + 1:
                what = "duplicate" if number <= self.last_article else "out-of-order"
                self.fail(
                    ln.number,
                    f"{what} article number 第{m.group(1)}条: expected 第{to_chinese(self.last_article + 1)}条",
                )
            if not self.chapters:
                self.fail(ln.number, f"article 第{m.group(1)}条 before any chapter heading")
            if not m.group(2).strip():
                self.fail(ln.number, f"article heading 第{m.group(1)}条 has no text")
            self.last_article = number
            self.article = (number, ln.number, [_Para(ln.number, [repair(m.group(2))])])
            return
        if m := ITEM_RE.match(text):
            if self.article is None:
                self.fail(ln.number, f"item {text[:12]!r} outside an article")
            number = self._number(m.group(2), ln)
            para = self.article[2][-1]
            para.items.append((number, ln.number, [repair(m.group(1))]))
            return
        if h := HEADING_LIKE_RE.match(text):
            self.fail(ln.number, f"unreadable heading {h.group(0)!r}: {h.group(1)!r} is not a Chinese numeral")
        if self.article is None:
            self.fail(ln.number, f"text outside an article: {text[:30]!r}")
        self.article[2].append(_Para(ln.number, [repair(text)]))

    def _number(self, numeral: str, ln: _Line) -> int:
        try:
            return to_int(numeral)
        except (ValueError, KeyError) as exc:
            self.fail(ln.number, f"unreadable number {numeral!r}: {exc}")
            raise  # unreachable; keeps type checkers calm

    def _close_article(self) -> None:
        if self.article is not None:
            self.chapters[-1][3].append(self.article)
            self.article = None

    def _freeze(self) -> tuple[tuple[Chapter, ...], dict[str, tuple[int, ...]]]:
        doc = self.meta.id
        chapters: list[Chapter] = []
        gaps: dict[str, tuple[int, ...]] = {}
        for number, label, title, raw_articles in self.chapters:
            heading = f"{label} {title}"
            articles: list[Article] = []
            for art_no, art_line, paras in raw_articles:
                art_label = f"第{to_chinese(art_no)}条"
                multi = len(paras) > 1
                frozen_paras: list[Paragraph] = []
                for p_no, para in enumerate(paras, start=1):
                    lead = "".join(para.parts)
                    items = []
                    previous = 0
                    for item_no, item_line, parts in para.items:
                        if item_no <= previous:
                            self.fail(item_line, f"item （{to_chinese(item_no)}） of {art_label} repeats or goes backwards")
                        skipped = tuple(range(previous + 1, item_no))
                        if skipped:
                            declared = self.meta.known_gaps.get(art_label, ())
                            if not set(skipped) <= set(declared):
                                names = "、".join(f"（{to_chinese(s)}）" for s in skipped)
                                self.fail(
                                    item_line,
                                    f"{art_label} skips item {names}; if the published text skips it, "
                                    "declare it under known_gaps in the metadata",
                                )
                            gaps[art_label] = gaps.get(art_label, ()) + skipped
                        previous = item_no
                        prefix = f"{art_label}第{to_chinese(p_no)}款" if multi else art_label
                        pid = f"{doc}/art-{art_no}/para-{p_no}" if multi else f"{doc}/art-{art_no}"
                        items.append(
                            Provision(
                                id=f"{pid}/item-{item_no}",
                                label=f"{prefix}第（{to_chinese(item_no)}）项",
                                document=doc,
                                chapter=heading,
                                kind="item",
                                article=art_no,
                                paragraph=p_no if multi else None,
                                item=item_no,
                                text="".join(parts),
                                lead_in=lead,
                                line=item_line,
                            )
                        )
                    frozen_paras.append(Paragraph(p_no, lead, tuple(items), para.line))
                articles.append(Article(art_no, art_label, heading, tuple(frozen_paras), art_line))
            chapters.append(Chapter(number, label, title, tuple(articles)))
        for art_label, declared in self.meta.known_gaps.items():
            if tuple(declared) != gaps.get(art_label, ()):
                self.fail(1, f"metadata declares a gap in {art_label} that the text does not have")
        return tuple(chapters), gaps
