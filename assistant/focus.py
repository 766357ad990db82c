"""The part of a story about one person: the clauses that tell of them acting.

The understanding models learned mostly from stories about one main actor, so in a story of several
people a second person's items hold only what is left of the probability, and their conclusion is
seldom sure enough to state even when right ("两个考生在抄，监考老师在旁边玩手机，不管也不上报。那两个人
和这个监考分别会怎样？": the 监考's 第十九条第（二）项). Read again from their own clauses, the models see
that person as the main actor; where that reading agrees with the whole story's, the conclusion is
more often right (assistant/people.py `_with_focus`, a calibration input). A clause belongs to the
people it names as acting (not as an object, a witness or a victim: retrieval/subjects.py); a clause
that names no one continues the last one named ("监考老师就在旁边玩手机，不管也不上报"). A speaker's
introduction tells who speaks, not who acted; a person named only where the question is asked has no
conduct of their own to read.

Measured and rejected (2026-12-07): stating the focused reading's own item. On the fresh rounds and
the calibration set's second persons it was right no more often than the whole story's (399 against
413 of 736), and stated with a calibration fitted to it, fresh rounds r7-r84 right 2,840 -> 2,858 for
wrong 53 -> 61 (more than lowering the threshold would cost for as many right).
"""

from __future__ import annotations

import re

from retrieval.subjects import acting, introduction_end

# Clause ends: Chinese punctuation keeps every character (a look-behind split), English at a comma,
# semicolon or full stop followed by a space.
_CLAUSE = re.compile(r"(?<=[。！？?!；;，,、\n])|(?<=[.;:] )")
MIN_CHARS = 6  # fewer than this is a name, not a story
# A clause that asks rather than tells ("机构会不会受影响？", "这个专员和机构分别怎么处理"): a person
# named only where the question is asked has no conduct of their own to read.
_ASKS = re.compile(r"[?？]|怎么|如何|会不会|要不要|有没有事|吗|呢|分别|各自|哪条|哪项|哪一")


def about(text: str, subject: str) -> str | None:
    """The clauses of `text` that tell of `subject` acting, joined; None when they are the whole text
    (nothing to focus) or too few words to read."""
    start = introduction_end(text)
    mentions = [m for m in acting(text) if m.start >= start]
    kept: list[str] = []
    tells = False
    owner: set[str] = set()
    pos = 0
    for clause in _CLAUSE.split(text):
        begin, pos = pos, pos + len(clause)
        if pos <= start or not clause.strip():
            continue
        named = {m.subject for m in mentions if begin <= m.start < pos}
        if named:
            owner = named
        if subject in owner:
            kept.append(clause)
            tells = tells or not _ASKS.search(clause)
    told = "".join(kept).strip()
    return told if tells and len(told) >= MIN_CHARS and told != text.strip() else None
