"""Where the regulation is silent, the answer says so (issue 14 failure kind 8, issue 15 item 11).

Examples written for these tests from the regulation, not taken from any eval set."""

import pytest

from assistant import silences
from corpus import load_corpus


@pytest.mark.parametrize("question, topic", [
    ("被取消成绩后能不能去法院起诉评价机构？", "review_litigation"),
    ("对禁考决定不服，可以走行政复议吗", "review_litigation"),
    ("Can I sue the assessment centre over the ban?", "review_litigation"),
    ("替考被抓会不会上失信黑名单", "credit_record"),
    ("Will this go on my social credit record?", "credit_record"),
    ("一个备案周期到底多久？", "cycle_length"),
    ("What is the filing cycle, how long does it last?", "cycle_length"),
    ("考评员是第一次犯错，能不能酌情减轻？", "individual_leniency"),
    ("Is there any leniency for a first offence by a candidate?", "individual_leniency"),
    ("被取消成绩，报名费能退吗", "fees"),
    ("考评员一天的劳务费是多少", "pay"),
    ("Will the examiner be fined for this?", "fines"),
    ("机构发虚假广告，监管部门能罚款吗", "fines"),
    ("考生组织作弊会坐牢吗", "criminal_penalty"),
    ("考评员证卡被吊销以后，多久可以重新申请？", "reapply"),
    ("怎么才能成为考评员？", "qualification"),
    ("被禁考三年…不对是五年，这期间能去江苏那边考吗", "ban_reach"),
    ("I got a two-year ban here. Am I barred from other trades as well?", "ban_reach"),
])
def test_each_silent_point_is_found(question, topic):
    assert topic in [s.id for s in silences.asked(question)]


@pytest.mark.parametrize("question", [
    "评价机构自查发现问题主动上报，可以从轻处理吗？",  # 第三十一条 answers this: not a silence
    "考生用手机查答案怎么处理",
    "处理决定要在多少个工作日内复核？",
    "违纪处理的材料要归档保存吗",  # 第三十条's archive is in the regulation
    "考务人员收钱帮考生找人替考",  # a bribe is conduct the regulation addresses, not pay
    "He was paid to sit the exam for someone else",
    "A candidate was fined by the police for a fake ID. Does the centre still handle it?",  # 第二十七条's case
    "The supervisor did the job fine and signed the log.",
    "被禁考两年，从哪天开始算？",  # when a bar starts is answered by the deadline notes, not here
])
def test_what_the_regulation_answers_is_not_called_silent(question):
    assert silences.asked(question) == []


def test_every_nearest_provision_exists_and_every_topic_has_both_languages():
    corpus = load_corpus()
    for s in silences.silences():
        for label in s.nearest:
            corpus.get(label)
        assert s.says("zh") and s.says("en") and s.says("zh") != s.says("en")


def test_a_silent_point_is_said_and_no_sanction_is_stated(assistant):
    a = assistant.ask("对处理结果不服能申请行政复议吗？")
    assert a.answer.startswith("**细则未作规定**") and not a.sanctions
    assert "第二十九条" in [c.label for c in a.citations]  # the remedy it does give, as context


def test_leniency_for_a_person_is_said_to_be_absent_and_the_case_still_decided(assistant):
    a = assistant.ask("考生考试时偷偷用手机搜答案被发现，他是初犯而且认错态度很好，能从轻吗？")
    assert "细则未作规定" in a.answer and "第三十一条" in a.answer
    assert a.sanctions and a.sanctions[0].label.startswith("第七条")


def test_english_gets_the_english_wording(assistant):
    a = assistant.ask("How long does a filing cycle last?")
    assert a.answer.startswith("**Not addressed by the regulation**") and not a.sanctions


def test_a_multi_part_question_answers_the_part_the_regulation_does_address(assistant):
    a = assistant.ask("取消成绩以后，证书信息会被公开吗，会不会影响我的信用记录？")
    assert a.answer.startswith("**细则未作规定**") and "信用记录" in a.answer
    assert "第十条" in [c.label for c in a.citations]  # 向社会公布违规证书信息: the part it does answer


def test_a_bar_asked_about_elsewhere_keeps_its_item_and_says_the_rest_is_silent(assistant):
    a = assistant.ask("我帮别人组织作弊被罚5年不能考，那我去浙江考茶艺师也不行吗？")
    assert a.answer.startswith("**细则未作规定**")
    assert a.citations and a.citations[0].label.startswith("第九条")  # the bar asked about, not scope text
    assert all(s.label.startswith("第九条") for s in a.sanctions)  # the act told, if stated, is the bar's


def test_a_matter_of_other_rules_is_out_of_scope_with_what_the_regulation_says_beside_it(assistant):
    a = assistant.ask("组织作弊的人移送公安以后，一般会判几年？")
    assert a.intent == "out_of_scope" and not a.sanctions
    assert a.answer.startswith("**细则未作规定**") and "刑罚" in a.answer
    assert [c.label for c in a.citations][:1] == ["第三十四条"]  # the referral it does provide, quoted
    b = assistant.ask("Can the regulator fine an institution that ran a 'guaranteed pass' advert?")
    assert b.intent == "out_of_scope" and b.answer.startswith("**Not addressed by the regulation**")
    assert "no fines" in b.answer and [c.label for c in b.citations] == ["第二条"]


def test_a_fine_another_authority_imposed_is_the_regulations_own_question(assistant):
    a = assistant.ask("考生用作弊耳机，已经被公安罚款了，评价机构还要按细则认定吗？")
    assert a.intent != "out_of_scope" and "第二十七条" in [c.label for c in a.citations]
