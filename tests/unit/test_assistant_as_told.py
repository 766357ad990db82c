"""A story that tells the item's conduct did not happen as the item describes ("the work proof is
real, only the translation was not notarised", "我是被抄的那个"): the outcome reader
(assistant/understand/models.py outcome_of) reads it, the confidence takes it in, and when it reads
'none' above 'sanction' no sanction is stated, however sure the item is: the reply says what the
item needs and asks whether the facts are as told."""

from dataclasses import replace

import pytest

from assistant import compose, decide
from assistant.calibration import FEATURES, Calibration, features
from assistant.understand import Understanding

ITEM = "第八条第（一）项"  # false materials to obtain eligibility: barred for 2 years


def reading(none: float, sanction: float) -> Understanding:
    return Understanding("case", 0.95, {"case": 0.95}, (("candidate", 0.95),), ((ITEM, 0.9), ("第八条第（二）项", 0.1)),
                         {"outcome": ("none" if none > sanction else "sanction", max(none, sanction))},
                         {}, {"outcome": {"none": none, "sanction": sanction, "open": 1 - none - sanction}})


ALWAYS_SURE = decide.Sureness(None, 0.0)  # every conclusion at least this sure: only the reading can stop it


def test_a_reading_of_none_above_sanction_stops_a_sure_sanction(rulebook):
    told = "我报名时工作年限写错了一年，其实材料都是真的，本来就够条件，会不会算提供虚假材料？"
    c = decide.conclude("candidate", told, reading(none=0.7, sanction=0.25), rulebook, None, ALWAYS_SURE)
    assert c is not None and c.best.label == ITEM and c.best.sanction
    assert c.as_told_none == pytest.approx(0.7) and not c.stated and c.denied


def test_a_reading_of_sanction_leaves_the_conclusion_to_the_confidence(rulebook):
    told = "我报名时用了伪造的工作证明，现在被查出来了，会怎么处理？"
    c = decide.conclude("candidate", told, reading(none=0.2, sanction=0.75), rulebook, None, ALWAYS_SURE)
    assert c is not None and c.stated and c.best.label == ITEM


def test_a_second_person_is_not_judged_by_the_main_persons_reading(rulebook):
    # the outcome reader reads the main person of the text: a person asked about beside them keeps 0
    told = "报名审核员收钱帮考生改了社保年限，考生和审核员分别怎么处理？"
    c = decide.conclude("candidate", told, reading(none=0.7, sanction=0.25), rulebook, None, ALWAYS_SURE, role=decide.ASKED)
    assert c is not None and c.as_told_none == 0.0 and c.stated


def test_the_calibration_lowers_the_confidence_of_a_story_read_as_none():
    cal = Calibration.load()
    assert cal is not None and "denied" in FEATURES
    assert cal.coef[FEATURES.index("denied")] < 0  # as measured when it was fitted


@pytest.mark.parametrize("lang, said, asked", [
    ("zh", "如果事实确如所述，不适用上述处理", "事实是否确如所述"),
    ("en", "If the facts are as you say, these measures do not apply", "Are the facts as you tell them?"),
])
def test_the_unsure_reply_says_the_item_may_not_be_met_and_asks_whether_the_facts_are_as_told(rulebook, corpus, lang, said, asked):
    told = "我是被抄的那个，旁边的人偷看我卷子我根本不知道"
    c = decide.conclude("candidate", told, reading(none=0.7, sanction=0.25), rulebook, None, ALWAYS_SURE)
    draft = compose.unsure_answer(c, corpus, rulebook, lang)
    assert said in draft.text and draft.follow_up[0].startswith(asked)
    plain = compose.unsure_answer(replace(c, as_told_none=0.1, denied=False), corpus, rulebook, lang)
    assert said not in plain.text and not plain.follow_up[0].startswith(asked)
