"""The part of a question that asks, as against the story it tells: the last two sentences that ask
something ("…机构和这个业务员分别怎么处理？"). Whom those sentences name is whom the question asks about
(assistant/people.py); the models read them apart from the story for the same reason
(assistant/understand/models.py, the `several` reader).

Measured on the evaluation sets' questions that ask about several (2026-12-05): of second persons
named in the asking sentences 45 of 68 were asked about, named anywhere 58 of 137."""

from __future__ import annotations

import re

# Chinese sentences end at their own marks; English ones also at a full stop before the next sentence's
# capital, but not after an initial or a title ("Mr. Li", "No. 176", "Art. 6", "e.g."). Until 2026-12-07
# English split only at ? and !, so the asking part of 5,621 of the training questions' 6,469 English
# cases was the whole story, and everyone named in it counted as asked about.
SENTENCE = re.compile(r"(?<=[。！？?!；;\n])"
                      r"|(?<![A-Z][a-z]\.)(?<![A-Z]\.)(?<!\b[Nn]o\.)(?<!\b[Aa]rt\.)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
                      r"(?<!\bMrs\.)(?<=\.)\s+(?=[A-Z\"'“(])")
# A sentence asks with a question mark or a Chinese asking word; in English with a question word where
# it begins ("What happens to him.", "Is that allowed") - anywhere, "is", "are" or "do" tell a story
# ("The proctor is new and the candidates are friends").
ASKING = re.compile(r"[？?]|怎么|如何|会不会|要不要|吗|呢|哪条|哪项|分别|各自|各|"
                    r"(?i:^\W*(?:(?:and|but|so|also|then|now|ok|okay)\W+)?(?:what|how|will|would|does|do|did|can|could|should"
                    r"|is|are|am|was|were|who|which|may|must|whose)\b)")


def asking_part(text: str) -> str:
    """The last two sentences that ask something (the whole text when none does)."""
    asked = [s for s in SENTENCE.split(text) if s.strip() and ASKING.search(s)]
    return "".join(asked[-2:]) if asked else text
