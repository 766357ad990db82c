"""The provision model's two views (n-grams alone, e5 alone) are a second opinion: how many of them
lead to the outcome, among the person's own items, is a calibration input (assistant/calibration.py)."""

from assistant.calibration import FEATURES, Calibration, features
from assistant.understand import Understanding


def reading(views):
    return Understanding("case", 0.9, {"case": 0.9}, (("candidate", 0.9),), (("第七条第（一）项", 0.6),), {}, views)


def test_both_views_leading_to_the_outcome_agree_fully():
    u = reading({"ngrams": (("第七条第（一）项", 0.5), ("第六条第（一）项", 0.3)),
                 "e5": (("第七条第（一）项", 0.4),)})
    assert u.views_agree({"第七条第（一）项"}, {"第七条第（一）项", "第六条第（一）项"}) == 1.0


def test_a_view_is_read_among_the_persons_own_items_only():
    # the n-gram view's first item is an examiner's: for the candidate its first is 第六条第（一）项
    u = reading({"ngrams": (("第十一条第（三）项", 0.5), ("第六条第（一）项", 0.3)),
                 "e5": (("第七条第（一）项", 0.4),)})
    assert u.views_agree({"第七条第（一）项"}, {"第七条第（一）项", "第六条第（一）项"}) == 0.5


def test_without_views_there_is_no_agreement_to_count():
    assert reading({}).views_agree({"第七条第（一）项"}, {"第七条第（一）项"}) == 0.0


def test_the_calibration_reads_the_agreement_and_the_language():
    assert {"views_agree", "english_p", "named", "other", "share"} <= set(FEATURES)
    cal = Calibration.load()
    assert cal is not None and len(cal.coef) == len(FEATURES)
    views = FEATURES.index("views_agree")
    assert cal.coef[views] > 0  # agreement makes a conclusion surer, as measured when it was fitted


def test_features_carry_the_conclusions_agreement():
    from types import SimpleNamespace

    best = SimpleNamespace(p=0.7, decision=SimpleNamespace(status="decided"))
    c = SimpleNamespace(outcomes=(best,), subject="candidate", views_agree=0.5, role="main", share=0.9,
                        as_told_none=0.0, as_told_open=0.0, beside_asked=False, focused=False, focus_p=0.0,
                        person_read=False, person_p=0.0)
    x = features(c, reading({}), agree=True, english=True)
    assert x[FEATURES.index("views_agree")] == 0.5 and x[FEATURES.index("english_p")] == 0.7
    assert x[FEATURES.index("named")] == 0.0 and x[FEATURES.index("share")] == 0.9
    assert x[FEATURES.index("focused")] == 0.0 and x[FEATURES.index("focus_p")] == 0.0
    focused = features(SimpleNamespace(**{**vars(c), "focused": True, "focus_p": 0.8}), reading({}), True, True)
    assert focused[FEATURES.index("focused")] == 1.0 and focused[FEATURES.index("focus_p")] == 0.8
    assert x[FEATURES.index("person_read")] == 0.0 and x[FEATURES.index("person_p")] == 0.0
    read = features(SimpleNamespace(**{**vars(c), "person_read": True, "person_p": 0.6}), reading({}), True, True)
    assert read[FEATURES.index("person_read")] == 1.0 and read[FEATURES.index("person_p")] == 0.6


def test_the_outcome_readers_doubt_enters_as_the_conclusion_carries_it():
    # decide.conclude sets it to 0 where the deciding condition is told plainly; the features follow it
    from types import SimpleNamespace

    best = SimpleNamespace(p=0.99, decision=SimpleNamespace(status="decided"))
    told = SimpleNamespace(outcomes=(best,), subject="candidate", views_agree=1.0, role="main", share=1.0,
                           as_told_none=0.0, as_told_open=0.0, beside_asked=False, focused=False, focus_p=0.0,
                           person_read=False, person_p=0.0)
    doubted = SimpleNamespace(**{**vars(told), "as_told_none": 0.67, "as_told_open": 0.18})
    x, y = features(told, reading({}), True, False), features(doubted, reading({}), True, False)
    assert (x[FEATURES.index("denied")], x[FEATURES.index("untold")]) == (0.0, 0.0)
    assert (y[FEATURES.index("denied")], y[FEATURES.index("untold")]) == (0.67, 0.18)


def test_features_mark_a_second_person_by_how_the_question_names_them():
    from types import SimpleNamespace

    best = SimpleNamespace(p=0.3, decision=SimpleNamespace(status="decided"))
    named = SimpleNamespace(outcomes=(best,), subject="institution", views_agree=1.0, role="named", share=0.6,
                            as_told_none=0.0, as_told_open=0.0, beside_asked=False, focused=False, focus_p=0.0,
                            person_read=False, person_p=0.0)
    other = SimpleNamespace(**{**vars(named), "role": "other"})
    x, y = features(named, reading({}), False, False), features(other, reading({}), False, False)
    assert (x[FEATURES.index("named")], x[FEATURES.index("other")]) == (1.0, 0.0)
    assert (y[FEATURES.index("named")], y[FEATURES.index("other")]) == (0.0, 1.0)


def test_features_mark_the_main_person_beside_another_asked_about():
    # the provision model shares its probability between the people asked about: the mark lets the
    # calibrator read a main person's 0.5 beside another as it reads 0.8 alone
    from types import SimpleNamespace

    best = SimpleNamespace(p=0.5, decision=SimpleNamespace(status="decided"))
    alone = SimpleNamespace(outcomes=(best,), subject="candidate", views_agree=1.0, role="main", share=0.9,
                            as_told_none=0.0, as_told_open=0.0, beside_asked=False, focused=False, focus_p=0.0,
                            person_read=False, person_p=0.0)
    beside = SimpleNamespace(**{**vars(alone), "beside_asked": True})
    cal = Calibration.load()
    assert features(alone, reading({}), True, False)[FEATURES.index("beside_asked")] == 0.0
    assert features(beside, reading({}), True, False)[FEATURES.index("beside_asked")] == 1.0
    # the logistic view's weight on the mark is positive, and the shipped calibrator (boosted trees)
    # states such a main person: their 0.5 with everything else agreeing is not asked away
    assert cal.coef[FEATURES.index("beside_asked")] > 0
    assert cal.p(features(beside, reading({}), True, False)) >= cal.threshold
