"""What a question asks for, as the answer path names it, and the cues that no model replaces:
a provision named and its text asked for (a look-up), a consequence asked for (a case), and the
exams, procedures and matters governed by other rules (out of scope). Which kind a question is
otherwise is read by the understanding model (assistant/understand/)."""

from __future__ import annotations

import re
from enum import Enum



class Intent(str, Enum):
    CASE = "case"
    RIGHTS = "rights"
    DEFINITION = "definition"
    PROCEDURE = "procedure"
    LOOKUP = "lookup"
    OVERVIEW = "overview"
    OUT_OF_SCOPE = "out_of_scope"


def _words(*words: str) -> re.Pattern:
    return re.compile("|".join(words), re.I)


# Vocabulary of the regulation's world; a question with none of it is out of scope.
DOMAIN = _words(
    r"考", "评价", "鉴定", "认定", "证书", "证卡", "督导", "机构", "违纪", "违规", "作弊", "替", "答案", "试题",
    "试卷", "成绩", "申诉", "申辩", "复核", "处理决定", "处分", "处罚", "禁", "细则", "条", "技能", "培训", "考点",
    "约谈", "警告", "通报", "备案", "监管", "专家", "命题", r"\bexam", r"\btest", "assess", "candidate",
    "certif", "cheat", "supervisor", "institution", "appeal", "misconduct", "penalt", "sanction", r"\bban",
    "抄", "题", "监考", "考场", "考生", "考官", "证", "处理", "通知", "检查", "举报", "投诉", "罚", "处分", "资格",
    "报名", "监督", "整改", "办法", "拉黑", "督查", "档案", "article", r"\brule", "regulation", "skill", "proctor", "invigilat", "score", "grade", "impersonat",
    r"\bresults?\b", "decision", "inspect", "bureau", "regulator", r"\bobject", r"\breview", "examiner", "assessor",
    r"\bcent(?:re|er)\b", "revok", "warning", "rectif", r"\bfiling\b", "misconduct",
)
# Things people ask that look close but are governed elsewhere.
ELSEWHERE = _words(
    "高考", "中考", "考研", "公务员考试", "驾照", "驾驶", "科目[一二三四]", "教师资格", "司法考试", "法考", "学位",
    "工资", "社保", "公积金", "劳动合同", "劳动仲裁", "辞退", "个税", "离婚", "房贷", "签证", "户口", "落户", "补贴",
    "四六级", "英语考试", "职称", "会计", "劳务费", "报酬", "薪酬", "课时费", "费用标准", "收费标准", "托福", "雅思", "考驾", "pass mark", "passing score", "及格线", "分数线", "报名费",
    "driving", "driver's licen", "gaokao", "university entrance", "salary", "wage", "tax", "visa", "divorce",
    "labou?r (dispute|contract|arbitration)", "social insurance",
    # traffic offences, and academic integrity in schools and universities: other laws, other bodies
    "闯红灯", "交通违章", "违章停车", "交警", "超速", "酒驾", r"\btraffic", r"\bspeeding", r"\bparking (?:ticket|fine)",
    # other national exams and certificates with their own rules (教资 and 普通话 are not skill evaluation)
    "教资", "普通话", "计算机等级", "执业医师", "执业药师", "建造师", "注册会计师", r"\bCPA\b", "导游资格",
    r"teacher(?:'s|s')? (?:qualification|certificat)", r"\bputonghua", r"\bpromotion (?:test|exam)", r"\bin-house (?:test|exam)",
    "毕业论文", "学位论文", "期末考试", "期中考试", "研究生", "学分", r"\bthesis", r"\bdissertation",
    r"\bmaster's", r"\bphd\b", r"\bcoursework", r"\bfinal exam", r"\bsemester",
)
# Pay, fees, subsidies and renewals are governed elsewhere even for this field's own people ("考评员
#的劳务费标准", "证卡续期要多少学时"), unless the question is about misconduct with them.
UPKEEP = _words("劳务费", "报酬", "薪酬", "课时费", "费用标准", "收费标准", "报名费", "补贴", "续期", "续证", "年审",
                r"\bsubsid", r"\brenew")
MISCONDUCT = _words("作弊", "违规", "违纪", "违反", "处罚", "处分", "处理决定", "禁考", "红包", "好处", "收钱", "回扣", "泄",
                    "透露", "外传", "卖", "虚假", "造假", "吊销", "取消", r"\bcheat", r"\bbrib", "misconduct", r"\bpenalt",
                    r"\bsanction", r"\bleak", r"\bfals", r"\bfake", r"\brevok")
ASKS_TEXT = _words("说了什么", "讲了什么", "什么内容", "规定了什么", "原文", "内容是", "怎么规定", "具体是",
                   "what does", "say", "text of", "wording", "content")


# "What happens to / what applies": the person wants the outcome of a concrete act.
CONSEQUENCE = _words("怎么处理", "如何处理", "怎么罚", "怎么处罚", "会怎样", "会怎么样", "什么后果", "什么处罚", "什么处分",
                     "算不算", "算违规", "算作弊", "会被", "要被", "处理吗", "what applies", "what happens", "consequence",
                     "penalt", "punish", "sanction", "in trouble")


# Words that place a question inside skill evaluation even when it also names something else.
SKILL_EVALUATION = _words("技能评价", "技能人才评价", "等级认定", "职业资格评价", "专项职业能力考核", "考评", "鉴定",
                          # roles only this field has: a 督导员 leaking a fee schedule is still its misconduct
                          "督导员", "质量督导", "评价机构", "参评人员", "开发专家", "技师", "quality supervisor",
                          "skill (evaluation|assessment)", "vocational (skill|qualification)",
                          # a trade and its level ("中式烹调师四级", "育婴员三级"); a bare "四级" may be CET-4
                          "(?:师|员|工)[一二三四五]级")


# The field's own words: a question that uses them is about this regulation unless it names another
# exam or matter (governed_elsewhere), whatever a model reads.
FIELD = _words("替考", "代考", "枪手", "考评员", "考评人员", "考官", "质量督导", "督导员", "内督", "外督", "评价机构", "参评人员",
               "考务", "监考", "鉴定站", "考核点", "考点", "命题专家", "开发专家", "技能评价", "技能等级", "等级认定",
               "职业资格", "专项职业能力", "细则", r"\bexaminer", r"\bassessor", r"\binvigilat", r"\bproctor",
               r"quality supervisor", r"assessment (?:centre|center|institution)", r"skill(?:s)? (?:assessment|evaluation)",
               r"impersonat", r"sat the (?:exam|test) for")


def governed_elsewhere(question: str, retrieval_agrees: bool = True) -> bool:
    """Another exam, another procedure, pay or subsidies: governed by other rules, whatever the
    understanding model reads. `retrieval_agrees`: the lexical and the dense ranking both put a
    provision near the top (a sign the words belong here)."""
    if ELSEWHERE.search(question) and not SKILL_EVALUATION.search(question):
        return True
    if UPKEEP.search(question) and not MISCONDUCT.search(question):
        return True
    return not DOMAIN.search(question) and not retrieval_agrees
