"""Deadlines of 沪人社职〔2025〕176号 arts. 7-9, 29, 30, 32 in mainland-China working days."""

import datetime as dt
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.dates import (
    WorkingCalendar,
    add_working_days,
    appeal_deadlines,
    ban_period,
    ban_until,
    default_calendar,
    rectification_plan_deadline,
    report_deadline,
)

# No override file, so a later edit of the packaged file cannot change what these tests mean.
LIBRARY_ONLY = WorkingCalendar(override_path=None)


def test_art29_statement_deadline_across_national_day_2026():
    # chinesecalendar 1.11.0, 2026 schedule: National Day 1-7 Oct (8 Oct is a working day),
    # Mid-Autumn 25-27 Sep, and Saturday 10 Oct is a make-up working day.
    result = appeal_deadlines(date(2026, 9, 28), calendar=LIBRARY_ONLY)
    statement = result["statement_detail"]
    assert result["statement_deadline"] == statement.due == date(2026, 10, 23)
    assert statement.counted_holidays == [
        (date(2026, 10, d), "National Day") for d in (1, 2, 5, 6, 7)  # 3-4 Oct are a weekend anyway
    ]
    assert statement.makeup_workdays == [date(2026, 10, 10)]
    assert statement.assumed_weekends_only_years == []
    assert any("2026-10-10" in note for note in statement.notes)
    # Filing date unknown: the review runs 15 working days from the last day to state one's case.
    assert result["review_deadline"] == date(2026, 11, 13)
    assert any("filing date is not known" in a and "2026-10-23" in a for a in result["assumptions"])


def test_art29_review_counts_from_filing_day_when_known():
    result = appeal_deadlines(date(2026, 9, 28), statement_filed=date(2026, 9, 30), calendar=LIBRARY_ONLY)
    # Counting from 1 Oct: 1-7 Oct off; 8, 9, Sat 10, 12-16, 19-23, 26, 27 Oct are the 15 days.
    assert result["review_deadline"] == date(2026, 10, 27)
    assert result["warnings"] == []
    late = appeal_deadlines(date(2026, 9, 28), statement_filed=date(2026, 10, 26), calendar=LIBRARY_ONLY)
    assert late["warnings"]


def test_art30_and_art32_five_working_days():
    # Ended/received on Friday 2026-09-18: Sun 20 Sep is a make-up day, Fri 25 Sep is Mid-Autumn.
    report = report_deadline(date(2026, 9, 18), calendar=LIBRARY_ONLY)
    assert report.due == date(2026, 9, 24)
    assert report.makeup_workdays == [date(2026, 9, 20)]
    plan = rectification_plan_deadline(date(2026, 9, 18), calendar=LIBRARY_ONLY)
    assert plan.due == report.due
    assert "第三十二条" in plan.notes[0] and "第三十条" in report.notes[0]


def test_2027_without_schedule_skips_statutory_holidays_and_says_makeup_days_are_unknown():
    result = add_working_days(date(2027, 3, 1), 5, calendar=LIBRARY_ONLY)
    assert result.due == date(2027, 3, 8)
    assert result.statutory_only_years == [2027] and result.assumed_weekends_only_years == []
    assert any("2027" in note and "make-up" in note and "调休" in note for note in result.notes)
    assert not LIBRARY_ONLY.has_schedule(2027) and LIBRARY_ONLY.has_schedule(2026)


def test_a_year_beyond_every_table_falls_back_to_weekdays_and_says_so():
    result = add_working_days(date(2150, 3, 1), 5, calendar=LIBRARY_ONLY)
    assert result.due == date(2150, 3, 6) and result.assumed_weekends_only_years == [2150]  # 1 March is a Sunday
    assert any("2150" in note and "Monday to Friday" in note and "周一至周五" in note for note in result.notes)


def test_period_crossing_into_unknown_year_is_flagged():
    result = add_working_days(date(2026, 12, 20), 10, calendar=LIBRARY_ONLY)
    assert result.statutory_only_years == [2027]


def test_counting_starts_the_day_after_receipt():
    # Received on a working day: that day is not one of the n.
    assert add_working_days(date(2026, 3, 2), 1, calendar=LIBRARY_ONLY).due == date(2026, 3, 3)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), 0, calendar=LIBRARY_ONLY)


dates_2020_2028 = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31))


@given(start=dates_2020_2028, n=st.integers(min_value=1, max_value=40))
def test_due_is_the_nth_working_day_after_start(start, n):
    due = add_working_days(start, n, calendar=LIBRARY_ONLY).due
    assert due >= start + dt.timedelta(days=n)  # a working day takes at least a calendar day
    assert LIBRARY_ONLY.is_workday(due)
    days = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(map(LIBRARY_ONLY.is_workday, days)) == n


@given(start=dates_2020_2028, n=st.integers(min_value=1, max_value=30), extra=st.integers(min_value=1, max_value=30))
def test_more_working_days_never_gives_an_earlier_due_date(start, n, extra):
    earlier = add_working_days(start, n, calendar=LIBRARY_ONLY).due
    later = add_working_days(start, n + extra, calendar=LIBRARY_ONLY).due
    assert earlier < later  # strictly, which implies the required non-decreasing


def test_ban_rest_of_year_ends_31_december():
    assert ban_until(date(2026, 3, 15), "ban_rest_of_year") == date(2026, 12, 31)


def test_ban_years_end_the_day_before_the_anniversary():
    assert ban_until(date(2026, 3, 15), "ban_2_years") == date(2028, 3, 14)
    assert ban_until(date(2026, 3, 15), "ban_5_years") == date(2031, 3, 14)
    # 29 Feb: no 29 Feb in 2026/2029, the anniversary is 1 March, so the ban ends 28 Feb.
    assert ban_until(date(2024, 2, 29), "ban_2_years") == date(2026, 2, 28)
    assert ban_until(date(2024, 2, 29), "ban_5_years") == date(2029, 2, 28)
    assert ban_until(date(2024, 2, 29), "ban_rest_of_year") == date(2024, 12, 31)
    assert "does not say" in ban_period(date(2024, 2, 29), "ban_2_years").assumption


def test_other_measure_codes_have_no_ban():
    assert ban_until(date(2026, 3, 15), "warning") is None
    assert ban_period(date(2026, 3, 15), "cancel_scores") is None


def test_override_adds_a_2027_schedule(tmp_path):
    path = tmp_path / "override.yaml"
    # One quoted and one unquoted date: YAML turns the latter into a date object.
    path.write_text(
        '2027:\n  holidays:\n    "2027-03-03": 测试假日\n    2027-03-04: 测试假日\n  workdays:\n    - "2027-03-06"\n',
        encoding="utf-8",
    )
    cal = WorkingCalendar(override_path=path)
    result = add_working_days(date(2027, 3, 1), 5, calendar=cal)
    # 2 Mar, (3-4 off), 5 Mar, Sat 6 Mar (make-up), 8 Mar, 9 Mar.
    assert result.due == date(2027, 3, 9)
    assert result.counted_holidays == [(date(2027, 3, 3), "测试假日"), (date(2027, 3, 4), "测试假日")]
    assert result.makeup_workdays == [date(2027, 3, 6)]
    assert result.assumed_weekends_only_years == []
    assert any("override" in note for note in result.notes)


@pytest.mark.parametrize(
    "content, bad_entry",
    [
        ('2027:\n  holidays:\n    "2027-02-30": 春节\n', "2027-02-30"),
        ('2027:\n  holidays:\n    "2028-01-01": 元旦\n', "2028-01-01"),
        ('2027:\n  holidays:\n    "2027-01-01": ""\n', "2027-01-01"),
        ('2027:\n  workdays: ["27-02-07"]\n', "27-02-07"),
        ('2027:\n  holidays:\n    "2027-01-01": 元旦\n  workdays: ["2027-01-01"]\n', "2027-01-01"),
        ('2027:\n  holiday:\n    "2027-01-01": 元旦\n', "holiday"),
        ("2027:\n", "2027"),
        ("next_year:\n  workdays: []\n", "next_year"),
        ("- 2027-01-01\n", "top level"),
        ("2027: {holidays: [\n", "YAML"),
    ],
)
def test_malformed_override_names_file_and_entry(tmp_path, content, bad_entry):
    path = tmp_path / "broken_override.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        WorkingCalendar(override_path=path)
    message = str(info.value)
    assert "broken_override.yaml" in message and bad_entry in message


def test_packaged_override_file_loads():
    assert default_calendar().override_path.name == "holidays_override.yaml"
    assert default_calendar().is_workday(date(2026, 10, 8))


def test_after_chinesecalendars_data_statutory_holidays_are_skipped_and_makeup_days_said_unknown(tmp_path):
    """Issue 15 item 5: received 2026-12-30 counted 元旦 as a working day (due 2027-01-20)."""
    import datetime as dt

    from rules.dates import WorkingCalendar, add_working_days, report_deadline

    cal = WorkingCalendar(override_path=None)
    result = add_working_days(dt.date(2026, 12, 30), 15, cal)
    assert result.due == dt.date(2027, 1, 21) and dt.date(2027, 1, 1) in [d for d, _ in result.counted_holidays]
    assert result.statutory_only_years == [2027] and result.assumed_weekends_only_years == []
    assert any("调休上班日尚不可知" in n.zh and "not known yet" in n.en for n in result.notes)
    assert not cal.is_workday(dt.date(2027, 4, 5))  # 清明 by the lunar rule
    assert report_deadline(dt.date(2026, 12, 30), cal).due == dt.date(2027, 1, 7)


def test_an_official_schedule_in_the_override_file_wins(tmp_path):
    import datetime as dt

    from rules.dates import WorkingCalendar, add_working_days

    path = tmp_path / "holidays-override.yaml"
    path.write_text('2027:\n  holidays:\n    "2027-01-01": 元旦\n    "2027-01-04": 元旦\n  workdays:\n    - "2027-01-09"\n',
                    encoding="utf-8")
    result = add_working_days(dt.date(2026, 12, 30), 15, WorkingCalendar(override_path=path))
    assert result.statutory_only_years == [] and dt.date(2027, 1, 9) in result.makeup_workdays
    assert [d for d, _ in result.counted_holidays] == [dt.date(2027, 1, 1), dt.date(2027, 1, 4)]
