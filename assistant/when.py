"""Dates written in a question, read as written (issue 15 item 4).

A full date is read with its own year, whatever the year ("1900年1月1日", "2026-12-30", "30 December
2026", "December 30, 2026"); a month and day without a year is read in this year and the answer says
so; a date that is not a calendar day, or lies outside 1900-2199 (the range every other date input
accepts), is not used and the answer says why. A date before the regulation took effect gets a
notice: it applies from that day (第三十六条).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from corpus.messages import t

FIRST_YEAR, LAST_YEAR = 1900, 2199

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FULL = re.compile(r"(?<!\d)(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})(?!\d)[日号]?")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


@dataclass(frozen=True)
class Written:
    """A date as the question writes it: `date` None when it cannot be used (`problem` says why)."""

    written: str
    date: dt.date | None
    year_given: bool
    problem: str | None = None  # "range" | "calendar"


def _make(written: str, year: int, month: int, day: int, year_given: bool) -> Written:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return Written(written, None, year_given, "range")
    try:
        return Written(written, dt.date(year, month, day), year_given)
    except ValueError:
        return Written(written, None, year_given, "calendar")


def read(text: str, today: dt.date) -> Written | None:
    """The first date the question writes, or None."""
    found = []
    if m := _FULL.search(text):
        found.append((m.start(), _make(m[0], int(m[1]), int(m[2]), int(m[3]), True)))
    if m := _DAY_MONTH_YEAR.search(text):
        found.append((m.start(), _make(m[0], int(m[3]), _MONTHS[m[2].lower()], int(m[1]), True)))
    if m := _MONTH_DAY_YEAR.search(text):
        found.append((m.start(), _make(m[0], int(m[3]), _MONTHS[m[1].lower()], int(m[2]), True)))
    if not found and (m := _MONTH_DAY.search(text)):
        found.append((m.start(), _make(m[0], today.year, int(m[1]), int(m[2]), False)))
    return min(found, key=lambda f: f[0])[1] if found else None


def date_in(text: str, today: dt.date) -> dt.date | None:
    """The date to count from, when the question writes a usable one."""
    w = read(text, today)
    return w.date if w else None


def notices(text: str, today: dt.date, lang: str, effective: dt.date) -> list[str]:
    """What the answer says about the question's date: a year filled in, a date not used, a date
    before the regulation took effect."""
    w = read(text, today)
    if w is None:
        return []
    if w.date is None:
        why = t(f"notice.date_{w.problem}", lang, first=FIRST_YEAR, last=LAST_YEAR)
        return [t("notice.date_unused", lang, written=w.written, why=why)]
    out = []
    if not w.year_given:
        out.append(t("notice.date_this_year", lang, written=w.written, date=w.date.isoformat()))
    if w.date < effective:
        out.append(t("notice.before_effective", lang, date=w.date.isoformat(), effective=effective.isoformat()))
    return out
