"""assess(): the case model, the matcher hook, and what the law leaves open."""

import pytest

from corpus import load_corpus as _load_corpus
from rules import CaseError, Match, assess, match_conduct, parse_case
from rules import load_rulebook as _load_rulebook

RULEBOOK = _load_rulebook(_load_corpus())


def test_a_case_names_the_bad_field():
    with pytest.raises(CaseError, match=r"case\.facts\.prior_talks: unknown field") as caught:
        parse_case({"subject": "examiner", "conduct": "迟到", "facts": {"prior_talks": 2}})
    assert caught.value.said.zh.startswith("case.facts.prior_talks：没有这个字段")
    with pytest.raises(CaseError, match=r"case\.facts\.prior_talks_in_cycle"):
        parse_case({"subject": "examiner", "conduct": "迟到", "facts": {"prior_talks_in_cycle": -1}})
    with pytest.raises(CaseError, match=r"case\.date: expected a date written YYYY-MM-DD") as caught:
        parse_case({"subject": "examiner", "conduct": "迟到", "date": "2026-9-1"})
    assert caught.value.said.zh.startswith("case.date：日期请写作 YYYY-MM-DD")
    with pytest.raises(CaseError, match=r"case\.date: the date 9999-12-31 is outside"):
        parse_case({"subject": "examiner", "conduct": "迟到", "date": "9999-12-31"})


def test_the_matcher_hook_replaces_word_matching():
    calls = []

    def fake(text, subject, rulebook):
        calls.append((text, subject))
        return [Match("第九条第（四）项", 9.0, ("fake",), None)]

    d = assess({"subject": "candidate", "conduct": "任何文字"}, RULEBOOK, matcher=fake)
    assert calls == [("任何文字", "candidate")]
    assert d.provisions[0] == "第九条第（四）项"


def test_escalation_items_are_never_matched_on_words_alone():
    labels = [m.label for m in match_conduct("被谈话提醒2次后，再次发生第十一条所列行为", "examiner", RULEBOOK)]
    assert "第十二条第（一）项" not in labels


def test_words_the_regulation_does_not_cover_point_to_article_2():
    d = assess({"subject": "candidate", "conduct": "今天天气很好"}, RULEBOOK)
    assert d.status == "no_match" and d.provisions == []
    assert d.trace[0].label == "第二条" and [f.fact for f in d.follow_up] == ["conduct"]


def test_english_words_are_matched_through_english_aliases():
    assert assess({"subject": "candidate", "conduct": "the candidate used a phone during the exam"}, RULEBOOK).provisions[0] == "第七条第（一）项"
    assert assess({"subject": "candidate", "conduct": "someone else sat the exam for me"}, RULEBOOK).provisions[0] == "第八条第（二）项"


def test_an_article_whose_items_differ_asks_which_item():
    d = assess({"subject": "examiner", "provision": "第十二条"}, RULEBOOK)
    assert d.status == "needs_facts" and [f.fact for f in d.follow_up] == ["provision"]


def test_counts_that_contradict_the_provision_given_decide_and_say_so():
    d = assess({"subject": "institution", "provision": "第二十二条第（四）项",
                "facts": {"score_errors_in_year": 4, "score_corrections_in_year": 0}}, RULEBOOK)
    assert d.provisions[0] == "第二十一条第（九）项"
    assert any("按所给次数应适用第二十一条第（九）项" in n for n in d.notes)


def test_a_contradicted_escalation_given_as_provision_is_no_sanction():
    d = assess({"subject": "candidate", "provision": "第六条第（二）项", "facts": {"reminded_and_refused": False}}, RULEBOOK)
    assert d.status == "no_sanction" and d.measures == []


def test_self_report_leniency_is_for_institutions_only():
    inst = assess({"subject": "institution", "conduct": "机构没有按规定报备考务计划",
                   "facts": {"self_reported": True, "prior_interviews_in_cycle": 0}}, RULEBOOK)
    assert any(n.zh.startswith("第三十一条：") for n in inst.notes)
    assert any(t.step == "leniency" and t.label == "第三十一条" for t in inst.trace)
    assert any(p.label == "第三十一条" for p in inst.procedure)
    person = assess({"subject": "examiner", "conduct": "考评员迟到", "facts": {"self_reported": True}}, RULEBOOK)
    assert any("只针对评价机构" in n for n in person.notes)


def test_referral_when_the_words_or_the_item_call_for_it():
    d = assess({"subject": "examiner", "conduct": "考评员是中共党员，把试题卖给了培训机构"}, RULEBOOK)
    assert any(t.step == "referral" and t.label == "第三十四条第一款" for t in d.trace)
    late = assess({"subject": "examiner", "conduct": "考评员迟到"}, RULEBOOK)
    assert not any(t.step == "referral" for t in late.trace)


def test_a_date_without_a_holiday_schedule_counts_statutory_holidays_and_says_makeup_days_are_unknown():
    d = assess({"subject": "candidate", "conduct": "考生考试时用手机查答案", "date": "2027-03-01"}, RULEBOOK)
    assert d.ban_until.isoformat() == "2027-12-31"
    assert d.deadlines["statement"].statutory_only_years == [2027]
    assert any("2027 年尚无官方放假安排" in a and "调休上班日尚不可知" in a for a in d.assumptions)


def test_a_case_dated_before_the_regulation_took_effect_is_said():
    """Issue 15 item 4: decided as asked, with a note that the regulation applies from 2025-07-03."""
    d = assess({"subject": "candidate", "conduct": "考生考试时用手机查答案", "date": "2025-07-02"}, RULEBOOK)
    assert any("2025-07-03" in n and "施行" in n for n in d.notes)
    later = assess({"subject": "candidate", "conduct": "考生考试时用手机查答案", "date": "2025-07-03"}, RULEBOOK)
    assert not any("施行" in n for n in later.notes)


def test_the_silent_points_are_stated_as_assumptions():
    d = assess({"subject": "candidate", "conduct": "替考", "date": "2026-06-13"}, RULEBOOK)
    assert any("2年内" in a and "起算日" in a for a in d.assumptions)  # when a two-year bar starts
    e = assess({"subject": "examiner", "conduct": "考评员迟到"}, RULEBOOK)
    assert any("备案周期" in a for a in e.assumptions)  # how long a filing cycle is


def test_no_evaluation_for_a_year_shows_22_5_and_23_10_with_why():
    d = assess({"subject": "institution", "conduct": "机构超过一年没有开展任何评价"}, RULEBOOK)
    assert d.provisions[:2] == ["第二十三条第（十）项", "第二十二条第（五）项"]
    assert d.alternatives[0].provision == "第二十二条第（五）项"
    assert [m.code for m in d.alternatives[0].measures][:3] == ["warning", "rectify_by_deadline", "suspend_evaluation"]
    assert any("细则未规定如何取舍" in n for n in d.notes)


def test_external_supervisors_are_decided_by_the_regulator_citing_article_4():
    d = assess({"subject": "quality_supervisor", "conduct": "外部督导员迟到",
                "facts": {"prior_talks_in_cycle": 0, "prior_criticisms_in_cycle": 0}}, RULEBOOK)
    assert d.decided_by.startswith("评价机构监管部门")
    assert any(t.step == "decided_by" and t.label == "第四条第一款" for t in d.trace)
    assert "report" not in d.deadlines and not any(p.label == "第三十条" and "报告" in p.step for p in d.procedure)


def test_procedure_steps_follow_the_subject():
    cand = assess({"subject": "candidate", "conduct": "替考", "date": "2026-06-13"}, RULEBOOK)
    labels = [p.label for p in cand.procedure]
    assert labels[0] == "第二十五条第一款" and "第二十八条第一款" in labels and "第二十九条" in labels
    due = {p.deadline: p.due for p in cand.procedure if p.deadline}
    assert due == {k: v.due for k, v in cand.deadlines.items()}
    inst = assess({"subject": "institution", "provision": "第二十二条第（二）项", "date": "2026-09-28",
                   "facts": {"warned_under_art22": False}}, RULEBOOK)
    assert [p.label for p in inst.procedure][0] == "第二十五条第三款"
    assert any(p.label == "第三十二条" and p.due.isoformat() == "2026-10-10" for p in inst.procedure)


def test_article_24_1_certificates_follow_only_where_certificates_were_wrongly_issued():
    """Issue 15 item 12: never certain for every institution case; the answer names the assumption."""
    d = assess({"subject": "institution", "conduct": "审核不严", "provision": "第二十一条第（一）项"}, RULEBOOK)
    assert d.certificate.provision == "第二十四条第一款" and d.certificate.condition is not None
    assert any("违规颁发的证书" in a.zh and "wrongly issued" in a.en for a in d.assumptions)
    assert any(t.step == "certificate" and "前提" in t.note.zh for t in d.trace)
    invalidate = [m for m in d.measures if m.code == "invalidate_results"]
    assert invalidate and invalidate[0].discretionary  # 第二十一条's 视情况宣布…无效


def test_the_external_supervisors_deciders_cite_both_paragraphs_of_article_4():
    """市职鉴中心 from 第四条第一款, 区人社 from 第四条第二款 (issue 15 item 12)."""
    d = assess({"subject": "quality_supervisor", "conduct": "外部督导员迟到",
                "facts": {"supervisor_kind": "external", "prior_talks_in_cycle": 0, "prior_criticisms_in_cycle": 0}},
               RULEBOOK)
    steps = {t.label: t.quote for t in d.trace if t.step == "decided_by"}
    assert "市职鉴中心" in steps["第四条第一款"] and "各区" not in steps["第四条第一款"]
    assert steps["第四条第二款"].startswith("各区人力资源社会保障部门")


@pytest.mark.parametrize("label", ["第二十二条第（五）项", "第二十三条第（十）项"])
def test_less_than_a_year_without_evaluation_meets_neither_idle_item(label):
    d = assess({"subject": "institution", "provision": label, "conduct": "机构已经七个月没开展评价了，报名的人太少"}, RULEBOOK)
    assert d.status == "no_sanction" and not d.measures


def test_a_year_and_more_without_evaluation_is_23_10():
    d = assess({"subject": "institution", "provision": "第二十三条第（十）项",
                "conduct": "The centre has run no assessments for thirteen months"}, RULEBOOK)
    assert d.status in ("decided", "provisional") and d.provisions[0] == "第二十三条第（十）项"


@pytest.mark.parametrize("subject, label", [("examiner", "第十二条第（三）项"), ("quality_supervisor", "第十五条第（三）项"),
                                            ("institution_staff", "第十九条第（四）项")])
def test_one_who_declared_the_relation_and_stepped_aside_did_not_breach_recusal(subject, label):
    d = assess({"subject": subject, "provision": label,
                "conduct": "考生是他的外甥，他考前主动跟机构报告，被调到了另一个考场"}, RULEBOOK)
    assert d.status == "no_sanction" and not d.measures


# A legal element in the item's own words: a story that plainly denies it gets no sanction under the item,
# one that tells the conduct without the denial gets the item.
ELEMENTS = [
    # 21(7) 经整改后仍不符合要求: monitoring put right on re-inspection
    ("institution", "第二十一条第（七）项", "联网监控上次检查不合格，按要求整改后复查已经合格", "联网监控异常，整改后仍不符合要求"),
    # 13(2) 拒不接受: declining because of a relation is what 回避 asks for
    ("examiner", "第十三条第（二）项", "我妹妹报了下个月那场育婴员考试，机构派我去考评，我就把这个任务推了",
     "考评员嫌这次的考评费太低，机构派的任务一概不接"),
    ("examiner", "第十三条第（二）项", "She turned down the marking job because her cousin was one of the candidates",
     "He refused every marking job the centre offered him this year"),
    # 12(2), 15(2) 擅自离开: leave from the person in charge
    ("examiner", "第十二条第（二）项", "中途突然身体不舒服，跟考场负责人报告后由备用人员接替，去了医务室",
     "中途没跟任何人打招呼就走了，两个小时后才回来"),
    ("quality_supervisor", "第十五条第（二）项", "中途突然身体不舒服，跟考场负责人报告后由备用人员接替，去了医务室",
     "中途没跟任何人打招呼就走了，两个小时后才回来"),
    # 21(12) 虚假宣传: a true claim that can be checked
    ("institution", "第二十一条第（十二）项", "机构在小红书上发了去年茶艺师三级的通过率85%，数据是真实的，区里来核对过",
     "机构在公众号上编造通过率，说是百分之百，其实不到一半"),
    # 13(2), 17(1) 拒不: an absence for illness or with leave asked in advance is not a refusal
    ("examiner", "第十三条第（二）项", "机构周五派我下周的评茶员考评，我那周要做膝盖手术，当天就把诊断证明发给了机构说去不了",
     "机构周五派他下周的评茶员考评，他回了句“不去”，再派还是不去，也没说任何理由"),
    ("item_expert", "第十七条第（一）项", "The expert fell ill and asked for sick leave in advance for the May review meeting; the leave was granted.",
     "The expert simply stopped coming to the review meetings and never sent in a single item, with no reason given."),
    # 22(10) 被投诉举报并经核实: a complaint checked and found untrue
    ("institution", "第二十二条第（十）项", "有学员打热线举报这家培训学校考场秩序乱，区里两次暗访都没查到任何问题",
     "有学员打热线举报这家培训学校考场秩序乱，区里暗访后核实情况属实"),
    ("institution", "第二十二条第（十）项", "A parent's complaint that the centre overcharged was looked into and turned out to be unfounded.",
     "A parent's complaint that the centre overcharged was looked into and found to be true."),
]


@pytest.mark.parametrize("subject, label, denied, told", ELEMENTS)
def test_an_element_the_story_denies_means_no_sanction_under_the_item(subject, label, denied, told):
    d = assess({"subject": subject, "provision": label, "conduct": denied}, RULEBOOK)
    assert d.status == "no_sanction" and not d.measures


@pytest.mark.parametrize("subject, label, denied, told", ELEMENTS)
def test_the_conduct_told_without_the_denial_is_the_item(subject, label, denied, told):
    d = assess({"subject": subject, "provision": label, "conduct": told}, RULEBOOK)
    assert d.status in ("decided", "provisional") and d.provisions[0] == label


def test_an_earlier_record_of_unclear_kind_leaves_the_outcome_open():
    conduct = "监考老吴之前就被处理过几回，具体是谈话还是通报批评说不清，这次发卷又晚了二十分钟"
    d = assess({"subject": "institution_staff", "provision": "第十八条第（一）项", "conduct": conduct}, RULEBOOK)
    assert d.status == "needs_facts" and not d.measures
    assert {"prior_talks_in_cycle", "prior_criticisms_in_cycle"} <= {f.fact for f in d.follow_up}
    d = assess({"subject": "institution_staff", "provision": "第十八条第（一）项", "conduct": "监考老吴这次发卷晚了二十分钟"}, RULEBOOK)
    assert d.status in ("decided", "provisional") and d.provisions[0] == "第十八条第（一）项"
