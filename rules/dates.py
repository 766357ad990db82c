"""Deadlines of 沪人社职〔2025〕176号, counted in mainland-China working days.

Working days come from `chinese_calendar` (package `chinesecalendar`), which knows the State
Council holiday schedules for 2004-2026 and raises NotImplementedError for any other year. A
local YAML override (rules/holidays_override.yaml) can add (or correct) a year's official schedule
and wins when present. For a later year neither knows, the statutory holidays themselves (元旦,
春节, 清明, 劳动节, 端午, 中秋, 国庆, by the lunar rule) come from the maintained `holidays` package,
without its guessed bridge days, and every result says that the make-up working days (调休) are not
known yet; a year beyond that package's lunar tables falls back to Monday-Friday, also said.

Counting rule used throughout: the day of receipt (or of the triggering event) is not counted;
counting starts the next day (cf. 民法典第二百零一条). Everything here is pure except reading
the override file once when a WorkingCalendar is built.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import chinese_calendar
import holidays as holidays_lib
import yaml

from corpus.messages import Text, same, text

DEFAULT_OVERRIDE_PATH = Path(__file__).with_name("holidays_override.yaml")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateError(ValueError):
    """Dates that cannot be counted as given; `said` in both languages, str() the English."""

    def __init__(self, said: Text):
        self.said = said
        super().__init__(said.en)


@dataclass(frozen=True)
class WorkingDayResult:
    start: dt.date  # the receipt/event day; not itself counted
    n: int
    due: dt.date  # last day of the period (always a working day)
    # Weekday dates skipped because they are official holidays, with the holiday name.
    counted_holidays: list[tuple[dt.date, str]]
    # Weekend dates that counted as working days (调休上班).
    makeup_workdays: list[dt.date]
    # Years with no known schedule, where Monday-Friday was assumed.
    assumed_weekends_only_years: list[int]
    notes: list[Text]
    # Years without an official schedule whose statutory holidays were skipped (make-up days unknown).
    statutory_only_years: list[int] = ()


@dataclass(frozen=True)
class BanPeriod:
    measure_code: str
    start: dt.date
    until: dt.date  # last day of the ban, inclusive
    assumption: Text


@dataclass(frozen=True)
class _Day:
    is_workday: bool
    name: str | None  # holiday name, if the schedule gives one
    source: str  # "override" | "library" | "statutory" | "fallback"


class WorkingCalendar:
    """chinese_calendar plus a local override file; immutable once built.

    Per date, the override wins, then the library; for a year neither knows, Mon-Fri.
    `override_path=None` disables overrides (useful in tests).
    """

    def __init__(self, override_path: str | os.PathLike[str] | None = DEFAULT_OVERRIDE_PATH):
        self.override_path = Path(override_path) if override_path is not None else None
        holidays, workdays, years = (
            _load_override(self.override_path) if self.override_path is not None else ({}, set(), set())
        )
        self._holidays = MappingProxyType(holidays)
        self._workdays = frozenset(workdays)
        self.override_years = frozenset(years)

    def has_schedule(self, year: int) -> bool:
        return year in self.override_years or _library_detail(dt.date(year, 1, 1)) is not None

    def is_workday(self, day: dt.date) -> bool:
        return self._day(day).is_workday

    def holiday_name(self, day: dt.date) -> str | None:
        info = self._day(day)
        return None if info.is_workday else info.name

    def _day(self, day: dt.date) -> _Day:
        day = _as_date(day)
        if day in self._workdays:
            return _Day(True, None, "override")
        if day in self._holidays:
            return _Day(False, self._holidays[day], "override")
        lib = _library_detail(day)
        if lib is not None:
            is_holiday, name = lib
            return _Day(not is_holiday, name, "library")
        if day.year in self.override_years:
            return _Day(day.weekday() < 5, None, "override")
        statutory = _statutory(day.year)
        if statutory:
            return _Day(day not in statutory and day.weekday() < 5, statutory.get(day), "statutory")
        return _Day(day.weekday() < 5, None, "fallback")


@functools.lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The library plus the packaged override file, read once per process."""
    return WorkingCalendar()


def add_working_days(start: dt.date, n: int, calendar: WorkingCalendar | None = None) -> WorkingDayResult:
    """The n-th working day after `start` (start itself not counted)."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    start = _as_date(start)
    cal = calendar or default_calendar()
    day, counted = start, 0
    holidays: list[tuple[dt.date, str]] = []
    makeup: list[dt.date] = []
    fallback_years: set[int] = set()
    override_years: set[int] = set()
    statutory_years: set[int] = set()
    while counted < n:
        day += dt.timedelta(days=1)
        info = cal._day(day)
        if info.source == "fallback":
            fallback_years.add(day.year)
        elif info.source == "override":
            override_years.add(day.year)
        elif info.source == "statutory":
            statutory_years.add(day.year)
        weekend = day.weekday() >= 5
        if info.is_workday:
            counted += 1
            if weekend:
                makeup.append(day)
        elif not weekend:
            holidays.append((day, info.name or ""))

    notes = [text("dates.counted", start=start.isoformat(), n=n, due=day.isoformat())]
    if holidays:
        listed = Text(zh="、".join(f"{d} {holiday_name(name).zh}" for d, name in holidays),
                      en=", ".join(f"{d} {holiday_name(name).en}" for d, name in holidays))
        notes.append(text("dates.holidays_skipped", listed=listed))
    if makeup:
        notes.append(text("dates.makeup_counted", days=", ".join(map(str, makeup))))
    for year in sorted(override_years):
        notes.append(text("dates.override_year", year=year))
    for year in sorted(statutory_years):
        notes.append(text("dates.statutory_only", year=year))
    for year in sorted(fallback_years):
        notes.append(text("dates.no_schedule", year=year))
    return WorkingDayResult(start, n, day, holidays, makeup, sorted(fallback_years), notes, sorted(statutory_years))


def appeal_deadlines(
    received: dt.date,
    statement_filed: dt.date | None = None,
    calendar: WorkingCalendar | None = None,
) -> dict:
    """Art. 29: statement/objection within 15 working days of receiving the decision (or of the
    public notice), review decision within 15 working days.

    Keys: received, statement_deadline, statement_detail, review_deadline, review_detail,
    assumptions, warnings.
    """
    received = _as_date(received)
    cal = calendar or default_calendar()
    statement = _with_note(add_working_days(received, 15, cal), text("dates.statement_window"))
    assumptions = [text("dates.receipt_not_counted"), text("dates.review_start_assumed")]
    warnings: list[Text] = []
    if statement_filed is None:
        review_from = statement.due
        assumptions.append(text("dates.filed_last_day", due=statement.due.isoformat()))
    else:
        review_from = _as_date(statement_filed)
        if review_from < received:
            raise DateError(text("dates.filed_before_received", filed=review_from.isoformat(), received=received.isoformat()))
        if review_from > statement.due:
            warnings.append(text("dates.filed_late", due=statement.due.isoformat()))
    review = _with_note(add_working_days(review_from, 15, cal), text("dates.review_window"))
    return {
        "received": received,
        "statement_deadline": statement.due,
        "statement_detail": statement,
        "review_deadline": review.due,
        "review_detail": review,
        "assumptions": assumptions,
        "warnings": warnings,
    }


def report_deadline(ended: dt.date, calendar: WorkingCalendar | None = None) -> WorkingDayResult:
    """Art. 30: the institution reports the result to the regulator within 5 working days of the
    end of the handling."""
    return _with_note(add_working_days(ended, 5, calendar), text("dates.report_window"))


def rectification_plan_deadline(received: dt.date, calendar: WorkingCalendar | None = None) -> WorkingDayResult:
    """Art. 32: a warned institution submits its rectification plan within 5 working days of
    receiving the decision (or of the public notice)."""
    return _with_note(add_working_days(received, 5, calendar), text("dates.plan_window"))


_BAN_YEARS = {"ban_2_years": 2, "ban_5_years": 5}


def ban_period(decision_date: dt.date, measure_code: str) -> BanPeriod | None:
    """Arts. 7-9 bans on taking part in evaluation; None for codes that are not such bans."""
    start = _as_date(decision_date)
    if measure_code == "ban_rest_of_year":
        return BanPeriod(
            measure_code,
            start,
            dt.date(start.year, 12, 31),
            text("dates.rest_of_year"),
        )
    years = _BAN_YEARS.get(measure_code)
    if years is None:
        return None
    return BanPeriod(
        measure_code,
        start,
        _anniversary(start, years) - dt.timedelta(days=1),
        text("dates.years_ban", years=years),
    )


def ban_until(decision_date: dt.date, measure_code: str) -> dt.date | None:
    """Last day (inclusive) of the ban; the assumption behind it is in ban_period()."""
    period = ban_period(decision_date, measure_code)
    return period.until if period else None


# --- helpers ---------------------------------------------------------------------------------


def _as_date(value: dt.date) -> dt.date:
    # datetime is a date subclass; comparing the two raises, so strip the time.
    return value.date() if isinstance(value, dt.datetime) else value


def _library_detail(day: dt.date) -> tuple[bool, str | None] | None:
    """(is_holiday, name) from chinese_calendar, or None for a year it has no schedule for."""
    try:
        return chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # the library's signal for an unsupported year
        return None


@functools.lru_cache(maxsize=64)
def _statutory(year: int) -> MappingProxyType:
    """{date: English name} of mainland China's statutory holidays in `year` by rule (the `holidays`
    package, its observed/bridge days left out: those come only with the official schedule)."""
    if not 1949 < year < 2200:
        return MappingProxyType({})
    days = holidays_lib.China(years=year, observed=False, language="en_US")
    return MappingProxyType({d: name for d, name in sorted(days.items())})


@functools.lru_cache(maxsize=1)
def _statutory_zh() -> dict[str, str]:
    """The `holidays` package's English names with their Chinese ones."""
    en = holidays_lib.China(years=2030, observed=False, language="en_US")
    zh = holidays_lib.China(years=2030, observed=False, language="zh_CN")
    return {en[d]: zh[d] for d in en}


def holiday_name(name: str) -> Text:
    """A holiday's name in both languages: the libraries name their own in English and know their
    Chinese; a name from the override file is kept as written."""
    if not name:
        return text("dates.public_holiday")
    try:
        return Text(zh=chinese_calendar.Holiday(name).chinese, en=name)
    except ValueError:
        zh = _statutory_zh().get(name)
        return Text(zh=zh, en=name) if zh else same(name)


def _with_note(result: WorkingDayResult, note: Text) -> WorkingDayResult:
    return replace(result, notes=[note, *result.notes])


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a non-leap year
        return dt.date(day.year + years, 3, 1)


def _load_override(path: Path) -> tuple[dict[dt.date, str], set[dt.date], set[int]]:
    """Parse {year: {holidays: {date: name}, workdays: [date, ...]}}; ValueError names file and entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:  # a file of comments only
        return {}, set(), set()
    if not isinstance(data, dict):
        raise ValueError(f"{path}: top level must map a year to {{holidays, workdays}}, got {type(data).__name__}")

    holidays: dict[dt.date, str] = {}
    workdays: set[dt.date] = set()
    years: set[int] = set()
    for year_key, spec in data.items():
        where = f"{path}: year {year_key!r}"
        year = int(year_key) if isinstance(year_key, str) and year_key.isdigit() else year_key
        if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2200:
            raise ValueError(f"{where}: the key must be a year")
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: expected a mapping with 'holidays' and/or 'workdays'")
        unknown = set(spec) - {"holidays", "workdays"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {sorted(map(str, unknown))}")
        year_holidays = spec.get("holidays") or {}
        year_workdays = spec.get("workdays") or []
        if not isinstance(year_holidays, dict):
            raise ValueError(f"{where}: 'holidays' must map a date to a name")
        if not isinstance(year_workdays, list):
            raise ValueError(f"{where}: 'workdays' must be a list of dates")
        # An empty year would silently claim "no holidays at all" for that year.
        if not year_holidays and not year_workdays:
            raise ValueError(f"{where}: has no holidays or workdays entries")
        for raw, name in year_holidays.items():
            day = _parse_date(raw, year, f"{where} holidays entry {raw!r}")
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"{where} holidays entry {raw!r}: the holiday name must be a non-empty string")
            holidays[day] = name.strip()
        for raw in year_workdays:
            day = _parse_date(raw, year, f"{where} workdays entry {raw!r}")
            if day in holidays:
                raise ValueError(f"{where} workdays entry {raw!r}: also listed as a holiday")
            workdays.add(day)
        years.add(year)
    return holidays, workdays, years


def _parse_date(raw: object, year: int, where: str) -> dt.date:
    # Unquoted YAML dates arrive as date objects; quoted ones as strings.
    if isinstance(raw, dt.datetime):
        raise ValueError(f"{where}: expected a date, not a date-time")
    if isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str) and _ISO_DATE.match(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise ValueError(f"{where}: not a valid date ({exc})") from None
    else:
        raise ValueError(f"{where}: expected a date written YYYY-MM-DD")
    if day.year != year:
        raise ValueError(f"{where}: date is not in {year}")
    return day
