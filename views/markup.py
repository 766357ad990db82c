"""Text shown safely on a page: user and corpus text made inert for st.markdown, and the question's
words marked in a provision. Pure (no Streamlit), so the tests read it directly."""

from __future__ import annotations

import html
import re

_MD = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>#+-.!|~$"})
_STOP = {"怎么", "什么", "如何", "可以", "是否", "哪些", "多少", "处理", "一个", "这个", "那个", "时候", "问题", "请问",
         "the", "what", "how", "an", "is", "was", "to", "of", "in", "on", "at", "this", "that", "after", "again"}
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z0-9]{2,}")


# A web address in the text: up to a space, an angle bracket, a quote or CJK/full-width punctuation.
_URL = re.compile(r"https?://[^\s<>\"'\u3000-\u303f\uff00-\uffef]+", re.I)
_TRAILING = ".,;:!?"


def _url_end(url: str) -> str:
    """The address without the sentence's punctuation after it ("…/a_(1).html)." ends at html)."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def _inert(text: str) -> str:
    return html.escape(text, quote=False).translate(_MD)


def plain(text: str) -> str:
    """User or corpus text made inert for st.markdown: HTML escaped, Markdown marks as entities. A web
    address becomes an explicit autolink (<https://…>), inside which nothing is decoded: as plain
    text the renderer would link it with its entities (`&#41;`) shown literally."""
    out, at = [], 0
    for m in _URL.finditer(text):
        url = _url_end(m.group(0))
        if len(url) <= len("https://"):
            continue
        out += [_inert(text[at : m.start()]), f"<{url}>"]
        at = m.start() + len(url)
    out.append(_inert(text[at:]))
    return "".join(out)


def terms(question: str) -> set[str]:
    """The question's words worth marking: Chinese words of 2+ characters (jieba) and Latin words."""
    import jieba  # loaded on first use: the app initialises it while the index loads

    out = {w.lower() for w in _LATIN.findall(question or "")}
    for run in _HAN.findall(question or ""):
        out.update(w for w in jieba.lcut_for_search(run) if len(w) >= 2)
    return out - _STOP


def highlight(text: str, question: str, exact: bool = False) -> str:
    """`text` escaped, with the stretches that share words with `question` (or, `exact`, the whole
    of it, as in a search) in <mark>...</mark>."""
    hit = [False] * len(text)
    low = text.lower()
    for term in {question.strip().lower()} - {""} if exact else terms(question):
        start = low.find(term)
        while start >= 0:
            hit[start : start + len(term)] = [True] * len(term)
            start = low.find(term, start + 1)
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and hit[j] == hit[i]:
            j += 1
        chunk = plain(text[i:j])
        out.append(f"<mark>{chunk}</mark>" if hit[i] else chunk)
        i = j
    return "".join(out)
