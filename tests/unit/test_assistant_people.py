"""Whose conduct: who a question asks about, and an unsure answer that offers another person's item."""

import pytest

from assistant import acts, compose, decide, people
from assistant.understand import Understanding
from rules import verify


@pytest.mark.parametrize("text, subject, role", [
    # named where the question is asked: asked about
    ("昨天实操考试一个学员用手机查资料，监考在旁边一直没管。学员和监考分别怎么处理？", "institution_staff", decide.ASKED),
    ("Two trainees swapped answer sheets and the proctor looked away. What happens to both the trainees and the proctor?",
     "institution_staff", decide.ASKED),
    # named only in the story, the question asks about someone else
    ("是监考发现的：考评员给自己带的学员打了高分。考评员和机构分别会怎样？", "institution_staff", decide.NAMED),
    # not asked about several at all
    ("监考发现考生带了小抄，考生会怎样？", "institution_staff", decide.OTHER),
])
def test_a_second_person_is_asked_about_when_named_where_the_question_is_asked(text, subject, role):
    assert people.role(text, subject, 1) == role


@pytest.mark.parametrize("text, several", [
    # two people side by side where the question is asked, with no 分别 or "both"
    ("培训学校的招生老师帮几个学员弄了假社保记录去报名，学员也都用了。招生老师和学员会被怎么处理？", True),
    ("A proctor let a friend's son keep his phone during the theory test. What happens to the proctor and the trainee?", True),
    # two asking sentences, each about another person
    ("出题老师把题目拍给了培训班。出题老师会怎么样？我们机构要担责任吗？", True),
    # the teller names themself, then asks about one person: not several
    ("我是监考，考生用耳机作弊被我抓到了，怎么处理？", False),
    ("I'm an invigilator and the candidate copied from his neighbour. What happens to him?", False),
    ("考生用手机被监考发现了，会怎样？", False),
    # 跟 and 和 can say whom one spoke to, not who else is asked about
    ("考生跟监考说要上厕所，然后出去看了手机，会怎样？", False),
    ("考生跟考评员求情，考评员没理他，怎么处理？", False),
    # a second question about someone named only as an object
    ("监考让我把手机交上去，我没交，会怎样？要不要跟考点解释？", False),
    ("监考和这名考生会被怎么处理？", True),
    # "机构这边" says who speaks or decides; asked after it, it asks about the institution
    ("机构这边有个督导员连着两次没来督导，也没请假，该怎么处理？", False),
    ("机构这边能按细则处理这个发帖造谣的考生吗", False),
    ("督导员没戴证卡怎么处理？机构那边会受什么影响吗？", True),
    # English that asks about each, or about a second person "and to the …"
    ("I'm the data clerk and I keyed in the wrong marks on purpose. What happens to me and to the centre?", True),
    ("Two candidates swapped answer sheets during the theory test. How is each treated?", True),
    ("The examiner was late and the supervisor left early. What applies to each?", True),
    ("Each candidate paid 800 yuan to the agent. What happens to the agent's contact at the centre?", False),
])
def test_people_named_together_where_the_question_is_asked_are_all_asked_about(text, several):
    assert people.asks_several(text) is several


def _read_several(several: float) -> Understanding:
    return Understanding("case", 0.9, {"case": 0.9}, (("examiner", 0.8),), (), several=several)


@pytest.mark.parametrize("text", [
    # asked about several in words the cue list does not hold: a number of people, names, "the pair"
    "外部督导员老钱中途去办私事，这期间考评员把一个考生的分数改高了。这俩人怎么处理？",
    "考评员老韩和考务小丁怎么处理？",
    "The examiner dozed off and the clerk changed two scores. What do the pair of them face?",
])
def test_the_models_reading_that_several_are_asked_about_counts_beside_the_cues(text):
    assert not people.asks_several(text)  # the cue list alone misses it
    assert people.asks_several(text, _read_several(0.8))
    assert not people.asks_several(text, _read_several(0.2))


def test_the_main_person_is_always_main():
    assert people.role("机构和考务分别怎么处理？", "institution", 0) == decide.MAIN


def test_the_asking_part_is_the_last_sentences_that_ask():
    text = "上周考场里一个考生作弊。监考看到了但没管，后来巡考发现了。监考要处理吗？机构呢？"
    assert people.asking_part(text) == "监考要处理吗？机构呢？"


@pytest.mark.parametrize("text, asking", [
    # English sentences end at a full stop too: the story before the question is not asked about
    ("The proctor is new. A candidate copied from her neighbour. What happens to the candidate?",
     "What happens to the candidate?"),
    # a title or a number's abbreviation does not end a sentence
    ("Candidate No. 12 swapped seats. Mr. Zhao, the examiner, said nothing. Will Mr. Zhao be punished?",
     "Will Mr. Zhao be punished?"),
    # "is" or "are" inside a story's sentence do not make it ask; a question word where it begins does
    ("The candidates are friends and the room is small. So what applies to them.", "So what applies to them."),
])
def test_english_asking_sentences_are_told_apart_from_the_story(text, asking):
    assert people.asking_part(text) == asking
    assert people.asking_part("考生带手机") == "考生带手机"  # nothing asks: the whole text


def _split(institution: float, staff: float) -> Understanding:
    """The models unsure whether a lax eligibility check was the institution's or a staff member's."""
    rest = 1.0 - institution - staff
    provisions = (("第二十一条第（一）项", institution), ("第十八条第（一）项", staff), ("第二十八条第一款", rest))
    return Understanding("case", 0.9, {"case": 0.9}, (("institution", 0.5), ("institution_staff", 0.4)), provisions)


def test_an_unsure_answer_offers_the_other_persons_item_and_asks_whose_conduct(rulebook, corpus):
    text = "报名审核没把好关，放进来几个工作年限不够的人"
    u = _split(0.45, 0.40)
    sure = decide.Sureness(None, 0.5)  # the models' own probability, 0.45: not stated
    c = decide.conclude("institution", text, u, rulebook, None, sure)
    assert c is not None and not c.stated
    c = people.with_other_person(c, text, u, [], rulebook, None, sure, False)
    assert c.other_person is not None and c.other_person.subject == "institution_staff"
    draft = compose.unsure_answer(c, corpus, rulebook, "zh")
    assert {"第二十一条第（一）项", "第十八条第（一）项"} <= {x.label for x in draft.citations}
    assert draft.follow_up[0].startswith("这是评价机构还是")  # the actor model is unsure (0.5): asked first


def test_a_sure_answer_or_a_faint_other_person_offers_no_one_else(rulebook):
    text = "报名审核没把好关，放进来几个工作年限不够的人"
    sure = decide.Sureness(None, 0.5)
    stated = decide.conclude("institution", text, _split(0.80, 0.10), rulebook, None, sure)
    assert stated.stated and people.with_other_person(stated, text, _split(0.80, 0.10), [], rulebook, None, sure,
                                                      False).other_person is None
    faint = _split(0.45, 0.10)
    unsure = decide.conclude("institution", text, faint, rulebook, None, sure)
    assert people.with_other_person(unsure, text, faint, [], rulebook, None, sure, False).other_person is None


def test_an_open_fact_quotes_every_item_it_decides_between(rulebook, corpus):
    text = "阅卷的考评员没按评分标准打分，一批人的成绩都不对"  # how serious is not told
    u = Understanding("case", 0.9, {"case": 0.9}, (("examiner", 0.9),),
                      (("第十二条第（四）项", 0.6), ("第二十八条第一款", 0.4)))
    c = decide.conclude("examiner", text, u, rulebook, None, decide.Sureness(None, 0.5))
    assert c.best.decision.status == "needs_facts"
    draft = compose.unsure_answer(c, corpus, rulebook, "zh")
    assert {"第十一条第（四）项", "第十二条第（四）项", "第十三条第（三）项"} <= {x.label for x in draft.citations}


@pytest.mark.parametrize("a, b, same", [
    ("第二十条第（四）项", "第二十条第（八）项", True),  # two items of one article: the same measures
    ("第二十条第（四）项", "第十八条第（一）项", False),  # a talk-reminder against the loss of the post
])
def test_an_unsure_answer_says_so_when_every_item_it_offers_imposes_the_same(rulebook, corpus, a, b, same):
    text = "考点的一个工作人员私下给熟人帮忙，事情闹得不小"
    u = Understanding("case", 0.9, {"case": 0.9}, (("institution_staff", 0.9),), ((a, 0.45), (b, 0.40), ("第二十八条第一款", 0.15)))
    c = decide.conclude("institution_staff", text, u, rulebook, None, decide.Sureness(None, 0.9))
    assert c is not None and not c.stated and {o.label for o in c.outcomes[:2]} == {a, b}
    for lang, words in (("zh", "以上几项的处理相同：通报批评"), ("en", "the measures are the same: public criticism")):
        draft = compose.unsure_answer(c, corpus, rulebook, lang)
        assert (words in draft.text) is same
        assert not verify(draft.text, rulebook)  # said without a citation beside it: nothing for the verifier to misread


def test_whose_conduct_is_asked_second_when_the_actor_model_is_sure(rulebook, corpus):
    text = "报名审核没把好关，放进来几个工作年限不够的人"
    u = _split(0.45, 0.40)
    u = Understanding(u.kind, u.kind_p, u.kinds, (("institution", 0.9),), u.provisions)
    sure = decide.Sureness(None, 0.5)
    c = people.with_other_person(decide.conclude("institution", text, u, rulebook, None, sure), text, u, [],
                                 rulebook, None, sure, False)
    draft = compose.unsure_answer(c, corpus, rulebook, "zh")
    assert len(draft.follow_up) == 2 and draft.follow_up[1].startswith("这是评价机构还是")


def _reading(label: str, p: float) -> Understanding:
    return Understanding("case", 0.9, {"case": 0.9}, (("candidate", 0.9),), ((label, p), ("第二十八条第一款", 1 - p)))


@pytest.mark.parametrize("p, stated", [(0.9, True), (0.6, False)])
def test_a_second_act_is_stated_only_when_sure_of_it_as_a_second_act(rulebook, p, stated):
    text = "考生考试时偷用手机查答案，还冲监考说出去等着弄死你"
    sure = decide.Sureness(None, 0.7)  # the models' own probability stands for the calibrated one
    c = decide.conclude("candidate", text, _reading("第七条第（一）项", 0.9), rulebook, None, sure)
    assert c.stated and c.best.label == "第七条第（一）项"
    read = lambda told: _reading("第九条第（五）项", p)
    c = acts.with_second_act(c, text, rulebook, sure, read, False)
    assert c.another and c.another[0].label == "第九条第（五）项" and c.another_stated is stated
    drafted, _ = acts.second_act_draft(c, text, rulebook, sure, read, False)
    assert drafted.role == decide.ACT2  # calibrated as a second act, not as the main person


def test_no_join_no_second_act(rulebook):
    sure = decide.Sureness(None, 0.5)
    c = decide.conclude("candidate", "考生考试时偷用手机查答案", _reading("第七条第（一）项", 0.9), rulebook, None, sure)
    assert acts.with_second_act(c, "考生考试时偷用手机查答案", rulebook, sure, lambda _t: None, False).another == ()


def _focus_only(threshold: float = 0.9) -> decide.Sureness:
    """A calibration that listens only to the focused reading's agreement (focus_p)."""
    from assistant.calibration import FEATURES, Calibration

    coef = tuple(10.0 if f == "focus_p" else 0.0 for f in FEATURES)
    return decide.Sureness(Calibration(coef, -5.0, threshold, "test"))


@pytest.mark.parametrize("alone_item, stated", [
    ("第十九条第（二）项", True),  # the staff member's own clauses read the same item: agreement
    ("第二十条第（五）项", False),  # read as another item: no agreement, not stated
])
def test_a_person_asked_about_is_stated_when_their_own_clauses_read_the_same(rulebook, alone_item, stated):
    text = "两个考生在互相抄答案，监考老师就在旁边玩手机，不管也不上报。考生和监考分别怎么处理？"
    whole = Understanding("case", 0.9, {"case": 0.9}, (("candidate", 0.6), ("institution_staff", 0.4)),
                          (("第七条第（二）项", 0.55), ("第十九条第（二）项", 0.35), ("第二十条第（五）项", 0.10)))
    seen = []

    def read_alone(words: str) -> Understanding:
        seen.append(words)
        if "监考" in words and "抄" not in words:
            return Understanding("case", 0.9, {"case": 0.9}, (("institution_staff", 0.9),), ((alone_item, 0.9),))
        return Understanding("case", 0.9, {"case": 0.9}, (("candidate", 0.9),), (("第七条第（二）项", 0.9),))

    found = people.everyone(text, whole, [], rulebook, None, _focus_only(), False, read_alone)
    staff = next(c for c in found if c.subject == "institution_staff")
    assert staff.focused and staff.best.label == "第十九条第（二）项"  # the whole story's item is the answer
    assert staff.stated is stated and (staff.focus_p > 0) is stated
    assert "监考老师就在旁边玩手机，不管也不上报。" in seen


def test_no_second_reading_without_a_reader_or_for_one_person(rulebook):
    text = "考生在互相抄答案，怎么处理？"
    u = Understanding("case", 0.9, {"case": 0.9}, (("candidate", 0.9),), (("第七条第（二）项", 0.9),))
    calls = []
    found = people.everyone(text, u, [], rulebook, None, _focus_only(), False, lambda w: calls.append(w) or u)
    assert calls == [] and not found[0].focused


@pytest.mark.parametrize("provisions, confirms", [
    ((("第二十条第（二）项", 0.6), ("第二十八条第一款", 0.4)), True),  # one item offered: is it that one?
    ((("第二十条第（四）项", 0.45), ("第十八条第（一）项", 0.40), ("第二十八条第一款", 0.15)), False),  # which of them
])
def test_an_unsure_answer_with_one_item_asks_whether_it_is_that_one(rulebook, corpus, provisions, confirms):
    text = "录分员把改过的分数录进了系统，还重做了原始登分表"
    u = Understanding("case", 0.9, {"case": 0.9}, (("institution_staff", 0.9),), provisions)
    c = decide.conclude("institution_staff", text, u, rulebook, None, decide.Sureness(None, 0.95))
    assert c is not None and not c.stated
    for lang in ("zh", "en"):
        asked = compose.unsure_answer(c, corpus, rulebook, lang).follow_up[0]
        assert (provisions[0][0] in asked) is confirms
        assert asked.startswith(("以上哪一种", "Which of these")) is not confirms
        assert not verify(compose.unsure_answer(c, corpus, rulebook, lang).text, rulebook)
