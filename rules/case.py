"""A case in, a Decision out (DESIGN.md section 4), and the Finding of the verifier.

Case and Facts forbid unknown keys; `parse_case` turns any validation problem into a CaseError
whose message names the field (`case.facts.prior_talks: unknown field`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from corpus.messages import Text, one_language, text
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from rules.schema import SUBJECTS, Subject

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates a case or a deadline may be given: wide of the regulation (2025) either way, and far enough
# from 9999-12-31 that a ban of years or a window of working days never runs past the calendar.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
# A count (talks in a filing cycle, score errors in a year) larger than this is a mistake, not a record.
MAX_COUNT = 1_000_000
_GOT = 60  # characters of an offending value shown in a message


class DayError(ValueError):
    """A date that cannot be used; `said` names the field in both languages (str() is the English)."""

    def __init__(self, said: Text):
        self.said = said
        super().__init__(said.en)


def check_day(value: str, field: str) -> dt.date:
    """A date written YYYY-MM-DD within EARLIEST..LATEST; DayError naming `field` otherwise."""
    if not isinstance(value, str) or not _ISO.match(value):
        raise DayError(text("day.bad", field=field, got=_shown(value)))
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise DayError(text("day.invalid", field=field, got=value, reason=str(exc))) from None
    if not EARLIEST <= day <= LATEST:
        raise DayError(text("day.out_of_range", field=field, got=value, earliest=EARLIEST, latest=LATEST))
    return day


def _day_or_error(value: Any) -> dt.date:
    """check_day for the case's date, as a validation error _describe can say in both languages."""
    try:
        return check_day(value, "case.date")
    except DayError as exc:
        raise PydanticCustomError("day", "{en}", {"en": exc.said.en, "zh": exc.said.zh}) from None


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= _GOT else f"{shown[:_GOT]}…（{len(shown)}）"


class CaseError(ValueError):
    """A case that cannot be assessed; `said` names the field and the problem in both languages
    (str() is the English, for logs and machines)."""

    def __init__(self, said: Text):
        self.said = said
        super().__init__(said.en)


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
    # True: an earlier record is told but not its kind, count or cycle ("之前被处理过好几次，是谈话还是通报记不清"):
    # whether the act escalates stays open, so the base item is not decided either
    prior_record_unclear: bool | None = None
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
    permitted: bool | None = None  # True: staff or the rules allowed it (6(1) 规定以外, 6(2) 未经允许 are not met)
    idle_a_year: bool | None = None  # False: no evaluation for less than a year (22(5), 23(10) need a whole year)
    recused: bool | None = None  # True: declared the relation and stepped aside (12(3), 15(3), 19(4) 未回避 not met)
    rectified: bool | None = None  # True: put right on re-inspection (21(7) 经整改后仍不符合要求 not met)
    # True: a task declined because of a relation to a candidate, which the 回避 principle asks for
    # (13(2) 拒不接受考评工作任务 is a refusal without that ground)
    declined_for_relation: bool | None = None
    verified: bool | None = None  # False: the complaint or report was checked and found untrue (22(10) 经核实)
    excused: bool | None = None  # True: absent for a good reason given in time (13(2), 17(1) 拒不 not met)
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
            return value if value is None or EARLIEST <= value <= LATEST else _day_or_error(value.isoformat())
        return _day_or_error(value)

    @field_validator("conduct", "provision")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _something_to_assess(self) -> "Case":
        f = self.facts
        counts = f.score_errors_in_year is not None or f.score_corrections_in_year is not None
        if not self.conduct and not self.provision and not (self.subject == "institution" and counts):
            raise PydanticCustomError("nothing_to_assess", "give `conduct` (what happened) or `provision` (a label)")
        return self


def parse_case(data: Any) -> Case:
    """A Case from a mapping (e.g. parsed JSON); CaseError names the offending field."""
    if isinstance(data, Case):
        return data
    if not isinstance(data, dict):
        raise CaseError(text("case.not_object", got=type(data).__name__))
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(_describe(exc)) from None


def _describe(exc: ValidationError) -> Text:
    """Each problem with the field it is in, the field named as in the JSON (case.facts.…)."""
    out = None
    for err in exc.errors():
        path = ".".join(["case", *(str(p) for p in err["loc"])])
        kind = err["type"]
        got = repr(err.get("input"))[:80]
        if kind == "extra_forbidden":
            known = Facts.model_fields if err["loc"][0] == "facts" and len(err["loc"]) == 2 else (
                Case.model_fields if len(err["loc"]) == 1 else ())
            said = text("case.unknown_field", path=path, known=", ".join(known)) if known else \
                text("case.unknown_field_bare", path=path)
        elif kind == "literal_error" and err["loc"] == ("subject",):
            said = text("case.unknown_subject", path=path, got=got, allowed=", ".join(SUBJECTS))
        elif kind == "missing":
            said = text("case.required", path=path)
        elif kind == "day":
            ctx = err.get("ctx") or {}
            said = Text(zh=ctx.get("zh", ""), en=ctx.get("en", ""))
        elif kind in ("bad_date", "invalid_date", "nothing_to_assess"):
            said = text(f"case.{kind}", path=path, reason=(err.get("ctx") or {}).get("reason", ""))
        elif kind == "less_than_equal":
            said = text("case.too_large", path=path, got=got, most=MAX_COUNT)
        elif kind.startswith(("bool", "int", "greater_than_equal", "literal", "string")):
            said = text(f"case.{kind.split('_')[0] if not kind.startswith('greater') else 'negative'}",
                        path=path, got=got, allowed=_allowed(err))
        else:
            said = text("case.invalid", path=path, got=got, detail=err["msg"].removeprefix("Value error, "))
        out = said if out is None else out + Text(zh="；", en="; ") + said
    return out or text("case.invalid", path="case", got="", detail=str(exc))


def _allowed(err: dict) -> str:
    expected = (err.get("ctx") or {}).get("expected", "")
    return str(expected).replace("'", "")


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
    condition: Text  # why it applies, e.g. 对评价工作造成不良影响


class Certificate(_Out):
    provision: str
    quote: str
    measures: list[MeasureOut]
    condition: Text | None = None  # what must hold for them to follow (第二十四条第一款)


class TraceStep(_Out):
    step: str  # match | provision | condition | escalation | sanction | decided_by | ...
    label: str
    quote: str  # verbatim corpus text at `label`
    note: Text


class HolidayOut(_Out):
    date: dt.date
    name: Text


class DeadlineOut(_Out):
    due: dt.date
    provision: str
    working_days: int
    counted_from: dt.date  # the day before counting starts (not itself counted)
    counted_holidays: list[HolidayOut]
    makeup_workdays: list[dt.date]
    assumed_weekends_only_years: list[int]
    notes: list[Text]
    statutory_only_years: list[int] = []  # statutory holidays skipped, make-up working days not known


class ProcedureOut(_Out):
    step: Text
    actor: str
    label: str
    quote: str
    deadline: str | None = None  # the key in Decision.deadlines when this step has one
    due: dt.date | None = None


class FollowUp(_Out):
    fact: str  # the Facts field (or "conduct"/"provision") that would settle it
    question: Text


class Alternative(_Out):
    provision: str
    measures: list[MeasureOut]
    note: Text


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
    no_sanction_reason: Text | None = None
    notes: list[Text] = []  # leniency (第三十一条), referral (第三十四条), overlaps
    assumptions: list[Text] = []  # where the text is silent and what was assumed

    def as_json(self, lang: str = "zh") -> dict:
        """The Decision as `regqa check --json` prints it: every message in one language."""
        return one_language(self.model_dump(mode="json"), lang)


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
