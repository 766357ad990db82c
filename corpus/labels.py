"""Citation labels: parse the forms people type, and find citations inside free text.

Canonical forms (DESIGN.md): 第七条, 第七条第（一）项, 第二十五条第二款.
Accepted input: 第7条, 七条第二项, 第七条(一), 第7条第2项, art. 7(2), article 29, Art 25 para 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.numerals import to_chinese, to_int

N = "0-9０-９一二三四五六七八九十百零〇两"
_ZH_RE = re.compile(
    rf"""^\s*第?\s*(?P<art>[{N}]+)\s*条
        (?:\s*第?\s*(?P<para>[{N}]+)\s*款)?
        (?:\s*第?\s*(?:[（(]\s*(?P<item_b>[{N}]+)\s*[)）]\s*项?|(?P<item>[{N}]+)\s*项))?
        \s*$""",
    re.X,
)
_EN_RE = re.compile(
    r"""^\s*(?:art(?:icle)?s?\.?|§)\s*(?P<art>\d+)
        (?:\s*\(\s*(?P<sub>\d+)\s*\))?
        (?:\s*,?\s*(?:para(?:graph)?\.?|§)\s*(?P<para>\d+))?
        (?:\s*,?\s*item\s*(?P<item>\d+))?
        (?:\s*\(\s*(?P<sub2>\d+)\s*\))?\s*$""",
    re.X | re.I,
)
# Citations inside running text. The leading 第 may be dropped: after a conjunction
# ("第十八条或十九条"), after 按/依/据/照/违反 ("能不能按二十一条约谈"), at the start of a sentence
# ("二十二条第九项是管什么的？", read as a case and answered with 第二十三条第（一）项 until 2026-12-05), or
# when a paragraph or item follows ("22条第9项"). A bare number before 条 elsewhere is not taken ("这两条规定", "有3条建议").
_IN_TEXT_ZH = re.compile(
    rf"""(?:第|(?<=[或和及、至到与按依据照反])|(?<![^\s，。？！、；：“”"《（(,.?!:;])(?![一两二几]条)(?=[{N}]+条(?:是|说|讲|规定|管|写|怎么|什么|里|中|[？?。，,\s]|$))|(?=[{N}]+条(?:第[{N}]+[款项]|第?[（(][{N}]+[)）])))(?P<art>[{N}]+)条
        (?:第(?P<para>[{N}]+)款)?
        (?:第?[（(](?P<item_b>[{N}]+)[)）]项?|第(?P<item>[{N}]+)项)?""",
    re.X,
)
_IN_TEXT_EN = re.compile(
    r"\b(?:art(?:icle)?s?\.?|§)\s*(?P<art>\d+)(?:\s*\((?P<sub>\d+)\))?(?:\s*(?:para(?:graph)?\.?)\s*(?P<para>\d+))?",
    re.I,
)


@dataclass(frozen=True)
class LabelRef:
    """A parsed citation. `sub` is an English "(2)" that means an item or a paragraph,
    whichever the article has; the corpus resolves it."""

    article: int
    paragraph: int | None = None
    item: int | None = None
    sub: int | None = None

    def canonical(self) -> str:
        label = f"第{_cn(self.article)}条"
        if self.paragraph is not None:
            label += f"第{_cn(self.paragraph)}款"
        if self.item is not None:
            label += f"第（{_cn(self.item)}）项"
        return label


# Past this a number is printed in digits: cn2an writes at most 16 digits, and no regulation has
# anywhere near so many articles.
LARGEST_CHINESE_NUMBER = 10**12


def _cn(n: int) -> str:
    """A typed 第0条 or 第99999999999999999999999条 names nothing, but must still print as written so
    it can be reported."""
    return to_chinese(n) if 1 <= n < LARGEST_CHINESE_NUMBER else str(n)


def _num(value: str | None) -> int | None:
    return to_int(value) if value else None


def parse_label(text: str) -> LabelRef | None:
    """The citation that `text` is, as a whole, or None."""
    text = text.strip()
    if m := _ZH_RE.match(text):
        try:
            return LabelRef(
                article=_num(m["art"]),
                paragraph=_num(m["para"]),
                item=_num(m["item_b"] or m["item"]),
            )
        except ValueError:
            return None
    if m := _EN_RE.match(text):
        sub = _num(m["sub"] or m["sub2"])
        return LabelRef(article=int(m["art"]), paragraph=_num(m["para"]), item=_num(m["item"]), sub=sub)
    return None


@dataclass(frozen=True)
class Citation:
    ref: LabelRef
    start: int
    end: int
    text: str


def find_citations(text: str) -> list[Citation]:
    """Every citation written in `text`, in order of appearance."""
    found: list[Citation] = []
    for m in _IN_TEXT_ZH.finditer(text):
        try:
            ref = LabelRef(_num(m["art"]), _num(m["para"]), _num(m["item_b"] or m["item"]))
        except ValueError:
            continue
        found.append(Citation(ref, m.start(), m.end(), m.group(0)))
    for m in _IN_TEXT_EN.finditer(text):
        ref = LabelRef(int(m["art"]), _num(m["para"]), None, _num(m["sub"]))
        found.append(Citation(ref, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda c: c.start)
