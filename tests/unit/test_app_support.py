"""The app's pure helpers: highlighting (views/markup.py), the case form (views/case_form.py), the
decision summary (rules/render.py), quizzes (assistant/practice.py), the rights steps."""

import datetime as dt
import re

import pytest

from assistant.practice import draw_quiz, practice_sheet, score
from rules.deadlines import rights_steps
from rules.render import cited_labels, decision_markdown
from views.case_form import case_dict, quick_replies
from views.markup import highlight, plain
from corpus import load_corpus
from corpus import load_corpus as _load_corpus
from corpus.messages import catalogue
from rules import assess, load_rulebook
from rules import load_rulebook as _load_rulebook

RULEBOOK = _load_rulebook(_load_corpus())


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook(load_corpus())


def test_highlight_marks_the_questions_words_and_escapes_everything():
    out = highlight("（一）使用手机、耳机<b>x</b>*y*", "考生用手机查答案怎么处理")
    assert "<mark>手机</mark>" in out
    assert "<b>" not in out and "&lt;b&gt;" in out and "*" not in out
    assert "<mark>" not in highlight("第七条", "怎么处理")  # filler words are not marked


def test_plain_makes_user_text_inert():
    out = plain("<script>alert(1)</script> **bold** [x](http://e)")
    assert "<script" not in out and "*" not in out and "[" not in out and "](" not in out


def test_plain_keeps_web_addresses_whole():
    out = plain("见 https://rsj.sh.gov.cn/a_(1).html。再见 http://e.cn/x)。")
    assert "<https://rsj.sh.gov.cn/a_(1).html>" in out and "<http://e.cn/x>&#41;" in out  # no entity inside
    assert "<" not in plain("https:// 与 http://。")  # a scheme alone is no address


def test_every_interface_string_has_both_languages():
    ui = {k: v for k, v in catalogue().items() if k.startswith("ui.")}
    assert len(ui) > 50 and all(v["zh"] and v["en"] for v in ui.values())


def test_case_dict_leaves_unknown_facts_out():
    case = case_dict("examiner", " 迟到 ", "", dt.date(2026, 9, 28),
                     {"prior_talks_in_cycle": 2.0, "adverse_impact": None, "reminded_and_refused": False})
    assert case == {"subject": "examiner", "conduct": "迟到", "date": "2026-09-28",
                    "facts": {"prior_talks_in_cycle": 2, "reminded_and_refused": False}}
    assert "facts" not in case_dict("candidate", "用手机", "", None, {"reminded_and_refused": None})


@pytest.mark.parametrize("case", [
    {"subject": "examiner", "conduct": "考评员迟到", "date": "2026-09-28", "facts": {"prior_talks_in_cycle": 2}},
    {"subject": "candidate", "conduct": "考生用手机查答案", "date": "2026-09-28"},
    {"subject": "institution", "conduct": "成绩录入错误", "facts": {"score_errors_in_year": 6}},
])
def test_decision_summary_quotes_every_provision_it_cites(corpus, case):
    d = assess(case, RULEBOOK)
    md = decision_markdown(d, corpus, case)
    labels = cited_labels(d)
    assert labels and set(d.provisions) <= set(labels)
    for label in labels:
        assert f"**{label}**（" in md and corpus.get(label).text in md
    for f in d.follow_up:
        assert f.question.zh in md
    for x in d.deadlines.values():
        assert str(x.due) in md
    english = decision_markdown(d, corpus, case, "en")
    assert "Decision summary" in english
    for f in d.follow_up:
        assert f.question.en in english and f.question.zh not in english


def test_quiz_is_deterministic_and_answerable(rulebook):
    assert draw_quiz(rulebook, 5, seed=3) == draw_quiz(rulebook, 5, seed=3)
    assert draw_quiz(rulebook, 5, seed=3) != draw_quiz(rulebook, 5, seed=4)
    for seed in range(30):
        items = draw_quiz(rulebook, 6, seed)
        assert len({q.label for q in items}) == 6
        for q in items:
            rule = rulebook.rules[q.label]
            assert q.scenario in rule.examples and q.quote.endswith(rule.quote)
            assert len(set(q.provision_options)) == 4 and q.label in q.provision_options
            assert len(set(q.measure_options)) == 4 and q.measures in q.measure_options
    items = draw_quiz(rulebook, 3, 0)
    assert score(items, [q.label for q in items], [q.measures for q in items]) == 6
    assert score(items, [None] * 3, [q.measures for q in items]) == 3


def test_practice_sheet_has_an_answer_key_with_quotes(rulebook):
    items = draw_quiz(rulebook, 4, 7)
    sheet = practice_sheet(items, rulebook)
    questions, key = sheet.split("# 答案")
    for n, q in enumerate(items, 1):
        assert q.scenario in questions and q.label not in key.split(f"{n}. ")[0][-5:]
        letter = "ABCD"[q.provision_options.index(q.label)] + " / " + "ABCD"[q.measure_options.index(q.measures)]
        assert re.search(rf"^{n}\. {letter} — \*\*{re.escape(q.label)}\*\*", key, re.M)
        assert q.quote in key


def test_rights_steps_cite_articles_28_29_33(rulebook):
    steps = rights_steps(rulebook)
    assert [s.label for s in steps][:3] == ["第二十八条第一款", "第二十八条第二款", "第二十九条"]
    assert {s.deadline for s in steps} >= {"statement", "review"}


def test_quick_replies_answer_the_open_fact():
    assert quick_replies("reminded_and_refused") == ["是，拒不改正", "否，提醒后改正了"]
    assert quick_replies("reminded_and_refused", "en") == ["yes, refused", "no, corrected after the reminder"]
    assert quick_replies(None) == [] and quick_replies("conduct") == []
