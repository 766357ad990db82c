"""A conversation: the current case, completed or questioned by the next replies.

"考生带了手机" -> the engine asks whether the candidate refused a reminder -> "是的" is read as the
fact it answers ("经提醒后拒不改正") and the case is assessed again with it. The case stays the
context of short follow-ups ("第二次呢？", "他什么时候能再考？", "会记入诚信档案吗？") until a new
story starts or the person starts a new case (`clear_case`).
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
# Words that lean on what was said before: pronouns, "what if", "and then", a second time.
LEANS_BACK = re.compile(
    r"[他她它这那该此其]|呢[？?]?$|如果|要是|假如|假设|万一|第[二三四]次|再次|又|还[会要能]|同样|这种|那样|之后|以后|然后"
    r"|(?i:\b(?:he|she|it|they|him|her|them|this|that|what if|again|then|second time|afterwards?)\b)")
CASE_CHARS = 1000  # a case grown by follow-ups keeps its start (who did what) and its latest words


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
        """The current case (kept as the context of follow-ups) and the facts it still waits for."""
        self.pending_subject, self.pending_conduct, self.pending_facts = subject, text, list(open_facts)

    def completes_case(self, text: str) -> bool:
        """A short reply that names no other person answers the open question."""
        if not self.pending_conduct or not self.pending_facts or len(text) > FOLLOW_UP_CHARS:
            return False
        named = detect(text)
        return not named or named[0] == self.pending_subject

    def follows(self, text: str, reads_as_new_case: bool) -> bool:
        """A short message that leans on the current case rather than telling a new one: it names no
        other person, and either leans back ("他", "…呢？", "如果…") or is not a case on its own."""
        if not self.pending_conduct or len(text) > FOLLOW_UP_CHARS:
            return False
        named = detect(text)
        if named and named[0] != self.pending_subject:
            return False
        return bool(LEANS_BACK.search(text)) or not reads_as_new_case

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
        return self.joined(spelled)

    def joined(self, text: str) -> str:
        """The case's words, then the follow-up's."""
        case = self.pending_conduct or ""
        if len(case) + len(text) > CASE_CHARS:
            case = case[: CASE_CHARS // 2] + "…" + case[-(CASE_CHARS // 2 - len(text)):]
        return f"{case}；{text}"
