"""A case in, a Decision out (DESIGN.md section 4), and the Finding of the verifier.

Case and Facts forbid unknown keys; `parse_case` turns any validation problem into a CaseError
whose message names the field (`case.facts.prior_talks: unknown field`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rules.schema import SUBJECTS, Subject

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates a case or a deadline may be given: wide of the regulation (2025) either way, and far enough
# from 9999-12-31 that a ban of years or a window of working days never runs past the calendar.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
# A count (talks in a filing cycle, score errors in a year) larger than this is a mistake, not a record.
MAX_COUNT = 1_000_000
_GOT = 60  # characters of an offending value shown in a message


def check_day(value: str, field: str) -> dt.date:
    """A date written YYYY-MM-DD within EARLIEST..LATEST; ValueError (Chinese / English) naming `field`."""
    if not isinstance(value, str) or not _ISO.match(value):
        raise ValueError(f"{field}: 日期须写作 YYYY-MM-DD / expected a date written YYYY-MM-DD, got {_shown(value)}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{field}: 不是有效日期 {value} / not a valid date ({exc})") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{field}: 日期 {value} 超出可计算的范围（{EARLIEST} 至 {LATEST}） / the date {value} is outside "
                         f"the range deadlines and bans can be computed for ({EARLIEST} to {LATEST})")
    return day


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _GOT else f"{text[:_GOT]}…（{len(text)} 字符 / characters）"


class CaseError(ValueError):
    """A case that cannot be assessed; the message names the field."""


class _Forbid(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Facts(_Forbid):
    """The facts that decide outcomes; every one optional (None = not known, ask if it matters)."""

    # counts are strict: JSON's true is not 1
    reminded_and_refused: bool | None = None
    prior_talks_in_cycle: int | None = Field(default=None, ge=0, le=MAX_COUNT, strict=True)
    prior_criticisms_in_cycle: int | None = Field(default=None, ge=0, le=MAX_COUNT, strict=True)
    prior_interviews_in_cycle: int | None = Field(default=None, ge=0, le=MAX_COUNT, strict=True)
    warned_under_art22: bool | None = None
    adverse_impact: bool | None = None
    supervisor_kind: Literal["internal", "external"] | None = None
    score_errors_in_year: int | None = Field(default=None, ge=0, le=MAX_COUNT, strict=True)
    score_corrections_in_year: int | None = Field(default=None, ge=0, le=MAX_COUNT, strict=True)
    self_reported: bool | None = None
    deliberate: bool | None = None  # False: by accident (the items that require 故意 do not apply)
    spread: bool | None = None  # False: kept to oneself (第九条第（一）项 requires 传播)
    false_info: bool | None = None  # False: what was said is true (第九条第（六）项 requires 不实信息)
    handled: bool | None = None  # True: the misconduct seen was stopped and reported at once (15(4), 19(2))
    device_used: bool | None = None  # True: a device carried in was used (第七条第（一）项, not 第六条第（一）项)
    # the size of a grading or processing error (11(4)/12(4)/13(3), 18(3)/19(3)); read from the
    # conduct's words when not given
    severity: Literal["minor", "major", "grave"] | None = None


class Case(_Forbid):
    subject: Subject
    conduct: str | None = None  # what happened, in plain words
    provision: str | None = None  # a label, when already known (any common form)
    date: dt.date | None = None  # taken as the day the decision is made and received
    facts: Facts = Facts()

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value if value is None or EARLIEST <= value <= LATEST else check_day(value.isoformat(), "date")
        return check_day(value, "date")

    @field_validator("conduct", "provision")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _something_to_assess(self) -> "Case":
        f = self.facts
        counts = f.score_errors_in_year is not None or f.score_corrections_in_year is not None
        if not self.conduct and not self.provision and not (self.subject == "institution" and counts):
            raise ValueError("请给出 conduct（用平常的话说发生了什么）或 provision（条文编号） / "
                             "give `conduct` (what happened, in plain words) or `provision` (a label)")
        return self


def parse_case(data: Any) -> Case:
    """A Case from a mapping (e.g. parsed JSON); CaseError names the offending field."""
    if isinstance(data, Case):
        return data
    if not isinstance(data, dict):
        raise CaseError(f"case: 案件须为 JSON 对象，而不是 {type(data).__name__} / expected a JSON object, got {type(data).__name__}")
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(_describe(exc)) from None


# What a validation error means, in Chinese, by pydantic's error type (the English is pydantic's own).
_ZH = {
    "missing": "必填",
    "int_type": "须为整数",
    "int_parsing": "须为整数",
    "int_from_float": "须为整数",
    "bool_type": "须为 true 或 false",
    "bool_parsing": "须为 true 或 false",
    "string_type": "须为文字",
    "greater_than_equal": "不能为负数",
    "less_than_equal": f"不能大于 {MAX_COUNT}",
    "literal_error": "不是可选值之一",
    "model_type": "须为 JSON 对象",
    "model_attributes_type": "须为 JSON 对象",
    "dict_type": "须为 JSON 对象",
    "date_type": "须为日期",
}


def _describe(exc: ValidationError) -> str:
    """One line, Chinese then English, naming each offending field."""
    messages = []
    for err in exc.errors():
        path = ".".join(["case", *(str(p) for p in err["loc"])])
        kind = err["type"]
        msg = err["msg"].removeprefix("Value error, ")
        if kind == "extra_forbidden":
            hint = ""
            if err["loc"][0] == "facts" and len(err["loc"]) == 2:
                hint = f" (known facts: {', '.join(Facts.model_fields)})"
            elif len(err["loc"]) == 1:
                hint = f" (known fields: {', '.join(Case.model_fields)})"
            messages.append(f"{path}: 未知字段 / unknown field{hint}")
        elif kind == "literal_error" and err["loc"] == ("subject",):
            messages.append(f"{path}: 未知的主体 {_shown(err.get('input'))} / unknown subject {_shown(err.get('input'))}; "
                            f"one of {', '.join(SUBJECTS)}")
        elif kind == "missing":
            messages.append(f"{path}: 必填 / required")
        elif kind == "value_error":  # our own validators write both languages
            field = f"{err['loc'][-1]}: " if err["loc"] else ""
            messages.append(f"{path}: {msg.removeprefix(field)}" if err["loc"] else f"case: {msg}")
        elif not err["loc"]:
            messages.append(f"case: {msg}")
        else:
            zh = _ZH.get(kind, "取值无效")
            messages.append(f"{path}: {zh} / {msg} (got {_shown(err.get('input'))})")
    return "; ".join(messages)


# --- the Decision --------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeasureOut(_Out):
    """A measure as the decision shows it; `provision` is the label whose quote imposes it."""

    code: str
    label: str  # Chinese
    label_en: str
    provision: str
    discretionary: bool = False  # 视情况: the decider may, not must


class Consequence(MeasureOut):
    decided_by: str
    condition: str  # why it applies, e.g. 对评价工作造成不良影响


class Certificate(_Out):
    provision: str
    quote: str
    measures: list[MeasureOut]


class TraceStep(_Out):
    step: str  # match | provision | condition | escalation | sanction | decided_by | ...
    label: str
    quote: str  # verbatim corpus text at `label`
    note: str


class HolidayOut(_Out):
    date: dt.date
    name: str


class DeadlineOut(_Out):
    due: dt.date
    provision: str
    working_days: int
    counted_from: dt.date  # the day before counting starts (not itself counted)
    counted_holidays: list[HolidayOut]
    makeup_workdays: list[dt.date]
    assumed_weekends_only_years: list[int]
    notes: list[str]


class ProcedureOut(_Out):
    step: str
    actor: str
    label: str
    quote: str
    deadline: str | None = None  # the key in Decision.deadlines when this step has one
    due: dt.date | None = None


class FollowUp(_Out):
    fact: str  # the Facts field (or "conduct"/"provision") that would settle it
    question: str


class Alternative(_Out):
    provision: str
    measures: list[MeasureOut]
    note: str


Status = Literal["decided", "provisional", "needs_facts", "no_sanction", "no_match"]


class Decision(_Out):
    """What the law makes of a case. `measures` is a list of MeasureOut objects (code, Chinese and
    English label, the provision that imposes it); every one traces to a `trace` step with that label."""

    subject: str
    status: Status
    provisions: list[str]  # applied, most specific first (the sanction, then the certificate provision)
    measures: list[MeasureOut]
    decided_by: str | None
    institution_consequences: list[Consequence]
    certificate: Certificate | None
    deadlines: dict[str, DeadlineOut]
    ban_until: dt.date | None
    follow_up: list[FollowUp]
    trace: list[TraceStep]
    procedure: list[ProcedureOut] = []
    considered: list[str] = []  # provisions examined on the way (incl. ones that did not apply)
    escalated_from: str | None = None
    alternatives: list[Alternative] = []
    no_sanction_reason: str | None = None
    notes: list[str] = []  # leniency (第三十一条), referral (第三十四条), overlaps
    assumptions: list[str] = []  # where the text is silent and what was assumed

    def as_json(self) -> dict:
        return self.model_dump(mode="json")


class Finding(_Out):
    """One problem `verify` found in free text."""

    kind: Literal["unknown_citation", "wrong_sanction", "wrong_subject"]
    label: str  # the cited label (canonical where it parses)
    cited: str  # the citation as written
    start: int
    end: int
    claim: str  # the sentence the problem is in
    stated: str | None = None  # the measure code or subject the text states
    expected: list[str] = []  # what the cited provision imposes / concerns
    message: str

    def as_json(self) -> dict:
        return self.model_dump(mode="json")
