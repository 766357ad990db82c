"""Negligence or intent: the line the regulation draws between its grades of staff misconduct.

The same act on the same material lands in different articles by the actor's state of mind: a score
entered wrongly is 第十八条第（三）项 (出现错误), a score changed on purpose 第二十条第（二）项 (涂改、弄虚作假);
a lax eligibility check is 第二十一条第（一）项 (审核不严), certificates sold 第二十三条第（十一）项 (出售).
Both describe "scores" or "certificates", so words about the material cannot tell them apart; words
about how it happened can. A question that says one and not the other steps back the provisions of
the other kind. Provisions are classed by their own wording, questions by everyday cues; a question
with cues of both kinds, or of neither, is left alone.
"""

from __future__ import annotations

import re

NEGLIGENCE = "negligence"
INTENT = "intent"

# The regulation's own words for each state of mind, read from a provision's text.
_PROVISION = {
    INTENT: re.compile(r"故意|编造|制售|伪造|涂改|偷换|盗窃|损毁|弄虚作假|徇私|舞弊|泄露|泄漏|泄密|出售|打击报复|包庇|指使|纵容|谋取私利|有组织作弊|组织.{0,6}作弊|虚假"),
    NEGLIGENCE: re.compile(r"错误|差错|失职|不严|未认真履行|误评|漏评"),
}

# How people say it.
_QUESTION = {
    INTENT: re.compile(
        r"故意|蓄意|有意(?!见|思)|存心|成心|偷偷|私自|私下|暗中|背着|篡改|改了.{0,4}(?:分|成绩)|(?:分数?|成绩)(?:被|给)?(?:人)?改了|(?:分数?|成绩).{0,8}改成|改分|改成绩|涂改|造假|做假|伪造|弄虚作假|"
        r"花钱|收钱|收了.{0,4}钱|红包|好处费|回扣|卖(?:题|证|答案|给)|出售|倒卖|泄露|泄漏|泄题|透露|外传|报复|记恨|刁难|卡我|包庇|"
        r"望风|放风|串通|勾结|指使|纵容|帮.{0,6}作弊|"
        r"(?i:\bdeliberate|\bon purpose\b|\bintentional|\bsecretly\b|\btamper|\balter(?:ed|ing)?\b|\bforg(?:ed|e|ing)\b|"
        r"\bfak(?:ed|e|ing)\b|\bbrib|\bsold\b|\bsell(?:s|ing)?\b|\bleak|\brevenge\b|\bretaliat|\bcollu)"
    ),
    NEGLIGENCE: re.compile(
        r"不小心|疏忽|粗心|失误|马虎|搞错|弄错|出错|录错|输错|看错|看串|算错|填错|(?<!泄)漏了|(?<!泄)漏掉|没注意|忘了|不严|没认真|没仔细|"
        r"(?i:\bby mistake\b|\bmistakes?\b|\baccidental|\bcareless|\boverlook|\berrors?\b|\bmixed up\b|\bforgot)"
    ),
}


def of_provision(text: str) -> str | None:
    """The state of mind a provision's own words describe, when they describe exactly one."""
    found = [kind for kind, pat in _PROVISION.items() if pat.search(text)]
    return found[0] if len(found) == 1 else None


def of_question(text: str) -> str | None:
    """The state of mind a question describes, when it describes exactly one."""
    found = [kind for kind, pat in _QUESTION.items() if pat.search(text)]
    return found[0] if len(found) == 1 else None
