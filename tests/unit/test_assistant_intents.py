"""Matters governed by other law (traffic, schools and universities, wages, tax, other national
exams) are out of scope even when they use the regulation's words ("申诉", "作弊"); the field's own
words keep a question in. Which kind an in-scope question is, is the understanding model's reading
(tests/integration/test_assistant_kinds.py)."""

import pytest

from assistant.intents import asks_outside, governed_elsewhere


@pytest.mark.parametrize(
    "question",
    [
        "我开车闯红灯被罚了，觉得拍错了，能申诉吗？",
        "期末考试作弊被学校记过，可以按这个细则复核吗",
        "My dissertation was flagged for plagiarism, how do I appeal?",
        "I got a speeding ticket, can I object under these rules?",
        "高考作弊会被判刑吗",
        "考证培训费能抵扣个税吗",
        "教资面试作弊禁考几年",  # another exam with its own rules
        "普通话水平测试带小抄会不会也按这个规定禁考",
        "Our company runs its own yearly promotion test for team leaders. Does this regulation cover cheating in it?",
        "考评员一天的劳务费标准是多少",  # pay for this field's own people is governed elsewhere
        "考评员证卡快到期了，续期要培训多少学时？",
        "督导员去一次现场的督导费有标准吗",  # pay, by another name
        "My level-3 assessment is in Guangzhou, do the Shanghai misconduct rules cover it?",  # another city, in English
        "普通话测试被说违规，能按上海技能评价违规细则申诉吗",  # the name's parts told apart
        "我在昆山考电工被抓到带手机，被禁考一年，上海这边的细则管得着吗",  # a bar given outside Shanghai
        "My cousin was caught cheating at an assessment in Hangzhou. Will he be banned?",  # held there, no Shanghai named
    ],
)
def test_questions_governed_elsewhere_are_out_of_scope(question):
    assert governed_elsewhere(question, retrieval_agrees=True)


@pytest.mark.parametrize(
    "question",
    [
        "I received the written decision cancelling my results. How long do I have to object?",
        "Inspectors from the district bureau came and our director refused to let them in. What's the risk?",
    ],
)
def test_english_questions_in_the_field_are_not_taken_for_out_of_scope(question):
    # even when retrieval's two rankers disagree, the field's own words keep the question in scope
    assert not governed_elsewhere(question, retrieval_agrees=False)


@pytest.mark.parametrize(
    "question",
    [
        "高级技师的论文抄袭别人的会怎么处理？",
        "A candidate was caught in the parking lot of the exam centre passing notes",
        "为了落户加分用假的工作年限证明报了中式烹调师四级，证书会被收回吗",  # 落户 is the motive, not the topic
        "An institution rents out its qualification to another company for a management fee. What applies?",
        # a bar this regulation imposed, asked about elsewhere: its own sanction, where it is silent
        "因为找人替考被禁两年，这两年里我去外地考焊工也不行吗",
        "They banned me for 5 years over the group cheating. Does the ban apply in another province too?",
        # the same with a city named in English, as the Chinese words name them; Shanghai named too
        "Got a 2-year ban from a Shanghai assessment centre. Could I sit the same level in Nanjing meanwhile?",
        "Is the ban Shanghai-only? My brother wants to take the bartender level 4 next month instead.",
    ],
)
def test_words_shared_with_other_fields_do_not_refuse_in_scope_questions(question):
    assert not governed_elsewhere(question, retrieval_agrees=True)


@pytest.mark.parametrize(
    "question, elsewhere",
    [
        ("注册会计师考试里偷看资料，能套用这份技能人才评价细则吗", True),  # naming this regulation saves nothing
        ("我在浙江嘉兴的机构考的育婴员，被判作弊，能按上海的规定申辩吗", True),  # another region's body
        ("我户口在江苏，但是在上海的鉴定站考的电工，被说违纪了", False),  # taken in Shanghai
        ("考务提醒两次他还大声喧哗，旁边的人都没法考了", False),  # 没法考 is not 法考
        # the regulation's name in any order of its parts is still only its name
        ("中考英语口试作弊，是不是也按技能人才评价这个细则处罚？", True),
        ("考研的时候偷带耳机，跟你们这个技能评价的细则一样禁考吗", True),
        ("按技能人才评价违纪违规的细则，育婴员考试偷看手机怎么处理", False),
        # the field said not to concern it: the other exam is what is asked
        ("跟考评没关系哈，顺便问一下：我表妹中考带小抄被抓，按176号细则会禁考吗？", True),
        # in English the exam's place, not the regulation's name nor where a person comes from
        ("My cousin sat the cook exam in Wuxi (not Shanghai) and was caught with a phone. What does the Shanghai 176 rule say?", True),
        ("I live in Shanghai but sat the test at a centre in Nanjing and was caught cheating; does rule 176 apply?", True),
        ("A candidate from Hong Kong sat the Level 3 florist exam in Xuhui and used a phone. What applies?", False),
        ("Our centre in Shanghai hired an examiner from Zhejiang who leaked the paper. What happens to him?", False),
        # the regulation's own name is no story of misconduct: a pay dispute asked about it stays elsewhere
        ("机构拖欠我两个月的督导劳务费，按这个违纪违规处理细则能不能要回来？", True),
        ("厂里按培训协议要我赔培训费，技能人才评价这个细则管不管？", True),
        # a skills contest is not an evaluation: what a contestant or judge does there is its own rules'
        ("区里的技能竞赛决赛，有个选手把别人的零件藏起来了，按这个细则怎么处理？", True),
        ("At the city's hairdressing skills competition a judge favoured her own salon's contestant. Does rule 176 apply?", True),
        ("HSK四级考试时我同桌带了手机，按上海这个细则会怎么样？", True),
        # a person who judges a contest elsewhere, or a barred candidate asking to enter one, is in this field
        ("考评员老孙那天去外区当技能竞赛裁判，提前请了假，这算不算擅自缺岗？", False),
        ("我被禁考两年期间，能不能报名参加厂里的技能比武？", False),
    ],
)
def test_other_exams_and_regions_are_told_from_this_field(question, elsewhere):
    assert governed_elsewhere(question) is elsewhere


def test_a_topic_word_inside_a_misconduct_story_does_not_refuse_it():
    story = "他报名时用的工作年限证明是找中介开的，后来单位还给他涨了工资，现在会怎样"
    assert governed_elsewhere(story, in_scope_sure=False)  # unsure models: the topic word counts
    assert not governed_elsewhere(story, in_scope_sure=True)  # sure models: it is a story of misconduct


@pytest.mark.parametrize("text, case_p, elsewhere", [
    # pay or fees told in a story the models read as a case are the story's
    ("考评员接到派遣后说补贴太少不去了，之后两回派他也推掉，这种怎么处理？", 0.9, False),
    ("有人自称考评员在群里招揽学员，说实操他打分包过，每人还收两百报名费，这人会被怎么处理", 0.95, False),
    # not read as a case, or the fee itself asked about: another matter
    ("考评员接到派遣后说补贴太少不去了，之后两回派他也推掉，这种怎么处理？", 0.3, True),
    ("考评员这次的补贴一般发多少，什么时候发？", 0.9, True),
])
def test_pay_told_in_a_case_is_the_storys_and_asked_about_is_another_matter(text, case_p, elsewhere):
    assert governed_elsewhere(text, in_scope_sure=True, case_p=case_p) is elsewhere


@pytest.mark.parametrize("text,elsewhere", [
    # the regulation named in English does not put another exam inside skill evaluation
    ("I'm proctoring the CPA exam next month; would the skill evaluation misconduct rules cover me if I leave early?", True),
    ("Do the Shanghai skill assessment discipline rules apply to the driving test?", True),
    # naming it about its own field stays in scope
    ("Under the skill evaluation misconduct rules, what happens to a candidate who used a phone?", False),
])
def test_the_regulation_named_in_english_is_not_its_field(text, elsewhere):
    assert governed_elsewhere(text) is elsewhere


# From the r55-r57 round's out-of-scope questions answered as in scope (read after it was scored at stop
# 28's start and end); each tested with new words, both ways.
@pytest.mark.parametrize("text,elsewhere", [
    ("按沪人社职〔2025〕176号，驾校科目二考试时替考怎么处理？", True),  # the document number names the rule, not the exam
    ("Does this 176号 skill assessment regulation apply to someone cheating in a TOEFL test?", True),
    ("区里事业编招聘考试有人带小抄，能用那个技能评价细则处理吗？", True),
    ("考生在中式烹调师四级考试中替考，按176号文怎么处理？", False),
    ("我是考评员，监考时被考生打伤住院了。医药费和工伤谁来管？", True),  # the story is misconduct; what is asked is not
    ("My nephew cheated in his welder test and was banned. Will it hurt his hukou application next year?", True),
    ("考生作弊被抓了，会被禁考几年？", False),
    ("考评员收了红包给考生放水，他的工资会被扣吗？", True),
    ("考评员收了红包给考生放水，会被怎么处理？", False),
    ("我们机构的考务人员她这回又排错了考场座位，她会被辞退吗？", False),  # what the institution does is asked
])
def test_what_the_last_question_asks_decides_a_matter_governed_elsewhere(text, elsewhere):
    assert governed_elsewhere(text, in_scope_sure=True, retrieval_agrees=True) is elsewhere


@pytest.mark.parametrize("text,field", [
    ("what are the penalties if you cheat in a vocational skills test in Shanghai?", True),
    ("My son was disqualified and only told so by word of mouth.", True),
    ("How do I renew my passport?", False),
])
def test_the_field_named_in_plain_english(text, field):
    from assistant.intents import FIELD
    assert bool(FIELD.search(text)) is field


def test_another_exam_called_a_skills_test_stays_out_of_scope():
    assert governed_elsewhere("I failed the driving skills test (科目二) twice, can I appeal?", in_scope_sure=True)


# From the r58-r60 round's out-of-scope misses, read after it was scored at stop 29's start and end; new words.
@pytest.mark.parametrize("text", [
    "考科目二的时候让表哥替我开，算不算技能评价里的替考？也按那个细则禁考吗？",  # whether it is one, asked
    "我作弊被取消成绩了，考试费能退吗？细则里有没有说？",  # whether the regulation says so, asked after
    "单位因为我考证作弊把我开了，我能不能去告单位？",
    "I got fired for the cheating finding. Can I sue my employer or get my job back?",
])
def test_matters_of_other_rules_asked_after_a_story_are_out_of_scope(text):
    assert governed_elsewhere(text, in_scope_sure=True)


@pytest.mark.parametrize("text", [
    "考生用手机搜题被取消成绩，细则里有没有说要禁考几年？",
    "技能评价的考评员在科目一模拟考场帮人作弊，怎么处理？细则有规定吗？",
])
def test_the_regulations_own_questions_stay_in_scope(text):
    assert not governed_elsewhere(text, in_scope_sure=True)


def test_a_story_that_cites_an_article_does_not_ask_for_its_text():
    from assistant.intents import ASKS_TEXT

    assert not ASKS_TEXT.search("We dismissed her under art. 19 and she says she will complain. Who hears it?")
    assert ASKS_TEXT.search("Does article 29 say how long the review takes?")


# Matters other rules govern, asked about although the question names this regulation's world (a fine,
# a prison sentence, a card applied for again, a fee refunded, the filing cycle's length): out of scope,
# answered with what the regulation says beside them (assistant/silences.yaml, `outside`). Sentences
# written for this test from the regulation, none from an evaluation set.
@pytest.mark.parametrize("text, topic", [
    ("监管部门对发“包过”广告的机构能罚款多少钱？", "fines"),
    ("Can the district bureau fine an assessment centre under these rules?", "fines"),
    ("考官收钱放水，会被判几年？细则里有写吗", "criminal_penalty"),
    ("If an examiner sells the papers, how long a prison term is he looking at?", "criminal_penalty"),
    ("督导员证卡被吊销了，几年以后可以重新申请？", "reapply"),
    ("Our filing was terminated. When can we re-register as an assessment institution?", "reapply"),
    ("成绩取消了，考试费退不退？", "fees"),
    ("细则里的“备案周期”，这个周期到底是几年？", "cycle_length"),
    ("我想当考评员，需要什么资格条件？", "qualification"),
])
def test_matters_of_other_rules_asked_about_are_out_of_scope(text, topic):
    assert [s.id for s in asks_outside(text)] == [topic]
    assert governed_elsewhere(text, in_scope_sure=True, retrieval_agrees=True)


@pytest.mark.parametrize("text", [
    "考生带手机进考场，已经被公安罚款了，机构还要按细则处理吗？",  # the fine is told; what is asked is the regulation's
    "考生作弊被抓，会罚款吗，会取消成绩吗？",  # asks a measure the regulation decides as well
    "I bought the answers and forwarded them to friends. What will happen to me, will I go to prison?",
    "机构在朋友圈发“不过全额退款，包过”的广告，这个被查到会怎样",  # the refund is the advert's words
    "专家开发了一半，说报酬太低不干了，剩下的题都没交，怎么处理？",
    "被禁考两年，期满后重新报名参加考试要准备什么？",  # a candidate's next exam: the bar is the regulation's
    "The examiner does his job fine. Is there anything to report?",  # "fine" the adjective
])
def test_the_regulations_own_questions_mentioning_those_matters_stay_in_scope(text):
    assert asks_outside(text) == []


def test_a_matter_of_other_rules_told_in_a_story_the_models_read_as_a_case_is_not_refused():
    story = "我作为开发专家，按合同拿了机构的劳务费，有人举报我借专家身份捞好处。劳务费要退回去吗？"
    assert asks_outside(story)  # its last question is about the fee
    assert governed_elsewhere(story, in_scope_sure=True, case_p=0.3)
    assert not governed_elsewhere(story, in_scope_sure=True, case_p=0.9)  # the models read the story


@pytest.mark.parametrize("text, outside", [
    # a region named as a trip or a person's origin is not where the exam was held
    ("我那天要去南京出差，同事说替我去考电工理论，进场被认出来了，我俩会怎样？", False),
    ("外地人在上海考茶艺师被发现带小抄，怎么处理？", False),
    # ...a body elsewhere is ("在苏州的机构考的"), unless the exam is placed in a district of the city
    ("我在苏州的一个机构考的叉车证，考场上被抓到用手机，按上海这个细则处理吗？", True),
    ("外地一家培训公司借本市机构的名义在闵行组织考试，机构分成，怎么认定？", False),
    # "in-house examiners" are this field's people, not an in-house exam
    ("One of our in-house examiners left the practical session early twice this cycle. What applies?", False),
    ("Our in-house promotion exam had cheating. Do these rules apply?", True),
    # pay owed or promised, in English, is another matter
    ("The centre hasn't paid my examiner fees since August. Where can I complain?", True),
    ("My boss promised me a pay rise after the certificate and now says no. Can I complain?", True),
    # another exam compared with skill evaluation stays another exam
    ("考研找人替考被抓了，跟技能等级认定替考一样禁考两年吗", True),
])
def test_where_the_exam_was_held_and_what_is_asked(text, outside):
    assert governed_elsewhere(text) is outside


@pytest.mark.parametrize("text, outside", [
    # the regulation named in English with its Chinese word does not make another exam a skill evaluation
    ("Does the Shanghai skill evaluation discipline 细则 apply to the 四六级 exam at our college? A classmate had notes.", True),
    # its name in another order, or with the field's Chinese name in it
    ("Do the Shanghai rules on skill evaluation misconduct apply to my 科目三 road test? The examiner was rude.", True),
    ("Would this Shanghai 技能评价 discipline rule cover a driving test where someone used a hidden earpiece?", True),
    # an employer's side of a dismissal, and pay withheld
    ("After the 2-year ban, can we terminate her employment contract? What severance applies?", True),
    ("His manager docked a week's wages because he failed the welder test. Is that allowed?", True),
    # what to pay an examiner, not a fee per candidate for a rented qualification (第二十三条)
    ("How much should an institution pay its part-time assessors per day?", True),
    ("A training school wants to run tests under our filing and pay us a fee per candidate. Is that allowed?", False),
])
def test_matters_of_other_rules_asked_in_english(text, outside):
    assert governed_elsewhere(text, in_scope_sure=True) is outside


@pytest.mark.parametrize("text, outside", [
    ("国考面试的时候旁边的人偷看我的答题纸，这个按什么处理？", True),  # the civil-service exam as people call it
    ("全国考评员都要遵守这个细则吗？", False),
    ("中国考生在上海考点作弊按这个细则处理吗？", False),
])
def test_the_civil_service_exam_by_its_everyday_name(text, outside):
    assert governed_elsewhere(text, in_scope_sure=True) is outside


def _understood(**kinds):
    from assistant.understand import Understanding

    top = max(kinds, key=kinds.get)
    return Understanding(top, kinds[top], kinds, (("none", 1.0),), (("第十一条第（四）项", 0.3),))


def test_a_case_is_seen_among_the_in_scope_kinds():
    """Once a question is taken as in scope, the model's weight on "out of scope" does not count against
    the case reading ("考官乱扣分怎么处理": overview 0.48, out of scope 0.28, case 0.24)."""
    from assistant.pipeline import Assistant

    assert Assistant._sees_case(_understood(overview=0.48, out_of_scope=0.28, case=0.24))
    assert not Assistant._sees_case(_understood(overview=0.76, case=0.24))
    assert not Assistant._sees_case(_understood(out_of_scope=1.0))


def test_without_the_fields_words_the_models_sureness_decides_not_the_rankers_disagreement():
    """No word of the field and retrieval's rankers disagree: refused only when the models are not sure
    it is in scope (a story told in plain words is still a case)."""
    from assistant.intents import DOMAIN

    question = "Our payroll clerk Wang forgot to pick up the practical booklets after the session; they were found in the canteen. What will happen to Wang?"
    assert not DOMAIN.search(question)
    assert not governed_elsewhere(question, in_scope_sure=True, retrieval_agrees=False, case_p=0.95)
    assert governed_elsewhere(question, in_scope_sure=False, retrieval_agrees=False, case_p=0.1)


def test_a_matter_of_other_rules_asked_after_what_follows_is_a_part_not_the_question():
    """"这种宣传怎么处理？退费管不管？" asks what this regulation decides, then a matter it leaves to other
    rules: the question is in scope (the answer says the refund is not addressed); asked alone, it is not."""
    both = "机构在小区发广告写着包过，考生没过，机构不退钱。这种宣传按细则怎么处理？退费的事细则管不管？"
    assert not governed_elsewhere(both, in_scope_sure=True, retrieval_agrees=True, case_p=0.95)
    assert governed_elsewhere("机构在小区发广告写着包过，考生没过，机构不退钱。退费的事细则管不管？",
                              in_scope_sure=True, retrieval_agrees=True, case_p=0.95)
