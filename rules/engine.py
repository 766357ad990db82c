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

QUESTIONS = {
    "reminded_and_refused": "考生是否经工作人员提醒后仍拒不改正？（第六条第（一）至（三）项以“经提醒拒不改正”为要件；提醒后改正的，不按第六条处理）",
    "severity": "评分错误的程度如何：少量或轻微（第十一条第（四）项）、较大（第十二条第（四）项），还是重大（第十三条第（三）项）？",
    "score_errors_in_year": "1年内累计出现成绩汇总、录入错误多少次？（超过3次适用第二十一条第（九）项，超过5次适用第二十二条第（四）项）",
    "score_corrections_in_year": "1年内累计申请成绩更正多少人次？（超过20人次适用第二十一条第（九）项，超过50人次适用第二十二条第（四）项）",
    "adverse_impact": "该行为是否对评价工作造成不良影响？（决定评价机构监管部门是否约谈或警告评价机构）",
    "supervisor_kind": "是内部质量督导员还是外部质量督导员？（条文只对内部质量督导员规定对评价机构的后果；外部质量督导员由监管部门认定处理）",
    "conduct": "请具体描述发生了什么（谁、在什么环节、做了什么），或直接给出条文编号。",
    "provision": "具体属于该条的哪一项？请描述行为或给出项号。",
}
REFERRAL_WORDS = re.compile(r"党员|公职|监察对象|国家工作人员|犯罪|刑事|报警|公安|受贿|行贿|贪污|诈骗|伤害|打伤")
FILING_CYCLE_NOTE = (
    "细则未规定“备案周期”的长度，以案情所述“本备案周期内”的次数为准 / "
    "the regulation does not define how long a filing cycle (备案周期) is; the counts given for 'this cycle' are taken as stated"
)


def assess(case: Case | dict, rulebook: Rulebook, matcher: Matcher | None = None) -> Decision:
    """The Decision for a case; CaseError (naming the field) when the case cannot be assessed.
    `matcher` finds the conduct's provision in plain words (default: rules/match.py)."""
    return _Assessment(parse_case(case), rulebook, matcher or match_conduct).run()


class _Assessment:
    def __init__(self, case: Case, rb: Rulebook, matcher: Matcher):
        self.case, self.rb, self.matcher = case, rb, matcher
        self.trace: list[TraceStep] = []
        self.follow: list[FollowUp] = []
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

    def step(self, kind: str, label: str, quote: str, note: str) -> None:
        self.trace.append(TraceStep(step=kind, label=label, quote=quote, note=note))

    def ask(self, fact: str, question: str | None = None) -> None:
        if all(f.fact != fact for f in self.follow):
            self.follow.append(FollowUp(fact=fact, question=question or QUESTIONS[fact]))

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    def fact(self, name: str) -> Any:
        value = self.facts.get(name)
        if value is not None and name in self.read_from_words:
            self.assume(f"“{name}”取自案情文字“{self.read_from_words[name]}”：{value} / read from the conduct's words")
        return value

    def consider(self, label: str) -> None:
        if label not in self.considered:
            self.considered.append(label)

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
        for check in (self.used, self.reminder, self.elements, self.severity, self.threshold, self.adverse_counterpart,
                      self.overlap):
            rule = check(rule)
            if isinstance(rule, Decision):
                return rule
        return self.outcome(self.escalate(rule))

    def base_rule(self) -> Rule | Decision:
        case = self.case
        if case.provision:
            return self.given_provision(case.provision)
        if case.conduct is None:  # an institution described only by its score counts
            group = [r for r in self.rb.rules_for("institution") if r.conditions.threshold]
            rule = min(group, key=lambda r: r.tier)
            self.consider(rule.label)
            self.step("match", rule.label, rule.quote, "案情只给出成绩错误或更正次数，按成绩管理条款判断 / only score counts were given")
            return rule
        matches = self.matcher(case.conduct, case.subject, self.rb)
        if not matches:
            p2 = self.rb.articles[2]
            self.ask("conduct")
            self.step(
                "match", p2.label, p2.quote,
                f"“{case.conduct}”与{SUBJECT_ZH[case.subject]}的任何违纪违规条款都不相符；细则可能未涉及此事，"
                f"其他法律、法规另有规定的从其规定 / the words match no sanctioning provision for this subject",
            )
            return self.decision("no_match", no_sanction_reason="未找到与所述行为相符的条款 / no provision matches these words")
        best = matches[0]
        rule = self.rb.rule(best.label)
        self.consider(rule.label)
        others = [m.label for m in matches[1:3] if m.score >= best.score * 0.8]
        note = f"按案情文字匹配：{best.describe()}"
        if others:
            note += f"；相近的还有 {'、'.join(others)}，如不相符请给出条文编号"
        self.step("match", rule.label, rule.quote, note + " / matched from the plain words")
        return rule

    def given_provision(self, text: str) -> Rule | Decision:
        try:
            p = self.rb.corpus.get(text)
        except UnknownLabel as exc:
            near = (f"；最接近：{'、'.join(exc.suggestions)}", f". Nearest: {', '.join(exc.suggestions)}")
            zh, en = near if exc.suggestions else ("", "")
            raise CaseError(f"case.provision: {exc.zh}{zh} / {exc.en}{en}") from None
        self.explicit = True
        if p.label in self.rb.rules:
            rule = self.rb.rule(p.label)
            self.check_subject(rule.label, rule.subjects)
            self.consider(rule.label)
            self.step("provision", rule.label, rule.quote, "案情给出的条文 / provision given in the case")
            return rule
        entry = self.rb.articles[p.article]
        if p.kind != "article" or entry.sanction is None:
            kind = entry.role
            raise CaseError(
                f"case.provision: {p.label} is not a sanctioning provision ({kind}); give an item of "
                f"第六条-第九条 or 第十一条-第二十四条, or describe the conduct"
            )
        self.check_subject(p.label, (entry.sanction.subject, *entry.sanction.also_subjects))
        items = self.rb.article_rules(p.article)
        if self.case.conduct:
            matches = self.matcher(self.case.conduct, self.case.subject, self.rb)
            inside = [m for m in matches if self.rb.rule(m.label).article == p.article]
            if inside:
                rule = self.rb.rule(inside[0].label)
                self.consider(rule.label)
                self.step("match", rule.label, rule.quote, f"在{p.label}内按案情文字匹配：{inside[0].describe()}")
                return rule
        self.consider(p.label)
        self.step("provision", p.label, entry.sanction.lead_in_quote, "案情只给出条，未给出项 / an article was given without its item")
        # elements such as "故意" only matter where a case denies them; otherwise items alike decide alike
        if all(r.conditions.model_copy(update={"requires": {}}) == type(r.conditions)()
               for r in items):
            # every item of the article carries the same sanction and no condition: decide at article level
            return _whole_article(items[0], p.label)
        self.ask("provision")
        return self.decision("needs_facts", no_sanction_reason=f"{p.label}各项的适用条件不同，需要知道具体是哪一项")

    def check_subject(self, label: str, subjects) -> None:
        if self.case.subject not in subjects:
            who = "、".join(f"{SUBJECT_ZH[s]} ({s})" for s in subjects)
            raise CaseError(f"case.provision: {label} concerns {who}, not {self.case.subject}")

    # --- 2. the item's own conditions ------------------------------------------------------------

    def reminder(self, rule: Rule) -> Rule | Decision:
        if not rule.conditions.reminded_and_refused:
            return rule
        value = self.fact("reminded_and_refused")
        if value is None and self.explicit:
            self.assume(f"案情给出{rule.label}，视为其“经提醒拒不改正”的要件已满足 / the provision given implies a refused reminder")
            value = True
        if value is None:
            self.ask("reminded_and_refused")
            self.step("condition", rule.label, rule.quote,
                      "本项以“经提醒拒不改正”为要件，案情未说明是否经提醒、是否拒不改正，尚不能作出处理 / "
                      "applies only after a refused reminder: not stated, so no sanction can be decided yet")
            return self.decision("needs_facts", no_sanction_reason="尚不知道是否经提醒拒不改正 / whether a reminder was refused is not known")
        if value is False:
            self.step("condition", rule.label, rule.quote,
                      "经提醒后已改正，不满足“经提醒拒不改正”，不按第六条处理 / corrected after the reminder: no sanction under article 6")
            return self.decision(
                "no_sanction",
                no_sanction_reason=f"{rule.label}只适用于经提醒拒不改正的情形；经提醒已改正的，第六条不予处理 / "
                                   f"{rule.label} applies only when the candidate refused to correct after a reminder",
            )
        self.step("condition", rule.label, rule.quote, "经提醒拒不改正：要件满足 / reminded and refused: condition met")
        return rule

    def used(self, rule: Rule) -> Rule:
        """A device carried in (第六条第（一）项) that the case says was used is 第七条第（一）项; a provision
        the case names itself is kept, with a note."""
        target = rule.conditions.used_instead
        if target is None or self.fact("device_used") is not True:
            return rule
        said = self.read_from_words.get("device_used", "")
        if self.explicit:
            self.notes.append(f"案情称“{said}”：实际使用电子设备的，适用{target} / the device was used: {target} may apply")
            return rule
        other = self.rb.rule(target)
        self.consider(other.label)
        self.step("condition", other.label, other.quote,
                  f"{rule.label}是携带或未按规定放置，案情称“{said}”，即在评价过程中使用，改按{other.label} / "
                  f"the device was used during the evaluation: {other.label}")
        return other

    def elements(self, rule: Rule) -> Rule | Decision:
        """An element the item's words require and the case plainly denies: no sanction under it."""
        for fact, required in rule.conditions.requires.items():
            value = self.fact(fact)
            if value is None or value == required:
                continue
            word, en = ELEMENTS[(fact, required)]
            said = self.read_from_words.get(fact, "")
            self.step("condition", rule.label, rule.quote,
                      f"本项以“{word}”为要件；案情称“{said}”，不满足 / requires {en}, which the case denies")
            return self.decision(
                "no_sanction",
                no_sanction_reason=f"{rule.label}以“{word}”为要件，案情所述（“{said}”）不满足，不按本项处理；"
                                   f"如另有其他行为，按该行为适用的条款处理 / {rule.label} requires {en}")
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
            self.assume(f"案情未说明差错是否严重，按{default.label}（出现错误）处理；造成严重差错、影响评价活动客观公正的，适用{others} / "
                        f"the case does not say the error was serious, so {default.label} applies; a serious one falls under {others}")
            self.step("severity", default.label, default.quote,
                      f"差错按是否严重分属两项，案情未说明，按一般差错 / not stated as serious: the ordinary item")
            return default
        if level is None:
            self.ask("severity")
            self.step("severity", rule.label, rule.quote,
                      "评分错误按结果轻重分属三项，案情未说明错误程度 / the error's severity decides the item and is not stated")
            return self.decision("needs_facts", no_sanction_reason="尚不知道评分错误的程度 / the severity of the grading error is not known")
        if level not in group:  # the staff ladder has two steps: a "较大" error is not yet "严重"
            level = max((lv for lv in group if _LEVELS.index(lv) <= _LEVELS.index(level)), key=_LEVELS.index,
                        default=min(group, key=_LEVELS.index))
        chosen = group[level]
        how = "案情给出的条文" if words is None else ("案情给出的错误程度" if words == "given" else f"案情文字“{words}”")
        if words not in (None, "given"):
            self.assume(f"错误程度“{level}”取自{how} / severity read from the conduct's words")
        self.step("severity", chosen.label, chosen.quote, f"错误程度：{_SEVERITY_ZH[level]}（依据{how}）")
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
                self.assume(f"案情给出{rule.label}而未给次数，视为其次数要件已满足 / the provision given implies its counts")
                return rule
            self.ask("score_errors_in_year")
            self.ask("score_corrections_in_year")
            self.step("threshold", rule.label, rule.quote, "本项以1年内累计次数为要件，案情未给出次数 / the counts decide and are not given")
            return self.decision("needs_facts", no_sanction_reason="尚不知道1年内的成绩错误次数或更正人次 / the counts are not known")
        met = [
            r for r in group
            if (errors is not None and errors > r.conditions.threshold.score_errors_in_year_over)
            or (corrections is not None and corrections > r.conditions.threshold.score_corrections_in_year_over)
        ]
        counts = f"成绩汇总、录入错误 {errors if errors is not None else '未知'} 次，申请成绩更正 {corrections if corrections is not None else '未知'} 人次"
        for r in group:
            t = r.conditions.threshold
            verdict = "超过" if r in met else "未超过"
            self.step("threshold", r.label, r.quote,
                      f"{counts}；本项要求错误超过{t.score_errors_in_year_over}次或更正超过{t.score_corrections_in_year_over}人次："
                      f"{verdict}（“超过”不含本数）/ strictly more than the numbers")
        top = group[-1]
        if met and met[-1] is not top or not met:
            for name in ("score_errors_in_year", "score_corrections_in_year"):
                if self.facts.get(name) is None:
                    self.ask(name)
        if not met:
            unknown = [n for n in ("score_errors_in_year", "score_corrections_in_year") if self.facts.get(n) is None]
            rest = "；另一项次数未知，如超过门槛则适用（见追问）" if unknown else ""
            return self.decision(
                "no_sanction",
                no_sanction_reason=f"{counts}：未超过第二十一条第（九）项“超过3次”“超过20人次”的门槛（“超过”不含本数），"
                                   f"第二十一条第（九）项、第二十二条第（四）项均不适用{rest} / "
                                   f"counts at or below the thresholds: neither 21(9) nor 22(4) applies",
            )
        if self.explicit and met[-1] is not rule:
            self.notes.append(f"案情给出{rule.label}，但按所给次数应适用{met[-1].label} / the counts given point to {met[-1].label}")
        return met[-1]

    def adverse_counterpart(self, rule: Rule) -> Rule:
        c = rule.conditions
        value = self.fact("adverse_impact") if c.adverse_impact is not None else None
        if c.counterpart is None or value is None or value == c.adverse_impact:
            return rule
        other = self.rb.rule(c.counterpart)
        self.consider(other.label)
        said = "造成不良影响" if value else "未造成不良影响"
        self.step("condition", other.label, other.quote,
                  f"{rule.label}以{'造成' if c.adverse_impact else '未造成'}不良影响为要件，案情为{said}，改按{other.label} / "
                  f"adverse impact decides between {rule.label} and {other.label}")
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
            self.assume(FILING_CYCLE_NOTE)
        for e in higher:
            esc = e.conditions.escalation
            self.evaluated.add(e.label)
            self.consider(e.label)
            words = says_serious(self.case.conduct, esc.or_words)
            value = self.fact(esc.prior)
            count = int(value) if value is not None else None  # bool counts as 0 / 1
            if words is not None:
                why = f"案情称“{words}”"
            elif count is not None and count >= esc.at_least:
                why = f"{_PRIOR_ZH[esc.prior]}：{value if not isinstance(value, bool) else '是'}（至少{esc.at_least}{'' if esc.prior == 'warned_under_art22' else '次'}）"
            else:
                if count is None:
                    self.ask(esc.prior, esc.ask)
                    self.step("escalation", e.label, e.quote,
                              f"{rule.label}的行为可能因此前记录升级适用本项，但案情未说明{_PRIOR_ZH[esc.prior]} / prior record unknown")
                else:
                    self.step("escalation", e.label, e.quote,
                              f"{_PRIOR_ZH[esc.prior]}：{value}，不满足本项要件，不升级 / prior record below the escalation threshold")
                continue
            base = "；".join(self.rb.measures[c].zh for c in rule.measures)
            self.step("escalation", e.label, e.quote,
                      f"{why}：{rule.label}所列行为（原应{base}）改按本项处理（升级，从重）/ escalated from {rule.label}")
            self.escalated_from = self.escalated_from or rule.label
            return self.escalate(e, seen | {e.label})
        return rule

    # --- 4. what follows ---------------------------------------------------------------------------

    def outcome(self, rule: Rule) -> Decision:
        case, rb = self.case, self.rb
        label = rule.label
        provisions = [label, *self.also_applies]
        self.step("sanction", label, rule.lead_in_quote,
                  "处理措施：" + "；".join(rb.measures[c].zh + ("（视情况）" if c in rule.discretionary else "") for c in rule.measures))
        measures = self.measures(rule)
        decided_by = self.decided_by = self.decider(rule)
        consequences = self.institution_consequences(rule)

        certificate = None
        if rule.certificate:
            spec = rb.certificates[rule.certificate]
            certificate = Certificate(
                provision=spec.label, quote=spec.quote,
                measures=[self.measure(code, spec.label) for code in spec.measures],
            )
            provisions.append(spec.label)
            self.step("certificate", spec.label, spec.quote, "证书后果 / certificate consequences")
            entry = rb.articles[self.rb.corpus.get(spec.label).article]
            if entry.note and rule.article == 6:
                self.assume(entry.note)

        ban_until = None
        deadlines: dict = {}
        for code in rule.measures:
            if rb.measures[code].kind != "ban":
                continue
            if case.date is None:
                self.assume("案情未给出日期，无法计算禁考截止日 / no date given: the end of the bar cannot be computed")
                continue
            period = dates.ban_period(case.date, code)
            ban_until = period.until
            self.assume(period.assumption)
            self.step("ban", label, rule.lead_in_quote, f"{rb.measures[code].zh}：自 {case.date} 起至 {period.until} 止")
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
                          "外部质量督导员：由评价机构监管部门根据管理权限认定处理 / external supervisors: the regulator decides")
                return sp.decided_by_external
        if sp.decided_by_label:
            self.step("decided_by", sp.decided_by_label, sp.decided_by_quote, f"认定处理：{sp.decided_by}")
        else:
            self.step("decided_by", rule.label, rule.lead_in_quote, f"认定处理：{sp.decided_by}")
        return sp.decided_by

    def institution_consequences(self, rule: Rule) -> list[Consequence]:
        ic = rule.institution_consequence
        if ic is None:
            return []
        adverse = self.fact("adverse_impact")
        if adverse is None and rule.conditions.adverse_impact:
            adverse = True
            self.assume(f"{rule.label}本身以造成不良影响或严重社会影响为要件，视为对评价工作造成不良影响 / "
                        f"the item itself requires an adverse impact")
        if ic.internal_supervisors_only:
            kind = self.fact("supervisor_kind")
            if kind == "external":
                self.step("institution_consequence", rule.label, ic.quote,
                          "条文只对内部质量督导员规定对评价机构的后果；外部质量督导员不涉及评价机构 / external supervisor: no consequence for the institution")
                return []
            if kind is None and adverse is not False:
                self.ask("supervisor_kind")
                self.step("institution_consequence", rule.label, ic.quote,
                          "如为内部质量督导员且对评价工作造成不良影响，评价机构也将承担后果；案情未说明督导员类别 / internal or external not stated")
                if adverse is None:
                    self.ask("adverse_impact")
                return []
        if adverse is None:
            self.ask("adverse_impact")
            self.step("institution_consequence", rule.label, ic.quote,
                      "如对评价工作造成不良影响，评价机构监管部门还将对评价机构采取措施；案情未说明 / adverse impact not stated")
            return []
        if adverse is False:
            self.step("institution_consequence", rule.label, ic.quote, "未对评价工作造成不良影响：评价机构不因此承担后果 / no adverse impact")
            return []
        condition = "内部质量督导员对评价工作造成不良影响" if ic.internal_supervisors_only else "对评价工作造成不良影响"
        self.step("institution_consequence", rule.label, ic.quote, f"{condition}：评价机构监管部门对评价机构采取措施")
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
        why = rule.conditions.overlap_note or ""
        pick = ("按案情给出的条文列出措施，另一项作为备选一并列出" if self.explicit else
                f"按较重的{primary.label}列出措施（其文字“1年（含）以上”明确覆盖满一年的情形），{secondary.label}作为备选一并列出")
        self.notes.append(f"{why}{pick} / both provisions read on these facts; the text does not say which prevails")
        self.assume(f"{why}{pick}")
        self.step("overlap", secondary.label, secondary.quote, f"{why}{pick}")
        self.step("overlap", primary.label, primary.quote, f"适用{primary.label} / applied")
        self.also_applies.append(secondary.label)
        self.alternatives.append(Alternative(
            provision=secondary.label, measures=self.measures(secondary),
            note=f"若监管部门认定适用{secondary.label}：" + "；".join(self.rb.measures[c].zh for c in secondary.measures),
        ))
        return primary

    def deadlines(self, rule: Rule, decided_by: str) -> dict:
        case = self.case
        out = {}
        self.assume(f"案情日期 {case.date} 视为处理决定作出并送达（或公告）之日；期限自次日起算 / "
                    f"the case date is taken as the day the decision is made and received")
        appeal = dates.appeal_deadlines(case.date)
        out["statement"] = deadline_out(appeal["statement_detail"], "第二十九条")
        out["review"] = deadline_out(appeal["review_detail"], "第二十九条")
        for text in appeal["assumptions"]:
            self.assume(text)
        t29 = self.rb.articles[29].quote
        self.step("deadline", "第二十九条", t29,
                  f"陈述和申辩截止 {out['statement'].due}；复核决定最迟 {out['review'].due}")
        if self.institution_decides():
            out["report"] = deadline_out(dates.report_deadline(case.date), "第三十条")
            self.assume("第三十条“处理结束”按处理决定之日计算；如经陈述申辩或复核，应自处理结束之日重新计算 / "
                        "art. 30 'end of handling' taken as the decision date")
            if "或" in decided_by:
                self.assume("第三十条的报告期限只在由评价机构作出认定处理时适用 / the art. 30 report applies when the institution decides")
        if rule.article == 22:
            out["rectification_plan"] = deadline_out(dates.rectification_plan_deadline(case.date), "第三十二条")
            self.step("deadline", "第三十二条", self.rb.articles[32].quote,
                      f"提交限期整改方案截止 {out['rectification_plan'].due}")
        years = sorted({y for d in out.values() for y in d.assumed_weekends_only_years})
        for y in years:
            self.assume(f"{y} 年放假安排未知，按周一至周五为工作日推算，公布后期限可能变化 / "
                        f"no official {y} holiday schedule: Monday-Friday assumed")
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
            out.append(ProcedureOut(step=st.step.zh, actor=st.actor, label=st.label, quote=st.quote,
                                    deadline=st.deadline, due=due))
        return out

    def institution_decides(self) -> bool:
        """第三十条's report: when the institution (possibly) makes the decision itself."""
        return self.case.subject != "institution" and (
            self.decided_by == "评价机构" or self.decided_by.startswith("评价机构或")
        )

    def referral_reason(self, rule: Rule) -> str | None:
        m = REFERRAL_WORDS.search(self.case.conduct or "")
        if m:
            return f"案情提到“{m.group(0)}”"
        if rule.referral_hint:
            return f"{rule.label}所列行为可能涉嫌违法犯罪或职务违法"
        return None

    def leniency_and_referral(self, rule: Rule) -> None:
        rb = self.rb
        reported = self.fact("self_reported")
        if reported:
            t31 = rb.articles[31]
            quote = t31.procedure[0].quote
            if self.case.subject == "institution":
                self.notes.append("第三十一条：评价机构经自查发现并主动上报的，可予以从轻处理（由监管部门裁量；上列措施为条文规定的处理）")
                self.step("leniency", "第三十一条", quote, "自查主动上报：可予以从轻处理 / self-reported: may be treated leniently")
            else:
                self.notes.append("第三十一条的从轻处理只针对评价机构自查主动上报，不直接适用于个人 / art. 31 leniency concerns institutions")
                self.step("leniency", "第三十一条", quote, "第三十一条只规定评价机构自查上报可从轻，本案主体不是评价机构")
        reason = self.referral_reason(rule)
        if reason:
            st = next(s for s in rb.procedure if s.when == "referral")
            self.notes.append(
                f"第三十四条：{reason}；如涉及中共党员、监察对象违纪或职务违法犯罪，移交纪检监察机关；涉嫌其他犯罪的，移交公安机关"
            )
            self.step("referral", st.label, st.quote, f"{reason}：按规定移交 / referral where the facts call for it")


def _whole_article(rule: Rule, article_label: str) -> Rule:
    """A whole article (第七条) applied when every item carries the same unconditional sanction."""
    return replace(rule, label=article_label, quote=rule.lead_in_quote)


# An element an item requires, as the item's own words put it.
ELEMENTS = {
    ("deliberate", True): ("故意", "a deliberate act"),
    ("spread", True): ("并进行传播", "spreading"),
    ("false_info", True): ("不实信息", "false information"),
    ("handled", False): ("不及时制止或上报（未能发现或指出、隐瞒不报）", "that it was not stopped or reported"),
}
_FACT_ORDER = ["conduct", "provision", "severity", *Facts.model_fields]
_SEVERITY_ZH = {"minor": "少量或轻微错误", "major": "较大错误", "grave": "重大错误"}
_LEVELS = ("minor", "major", "grave")
_PRIOR_ZH = {
    "prior_talks_in_cycle": "本备案周期内此前被谈话提醒的次数",
    "prior_criticisms_in_cycle": "本备案周期内此前被通报批评的次数",
    "prior_interviews_in_cycle": "本备案周期内此前被约谈的次数",
    "warned_under_art22": "此前是否已因第二十二条所列情况被警告",
}
