"""The question's own date reaches the answer (issue 15 items 4 and 5)."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 28)


def test_1900_is_counted_from_1900_and_said_to_predate_the_regulation(assistant):
    answer = assistant.ask("我1900年1月1日收到处理决定，什么时候之前可以申辩？", today=TODAY)
    assert "1900-01-22" in answer.answer and "2026-01" not in answer.answer
    assert any("2025-07-03" in n and "施行" in n for n in answer.notices)


def test_an_english_date_is_read_and_2027s_unknown_makeup_days_are_said(assistant):
    answer = assistant.ask("I received the decision on 30 December 2026, when is my appeal deadline?", today=TODAY)
    assert "2027-01-21" in answer.answer and "make-up working days" in answer.answer
    zh = assistant.ask("2026年12月30日收到处理决定，申辩期限到哪天？", today=TODAY)
    assert "2027-01-21" in zh.answer and "2027-01-01 元旦" in zh.answer and "调休上班日尚不可知" in zh.answer
