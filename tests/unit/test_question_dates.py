"""Dates in a question are read as written (issue 15 item 4): any year, English dates, never this
year in place of the one written; a date before the regulation took effect is said."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant import when

TODAY = dt.date(2026, 11, 28)
EFFECTIVE = dt.date(2025, 7, 3)


@pytest.mark.parametrize("question,expected", [
    ("我1900年1月1日收到处理决定，什么时候之前可以申辩？", dt.date(1900, 1, 1)),
    ("2026年12月30日收到处理决定", dt.date(2026, 12, 30)),
    ("I received the decision on 30 December 2026, when is my deadline?", dt.date(2026, 12, 30)),
    ("I received it on December 30, 2026.", dt.date(2026, 12, 30)),
    ("received 1st Sept 2027", dt.date(2027, 9, 1)),
    ("决定是2199-12-31送达的", dt.date(2199, 12, 31)),
    ("我在2024.3.5收到的", dt.date(2024, 3, 5)),
    ("我12月30日收到处理决定", dt.date(2026, 12, 30)),  # no year: this year, said below
    ("我9999年1月1日收到处理决定", None),
    ("2026年2月30日收到", None),
    ("考生用手机查答案怎么处理", None),
])
def test_a_question_date_is_read_as_written(question, expected):
    assert when.date_in(question, TODAY) == expected


def test_a_date_before_the_regulation_took_effect_gets_a_notice():
    said = when.notices("我1900年1月1日收到处理决定", TODAY, "zh", EFFECTIVE)
    assert len(said) == 1 and "1900-01-01" in said[0] and "2025-07-03" in said[0] and "施行" in said[0]
    assert "took effect" in when.notices("I got it on 1 January 1900", TODAY, "en", EFFECTIVE)[0]
    assert when.notices("2025年7月3日收到", TODAY, "zh", EFFECTIVE) == []


def test_a_year_filled_in_or_a_date_not_used_is_said():
    assert "没有写年份" in when.notices("我12月30日收到处理决定", TODAY, "zh", EFFECTIVE)[0]
    assert "1900" in when.notices("我9999年1月1日收到", TODAY, "zh", EFFECTIVE)[0]
    assert "no such day" in when.notices("received on 2026-02-30", TODAY, "en", EFFECTIVE)[0]
