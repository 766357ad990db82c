"""The issue's acceptance examples for what users read (issue 14), and several people in one story."""

from dataclasses import replace

from assistant.pipeline import Conversation
from corpus.messages import t


def test_two_talks_then_leaving_early_escalates_to_12_1(assistant):
    a = assistant.ask("考评员本周期内已经两次被谈话提醒，今天又早退了")
    assert [s.label for s in a.sanctions] == ["第十二条第（一）项"]


def test_a_vague_question_gets_the_overview_and_a_question_not_one_sanction(assistant):
    a = assistant.ask("考生作弊怎么处理？")
    assert a.intent == "overview" and not a.sanctions and a.follow_up
    assert all(label in a.answer for label in ("第六条", "第七条", "第八条", "第九条"))


def test_a_school_exam_is_out_of_scope_though_the_regulation_is_named(assistant):
    a = assistant.ask("我女儿中考时带了手机，按这个细则会怎么处理？")
    assert a.intent == "out_of_scope" and not a.sanctions


def test_a_phone_call_is_not_delivery_28_2_is_cited_and_nothing_sanctioned(assistant):
    a = assistant.ask("处理决定能不能只打个电话通知？")
    assert "第二十八条第二款" in [c.label for c in a.citations] and not a.sanctions


def test_each_person_asked_about_gets_their_own_part(assistant):
    a = assistant.ask("评价机构的考务负责人收钱帮两名考生找人替考，机构、这位负责人和考生分别怎么处理？")
    parts = [line for line in a.answer.splitlines() if line.startswith("### ")]
    assert {"### 评价机构", "### 评价机构其他人员", "### 参评人员"} <= set(parts)
    candidate = a.answer.split("### 参评人员", 1)[1]
    assert "第八条第（二）项" in candidate  # 由他人冒名顶替参加评价: stated, or offered first when unsure
    assert all(s.label != "第八条第（二）项" or s.subject == "candidate" for s in a.sanctions)
    assert len(a.follow_up) == len(set(a.follow_up))  # one question asked once


def test_the_conversation_keeps_several_follow_ups_on_one_case(assistant):
    conv = Conversation()
    assistant.ask("考生用手机拍了试卷发到群里", conv)
    one = assistant.ask("他是故意的吗这个重要吗？", conv)
    two = assistant.ask("那他几年不能考？", conv)
    assert one.intent != "out_of_scope" and two.intent != "out_of_scope"
    assert all(s.subject == "candidate" for s in two.sanctions)


def test_an_english_overview_of_staff_passes_its_own_verification(assistant):
    # "Other institution staff: …" names staff, not the institution: the verifier read it as the
    # institution and replaced the whole answer with bare quotes
    a = assistant.ask("What penalties can staff and institutions get?")
    assert t("notice.draft_failed", "en") not in a.notices and "第十八条" in a.answer


def test_a_second_act_of_the_same_person_is_mentioned_with_its_provisions_not_stated(assistant):
    # the first act must be stated for the second to be mentioned beside it: "考评员迟到了，还在评分时给熟人
    # 打高分" sat at the threshold (0.883 against 0.90 after the 2026-12-07 recalibration) and is now asked
    a = assistant.ask("考评员上午迟到了，评分时还给熟人打高分")
    assert [s.label for s in a.sanctions] == ["第十一条第（一）项"]  # one conclusion stated
    other = a.answer.split("**另一行为**", 1)[1]
    assert "第十三条" in other and "没有规定同一人有多个违纪违规行为时如何合并处理" in a.answer


def test_an_escalation_told_with_again_is_one_act_not_two(assistant):
    a = assistant.ask("考评员本周期内已经两次被谈话提醒，今天又早退了")
    assert "**另一行为**" not in a.answer


def test_an_overview_names_the_group_asked_about_though_no_one_acts(assistant):
    a = assistant.ask("内部督导这个岗位，违规了一般有几档处理？")
    assert a.intent == "overview" and not a.sanctions
    assert a.citations[0].label.startswith(("第十四条", "第十五条", "第十六条"))


def test_asked_how_long_one_is_barred_the_articles_that_bar_come_first(assistant):
    a = assistant.ask("要是在考场上违纪，最多会被禁考多少年？")
    assert a.intent == "overview" and not a.sanctions
    first_articles = [c.label for c in a.citations if "项" not in c.label][:3]
    assert first_articles == ["第七条", "第八条", "第九条"]  # 第六条 bars no one


def test_leave_given_by_staff_is_no_sanction_and_the_item_is_cited(assistant):
    a = assistant.ask("实操考到一半我胃疼，举手后考务同意我去洗手间，还派了个人陪着。回来旁边的人说我擅自离开考位，会取消成绩吗？")
    assert not a.sanctions
    assert a.citations and a.citations[0].label.startswith("第六条")  # the item whose element is not met, quoted


def test_an_institution_below_its_count_is_not_sanctioned_and_its_items_are_cited(assistant):
    a = assistant.ask("我们中心今年成绩录入只错过2次，会被约谈负责人吗？")
    assert not a.sanctions
    assert "第二十一条第（九）项" in [c.label for c in a.citations]


def test_two_institutions_listed_one_after_another_get_a_decision_each(assistant):
    # one decision per kind of person left the second institution unstated (issue 14, build 3)
    a = assistant.ask("区里抽查了两家评价机构：甲机构评价结束快四个月了，证书数据还没上报；"
                      "乙机构把考核点从备案的地址搬到了另一个没备案的园区去考。两家分别怎么处理？")
    heads = [line for line in a.answer.splitlines() if line.startswith("### ")]
    assert heads == ["### 评价机构（甲机构）", "### 评价机构（乙机构）"]
    first, second = a.answer.split("### 评价机构（乙机构）")
    assert "第二十一条第（十）项" in first and "第二十二条第（三）项" in second
    assert {s.label for s in a.sanctions} <= {"第二十一条第（十）项", "第二十二条第（三）项"}


def test_two_examiners_marked_a_and_b_in_english(assistant):
    a = assistant.ask("Two of our examiners this month: Examiner A left his assessment post for an hour without "
                      "telling anyone; Examiner B refused to take the assignment at all. How is each handled?")
    heads = [line for line in a.answer.splitlines() if line.startswith("### ")]
    assert heads == ["### Examiner A", "### Examiner B"]
    assert "第十三条第（二）项" in a.answer.split("### Examiner B")[1]


def test_the_institution_asked_about_gets_its_articles_closing_sentence_when_the_impact_is_told(assistant):
    # article 13 ends: 造成不良影响的，对评价机构警告、责令限期整改 (recorded on the item, as the rulebook does)
    text = ("考评员打分没按评分标准，导致十几名考生等级判错，属于重大错误，考生集体投诉到区里，还上了本地新闻。"
            "这个考评员和我们机构分别会怎么样？")
    found = assistant._conclude(text, *assistant.understand(text), None)
    examiner = [c for c in found if c.subject == "examiner"]
    assert examiner and examiner[0].stated and examiner[0].best.label == "第十三条第（三）项"
    got = assistant._institution_consequence(examiner, text)
    assert [(s.label, s.subject) for s in got] == [("第十三条第（三）项", "institution")]
    assert any("警告" in m for m in got[0].measures) and got[0].verified
    # an item of the institution's own in question (stated or asked) decides instead: not both
    assert assistant._institution_consequence([*examiner, replace(examiner[0], subject="institution")], text) == []
    # not asked about, the institution's consequence stays under "what follows"
    alone = "考评员打分没按评分标准，导致十几名考生等级判错，属于重大错误，还上了本地新闻。考评员会怎么样？"
    assert assistant._institution_consequence(examiner, alone) == []


def test_the_institutions_consequence_in_english_passes_verification(assistant):
    a = assistant.ask("An examiner assessed his own trainees, against the separation of training and assessment, and "
                      "it was reported in the local news. What happens to him and to the centre?")
    assert a.sanctions and all(s.verified for s in a.sanctions)


def test_the_main_person_beside_another_asked_about_is_marked_for_the_calibrator(assistant):
    from assistant import people

    def main_of(text):
        u, hits = assistant.understand(text)
        return people.everyone(text, u, hits, assistant.rulebook, None, assistant.sureness, False)

    both = main_of("考评员在实操考试时把评分要点偷偷告诉了一名考生，那名考生照着做拿了高分。考评员和考生分别怎么处理？")
    assert both[0].beside_asked and any(c.role == "asked" for c in both[1:])
    assert not any(c.beside_asked for c in both[1:])  # the mark is the main person's only
    alone = main_of("考生在理论考试时用手机搜答案，被考评员当场发现。他会怎么处理？")
    assert not alone[0].beside_asked
