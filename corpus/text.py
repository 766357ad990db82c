"""Which language a text is in: the one detector every layer uses.

Chinese when it has Han characters and they are not outnumbered three to one by Latin letters
("考生用了 AirPods 怎么办" is Chinese; "a candidate used a phone (手机)" is English), English when it
has Latin letters only or mostly, Chinese otherwise (digits, punctuation).
"""

from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'zh' or 'en'."""
    han, latin = len(HAN.findall(text)), len(LATIN.findall(text))
    return "zh" if han and han * 3 >= latin else ("en" if latin else "zh")
