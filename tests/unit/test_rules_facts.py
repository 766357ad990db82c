"""Facts read from the words of a case, in Chinese and in English; a fact not stated stays unknown."""

import pytest

from rules.facts import infer_facts

TABLE = [
    ("考评员这个备案周期已经被谈话提醒2次，今天又迟到了", "prior_talks_in_cycle", 2),
    ("An examiner was late again after two talks this cycle", "prior_talks_in_cycle", 2),
    ("He was talked to twice this filing cycle", "prior_talks_in_cycle", 2),
    ("督导员被通报批评过，又没戴证", "prior_criticisms_in_cycle", 1),
    ("The assessor was criticised once already and skipped training again", "prior_criticisms_in_cycle", 1),
    ("机构今年成绩录错了4次", "score_errors_in_year", 4),
    ("Our centre had 4 score errors this year", "score_errors_in_year", 4),
    ("今年累计申请成绩更正60人次", "score_corrections_in_year", 60),
    ("We filed 62 corrections this year", "score_corrections_in_year", 62),
    ("考生带了资料，提醒后拒不收起来", "reminded_and_refused", True),
    ("让他把小抄交上来，他死活不给", "reminded_and_refused", True),
    ("我们机构今年录入出错已经累计5次了", "score_errors_in_year", 5),
    ("机构去年因为没报备被警告、限期整改，今年又犯了", "warned_under_art22", True),
    ("Our clerk already got a formal criticism notice this cycle", "prior_criticisms_in_cycle", 1),
    ("考生带了资料，提醒之后马上放好了", "reminded_and_refused", False),
    ("The candidate refused to put the notes away", "reminded_and_refused", True),
    ("机构已经被警告过，还没整改", "warned_under_art22", True),
    ("The institution was already warned and did not fix it", "warned_under_art22", True),
    ("外部督导员把结果发到朋友圈", "supervisor_kind", "external"),
    ("an internal quality supervisor slept through the exam", "supervisor_kind", "internal"),
    ("内督全程在看手机", "supervisor_kind", "internal"),
    ("机构自查发现后主动上报", "self_reported", True),
    ("we self-reported the mistake", "self_reported", True),
    ("Our clerk was publicly criticised (通报批评) once this cycle and erred again", "prior_criticisms_in_cycle", 1),
    ("The invigilator was publicly criticised in May and mishandled the papers again in June", "prior_criticisms_in_cycle", 1),
    ("Our centre has already been interviewed by the bureau this cycle", "prior_interviews_in_cycle", 1),
    ("he was given a verbal reminder twice before", "prior_talks_in_cycle", 2),
    ("The centre made 4 score entry errors this year", "score_errors_in_year", 4),
]


@pytest.mark.parametrize("text,fact,value", TABLE)
def test_a_stated_fact_is_read(text, fact, value):
    assert infer_facts(text)[fact][0] == value


@pytest.mark.parametrize(
    "text", ["考评员迟到了", "A candidate used a phone", "会被通报批评吗？", "Will the clerk be publicly criticised?", "He was not criticised before"]
)
def test_an_unstated_fact_stays_unknown(text):
    facts = infer_facts(text)
    assert "prior_talks_in_cycle" not in facts and "prior_criticisms_in_cycle" not in facts


def test_a_chinese_case_with_an_english_word_keeps_its_parenthesis():
    assert infer_facts("考评员用APP签到迟到（本周期已谈话提醒2次）")["prior_talks_in_cycle"][0] == 2


@pytest.mark.parametrize(
    "text, level",
    [
        ("漏评了两道小题，每个人差一两分", "minor"),
        ("少给了一个考生差1分", "minor"),
        ("整场大面积判错", "grave"),
        ("四十多个人合格不合格全反了", "grave"),
        ("准考证号写反了", None),  # a swapped number is not a reversed result
        ("the pass/fail results of the whole batch were reversed", "grave"),
        ("we found a couple of small scoring slips", "minor"),
        ("a significant marking error", "major"),
        ("考评员迟到了", None),
    ],
)
def test_the_size_of_a_grading_error(text, level):
    from rules.facts import infer_severity

    got = infer_severity(text)
    assert (got[0] if got else None) == level
