"""Which language a text is in: the one detector every layer uses.

Chinese when it has Han characters and they are not outnumbered three to one by Latin letters
("考生用了 AirPods 怎么办" is Chinese; "a candidate used a phone (手机)" is English), English when it
has Latin letters only or mostly, Chinese otherwise (digits, punctuation).
"""

from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u9fff]")
_HAN = r"\u3400-\u9fff"
# What PDF conversion varies and a reader does not: bracket width, and spaces that do not separate
# two Han characters (art. 1 separates joint issuers "…办公厅 公安部办公厅" with a space).
_SPACE_NOT_BETWEEN_HAN = re.compile(rf"(?<![{_HAN}])[ \t\u3000]+|[ \t\u3000]+(?![{_HAN}])")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})
LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'zh' or 'en'."""
    han, latin = len(HAN.findall(text)), len(LATIN.findall(text))
    return "zh" if han and han * 3 >= latin else ("en" if latin else "zh")


def fold(text: str) -> str:
    """The form text is matched in: brackets full-width, spaces around non-Han removed. Never shown:
    quotes keep the source's own characters (issue 15 item 13)."""
    return _SPACE_NOT_BETWEEN_HAN.sub("", text.translate(_BRACKETS))


def source_span(verbatim: str, folded: str) -> str | None:
    """The characters of `verbatim` that fold to `folded` (its first occurrence), or None: how a
    quote written in the folded form is found in, and shown as, the source's own text."""
    at = fold(verbatim).find(folded)
    if at < 0 or not folded:
        return None
    removed = set()
    for m in _SPACE_NOT_BETWEEN_HAN.finditer(verbatim.translate(_BRACKETS)):
        removed.update(range(m.start(), m.end()))
    kept = [i for i in range(len(verbatim)) if i not in removed]
    return verbatim[kept[at]: kept[at + len(folded) - 1] + 1]
