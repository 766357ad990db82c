"""The case checker's form as data: which facts it asks about for whom, the case dict it builds
(unknown facts left out, not taken as false), and the chat's short replies to an open question.
Pure (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import re

from corpus.messages import t
from rules.render import parse_day

_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")

_STAFF = ("prior_talks_in_cycle", "prior_criticisms_in_cycle", "adverse_impact")
FACTS_FOR = {  # the facts the form asks about, per subject
    "candidate": ("reminded_and_refused",),
    "examiner": _STAFF,
    "quality_supervisor": (*_STAFF, "supervisor_kind"),
    "item_expert": _STAFF,
    "institution_staff": _STAFF,
    "institution": ("prior_interviews_in_cycle", "warned_under_art22", "score_errors_in_year",
                    "score_corrections_in_year", "adverse_impact", "self_reported"),
}
COUNT_FACTS = {"prior_talks_in_cycle", "prior_criticisms_in_cycle", "prior_interviews_in_cycle",
               "score_errors_in_year", "score_corrections_in_year"}

# the replies offered under an open question, by the fact it asks about (catalogue keys, ui.reply_*)
_REPLIES = {
    "reminded_and_refused": ("refused_yes", "refused_no"),
    "prior_talks_in_cycle": ("count_0", "count_1", "count_2"),
    "prior_criticisms_in_cycle": ("count_0", "count_1"),
    "prior_interviews_in_cycle": ("count_0", "count_1"),
    "adverse_impact": ("impact_yes", "impact_no"),
}


def case_dict(subject: str, conduct: str, provision: str, date, facts: dict) -> dict:
    """The case for rules.assess, leaving out what the form left blank (unknown, not false)."""
    case = {"subject": subject, "conduct": (conduct or "").strip(), "provision": (provision or "").strip()}
    case = {k: v for k, v in case.items() if v}
    if date:
        case["date"] = date.isoformat()
    known = {k: v for k, v in facts.items() if v is not None and v != ""}
    if known:
        case["facts"] = {k: int(v) if isinstance(v, float) else v for k, v in known.items()}
    return case


def quick_replies(fact: str | None, lang: str = "zh") -> list[str]:
    """Short replies to the first open question of a case (the assistant completes the case with them)."""
    return [t(f"ui.reply_{key}", lang) for key in _REPLIES.get(fact or "", ())]


def typed_day(value: str, label: str) -> dt.date | None:
    """A day typed in a common form (2026-09-28, 2026/9/28, 2026年9月28日), None when blank; a
    DayError naming `label` in both languages when it cannot be read. Typed text fields, unlike the
    date picker, hand their value over on Enter."""
    if not (value or "").strip():
        return None
    m = _DAY.match(value)
    return parse_day(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else value.strip(), label)
