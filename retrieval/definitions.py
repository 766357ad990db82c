"""Definition questions go to the paragraph that defines the term.

"考点的保安算不算工作人员", "评价机构具体指什么", "does 'staff' cover the site coordinator" ask what a
defined term covers. Ranked by words, such questions drift to the provisions that merely use the
term (第二十五条 is full of 工作人员), so a question of that shape gets the defining paragraph
first, like a question that names a provision. The terms are read from the corpus ("本细则所称X指…"),
not listed here; only the everyday and English names for them are.
"""

from __future__ import annotations

import re

from corpus import Corpus, Provision
from corpus.text import fold

_DEFINES = re.compile(r"^本细则所称(.{2,12}?)(?:指|包括)")

# Everyday and English names for the defined terms. Bare 机构 and 考官 are left out on purpose:
# "机构算不算违规" and "考官算不算工作人员" are about the other term, or not about definitions at all.
_ALIASES = {
    "参评人员": ["考生", "参评人员", r"(?i:candidates?|test[- ]takers?)"],
    "工作人员": ["工作人员", r"(?i:staff(?: members?)?|personnel)"],
    "评价机构": ["评价机构", "鉴定机构", "鉴定站", "考评机构", r"(?i:assessment (?:institutions?|bod(?:y|ies)|centres?|centers?|organi[sz]ations?))"],
    "评价机构监管部门": ["评价机构监管部门", "监管部门", r"(?i:regulators?|supervisory (?:authorit(?:y|ies)|departments?))"],
    "技能人才评价": ["技能人才评价", r"(?i:skill(?:ed)?[- ]talent (?:evaluation|assessment))"],
}

_Q = r"[“\"「『'‘]?"  # a term is often put in quotation marks
_UQ = r"[”\"」』'’]?"


def _zh_patterns(name: str) -> list[re.Pattern]:
    # "X算不算/属于/算是…TERM(吗|？|范围…)": the term ends the clause, so "算不算机构违规" is not one
    return [
        re.compile(rf"(?:算不算|算是|属不属于|属于|在不在|也算|算)[^，。？?！!,]{{0,8}}?{_Q}(?:{name}){_UQ}"
                   rf"(?=[吗嘛呢么？?，,。！!]|的?范围|之列|里面?吗|$)"),
        re.compile(rf"{_Q}(?:{name}){_UQ}[^，。？?]{{0,4}}?(?:是指|指的是|指什么|指哪些|具体指|包括哪些|包括谁|包不包括|都包括|包含哪些|的范围|范围是|的定义|定义是|是什么意思|什么意思)"),
        re.compile(rf"所称的?{_Q}(?:{name})"),
    ]


def _en_patterns(name: str) -> list[re.Pattern]:
    t = rf"['\"‘“]?(?:{name})['\"’”]?"
    return [
        # "who counts as staff", "does she count as a candidate"
        re.compile(rf"(?i:\b(?:(?:counts?|counted|qualif(?:y|ies)|classed|regarded)\s+as|considered(?:\s+as)?)\s+(?:an?\s+)?){t}"),
        re.compile(rf"(?i:\bdoes\s+){t}(?i:\s+(?:\w+\s+){{0,4}}?(?:cover|include|mean|refer to)\b)"),
        re.compile(rf"(?i:\bdefinition of\s+(?:an?\s+|the\s+)?){t}"),
        re.compile(rf"(?i:\b(?:am i|are (?:they|we|you)|is (?:he|she|it|that|this)|is an?\s+\w+|are\s+\w+)\s+(?:considered|counted as|classed as|treated as|regarded as)\s+(?:an?\s+)?){t}"),
        re.compile(rf"(?i:\bwhat (?:is|are) (?:an?\s+|the\s+)?){t}(?i:\s*(?:\?|under|in these|in this|according))"),
    ]


def _terms(corpus: Corpus) -> tuple[tuple[Provision, tuple[re.Pattern, ...]], ...]:
    out = []
    by_term: dict[str, Provision] = {}
    for p in corpus.provisions():
        m = _DEFINES.match(fold(p.text).strip())
        # an article's own text starts with its first paragraph: the paragraph is the citation
        if m and (m.group(1) not in by_term or by_term[m.group(1)].kind == "article"):
            by_term[m.group(1)] = p
    for term, p in by_term.items():
        names = _ALIASES.get(term, [re.escape(term)])
        zh = "|".join(n for n in names if not n.startswith("(?i:"))
        en = "|".join(n for n in names if n.startswith("(?i:"))
        pats = _zh_patterns(zh) + (_en_patterns(en) if en else [])
        out.append((p, tuple(pats)))
    # a longer term first: "评价机构监管部门" is not "评价机构"
    out.sort(key=lambda tp: -len(_DEFINES.match(fold(tp[0].text).strip()).group(1)))
    return tuple(out)


class Definitions:
    """The corpus's defined terms, compiled once per corpus."""

    def __init__(self, corpus: Corpus):
        self.terms = _terms(corpus)

    def asked(self, question: str) -> list[Provision]:
        """The defining paragraphs of the terms the question asks the meaning of, in order of mention."""
        return _asked(question, self.terms)


def _asked(question: str, terms) -> list[Provision]:
    found: list[tuple[int, Provision]] = []
    taken: list[tuple[int, int]] = []
    for prov, pats in terms:
        for pat in pats:
            m = pat.search(question)
            if m and not any(a <= m.start() < b for a, b in taken):
                found.append((m.start(), prov))
                taken.append(m.span())
                break
    return [p for _, p in sorted(found, key=lambda sp: sp[0])]
