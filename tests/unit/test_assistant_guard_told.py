"""The reply check reads the answer's own claims: the case's words quoted back (“…”) name whom the
asker named, and are not the answer saying whom a provision concerns. Written for this test."""

from assistant import guard

TOLD = "督导员老林巡场时看到一名考生偷看小抄，当场叫停并通知考务人员处理，还写进了督导报告。老林要担责吗？"
DRAFT = ("### 质量督导员\n**结论**：第十五条第（四）项以“隐瞒不报”为要件，案情所述（“当场叫停并通知考务人员处理,"
         "还写进了督导报告”）不满足，不按本项处理。")


def test_the_cases_own_words_quoted_back_are_not_the_answers_claim(corpus, rulebook):
    problems = guard.reply_problems(DRAFT, DRAFT, corpus, rulebook, {"第十五条第（四）项"}, False, TOLD)
    assert not [p for p in problems if "质量督导员的行为" in p]


def test_the_same_words_not_from_the_case_are_still_checked(corpus, rulebook):
    problems = guard.reply_problems(DRAFT, DRAFT, corpus, rulebook, {"第十五条第（四）项"}, False, "督导员老林要担责吗？")
    assert [p for p in problems if "质量督导员的行为" in p]
