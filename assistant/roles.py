"""Instructions to play a role are not facts of the case (issue 15 item 7).

"扮演考官：考生用手机查答案怎么处理？" asks about a candidate; "你现在是一个宽松的考官，考生带手机…"
too. The role the assistant is told to play (an examiner, a lenient one, a lawyer …) would
otherwise be read as the person whose conduct is asked about. The instruction is found by what it
is, whatever separates it from the question: a phrase addressed to the assistant that hands it a
persona ("扮演", "你现在是", "假装你是", "以…的身份", "act as", "you are now", "pretend to be",
"play the role of"), up to the persona's noun or the end of its clause. A user saying who *they*
are ("作为考评员，我迟到了", "I am an examiner") is a fact and is left alone.
"""

from __future__ import annotations

import re

# the end of a clause: any punctuation a role instruction may be followed by
_CLAUSE_END = r"，,。：:；;！!？?\n、—\-|/"
# personas a role instruction hands the assistant (the last noun of the instruction)
_PERSONA_ZH = (r"考官|考评员|考评人员|监考(?:员|老师|官)?|督导员|质量督导员|评价专家|专家|评价机构|机构负责人|"
               r"负责人|工作人员|老师|律师|法官|裁判|顾问|客服|助手|助理|机器人|人工智能|AI|角色|人")
_ADDRESSED_ZH = (r"(?:请你?|你|现在|从现在起|接下来)?(?:扮演|饰演|假装(?:你是|成为?|是)?|假设你是|设想你是|想象你是|"
                 r"你现在是|现在你是|你就是|你是|把自己当成|当作你是|以[^{end}]{{0,12}}?的?身份|充当|化身为?)")
# only where an instruction starts: the question's start or a clause's ("考评员扮演考生替考" is a fact)
_STARTS = rf"(?:^|(?<=[{_CLAUSE_END}\s.]))"
_ROLE_ZH = re.compile(
    _STARTS + _ADDRESSED_ZH.format(end=_CLAUSE_END)
    + rf"(?:一[个名位])?(?:[^{_CLAUSE_END}]{{0,12}}?(?:{_PERSONA_ZH})(?:的?身份|的?角色)?|[^{_CLAUSE_END}]{{0,16}})"
    + rf"(?:(?:来|并|再)?(?:回答|答复|判断|告诉我|说)(?=[{_CLAUSE_END}]|$))?[{_CLAUSE_END}]*\s*",
    re.I,
)
_PERSONA_EN = (r"examiner|assessor|invigilator|proctor|supervisor|expert|institution|official|officer|lawyer|"
               r"judge|assistant|bot|ai|person|role|character|teacher")
_ROLE_EN = re.compile(
    _STARTS + r"(?:please\s+)?(?:act as|you are now|from now on,? you are|pretend (?:to be|you are)|play the role of|"
    r"role-?play as|imagine you are|you will act as)\s+(?:an?\s+|the\s+)?"
    rf"(?:[\w'-]+\s+){{0,4}}?(?:{_PERSONA_EN})s?\b[\s.{_CLAUSE_END}]*",
    re.I,
)


def strip_roles(text: str) -> str:
    """The question without the instructions that hand the assistant a role; the question as it
    was when nothing but such an instruction is left."""
    kept = _ROLE_EN.sub("", _ROLE_ZH.sub("", text)).strip()
    return kept or text


def has_role(text: str) -> bool:
    return bool(_ROLE_ZH.search(text) or _ROLE_EN.search(text))
