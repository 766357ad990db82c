"""Answers to questions of the public eval set, across every intent: each answer cites the
expected provisions with verbatim quotes, and every sanction it states is verified by the rules."""

import json
import re
from pathlib import Path

import pytest

from corpus import load_corpus as _load_corpus
from rules import load_rulebook as _load_rulebook
from rules import verify
from tests.helpers import ROOT

RULEBOOK = _load_rulebook(_load_corpus())

QUESTIONS = {
    json.loads(line)["id"]: json.loads(line)
    for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
}
TABLE = [
    # lookups
    "q001",
    "q003", "q092", "q113", "q142", "q208",
    # "考官能不能中途出去办事" sits on the line between an overview of examiners' conduct and an act asked about:
    # read as an overview before stop 30 and with the English word view (stop 31); read as the act again with
    # stop 32's training waves. A known borderline: if it flips back, this fails and says so.
    "q091",
    # definitions and scope
    "q005", "q007", "q008", "q011",
    # cases
    "q021", "q025", "q033", "q053", "q062", "q082", "q094", "q114", "q127", "q144", "q170", "q198", "q204", "q210",
    # rights and deadlines
    "q022",
    "q034", "q048", "q055", "q078", "q203", "q219", "q225",
    # procedure
    "q212", "q216", "q223", "q232", "q240", "q243",
    # out of scope
    "q254", "q256", "q258", "q259", "q260", "q262",
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("qid", TABLE)
def test_answer_cites_expected_provisions_verbatim_and_verified(assistant, corpus, qid):
    q = QUESTIONS[qid]
    answer = assistant.ask(q["question"])
    labels = [c.label for c in answer.citations]
    if not q["clauses"]:
        assert answer.intent == "out_of_scope" and "第二条" in labels and not answer.sanctions
        return
    for clause in q["clauses"]:
        assert clause in labels, f"{qid}: {clause} missing from {labels}"
        assert _flat(corpus.get(clause).text) in _flat(answer.answer), f"{qid}: {clause} is not quoted"
    for c in answer.citations:
        assert c.quote == corpus.get(c.label).text  # every quote verbatim at its label
    assert all(s.verified for s in answer.sanctions)
    assert not [f for f in verify(re.sub(r"「[^」]*」", "「」", answer.answer), RULEBOOK) if f.kind != "wrong_subject"]
    assert len(answer.retrieved) >= 5


def _ids():
    return [q if isinstance(q, str) else q.values[0] for q in TABLE]


def test_the_table_spans_every_intent_and_language():
    ids = _ids()
    assert {QUESTIONS[q]["intent"] for q in ids} == {"lookup", "definition", "case", "rights", "procedure", "out_of_scope"}
    assert {QUESTIONS[q]["lang"] for q in ids} == {"zh", "en"}
    assert len(ids) >= 30


def test_a_phone_case_answers_with_the_outcome_first(assistant):
    answer = assistant.ask("考生用手机查答案怎么处理")
    first = answer.answer.splitlines()[0]
    assert "第七条第（一）项" in first and "取消当次全部科目评价成绩" in first and "当年不得参加技能评价" in first
    assert answer.citations[0].label == "第七条第（一）项"
    assert answer.sanctions[0].measure_codes == ["cancel_all_scores", "ban_rest_of_year"]
    assert "第二十九条" in answer.answer and "15个工作日" in answer.answer  # the right to state one's case


def test_a_case_with_a_date_gives_the_ban_end_and_deadlines(assistant):
    answer = assistant.ask("2026年9月28日考生在考场用手机查答案，会怎么处理")
    assert "2026-12-31" in answer.answer
    assert answer.decision["deadlines"]["statement"]["due"] == "2026-10-23"


def test_an_english_question_gets_an_english_answer_with_chinese_quotes(assistant):
    answer = assistant.ask("A candidate used a phone to look up answers during the exam. What applies?")
    assert answer.lang == "en" and answer.answer.startswith("**Outcome**")
    assert "第七条第（一）项" in answer.answer and "在评价过程中使用规定以外的" in answer.answer


def test_a_missing_fact_is_asked_not_guessed(assistant):
    answer = assistant.ask("考生带了资料进考场")
    assert answer.follow_up and not answer.sanctions
    assert any("提醒" in q for q in answer.follow_up)
