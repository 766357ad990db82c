"""Deadlines as the Decision and `regqa deadline` show them, on top of rules/dates.py."""

from __future__ import annotations

import datetime as dt

from corpus.messages import text
from rules.case import DeadlineOut, HolidayOut
from rules.dates import WorkingDayResult, appeal_deadlines, holiday_name


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
        statutory_only_years=list(result.statutory_only_years),
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
    statutory_years = sorted({*statement.statutory_only_years, *review.statutory_only_years})
    assumptions = list(result["assumptions"])
    for year in statutory_years:
        assumptions.append(text("dates.statutory_only", year=year))
    for year in unknown_years:
        assumptions.append(text("engine.schedule_unknown", year=year))
    quote = rulebook.articles[29].quote
    return {
        "received": received.isoformat(),
        "statement_deadline": statement.due.isoformat(),
        "review_deadline": review.due.isoformat(),
        "provision": "第二十九条",
        "quote": quote,
        "schedule_known": not unknown_years and not statutory_years,
        "assumed_weekends_only_years": unknown_years,
        "makeup_workdays_unknown_years": statutory_years,
        "counted_holidays": [{"date": d.isoformat(), "name": n.model_dump()} for d, n in sorted(holidays.items())],
        "makeup_workdays": [d.isoformat() for d in makeup],
        "statement": statement.model_dump(mode="json"),
        "review": review.model_dump(mode="json"),
        "assumptions": [a.model_dump() for a in assumptions],
        "warnings": [w.model_dump() for w in result["warnings"]],
    }


RIGHTS_STEPS = ("第二十八条第一款", "第二十八条第二款", "第二十九条", "第三十三条")


def rights_steps(rulebook) -> list:
    """The procedure steps a person facing a decision can act on (arts 28, 29, 33), in order."""
    return [p for label in RIGHTS_STEPS for p in rulebook.procedure if p.label == label]
