"""Deadlines as the Decision and `regqa deadline` show them, on top of rules/dates.py."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from rules.case import DeadlineOut, HolidayOut
from rules.dates import WorkingDayResult, appeal_deadlines


def holiday_name(name: str) -> str:
    """chinese_calendar names holidays in English; give the Chinese name too where it knows one."""
    try:
        return f"{chinese_calendar.Holiday(name).chinese} {name}"
    except ValueError:
        return name


def deadline_out(result: WorkingDayResult, provision: str) -> DeadlineOut:
    return DeadlineOut(
        due=result.due,
        provision=provision,
        working_days=result.n,
        counted_from=result.start,
        counted_holidays=[HolidayOut(date=d, name=holiday_name(n)) for d, n in result.counted_holidays],
        makeup_workdays=list(result.makeup_workdays),
        assumed_weekends_only_years=list(result.assumed_weekends_only_years),
        notes=list(result.notes),
    )


def appeal_report(received: dt.date, rulebook, statement_filed: dt.date | None = None, calendar=None) -> dict:
    """`regqa deadline`: 第二十九条 statement and review deadlines, the holidays and make-up days
    counted, and whether the holiday schedule was known (JSON-ready)."""
    result = appeal_deadlines(received, statement_filed, calendar)
    statement = deadline_out(result["statement_detail"], "第二十九条")
    review = deadline_out(result["review_detail"], "第二十九条")
    holidays = {h.date: h.name for h in (*statement.counted_holidays, *review.counted_holidays)}
    makeup = sorted({*statement.makeup_workdays, *review.makeup_workdays})
    unknown_years = sorted({*statement.assumed_weekends_only_years, *review.assumed_weekends_only_years})
    assumptions = list(result["assumptions"])
    for year in unknown_years:
        assumptions.append(
            f"{year} 年放假安排未知（chinesecalendar 无该年数据，本地覆盖文件 rules/holidays_override.yaml 也未提供），"
            f"按周一至周五为工作日推算；国务院公布放假安排后截止日可能变化 / "
            f"the {year} holiday schedule is unknown: Monday-Friday assumed as working days; "
            f"the deadline may move once the schedule is published"
        )
    quote = rulebook.articles[29].quote
    return {
        "received": received.isoformat(),
        "statement_deadline": statement.due.isoformat(),
        "review_deadline": review.due.isoformat(),
        "provision": "第二十九条",
        "quote": quote,
        "schedule_known": not unknown_years,
        "assumed_weekends_only_years": unknown_years,
        "counted_holidays": [{"date": d.isoformat(), "name": n} for d, n in sorted(holidays.items())],
        "makeup_workdays": [d.isoformat() for d in makeup],
        "statement": statement.model_dump(mode="json"),
        "review": review.model_dump(mode="json"),
        "assumptions": assumptions,
        "warnings": list(result["warnings"]),
    }
