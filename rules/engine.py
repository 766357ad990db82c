"""assess(case) -> Decision: a pure function over the rulebook (DESIGN.md section 4).

The order follows the law:
1. the base act: the provision given, or the plain words matched to an item (rules/match.py);
2. the item's own conditions: 第六条(一)-(三) only after a refused reminder; the grading-error
   ladder 11(4)/12(4)/13(3); the score-error counts 21(9)/22(4) (strictly more than); whether the
   act had an adverse impact (11(5) <-> 12(5) and the like);
3. escalation as an exception to the base rule (Catala style): an act of article 11 after two
   talk-reminders in the filing cycle is 12(1), after one public criticism 13(1); the same for
   supervisors (14-16), other staff (18-20) and institutions (21 -> 22(1) -> 23(1));
4. what follows: measures, who decides, the institution's consequences, certificates (arts 10, 24),
   ban end, deadlines and procedure (arts 25-34), leniency (31) and referral (34).
A fact that decides the outcome and is missing becomes a follow-up question, never a guess.
Every trace step carries a label and a verbatim quote at that label.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from corpus import UnknownLabel
from corpus.messages import Text, same, text
from rules import dates
from rules.case import (
    Alternative,
    Case,
    CaseError,
    Certificate,
    Consequence,
    Decision,
    Facts,
    FollowUp,
    MeasureOut,
    ProcedureOut,
    TraceStep,
    parse_case,
)
from rules.deadlines import deadline_out
from rules.facts import infer_facts, infer_severity, says_serious
from rules.loader import Rule, Rulebook
from rules.match import Matcher, match_conduct
from rules.schema import SUBJECT_ZH

REFERRAL_WORDS = re.compile(r"党员|公职|监察对象|国家工作人员|犯罪|刑事|报警|公安|受贿|行贿|贪污|诈骗|伤害|打伤")



def assess(case: Case | dict, rulebook: Rulebook, matcher: Matcher | None = None) -> Decision:
    """The Decision for a case; CaseError (naming the field) when the case cannot be assessed.
    `matcher` finds the conduct's provision in plain words (default: rules/match.py)."""
    return _Assessment(parse_case(case), rulebook, matcher or match_conduct).run()


class _Assessment:
    def __init__(self, case: Case, rb: Rulebook, matcher: Matcher):
        self.case, self.rb, self.matcher = case, rb, matcher
        self.trace: list[TraceStep] = []
        self.follow: list[FollowUp] = []
        self.record_open = False  # an escalation's record is told but unclear: the outcome waits for it
        self.assumptions: list[str] = []
        self.notes: list[str] = []
        self.considered: list[str] = []
        self.explicit = False  # the case named the provision
        self.escalated_from: str | None = None
        self.alternatives: list[Alternative] = []
        self.also_applies: list[str] = []  # an overlapping provision shown next to the applied one
        self.evaluated: set[str] = set()  # escalation items already weighed
        self.decided_by = ""
        self.facts: dict[str, Any] = case.facts.model_dump()
        self.read_from_words: dict[str, str] = {}
        for fact, (value, words) in infer_facts(case.conduct).items():
            if self.facts.get(fact) is None:
                self.facts[fact] = value
                self.read_from_words[fact] = words

    # --- helpers --------------------------------------------------------------------------------

    def step(self, kind: str, label: str, quote: str, note: Text) -> None:
        self.trace.append(TraceStep(step=kind, label=label, quote=quote, note=note))

    def ask(self, fact: str, question: Text | None = None) -> None:
        if all(f.fact != fact for f in self.follow):
            self.follow.append(FollowUp(fact=fact, question=question or text(f"question.{fact}")))

    def assume(self, said: Text) -> None:
        if said not in self.assumptions:
            self.assumptions.append(said)

    def fact(self, name: str) -> Any:
        value = self.facts.get(name)
        if value is not None and name in self.read_from_words:
            self.assume(text("engine.read_from_words", fact=text(f"fact.{name}"), words=self.read_from_words[name],
                             value=_value(value)))
        return value

    def consider(self, label: str) -> None:
        if label not in self.considered:
            self.considered.append(label)

    def _measures_text(self, codes, discretionary=()) -> Text:
        """The measures of a rule, named in both languages; those at discretion marked."""
        out = same("")
        for n, code in enumerate(codes):
            m = self.rb.measures[code]
            out = out + (Text(zh="；", en="; ") if n else same("")) + Text(zh=m.zh, en=m.en)
            if code in discretionary:
                out = out + text("engine.discretionary")
        return out

    def measures(self, rule: Rule) -> list[MeasureOut]:
        return [self.measure(code, rule.label, code in rule.discretionary) for code in rule.measures]

    def measure(self, code: str, provision: str, discretionary: bool = False) -> MeasureOut:
        m = self.rb.measures[code]
        return MeasureOut(code=code, label=m.zh, label_en=m.en, provision=provision, discretionary=discretionary)

    def decision(self, status: str, **kw) -> Decision:
        self.follow.sort(key=lambda f: _FACT_ORDER.index(f.fact) if f.fact in _FACT_ORDER else len(_FACT_ORDER))
        base = dict(
            subject=self.case.subject, status=status, provisions=[], measures=[], decided_by=None,
            institution_consequences=[], certificate=None, deadlines={}, ban_until=None,
            follow_up=self.follow, trace=self.trace, considered=self.considered,
            notes=self.notes, assumptions=self.assumptions,
        )
        base.update(kw)
        return Decision(**base)

    # --- 1. the base act -----------------------------------------------------------------------

    def run(self) -> Decision:
        rule = self.base_rule()
        if isinstance(rule, Decision):
            return rule
        # an element the case plainly denies ends the item before its reminder is asked about
        for check in (self.used, self.elements, self.reminder, self.severity, self.threshold, self.adverse_counterpart,
                      self.overlap):
            rule = check(rule)
            if isinstance(rule, Decision):
                return rule
        rule = self.escalate(rule)
        if self.record_open and self.escalated_from is None:
            return self.decision("needs_facts", no_sanction_reason=text("engine.record_unclear"))
        return self.outcome(rule)

    def base_rule(self) -> Rule | Decision:
        case = self.case
        if case.provision:
            return self.given_provision(case.provision)
        if case.conduct is None:  # an institution described only by its score counts
            group = [r for r in self.rb.rules_for("institution") if r.conditions.threshold]
            rule = min(group, key=lambda r: r.tier)
            self.consider(rule.label)
            self.step("match", rule.label, rule.quote, text("engine.counts_only"))
            return rule
        matches = self.matcher(case.conduct, case.subject, self.rb)
        if not matches:
            p2 = self.rb.articles[2]
            self.ask("conduct")
            self.step("match", p2.label, p2.quote,
                      text("engine.no_match_step", conduct=case.conduct, subject=text(f"subject.{case.subject}")))
            return self.decision("no_match", no_sanction_reason=text("engine.no_match"))
        best = matches[0]
        rule = self.rb.rule(best.label)
        self.consider(rule.label)
        others = [m.label for m in matches[1:3] if m.score >= best.score * 0.8]
        note = (text("engine.matched_others", how=best.describe(), others="、".join(others)) if others
                else text("engine.matched", how=best.describe()))
        self.step("match", rule.label, rule.quote, note)
        return rule

    def given_provision(self, label: str) -> Rule | Decision:
        try:
            p = self.rb.corpus.get(label)
        except UnknownLabel as exc:
            said = text("case.provision_unknown", why=exc.said)
            if exc.suggestions:
                said = said + text("case.nearest", labels="、".join(exc.suggestions))
            raise CaseError(said) from None
        self.explicit = True
        if p.label in self.rb.rules:
            rule = self.rb.rule(p.label)
            self.check_subject(rule.label, rule.subjects)
            self.consider(rule.label)
            self.step("provision", rule.label, rule.quote, text("engine.provision_given"))
            return rule
        entry = self.rb.articles[p.article]
        if p.kind != "article" or entry.sanction is None:
            raise CaseError(text("case.not_sanctioning", label=p.label, role=entry.role))
        self.check_subject(p.label, (entry.sanction.subject, *entry.sanction.also_subjects))
        items = self.rb.article_rules(p.article)
        if self.case.conduct:
            matches = self.matcher(self.case.conduct, self.case.subject, self.rb)
            inside = [m for m in matches if self.rb.rule(m.label).article == p.article]
            if inside:
                rule = self.rb.rule(inside[0].label)
                self.consider(rule.label)
                self.step("match", rule.label, rule.quote, text("engine.matched", how=inside[0].describe()))
                return rule
        self.consider(p.label)
        self.step("provision", p.label, entry.sanction.lead_in_quote, text("engine.article_without_item"))
        # elements such as "故意" or "使用" only matter where a case denies them; otherwise items alike decide alike
        if all(r.conditions.model_copy(update={"requires": {}, "unused_instead": None}) == type(r.conditions)()
               for r in items):
            # every item of the article carries the same sanction and no condition: decide at article level
            return _whole_article(items[0], p.label)
        self.ask("provision")
        return self.decision("needs_facts", no_sanction_reason=text("engine.article_items_differ", label=p.label))

    def check_subject(self, label: str, subjects) -> None:
        if self.case.subject not in subjects:
            who = Text(zh="、".join(text(f"subject.{s}").zh for s in subjects),
                       en=", ".join(f"{text(f'subject.{s}').en} ({s})" for s in subjects))
            raise CaseError(text("case.wrong_subject", label=label, who=who, subject=text(f"subject.{self.case.subject}")))

    # --- 2. the item's own conditions ------------------------------------------------------------

    def reminder(self, rule: Rule) -> Rule | Decision:
        if not rule.conditions.reminded_and_refused:
            return rule
        value = self.fact("reminded_and_refused")
        if value is None and self.explicit:
            self.assume(text("engine.reminder_implied", label=rule.label))
            value = True
        if value is None:
            self.ask("reminded_and_refused")
            self.step("condition", rule.label, rule.quote, text("engine.reminder_unknown_step"))
            return self.decision("needs_facts", no_sanction_reason=text("engine.reminder_unknown"))
        if value is False:
            self.step("condition", rule.label, rule.quote, text("engine.complied_step"))
            return self.decision("no_sanction", no_sanction_reason=text("engine.complied", label=rule.label))
        self.step("condition", rule.label, rule.quote, text("engine.refused_step"))
        return rule

    def used(self, rule: Rule) -> Rule:
        """A device carried in (第六条第（一）项) that the case says was used is 第七条第（一）项, and one the
        case says was never used (第七条第（一）项) is 第六条第（一）项; a provision the case names itself is
        kept, with a note."""
        used = self.fact("device_used")
        target, kind = ((rule.conditions.used_instead, "used") if used is True else
                        (rule.conditions.unused_instead, "unused") if used is False else (None, ""))
        if target is None:
            return rule
        said = self.read_from_words.get("device_used", "")
        if self.explicit:
            self.notes.append(text(f"engine.{kind}_note", said=said, target=target))
            return rule
        other = self.rb.rule(target)
        self.consider(other.label)
        self.step("condition", other.label, other.quote, text(f"engine.{kind}_step", label=rule.label, said=said, target=other.label))
        return other

    def elements(self, rule: Rule) -> Rule | Decision:
        """An element the item's words require and the case plainly denies: no sanction under it."""
        for fact, required in rule.conditions.requires.items():
            value = self.fact(fact)
            if value is None or value == required:
                continue
            element = text(f"element.{fact}")
            said = self.read_from_words.get(fact, "")
            self.step("condition", rule.label, rule.quote, text("engine.element_step", element=element, said=said))
            return self.decision("no_sanction",
                                 no_sanction_reason=text("engine.element_fails", label=rule.label, element=element, said=said))
        return rule

    def severity(self, rule: Rule) -> Rule | Decision:
        if rule.conditions.severity is None:
            return rule
        group = {r.conditions.severity: r for r in self.rb.rules_for(self.case.subject) if r.conditions.severity}
        for r in group.values():
            self.consider(r.label)
        default = next((r for r in group.values() if r.conditions.severity_default), None)
        given = self.facts.get("severity")
        if self.explicit:
            level, words = rule.conditions.severity, None
        elif given is not None:
            level, words = given, "given"
        else:
            found = infer_severity(self.case.conduct)
            level, words = found if found else (None, None)
        if level is None and default is not None:
            others = "、".join(r.label for r in group.values() if r is not default)
            self.assume(text("engine.severity_default_assumed", default=default.label, others=others))
            self.step("severity", default.label, default.quote, text("engine.severity_default_step"))
            return default
        if level is None:
            self.ask("severity")
            self.step("severity", rule.label, rule.quote, text("engine.severity_unknown_step"))
            return self.decision("needs_facts", no_sanction_reason=text("engine.severity_unknown"))
        if level not in group:  # the staff ladder has two steps: a "较大" error is not yet "严重"
            level = max((lv for lv in group if _LEVELS.index(lv) <= _LEVELS.index(level)), key=_LEVELS.index,
                        default=min(group, key=_LEVELS.index))
        chosen = group[level]
        how = (text("engine.how_given_provision") if words is None else
               text("engine.how_given_fact") if words == "given" else text("engine.how_words", words=words))
        if words not in (None, "given"):
            self.assume(text("engine.severity_read", level=text(f"severity.{level}"), words=words))
        self.step("severity", chosen.label, chosen.quote, text("engine.severity_step", level=text(f"severity.{level}"), how=how))
        return chosen

    def threshold(self, rule: Rule) -> Rule | Decision:
        if rule.conditions.threshold is None:
            return rule
        group = sorted((r for r in self.rb.rules_for(self.case.subject) if r.conditions.threshold), key=lambda r: r.tier)
        for r in group:
            self.consider(r.label)
        errors, corrections = self.fact("score_errors_in_year"), self.fact("score_corrections_in_year")
        if errors is None and corrections is None:
            if self.explicit:
                self.assume(text("engine.counts_implied", label=rule.label))
                return rule
            self.ask("score_errors_in_year")
            self.ask("score_corrections_in_year")
            self.step("threshold", rule.label, rule.quote, text("engine.counts_unknown_step"))
            return self.decision("needs_facts", no_sanction_reason=text("engine.counts_unknown"))
        met = [
            r for r in group
            if (errors is not None and errors > r.conditions.threshold.score_errors_in_year_over)
            or (corrections is not None and corrections > r.conditions.threshold.score_corrections_in_year_over)
        ]
        counts = text("engine.counts", errors=_value(errors), corrections=_value(corrections))
        for r in group:
            t = r.conditions.threshold
            self.step("threshold", r.label, r.quote,
                      text("engine.threshold_step", counts=counts, errors=t.score_errors_in_year_over,
                           corrections=t.score_corrections_in_year_over,
                           verdict=text("engine.over" if r in met else "engine.not_over")))
        top = group[-1]
        if met and met[-1] is not top or not met:
            for name in ("score_errors_in_year", "score_corrections_in_year"):
                if self.facts.get(name) is None:
                    self.ask(name)
        if not met:
            unknown = [n for n in ("score_errors_in_year", "score_corrections_in_year") if self.facts.get(n) is None]
            rest = text("engine.counts_below_rest") if unknown else same("")
            return self.decision("no_sanction", no_sanction_reason=text("engine.counts_below", counts=counts, rest=rest))
        if self.explicit and met[-1] is not rule:
            self.notes.append(text("engine.counts_point_elsewhere", label=rule.label, other=met[-1].label))
        return met[-1]

    def adverse_counterpart(self, rule: Rule) -> Rule:
        c = rule.conditions
        value = self.fact("adverse_impact") if c.adverse_impact is not None else None
        if c.counterpart is None or value is None or value == c.adverse_impact:
            return rule
        other = self.rb.rule(c.counterpart)
        self.consider(other.label)
        self.step("condition", other.label, other.quote,
                  text("engine.adverse_switch", label=rule.label, other=other.label,
                       requires=text("engine.adverse_required" if c.adverse_impact else "engine.adverse_excluded"),
                       said=text("engine.adverse_yes" if value else "engine.adverse_no")))
        return other

    # --- 3. escalation, an exception to the base rule ----------------------------------------------

    def escalate(self, rule: Rule, seen: frozenset[str] = frozenset()) -> Rule:
        higher = sorted(
            (r for r in self.rb.rules_for(self.case.subject)
             if r.conditions.escalation and rule.article in r.conditions.escalation.from_articles
             and r.label not in seen and r.label not in self.evaluated),
            key=lambda r: -r.tier,
        )
        if higher:
            self.assume(text("engine.filing_cycle"))
        for e in higher:
            esc = e.conditions.escalation
            self.evaluated.add(e.label)
            self.consider(e.label)
            words = says_serious(self.case.conduct, esc.or_words)
            value = self.fact(esc.prior)
            count = int(value) if value is not None else None  # bool counts as 0 / 1
            if words is not None:
                why = text("engine.escalation_by_words", words=words)
            elif count is not None and count >= esc.at_least:
                why = text("engine.escalation_by_count", prior=text(f"fact.{esc.prior}"), value=_value(value),
                           at_least=esc.at_least)
            else:
                if count is None:
                    self.ask(esc.prior, Text(zh=esc.ask.zh, en=esc.ask.en))
                    self.record_open = self.record_open or bool(self.fact("prior_record_unclear"))
                    self.step("escalation", e.label, e.quote,
                              text("engine.escalation_unknown", base=rule.label, prior=text(f"fact.{esc.prior}")))
                else:
                    self.step("escalation", e.label, e.quote,
                              text("engine.escalation_below", prior=text(f"fact.{esc.prior}"), value=_value(value)))
                continue
            self.step("escalation", e.label, e.quote,
                      text("engine.escalated", why=why, base=rule.label, measures=self._measures_text(rule.measures)))
            self.escalated_from = self.escalated_from or rule.label
            return self.escalate(e, seen | {e.label})
        return rule

    # --- 4. what follows ---------------------------------------------------------------------------

    def outcome(self, rule: Rule) -> Decision:
        case, rb = self.case, self.rb
        label = rule.label
        provisions = [label, *self.also_applies]
        self.step("sanction", label, rule.lead_in_quote,
                  text("engine.sanction_step", measures=self._measures_text(rule.measures, rule.discretionary)))
        measures = self.measures(rule)
        decided_by = self.decided_by = self.decider(rule)
        consequences = self.institution_consequences(rule)

        certificate = None
        if rule.certificate:
            spec = rb.certificates[rule.certificate]
            condition = Text(**spec.condition.model_dump()) if spec.condition else None
            certificate = Certificate(
                provision=spec.label, quote=spec.quote,
                measures=[self.measure(code, spec.label) for code in spec.measures], condition=condition,
            )
            provisions.append(spec.label)
            self.step("certificate", spec.label, spec.quote,
                      text("engine.certificate_step") if condition is None else text("engine.certificate_if", condition=condition))
            if condition is not None:  # not known from the case: said, never taken as certain
                self.assume(condition)
            entry = rb.articles[self.rb.corpus.get(spec.label).article]
            if entry.note and rule.article == 6:
                self.assume(Text(**entry.note.model_dump()))

        ban_until = None
        deadlines: dict = {}
        for code in rule.measures:
            if rb.measures[code].kind != "ban":
                continue
            if case.date is None:
                self.assume(text("engine.no_date"))
                continue
            period = dates.ban_period(case.date, code)
            ban_until = period.until
            self.assume(period.assumption)
            self.step("ban", label, rule.lead_in_quote,
                      text("engine.ban_step", measure=Text(zh=rb.measures[code].zh, en=rb.measures[code].en),
                           start=case.date.isoformat(), until=period.until.isoformat()))
        if case.date is not None:
            deadlines = self.deadlines(rule, decided_by)
        procedure = self.procedure(rule, deadlines)
        self.leniency_and_referral(rule)

        status = "provisional" if self.follow else "decided"
        return self.decision(
            status, provisions=provisions, measures=measures, decided_by=decided_by,
            institution_consequences=consequences, certificate=certificate, deadlines=deadlines,
            ban_until=ban_until, procedure=procedure, alternatives=self.alternatives,
            escalated_from=self.escalated_from,
        )

    def decider(self, rule: Rule) -> str:
        sp = rule.spec
        if self.case.subject == "quality_supervisor" and sp.decided_by_external:
            kind = self.fact("supervisor_kind")
            if kind == "external":
                self.step("decided_by", sp.decided_by_external_label, sp.decided_by_external_quote,
                          text("engine.external_decides"))
                for more in sp.decided_by_external_more:
                    self.step("decided_by", more.label, more.quote, text("engine.external_decides"))
                return sp.decided_by_external
        if sp.decided_by_label:
            self.step("decided_by", sp.decided_by_label, sp.decided_by_quote, text("engine.decided_by", who=sp.decided_by))
        else:
            self.step("decided_by", rule.label, rule.lead_in_quote, text("engine.decided_by", who=sp.decided_by))
        return sp.decided_by

    def institution_consequences(self, rule: Rule) -> list[Consequence]:
        ic = rule.institution_consequence
        if ic is None:
            return []
        adverse = self.fact("adverse_impact")
        if adverse is None and rule.conditions.adverse_impact:
            adverse = True
            self.assume(text("engine.adverse_implied", label=rule.label))
        if ic.internal_supervisors_only:
            kind = self.fact("supervisor_kind")
            if kind == "external":
                self.step("institution_consequence", rule.label, ic.quote, text("engine.external_no_institution"))
                return []
            if kind is None and adverse is not False:
                self.ask("supervisor_kind")
                self.step("institution_consequence", rule.label, ic.quote, text("engine.supervisor_kind_unknown"))
                if adverse is None:
                    self.ask("adverse_impact")
                return []
        if adverse is None:
            self.ask("adverse_impact")
            self.step("institution_consequence", rule.label, ic.quote, text("engine.adverse_unknown"))
            return []
        if adverse is False:
            self.step("institution_consequence", rule.label, ic.quote, text("engine.no_adverse"))
            return []
        condition = text("engine.condition_internal" if ic.internal_supervisors_only else "engine.condition_adverse")
        self.step("institution_consequence", rule.label, ic.quote, text("engine.institution_measures", condition=condition))
        return [
            Consequence(**self.measure(code, rule.label).model_dump(), decided_by=ic.decided_by, condition=condition)
            for code in ic.measures
        ]

    def overlap(self, rule: Rule) -> Rule:
        """22(5) and 23(10) read on the same facts: show both, say why, apply one."""
        if rule.conditions.overlaps is None:
            return rule
        other = self.rb.rule(rule.conditions.overlaps)
        self.consider(other.label)
        primary, secondary = (rule, other) if self.explicit or rule.tier >= other.tier else (other, rule)
        why = Text(**rule.conditions.overlap_note.model_dump())
        pick = (text("engine.overlap_given") if self.explicit else
                text("engine.overlap_heavier", primary=primary.label, secondary=secondary.label))
        note = text("engine.overlap_note", why=why, pick=pick)
        self.notes.append(note)
        self.assume(note)
        self.step("overlap", secondary.label, secondary.quote, note)
        self.step("overlap", primary.label, primary.quote, text("engine.overlap_applied", label=primary.label))
        self.also_applies.append(secondary.label)
        self.alternatives.append(Alternative(
            provision=secondary.label, measures=self.measures(secondary),
            note=text("engine.overlap_alternative", label=secondary.label, measures=self._measures_text(secondary.measures)),
        ))
        return primary

    def deadlines(self, rule: Rule, decided_by: str) -> dict:
        case = self.case
        out = {}
        self.assume(text("engine.case_date", date=case.date.isoformat()))
        effective = self.rb.corpus.default.meta.effective
        if case.date < effective:  # decided as asked, but never as if the regulation surely applied
            self.notes.append(text("engine.before_effective", date=case.date.isoformat(), effective=effective.isoformat()))
        appeal = dates.appeal_deadlines(case.date)
        out["statement"] = deadline_out(appeal["statement_detail"], "第二十九条")
        out["review"] = deadline_out(appeal["review_detail"], "第二十九条")
        for said in appeal["assumptions"]:
            self.assume(said)
        t29 = self.rb.articles[29].quote
        self.step("deadline", "第二十九条", t29,
                  text("engine.deadline_step", statement=out["statement"].due.isoformat(), review=out["review"].due.isoformat()))
        if self.institution_decides():
            out["report"] = deadline_out(dates.report_deadline(case.date), "第三十条")
            self.assume(text("engine.report_end"))
            if "或" in decided_by:
                self.assume(text("engine.report_institution_only"))
        if rule.article == 22:
            out["rectification_plan"] = deadline_out(dates.rectification_plan_deadline(case.date), "第三十二条")
            self.step("deadline", "第三十二条", self.rb.articles[32].quote,
                      text("engine.plan_step", due=out["rectification_plan"].due.isoformat()))
        for y in sorted({y for d in out.values() for y in d.statutory_only_years}):
            self.assume(text("dates.statutory_only", year=y))
        years = sorted({y for d in out.values() for y in d.assumed_weekends_only_years})
        for y in years:
            self.assume(text("engine.schedule_unknown", year=y))
        return out

    def procedure(self, rule: Rule, deadlines: dict) -> list[ProcedureOut]:
        subject = self.case.subject
        out = []
        referral = self.referral_reason(rule) is not None
        for st in self.rb.procedure:
            if subject not in st.applies_to or st.when == "reference":
                continue
            if st.when == "institution_decides" and not self.institution_decides():
                continue
            if st.when == "art22_warning" and rule.article != 22:
                continue
            if st.when == "self_reported" and not (subject == "institution" and self.facts.get("self_reported")):
                continue
            if st.when == "referral" and not referral:
                continue
            due = deadlines[st.deadline].due if st.deadline and st.deadline in deadlines else None
            out.append(ProcedureOut(step=Text(zh=st.step.zh, en=st.step.en), actor=st.actor, label=st.label,
                                    quote=st.quote, deadline=st.deadline, due=due))
        return out

    def institution_decides(self) -> bool:
        """第三十条's report: when the institution (possibly) makes the decision itself."""
        return self.case.subject != "institution" and (
            self.decided_by == "评价机构" or self.decided_by.startswith("评价机构或")
        )

    def referral_reason(self, rule: Rule) -> Text | None:
        m = REFERRAL_WORDS.search(self.case.conduct or "")
        if m:
            return text("engine.referral_words", words=m.group(0))
        if rule.referral_hint:
            return text("engine.referral_hint", label=rule.label)
        return None

    def leniency_and_referral(self, rule: Rule) -> None:
        rb = self.rb
        reported = self.fact("self_reported")
        if reported:
            t31 = rb.articles[31]
            quote = t31.procedure[0].quote
            if self.case.subject == "institution":
                self.notes.append(text("engine.leniency_institution"))
                self.step("leniency", "第三十一条", quote, text("engine.leniency_step"))
            else:
                self.notes.append(text("engine.leniency_not_person"))
                self.step("leniency", "第三十一条", quote, text("engine.leniency_not_person_step"))
        reason = self.referral_reason(rule)
        if reason:
            st = next(s for s in rb.procedure if s.when == "referral")
            self.notes.append(text("engine.referral_note", reason=reason))
            self.step("referral", st.label, st.quote, text("engine.referral_step", reason=reason))


def _whole_article(rule: Rule, article_label: str) -> Rule:
    """A whole article (第七条) applied when every item carries the same unconditional sanction."""
    return replace(rule, label=article_label, quote=rule.lead_in_quote)


def _value(value) -> Text:
    """A fact's value as people read it: a count, yes or no, unknown."""
    if value is None:
        return text("engine.unknown")
    if isinstance(value, bool):
        return text("engine.yes" if value else "engine.no")
    return same(str(value))


_FACT_ORDER = ["conduct", "provision", "severity", *Facts.model_fields]
_LEVELS = ("minor", "major", "grave")
