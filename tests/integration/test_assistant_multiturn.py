"""A reply to a follow-up question completes the same case."""

from assistant.pipeline import Conversation


def test_a_yes_completes_the_reminder_question(assistant):
    conv = Conversation()
    first = assistant.ask("考生带了资料进考场", conv)
    assert not first.sanctions and any("提醒" in q for q in first.follow_up)
    second = assistant.ask("是的，提醒了他还是不放", conv)
    assert [s.label for s in second.sanctions] == ["第六条第（一）项"]
    assert "取消当次该科目评价成绩" in second.sanctions[0].measures


def test_a_no_completes_it_the_other_way(assistant):
    conv = Conversation()
    assistant.ask("考生带了资料进考场", conv)
    second = assistant.ask("没有，提醒后马上放好了", conv)
    assert not second.sanctions and "第六条不予处理" in second.answer


def test_a_count_completes_the_escalation_question(assistant):
    conv = Conversation()
    first = assistant.ask("考评员迟到了", conv)
    assert first.sanctions[0].label == "第十一条第（一）项" and first.follow_up
    second = assistant.ask("这个周期已经被谈话提醒2次", conv)
    assert second.sanctions[0].label == "第十二条第（一）项"


def test_a_new_question_starts_a_new_case(assistant):
    conv = Conversation()
    assistant.ask("考生带了资料进考场", conv)
    other = assistant.ask("考评员把实操题目卖给培训机构会怎样", conv)
    assert other.sanctions and other.sanctions[0].label.startswith("第十三条")
