"""Who a question (or a provision) is about: candidate, examiner, supervisor, expert, staff, institution.

The same detector labels provisions (from an article's lead-in, when rules/ gives no subject) and
questions, so a question about an examiner's phone is steered to the examiner's provisions and
not to the candidate's electronic-device item.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Codes as in DESIGN.md's case contract.
CANDIDATE = "candidate"
EXAMINER = "examiner"
SUPERVISOR = "quality_supervisor"
EXPERT = "item_expert"
STAFF = "institution_staff"
INSTITUTION = "institution"
SUBJECTS = (CANDIDATE, EXAMINER, SUPERVISOR, EXPERT, STAFF, INSTITUTION)

# Longest cues first within a subject does not matter: every cue is searched for.
# Chinese cues match as substrings; English cues as word prefixes (case-insensitive).
_CUES: dict[str, tuple[str, ...]] = {
    CANDIDATE: (
        "考生", "参评人员", "参评者", "学员", "应试", "报考", "报名", "替考", "代考", "枪手", "冒名顶替",
        "我考试", "我在考", "考试时我", "我考", "考的时候", "参加考试", "参加评价的人",
        "candidate", "examinee", "test-taker", "test taker", "student", "trainee", "applicant",
    ),
    EXAMINER: (
        "考评员", "考评人员", "考官", "评委", "评分员", "阅卷", "打分", "评卷", "面试官", "考评老师",
        "examiner", "assessor", "grader", "marker", "rater", "judge",
    ),
    SUPERVISOR: ("督导", "内督", "外督", "supervisor", "quality monitor"),
    EXPERT: (
        "开发专家", "项目开发", "出题", "命题专家", "专家", "题库开发", "编题",
        "expert", "item writer", "question writer", "question setter", "setter", "item development",
        "item-development", "item developer", "test developer", "question-writing", "paper setter", "exam writer",
    ),
    STAFF: (
        "工作人员", "考务人员", "考务(?!计划|管理(?!人员)|工作|安排|流程|方案|规定|制度|材料|系统|费)", "监考", "巡考", "联系人", "业务操作人员", "业务操作员", "操作员", "执行负责人", "审核人员", "审核员",
        "其他人员", "机构员工", "机构的员工", "办事员",
        # desks named in everyday words (the regulation's 业务操作人员), as in "机构和这个业务员分别怎么处理",
        # where the person had not been decided at all; not a candidate's own job ("我是一名保险业务员",
        # "业务员工作证明")
        "(?<!我是)(?<!我是个)(?<!一名)(?<!保险)(?<!销售)业务员(?!工作|证明)", "招生老师", "招生的老师",
        "招生人员", "证书管理员", "发证员",
        # the speaker's colleague, and people named by their desk ("录分的同事"); a bare 同事 may be a
        # fellow candidate ("我和同事一起去考电工"), a bare verb may be anyone's act ("考评员录成绩录错了")
        "(?:我们|机构|单位|考点|中心)的?同事", "(?:窗口|前台|办公室|后台|教务|发证处|证书科)的?(?:同事|工作人员|小姑娘|小伙子|大姐|阿姨)", "(?:考点|考场)(?:里|上)?(?:有个|有位|有一个|有一位|的|一个|一位)?(?:审核|报名|登分|录分|发证|考务)?的?老师", "(?:录分|登分|录成绩|发证|成绩处理|证书印发|报名审核|审核报名)的(?:人|同事|老师|员工)?", "审核的(?:人|同事|老师|员工)", "审核老师",
        # an institution's desks named by what they do (the regulation's 业务操作人员, 联系人, 考核点相关工作人员):
        # "报名老师", "证书专员", "组卷员", "入场核验的小刘". Over the calibration set's stories (2026-12-07) 59
        # people a label asks about were never decided; staff named this way were the largest group (26)
        # (报名人员 are the applicants, 第八条's candidates, not a desk)
        "(?:报名|招生|资格审核|考务|教务|证书|组卷|登分|录分|成绩录入|数据录入|入场核验|核验|检录|发证|档案)(?:的)?(?:专员|管理员|干事|助理|主任|主管|老师|(?<!报名)(?<!报名的)人员|员)(?!工作|证明)",
        "(?:入场核验|核验|检录|组卷|考务)的(?:人|同事|老师|员工|小[\u4e00-\u9fff])", "(?:机构|考点|考核点|评价中心)(?:的|里的|里)?(?:员工|职员)",
        "registration (?:officer|staff|desk|clerk|team)", "eligibility (?:reviewer|officer|checker)", "liaison", "contact person",
        "exam(?:ination)?[- ](?:office|officer|affairs officer|affairs staff|coordinator|team)", "certificat(?:e|ion) (?:manager|officer|team|clerk|admin)",
        "data (?:team|entry|clerk|officer)", "records? (?:team|clerk|officer)", "office lady",
        "our colleague", "my colleague", "our coworker", "our co-worker",
        "staff", "invigilator", "proctor", "clerk", "employee", "admin(?:istrator)?s?\\b", "registrar",
        "admissions officer", "certificate officer",
    ),
    INSTITUTION: (
        "评价机构", "机构", "培训学校", "培训机构", "考点", "考核点", "鉴定所", "学校", "公司", "老板", "领导",
        "institution", "centre", "center", "provider", "organisation", "organization", "agency", "school",
        "director", "boss", "management",
    ),
}

_EN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class SubjectMatch:
    subject: str
    cue: str
    start: int
    end: int


def _find(text: str, cue: str) -> list[tuple[int, int]]:
    """(start, end) of each occurrence. A cue with "(?" is a pattern (a word that names a person
    only when not followed by some words: 考务人员 yes, 考务计划 no)."""
    pattern = cue if "(?" in cue else re.escape(cue)
    if _EN.match(cue):
        return [m.span() for m in re.finditer(rf"\b{pattern}", text, re.I)]
    return [m.span() for m in re.finditer(pattern, text)]


def detect_all(text: str) -> list[SubjectMatch]:
    """Every subject cue in `text`, in order of appearance; a cue inside a longer one is dropped."""
    return list(_detect_all(text))


@functools.lru_cache(maxsize=1024)  # one answer reads the same texts ~6 times (whom, roles, facts); ~0.8 ms each
def _detect_all(text: str) -> tuple[SubjectMatch, ...]:
    spans: list[tuple[int, int, str, str]] = []
    for subject, cues in _CUES.items():
        for cue in cues:
            for start, end in _find(text, cue):
                spans.append((start, end, subject, cue))
    # keep the longest span where spans overlap
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        # A Chinese compound noun's head is its last part: in "评价机构其他人员" or
        # "考点的工作人员" the earlier cue only modifies the later one.
        if kept and 0 <= span[0] - kept[-1][1] <= 1 and text[kept[-1][1] : span[0]] in ("", "的"):
            kept[-1] = span
            continue
        kept.append(span)
    return tuple(SubjectMatch(s, cue, start, end) for start, end, s, cue in kept)


# A cue right after one of these is an object or an agent ("没跟监考说", "被考官发现",
# "让工作人员…"), not the one whose conduct is asked about.
_OBJECT_MARKERS = tuple("跟向给对被让叫找把替帮和与")
_OBJECT_EN = re.compile(
    r"\b(?:by|to|with|from|for|told|tell|asked|ask|without|telling|asking)\s+(?:the\s+|an?\s+|our\s+|my\s+|their\s+)?$",
    re.I,
)
# First person singular without a named role: a candidate asking about their own exam.
_FIRST_PERSON = re.compile(r"我(?!们)|\b(?:I|me|my|I'm|I've)\b")
# First person plural without a named role: someone speaking for an institution ("我们没报备").
_FIRST_PLURAL = re.compile(r"我们|\b(?:we|our|us|we're|we've)\b", re.I)


# "培训考评员时要讲…", "给督导员上课": the role is the audience of a trainer, not the actor.
_AUDIENCE_BEFORE = ("培训", "培训新", "给新", "教")


# "监考发现…", "考官看到…", "the invigilator noticed …": the one who saw it tells the story; the
# conduct asked about is someone else's.
# Verbs of catching or finding out, not of plain seeing: "考生看到监考不在，就拿出手机" is the
# candidate's own act. Not when what was found is the finder's own ("考评员发现自己录错了").
_WITNESS_AFTER = re.compile(
    r"^(?:老师|员|人员|们)?(?:当场|在考场上?|巡查时|巡考时|复核时)?(?:发现|抓到|抓住|查到|查出|逮到|撞见)(?!自己|本人)"
)
_WITNESS_EN = re.compile(r"^\w*\s+(?:caught|found|spotted|discovered)\b(?!\s+(?:himself|herself|themselves|that (?:he|she|they)))", re.I)
# ...unless the one who saw it then did nothing: that inaction is the conduct asked about (第十九条第（二）项)
_INACTION = re.compile(
    r"不管|没管|(?:没|未|不)(?:按规定)?(?:处理|上报|报告)|不制止|没制止|没有制止|不报(?!名|考)|没报(?!名|考)|没上报|不上报|装作|假装|视而不见|当没看见|放任|没吭声|一句话没说|不处理|没处理|"
    r"(?i:\bignored\b|\b(?:did|does|do) nothing\b|\bdidn't (?:stop|report|do)|\bdid not (?:stop|report|do)|\blooked away\b)"
)


# The target of someone's aggression ("指着考评员骂", "推了监考一把", "threatened the examiner"):
# the conduct asked about is the aggressor's.
_VICTIM_BEFORE = re.compile(r"(?:指着|冲着|推了?|推搡|打了|殴打|骂了?|辱骂|威胁|恐吓|围攻|顶撞|揪住|拽住|掐住|堵着|堵住|拦着|拦住|围着)$")
_VICTIM_EN = re.compile(r"\b(?:threatened|threatening|threatens|shoved|pushed|hit|punched|attacked|assaulted|insulted|abused|swore at|yelled at)\s+(?:the\s+|an?\s+|our\s+)?$", re.I)


def _is_witness(text: str, m: SubjectMatch) -> bool:
    """Named as the one who caught someone (unless they then did nothing), or as the victim."""
    after = text[m.end : m.end + 16]
    before = text[max(0, m.start - 16) : m.start]
    if _EN.match(m.cue):
        return (bool(_WITNESS_EN.match(after)) and not _INACTION.search(text)) or bool(_VICTIM_EN.search(before))
    return (bool(_WITNESS_AFTER.match(after)) and not _INACTION.search(text)) or bool(_VICTIM_BEFORE.search(before))


def _is_object(text: str, m: SubjectMatch) -> bool:
    before = text[max(0, m.start - 12) : m.start]
    if _EN.match(m.cue):
        return (bool(_OBJECT_EN.search(before)) and m.start > 0) or _is_witness(text, m)
    return before[-1:] in _OBJECT_MARKERS or before.endswith(_AUDIENCE_BEFORE) or _is_witness(text, m)


# A self-introduction at the start of a question, up to the end of its clause.
_INTRO = re.compile(r"^\W{0,3}(?:(?:你好|您好|老师好|hi|hello)\W{0,3})?(?:我是|我们是|(?i:i am|i'm|we are|we're)\b)[^。！？!?，,.;；]{0,40}", re.I)


def acting(text: str) -> list[SubjectMatch]:
    """The mentions of a subject in `text` as one acting (not as an object, agent, audience, witness
    or victim), in order."""
    return [m for m in detect_all(text) if not _is_object(text, m)]


def actors_named(text: str) -> list[str]:
    """The subjects named in `text` as the ones acting, in order of mention; no one is implied."""
    return list(dict.fromkeys(m.subject for m in acting(text)))


def introduction_end(text: str) -> int:
    """Where a self-introduction at the start ("我是监考，", "I'm a proctor and") ends; 0 if none."""
    m = _INTRO.search(text)
    return m.end() if m else 0


def detect(text: str) -> list[str]:
    """The subjects a question is about, most likely first.

    Subjects named as actors come before those named as objects ("没跟监考说就走了" is about the
    candidate, who is implied); within each group, first mention first. A question that names no
    actor but is in the first person singular, or names only objects, is taken to be a candidate's:
    the one person in an exam room whom people leave unnamed. One in the first person plural that
    names no one ("我们没报备考务计划") speaks for an institution.
    """
    order: dict[str, tuple[int, int]] = {}
    matches = detect_all(text)
    intro = _INTRO.search(text)
    # "我是某评价机构的负责人。…负责成绩处理的小王…": the speaker introduces themself, then tells of
    # someone else; the intro's role comes after that someone (when there is one)
    in_intro = (lambda m: intro.start() <= m.start < intro.end()) if intro else (lambda m: False)
    others_act = any(not in_intro(m) and not _is_object(text, m) for m in matches)
    for m in matches:
        rank = (1 if _is_object(text, m) or (others_act and in_intro(m)) else 0, m.start)
        order[m.subject] = min(order.get(m.subject, rank), rank)
    if not order and _FIRST_PLURAL.search(text) and not _FIRST_PERSON.search(text):
        order[INSTITUTION] = (0, -1)
    elif (order or _FIRST_PERSON.search(text)) and not any(r[0] == 0 for r in order.values()):
        order[CANDIDATE] = (0, -1)
    elif _FIRST_PERSON.search(text) and CANDIDATE not in order:
        order[CANDIDATE] = (2, 0)  # "我…": possibly a candidate's own case, after the named actors
    return [s for s, _ in sorted(order.items(), key=lambda kv: kv[1])]


def witnesses(text: str) -> list[str]:
    """Subjects named only as the ones who caught or found out someone else's conduct ("监考发现两个
    考生在对答案"), when that someone is named or implied: their own provisions are not what is asked."""
    matches = detect_all(text)
    only = {m.subject for m in matches if _is_witness(text, m)} - {m.subject for m in matches if not _is_witness(text, m)}
    return [s for s in detect(text) if s in only] if only and len(detect(text)) > len(only) else []


# Questions about the regulation itself rather than about a conduct: who decides, whether it
# applies, what a term means, how the procedure runs. Sanction items then step back.
_GENERAL = re.compile(
    "|".join(
        [
            r"谁来?(?:处理|认定|负责|管|查|决定|处罚)", r"由谁", r"归谁", r"哪个(?:部门|单位|机关)", r"哪些部门", r"交给.{0,8}处理",
            r"自己处理", r"有(?:没有)?权", r"管辖", r"按哪个", r"还是按", r"从其规定",
            # scope ("适用于…吗", "does it apply to"), not "what applies" / "适用哪一项", which ask for a case's provision
            r"适用(?:于|范围)", r"是否适用", r"适不适用", r"能不能适用", r"也适用", r"还适用", r"都适用", r"适用(?:本|这|此|该)", r"适用吗", r"管得着", r"归这个",
            r"算不算(?!.{0,4}(?:违规|违纪|作弊|违反|违法))", r"属不属于(?!.{0,4}(?:违规|违纪|作弊|违反|违法))", r"指的是", r"是指", r"什么是", r"什么叫", r"定义", r"包括哪些", r"包不包括",
            # the regulation's procedure, not an institution's own ("内部管理流程")
            r"(?:程序|流程|步骤)(?:是|怎么|怎样|如何|有哪些|对吗|对不对|合规|合法)",
            r"(?:走|什么|啥|哪些|处理|认定|申诉|复核|整个|办理|更正)的?(?:程序|流程|步骤)",
            # recourse against a decision ("不服…找谁", "怎么申诉"), not a case told with the word in it
            r"(?:不服|异议|申诉|申辩|复核).{0,12}(?:向谁|找谁|怎么办|怎么|如何|多久|几天|多少天|期限|能不能|可不可以|可以|吗)",
            r"(?:向谁|找谁|怎么|如何|去哪)(?:提出?)?(?:申诉|异议|申辩|复核)",
            r"\b(?:how|where|when|whom|who)\b[^.?!]{0,40}\b(?:appeal|object|challenge|contest)", r"\bwho (?:handles|deals|decides|is responsible|investigates)", r"\bwhich (?:authority|body|department)",
            # rule-making ("能不能定内部的管理规定", art. 35) and whose job a case is
            r"(?:制定|制订|细化|定|出台|出)(?:我们|自己|本单位|本机构|内部)?的?[^，。？?]{0,8}(?:规定|细则|制度|办法)",
            # how a finding is made: on whose word, on what evidence, on another authority's decision
            r"(?:就|才)能认定", r"能不能认定", r"怎么认定", r"如何认定", r"认定.{0,6}(?:依据|证据)",
            r"(?:重新|从头|还得|还要)[^，。？?]{0,4}调查", r"(?:直接|可以)(?:用|采用|沿用|依据)[^，。？?]{0,12}(?:结论|处罚|决定)",
            # told first and heard before a decision (art. 28)
            r"(?:先|事先|提前|事前)(?:通知|告知|告诉|跟我说|说一声|打招呼)", r"(?:解释|辩解|申辩|陈述|说明情况)的?机会", r"让我(?:解释|辩解|说明|申辩)",
            r"\b(?:tell|notify|inform|warn) (?:me|us|him|her|them) (?:first|before|in advance|beforehand)",
            r"\bchance to (?:explain|defend|respond|be heard|state|tell)", r"\bright to (?:explain|respond|be heard|a hearing|defend)",
            r"\b(?:be|get|being) heard\b", r"\badvance notice", r"\bdefend (?:myself|ourselves|himself|herself|themselves)\b",
            # the regulation's purpose, basis and date of effect (arts. 1 and 36)
            r"(?:立法|制定|出台|发布)的?目的", r"目的是什么", r"(?:什么时候|何时|哪天|哪一天)(?:开始)?(?:施行|实施|生效|执行)", r"施行(?:日期|时间)", r"生效(?:日期|时间)",
            r"\bpurpose of (?:these|this|the) (?:rules|regulation|rulebook)", r"\b(?:come|came|comes) into (?:force|effect)", r"\btake effect", r"\bin force\b", r"\beffective (?:date|from)",
            r"\b(?:drafted|based|built) on\b",
            r"\b(?:make|write|adopt|issue|set) (?:up )?(?:our|its|their) own (?:rules|regulations|policy|policies)",
            r"\b(?:can|may|could) the (?:regulator|bureau|authorit\w*|district|government)\b[^.?!]{0,40}\b(?:handle|deal|decide|step in|take over)\b",
            r"\bwhose (?:job|call|responsibility)\b",
            r"\bjurisdiction", r"\bappl(?:y|ies) to\b", r"\b(?:does|do|would) (?:it|this|these rules|the rules|the regulation) apply\b", r"\bprevail", r"\bwho counts", r"\bwhat counts",
            r"\bdefinition", r"\bdefine", r"\bprocedure", r"\bprocess\b",
        ]
    ),
    re.I,
)


# "Which provision applies to a candidate who …", "适用本办法哪一条": asks for a case's provision.
_WHICH_APPLIES = re.compile(r"(?i:\b(?:which|what)\b[^.?!]{0,40}\bappl(?:y|ies)\b[^.?!]*)|适用[^，。？?]{0,12}哪|哪[^，。？?]{0,12}适用")


def asks_general(text: str) -> bool:
    """Whether the question is about jurisdiction, scope, definitions or procedure."""
    return bool(_GENERAL.search(_WHICH_APPLIES.sub(" ", text)))


def provision_subject(lead_in: str) -> str | None:
    """The subject of a sanctioning article from its lead-in ("考评人员有下列行为之一的…"), else None."""
    head = re.split(r"有下列|有相关|涉及|[，,。]", lead_in, maxsplit=1)[0]
    if not re.search(r"有(下列|相关)", lead_in[: len(head) + 4]):
        return None
    found = detect(head)
    return found[0] if found else None
