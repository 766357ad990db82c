"""The reply check's denial rule: a reply may not deny a sanction the verified draft states, but the
draft's own "no sanction" for another person of the same answer is the engine's decision."""

from assistant import guard

SEVERAL = (
    "### 考评人员\n按第十三条第（五）项：通报批评，吊销考评人员证卡。\n"
    "### 参评人员\n经提醒已改正：依所述事实不予处理。"
)


def test_the_drafts_own_no_sanction_for_another_person_passes(corpus, rulebook):
    problems = guard.reply_problems(SEVERAL, SEVERAL, corpus, rulebook, {"第十三条第（五）项", "第六条第（一）项"}, True)
    assert "denies a sanction that the rules impose" not in problems


def test_a_phrasing_that_adds_a_denial_is_refused(corpus, rulebook):
    lie = SEVERAL + "\n总之考评人员不会被处理。"
    problems = guard.reply_problems(lie, SEVERAL, corpus, rulebook, {"第十三条第（五）项", "第六条第（一）项"}, True)
    assert "denies a sanction that the rules impose" in problems


def test_a_denial_where_the_draft_makes_none_is_refused(corpus, rulebook):
    draft = "按第十三条第（五）项：通报批评，吊销考评人员证卡。"
    problems = guard.reply_problems(draft + "不过没有任何处罚。", draft, corpus, rulebook, {"第十三条第（五）项"}, True)
    assert "denies a sanction that the rules impose" in problems
