"""The shape of the rulebook YAML (rules/rulebook/*.yaml): pydantic models with extra="forbid".

A file holds `articles:`, one entry per article of the regulation. A sanctioning article carries a
`sanction` (what its lead-in imposes, on whom, decided by whom) and one `rules` record per item;
a procedural article carries `procedure` steps; the rest are marked with their `role`.
Every quote is checked against the parsed corpus by rules/loader.py, not here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Subject = Literal["candidate", "examiner", "quality_supervisor", "item_expert", "institution_staff", "institution"]
SUBJECTS: tuple[str, ...] = Subject.__args__  # type: ignore[attr-defined]

SUBJECT_ZH = {
    "candidate": "参评人员",
    "examiner": "考评人员",
    "quality_supervisor": "质量督导员",
    "item_expert": "评价项目开发专家",
    "institution_staff": "评价机构其他人员",
    "institution": "评价机构",
}

Role = Literal[
    "purpose", "scope", "definitions", "authorities", "principles",
    "sanctions", "certificates", "procedure", "referral", "final",
]
PriorFact = Literal[
    "prior_talks_in_cycle", "prior_criticisms_in_cycle", "prior_interviews_in_cycle", "warned_under_art22"
]
Severity = Literal["minor", "major", "grave"]
ElementFact = Literal["deliberate", "spread", "false_info", "handled", "permitted", "idle_a_year", "recused", "rectified", "declined_for_relation", "verified", "excused"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeasureDef(Strict):
    """A measure code. `marker` must appear in every quote that imposes it (punctuation width ignored)."""

    zh: str
    en: str
    marker: str
    kind: Literal["score", "ban", "staff", "institution", "certificate", "data"]


class MeasureFile(Strict):
    measures: dict[str, MeasureDef]


class Bilingual(Strict):
    zh: str
    en: str


class Cited(Strict):
    """A provision and the verbatim words of it that a record relies on."""

    label: str
    quote: str


class Escalation(Strict):
    """The harsher item replaces an act of `from_articles` when the prior fact reaches `at_least`
    (or, for 22(1), when the conduct is described with one of `or_words`)."""

    from_articles: list[int] = Field(min_length=1)
    prior: PriorFact
    at_least: int = Field(default=1, ge=1)
    or_words: list[str] = []
    ask: Bilingual  # the follow-up question when the prior fact is unknown


class Threshold(Strict):
    """Counts in a year, strictly more than (超过) the numbers given."""

    score_errors_in_year_over: int
    score_corrections_in_year_over: int


class Conditions(Strict):
    reminded_and_refused: bool | None = None  # 第六条(一)-(三): 经提醒拒不改正
    # elements the item's own words require, as the value a fact must have (rules/elements.py); a case
    # that plainly states the other value does not fall under the item: "故意" is not met by an accident
    # (7(3), 9(3), 9(4), 22(6), 23(2)), "并进行传播" not by answers kept to oneself (9(1)), "不实信息"
    # not by a true account (9(6)), "不及时制止或上报" not by someone who stopped and reported it (15(4), 19(2))
    requires: dict[ElementFact, bool] = {}
    # 第六条第（一）项 is carrying a device (and refusing to put it away); a device USED during the
    # evaluation is 第七条第（一）项: the item that applies instead when the case says it was used
    used_instead: str | None = None
    # ...and the other way: 第七条第（一）项 needs the device USED; one the case says was not used (carried
    # only, "从头到尾没拿出来用过") is the carrying item, with its reminder condition
    unused_instead: str | None = None
    severity: Severity | None = None  # error ladders: examiners 11(4) / 12(4) / 13(3); other staff 18(3) / 19(3)
    # The item that applies when the case does not grade the error: 18(3) covers any error ("出现错误"),
    # 19(3) needs a serious one, so silence means 18(3). The examiners' ladder has no default (each item
    # names its own size) and asks instead.
    severity_default: bool = False
    escalation: Escalation | None = None
    threshold: Threshold | None = None
    adverse_impact: bool | None = None  # the item's own words require (true) or exclude (false) it
    counterpart: str | None = None  # the item that applies when adverse_impact is the other way
    overlaps: str | None = None  # an item whose words read on the same facts (22(5) / 23(10))
    overlap_note: Bilingual | None = None


class InstitutionConsequence(Strict):
    """What the regulator does to the institution when a staff member's act had an adverse impact."""

    measures: list[str] = Field(min_length=1)
    quote: str
    decided_by: str
    internal_supervisors_only: bool = False


class SanctionSpec(Strict):
    """What an article's lead-in imposes for every one of its items."""

    subject: Subject
    also_subjects: list[Subject] = []
    lead_in_quote: str
    measures: list[str] = Field(min_length=1)
    discretionary: list[str] = []  # 视情况: the decider may, not must
    decided_by: str
    decided_by_label: str | None = None  # where the decider is named, when not in the lead-in
    decided_by_quote: str | None = None
    decided_by_external: str | None = None  # for external quality supervisors (第四条)
    decided_by_external_label: str | None = None
    decided_by_external_quote: str | None = None
    # further provisions naming the external supervisor's deciders: 区人社 in 第四条第二款 beside the
    # 市职鉴中心 of 第四条第一款
    decided_by_external_more: list[Cited] = []
    tier: int = Field(ge=0)  # rung on the subject's ladder: a higher tier is a harsher article
    institution_consequence: InstitutionConsequence | None = None
    certificate: str | None = None  # label of the certificate provision (第十条, 第二十四条第一款)


class SanctionRule(Strict):
    """One sanctioning item (or paragraph): the conduct in the law's and in people's words."""

    label: str
    quote: str  # verbatim from the item's text
    conduct: Bilingual
    aliases: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=3)
    conditions: Conditions = Conditions()
    referral_hint: bool = False  # may call for 第三十四条 referral
    note: Bilingual | None = None


ProcedureWhen = Literal["always", "institution_decides", "art22_warning", "self_reported", "referral", "reference"]
DeadlineKey = Literal["statement", "review", "report", "rectification_plan"]


class ProcedureStep(Strict):
    label: str
    quote: str
    step: Bilingual
    actor: str
    applies_to: list[Subject] = list(SUBJECTS)
    when: ProcedureWhen = "always"
    working_days: int | None = None
    deadline: DeadlineKey | None = None


class CertificateSpec(Strict):
    label: str
    quote: str
    subject: Subject
    measures: list[str] = Field(min_length=1)
    # what must hold for the measures to follow, named as an assumption of every decision citing it
    # (第二十四条第一款: only certificates the conduct made wrongly issued)
    condition: Bilingual | None = None


class ArticleEntry(Strict):
    article: int = Field(ge=1)
    label: str
    role: Role
    summary: Bilingual
    quote: str
    note: Bilingual | None = None
    sanction: SanctionSpec | None = None
    rules: list[SanctionRule] = []
    certificate: CertificateSpec | None = None
    procedure: list[ProcedureStep] = []


class RuleFile(Strict):
    articles: list[ArticleEntry] = Field(min_length=1)
