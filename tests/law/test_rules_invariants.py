"""Invariants of the rule engine, each with its legal basis, checked with Hypothesis.

1. Escalation never lightens a sanction: whatever the prior record, the decision is on the same or a
   harsher rung than the base act, and a longer record never gives a lighter one
   (第十二条第（一）项, 第十三条第（一）项, 第十五条第（一）项, 第十六条第（一）项, 第十九条第（一）项,
   第二十条第（一）项, 第二十二条第（一）项, 第二十三条第（一）项).
2. Every measure in a Decision traces to a rule that quotes the corpus: a trace step with the
   measure's provision label whose quote is verbatim corpus text at that label and states the measure.
3. Every trace step's quote is verbatim corpus text at its label.
4. A working-day deadline is never earlier than the same count of calendar days, and falls on a
   working day (第二十九条, 第三十条, 第三十二条 count 工作日).
5. Score counts are thresholds of “超过” (strictly more): more errors or corrections never give a
   lighter provision, and exactly 3/20 or 5/50 stays on the lower rung (第二十一条第（九）项, 第二十二条第（四）项).
6. A bar ends on or after the decision date; 第七条's “当年” ends on 31 December of that year.
7. Deadlines keep their order: report (5 working days) <= statement (15) <= review (15 after it).
8. assess is a pure function: the same case gives the same Decision.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import load_corpus
from corpus import load_corpus as _load_corpus
from rules import assess, load_rulebook
from rules import load_rulebook as _load_rulebook
from rules.dates import WorkingCalendar, add_working_days
from rules.loader import norm

RULEBOOK = _load_rulebook(_load_corpus())

RB = load_rulebook(load_corpus())
CORPUS = RB.corpus
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STAFF_INSTITUTION = [r for r in RB.rules.values() if r.subject != "candidate" and not r.is_escalation and r.tier > 0]
ALL_RULES = list(RB.rules.values())

counts = st.one_of(st.none(), st.integers(min_value=0, max_value=5))
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2029, 12, 31))
facts = st.fixed_dictionaries(
    {},
    optional={
        "reminded_and_refused": st.booleans(),
        "prior_talks_in_cycle": st.integers(0, 5),
        "prior_criticisms_in_cycle": st.integers(0, 3),
        "prior_interviews_in_cycle": st.integers(0, 3),
        "warned_under_art22": st.booleans(),
        "adverse_impact": st.booleans(),
        "supervisor_kind": st.sampled_from(["internal", "external"]),
        "score_errors_in_year": st.integers(0, 10),
        "score_corrections_in_year": st.integers(0, 80),
        "self_reported": st.booleans(),
    },
)


def tier(decision) -> int:
    return max((RB.rule(m.provision).tier for m in decision.measures if m.provision in RB.rules), default=0)


def verbatim_at(label: str, quote: str) -> bool:
    return quote in CORPUS.get(label).full_text


@st.composite
def cases(draw, rules=ALL_RULES):
    rule = draw(st.sampled_from(rules))
    subject = draw(st.sampled_from(rule.subjects))
    case = {"subject": subject, "provision": rule.label, "facts": draw(facts)}
    if draw(st.booleans()):
        case["date"] = draw(dates).isoformat()
    return case


@SETTINGS
@given(rule=st.sampled_from(STAFF_INSTITUTION), talks=st.integers(0, 4), crits=st.integers(0, 2),
       interviews=st.integers(0, 2), warned=st.booleans(), more=st.integers(0, 3))
def test_1_escalation_never_lightens(rule, talks, crits, interviews, warned, more):
    def decide(t, c, i, w):
        return assess({"subject": rule.subject, "provision": rule.label, "facts": {
            "prior_talks_in_cycle": t, "prior_criticisms_in_cycle": c, "prior_interviews_in_cycle": i,
            "warned_under_art22": w, "adverse_impact": False, "supervisor_kind": "internal",
            "score_errors_in_year": 4, "score_corrections_in_year": 0}}, RULEBOOK)

    base = decide(0, 0, 0, False)
    now = decide(talks, crits, interviews, warned)
    longer = decide(talks + more, crits + more, interviews + more, True if more else warned)
    assert tier(now) >= tier(base), "invariant 1: escalation lightened the sanction"
    assert tier(longer) >= tier(now), "invariant 1: a longer record gave a lighter sanction"


@SETTINGS
@given(case=cases())
def test_2_every_measure_traces_to_a_quoting_rule(case):
    d = assess(case, RULEBOOK)
    for m in [*d.measures, *d.institution_consequences, *(d.certificate.measures if d.certificate else [])]:
        marker = norm(RB.measures[m.code].marker)
        steps = [t for t in d.trace if t.label == m.provision and marker in norm(t.quote)]
        assert steps, f"invariant 2: {m.code} ({m.provision}) has no trace step quoting it"
        assert all(verbatim_at(t.label, t.quote) for t in steps), "invariant 2: the quote is not verbatim"


@SETTINGS
@given(case=cases())
def test_3_every_trace_quote_is_verbatim_at_its_label(case):
    for t in assess(case, RULEBOOK).trace:
        assert t.quote and verbatim_at(t.label, t.quote), f"invariant 3: {t.label} {t.quote!r}"


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2030, 12, 31)), n=st.integers(1, 30))
def test_4_working_day_deadline_never_earlier_than_calendar_days(start, n):
    cal = WorkingCalendar(override_path=None)
    due = add_working_days(start, n, cal).due
    assert due >= start + dt.timedelta(days=n), "invariant 4: earlier than the calendar-day count"
    assert cal.is_workday(due), "invariant 4: the deadline is not a working day"


@SETTINGS
@given(errors=st.integers(0, 12), corrections=st.integers(0, 80), extra=st.integers(0, 10))
def test_5_score_thresholds_are_strict_and_monotone(errors, corrections, extra):
    def decide(e, c):
        d = assess({"subject": "institution", "conduct": "成绩录入错误", "facts": {
            "score_errors_in_year": e, "score_corrections_in_year": c, "prior_interviews_in_cycle": 0,
            "warned_under_art22": False}}, RULEBOOK)
        return d.provisions[0] if d.provisions else None

    rank = {None: 0, "第二十一条第（九）项": 1, "第二十二条第（四）项": 2}
    got = decide(errors, corrections)
    want = 2 if errors > 5 or corrections > 50 else 1 if errors > 3 or corrections > 20 else 0
    assert rank[got] == want, f"invariant 5: {errors} errors / {corrections} corrections gave {got}"
    assert rank[decide(errors + extra, corrections + extra)] >= rank[got], "invariant 5: more counts, lighter provision"


@SETTINGS
@given(rule=st.sampled_from([r for r in ALL_RULES if r.subject == "candidate"]), day=dates)
def test_6_a_bar_ends_on_or_after_the_decision(rule, day):
    d = assess({"subject": "candidate", "provision": rule.label, "date": day.isoformat(),
                "facts": {"reminded_and_refused": True}}, RULEBOOK)
    if rule.article == 6:
        assert d.ban_until is None
        return
    assert d.ban_until is not None and d.ban_until >= day, "invariant 6"
    if rule.article == 7:
        assert d.ban_until == dt.date(day.year, 12, 31), "invariant 6: 当年 ends on 31 December"


@SETTINGS
@given(case=cases(), day=dates)
def test_7_deadlines_keep_their_order(case, day):
    d = assess({**case, "date": day.isoformat()}, RULEBOOK)
    if not d.measures:
        return
    dl = d.deadlines
    assert dl["statement"].due <= dl["review"].due, "invariant 7"
    if "report" in dl:
        assert dl["report"].due <= dl["statement"].due, "invariant 7"
    if "rectification_plan" in dl:
        assert dl["rectification_plan"].due <= dl["statement"].due, "invariant 7"


@SETTINGS
@given(case=cases())
def test_8_assess_is_pure(case):
    assert assess(case, RULEBOOK) == assess(case, RULEBOOK), "invariant 8"
