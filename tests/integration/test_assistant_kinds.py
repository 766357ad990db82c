"""What a question asks, as the answer path reads it: the understanding model's kind, a provision
named and its text asked for, a consequence asked for, or a matter governed elsewhere."""

import pytest


@pytest.mark.parametrize(
    "question, kind",
    [
        ("我被取消了成绩，不服可以申诉吗", "rights"),
        ("大学生参加职业技能等级认定作弊怎么处理", "overview"),  # skill evaluation names the field; no act: an overview
        ("考官乱扣分怎么处理", "case"),
        ("考务把两个考生的准考证发反了怎么处理", "case"),  # one act's consequence, no class of conduct named
        ("质量督导员出了问题，一般分几档处理？", "overview"),  # the ladder of measures is asked
        ("第十三条说了什么", "lookup"),
        ("督导员把我们机构的收费标准透露给同行", "case"),  # a role of this field, whatever the topic
        ("考评员收了机构额外给的劳务费红包，打分放水", "case"),  # pay words in a misconduct story
        ("我女儿中考时带了手机，按这个细则会怎么处理？", "out_of_scope"),  # names this regulation, another exam
    ],
)
def test_questions_are_read_for_what_they_ask(assistant, question, kind):
    assert assistant.ask(question).intent == kind


@pytest.mark.parametrize(
    "question, article",
    [
        ("我让同学替我去考了育婴员，被发现了，我以后还能报名吗？", "第八条"),
        (("I was caught looking at my phone during the theory test. Do I lose my other subjects too, and can I "
          "register again next year?"), "第七条"),
    ],
)
def test_a_rights_question_that_tells_ones_act_also_decides_the_act(assistant, question, article):
    # the rights part is answered, and the act told is decided as a case: stated when sure, else asked
    # with the act's article offered first (English "looking at my phone" is split between 第七条第（一）项
    # and （二）项, which carry the same sanction, since the English word view)
    a = assistant.ask(question)
    assert a.intent == "rights"
    if a.sanctions:
        assert a.sanctions[0].label.startswith(article)
    else:
        assert a.follow_up and a.citations[0].label.startswith(article)


def test_a_rights_question_about_the_remedy_states_no_sanction(assistant):
    a = assistant.ask("我被认定用手机作弊，能申诉吗？")  # what is asked is the appeal, not the act
    assert a.intent == "rights" and not a.sanctions and a.citations[0].label == "第二十九条"


def test_heard_before_the_decision_is_28_1_and_the_remedy_after_it_is_29(assistant):
    before = assistant.ask("万一我被认定作弊，正式处理之前会不会先通知我、听我解释？")
    assert before.citations[0].label == "第二十八条第一款" and not before.sanctions
    after = assistant.ask("成绩已经被取消了，决定书也收到了，我不服，找谁申诉？")
    assert after.citations[0].label == "第二十九条" and not after.sanctions


@pytest.mark.parametrize(
    "question",
    [
        # another exam or assessment told in this field's words (监考, 考官, 考评人员, 细则): the kind model
        # is sure it is out of scope and the words alone do not overrule it (pipeline.OUTSIDE_SURE)
        "My daughter's piano grading exam examiner was rude. Can I complain under the Shanghai 176 rules?",
        "健身房教练资格是行业协会发的，考官收钱的话按这个细则处理吗？",
    ],
)
def test_another_exam_in_this_fields_words_is_out_of_scope(assistant, question):
    a = assistant.ask(question)
    assert a.intent == "out_of_scope" and not a.sanctions


@pytest.mark.parametrize(
    "question, kind",
    [
        # short general questions naming Shanghai or nothing at all: the model once read them out of scope
        # at 0.88-0.99 (its out-of-scope examples named Shanghai twenty times as often as its in-scope ones)
        ("How many working days do I have to appeal?", "rights"),
        ("上海技能考试作弊会怎么处理？", "overview"),
        ("What happens if you get caught cheating in a Shanghai vocational skill test?", "overview"),
    ],
)
def test_a_general_question_naming_shanghai_is_in_scope(assistant, question, kind):
    assert assistant.ask(question).intent == kind
