"""A conversation: the case still waiting for a fact, completed by the next reply.

"考生带了手机" -> the engine asks whether the candidate refused a reminder -> "是的" is read as the
fact it answers ("经提醒后拒不改正") and the case is assessed again with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.subjects import detect

YES = re.compile(r"^(是|是的|对|对的|有|有的|嗯|拒不|拒绝|不听|yes|yep|correct|right)\b", re.I)
NO = re.compile(r"^(不是|否|没有|没|无|不|改正了|改了|no|nope|not)\b", re.I)
COUNT = re.compile(r"(\d+|[一二两三四五六七八九十])\s*(次|回|人次|times?)", re.I)
_PRIOR_WORD = {"prior_talks_in_cycle": "谈话提醒", "prior_criticisms_in_cycle": "通报批评",
               "prior_interviews_in_cycle": "约谈"}
FOLLOW_UP_CHARS = 40  # a reply longer than this tells a new story


@dataclass
class Conversation:
    """Multi-turn state: a case still waiting for facts, and the answers so far."""

    pending_subject: str | None = None
    pending_conduct: str | None = None
    pending_facts: list[str] = field(default_factory=list)
    answers: list = field(default_factory=list)

    def clear_case(self) -> None:
        self.pending_subject, self.pending_conduct, self.pending_facts = None, None, []

    def remember(self, subject: str, text: str, open_facts: list[str]) -> None:
        if open_facts:
            self.pending_subject, self.pending_conduct, self.pending_facts = subject, text, list(open_facts)
        else:
            self.clear_case()

    def completes_case(self, text: str) -> bool:
        """A short reply that names no other person answers the open question."""
        if not self.pending_conduct or len(text) > FOLLOW_UP_CHARS:
            return False
        named = detect(text)
        return not named or named[0] == self.pending_subject

    def merge(self, text: str) -> str:
        """The open case's words plus the reply, a bare yes/no/count spelled out as the fact."""
        fact = self.pending_facts[0] if self.pending_facts else None
        spelled = text
        if fact == "reminded_and_refused":
            if YES.search(text):
                spelled = "经提醒后拒不改正"
            elif NO.search(text):
                spelled = "经提醒后马上改正了"
        elif fact in _PRIOR_WORD and (m := COUNT.search(text)):
            spelled = f"本备案周期内此前被{_PRIOR_WORD[fact]}{m.group(1)}次"
        elif fact in _PRIOR_WORD and NO.search(text):
            spelled = f"本备案周期内此前没有被{_PRIOR_WORD[fact]}过"
        elif fact == "adverse_impact":
            spelled = "造成了不良影响" if YES.search(text) else ("没有造成不良影响" if NO.search(text) else text)
        return f"{self.pending_conduct}；{spelled}"
