"""Answer templates. Every sanction and every quotation is rendered from the rule record or the
corpus, never written freehand: the outcome first, then each provision quoted, then what follows,
then the questions that would settle what is still open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from corpus import Corpus, Provision
from rules import Decision, Rulebook
from rules.schema import SUBJECT_ZH

from assistant.answer import Citation

SUBJECT_EN = {
    "candidate": "candidate",
    "examiner": "examiner",
    "quality_supervisor": "quality supervisor",
    "item_expert": "item-development expert",
    "institution_staff": "staff member (评价机构其他人员)",
    "institution": "assessment institution",
}


# The engine asks in Chinese; English readers get the same question by the fact it settles.
FOLLOW_UP_EN = {
    "reminded_and_refused": "Was the candidate reminded by staff and did they still refuse to correct it? "
                            "(第六条 items (一)-(三) apply only after a refused reminder.)",
    "severity": "How serious was the grading error: minor (第十一条第（四）项), larger (第十二条第（四）项) "
                "or major (第十三条第（三）项)?",
    "score_errors_in_year": "How many score compilation or entry errors in the past year? (more than 3: "
                            "第二十一条第（九）项; more than 5: 第二十二条第（四）项)",
    "score_corrections_in_year": "How many person-times of score corrections in the past year? (more than 20: "
                                 "第二十一条第（九）项; more than 50: 第二十二条第（四）项)",
    "adverse_impact": "Did it have an adverse impact on the evaluation? (This decides whether the regulator "
                      "interviews or warns the institution.)",
    "supervisor_kind": "Is this an internal or an external quality supervisor?",
    "conduct": "Please describe what happened (who, at which stage, what they did), or give the provision.",
    "provision": "Which item of the article applies? Describe the conduct or give the item number.",
    "prior_talks_in_cycle": "How many talk-reminders (谈话提醒) has this person had in the current filing cycle?",
    "prior_criticisms_in_cycle": "Has this person been publicly criticised (通报批评) in the current filing cycle?",
    "prior_interviews_in_cycle": "Has the institution been interviewed (约谈) in the current filing cycle, "
                                 "or is the matter serious?",
    "warned_under_art22": "Has the institution already been warned under 第二十二条?",
}


# Procedure that every case shares and that people rarely ask about; shown only with a due date.
QUIET_STEPS = {"第二十六条", "第二十七条", "第三十条"}


@dataclass
class Draft:
    text: str
    citations: list[Citation] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)


def cite(p: Provision) -> Citation:
    return Citation(label=p.label, quote=p.text, chapter=p.chapter, lead_in=p.lead_in, document=p.document)


def quote_line(p: Provision, en: bool) -> str:
    """A provision quoted verbatim; an item with its lead-in so it reads on its own."""
    lead = f"「{p.lead_in}」" if p.lead_in else ""
    body = f"{lead}……「{p.text}」" if lead else f"「{p.text}」"
    return f"- **{p.label}**{' (verbatim)' if en else ''}：{body}"


def dedupe(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if c.label not in seen:
            seen.add(c.label)
            out.append(c)
    return out


def case_answer(d: Decision, corpus: Corpus, rb: Rulebook, en: bool, date_known: bool,
                focus: frozenset[str] = frozenset()) -> Draft:
    """`focus`: labels the question itself is about (retrieval's best); those procedure steps are
    quoted in full, the others summarised with their label."""
    lines: list[str] = []
    who = SUBJECT_EN[d.subject] if en else SUBJECT_ZH[d.subject]
    cert_label = d.certificate.provision if d.certificate is not None else None
    applied = [corpus.get(lbl) for lbl in d.provisions if lbl in corpus.by_label() and lbl != cert_label]
    main = applied[0] if applied else None
    if d.status in ("decided", "provisional") and main is not None:
        measures = "; ".join(m.label_en for m in d.measures) if en else "，".join(m.label for m in d.measures)
        if en:
            lines.append(f"**Outcome**: under {main.label} this {who} faces: {measures}.")
            if d.decided_by:
                lines.append(f"Decided by: {d.decided_by}.")
        else:
            lines.append(f"**结论**：依据{main.label}，对该{who}{measures}。")
            if d.decided_by:
                lines.append(f"由{d.decided_by}认定处理。")
        if d.ban_until:
            lines.append(f"{'Barred until' if en else '不得参加技能评价至'} {d.ban_until.isoformat()}"
                         f"{'' if date_known else ('（按今天的日期推算）' if not en else ' (counted from today)')}。")
        if d.status == "provisional":
            lines.append("**Provisional**: some facts are missing, see below." if en else "**初步结论**：部分事实尚不清楚，见文末问题。")
    elif d.status == "no_sanction":
        lines.append(f"**{'Outcome' if en else '结论'}**：{d.no_sanction_reason}")
    elif d.status == "needs_facts":
        lines.append(f"**{'Not yet decidable' if en else '尚不能定论'}**：{d.no_sanction_reason or ''}")
    else:
        lines.append("**No provision of this regulation matches what was described.**" if en else "**细则中没有与所述行为相符的条款。**")

    citations = [cite(p) for p in applied]
    # Provisions weighed but not applied are shown only while the outcome is open between them.
    considered = [corpus.get(lbl) for lbl in d.considered
                  if d.status == "needs_facts" and lbl in corpus.by_label() and lbl not in d.provisions]
    if applied or considered:
        lines.append("\n**Provisions relied on**" if en else "\n**依据**")
        for p in applied:
            lines.append(quote_line(p, en))
        for p in considered[:2]:
            lines.append(quote_line(p, en))
            citations.append(cite(p))
    if d.escalated_from:
        lines.append(
            f"- Escalated from {d.escalated_from} because of the earlier measures in this filing cycle."
            if en else f"- 由{d.escalated_from}升格适用：本备案周期内此前已受过处理。"
        )

    follows: list[str] = []
    quoted: set[str] = set()
    for c in d.institution_consequences:
        follows.append(f"{'Institution' if en else '对评价机构'}：{c.label_en if en else c.label}（{c.provision}；{c.condition}）")
    if d.certificate is not None:
        cp = corpus.get(d.certificate.provision)
        follows.append(f"{'Certificate' if en else '证书'}：「{cp.text}」（{cp.label}）")
        citations.append(cite(cp))
    for step in d.procedure:
        if step.label.split("条", 1)[0] + "条" in QUIET_STEPS and not step.due:
            continue
        due = f" — {'by' if en else '截止'} {step.due.isoformat()}" if step.due else ""
        words = _step_en(rb, step.label, step.step) if en else step.step
        if step.label in focus and step.label not in quoted:
            quoted.add(step.label)
            words += f"：「{corpus.get(step.label).text}」"
        follows.append(f"{words}（{step.label}）{due}")
        citations.append(cite(corpus.get(step.label)))
    for note in d.notes:
        follows.append(note)
    for a in d.assumptions:
        follows.append(f"{'Assumption' if en else '假设'}：{a}")
    if follows:
        lines.append("\n**What follows**" if en else "\n**后续**")
        lines.extend(f"- {f}" for f in follows)
    questions = [FOLLOW_UP_EN.get(f.fact, f.question) if en else f.question for f in d.follow_up]
    if questions:
        lines.append("\n**To settle this, please tell me**" if en else "\n**还需要了解**")
        lines.extend(f"- {q}" for q in questions)
    return Draft("\n".join(lines), dedupe(citations), questions)


def _step_en(rb: Rulebook, label: str, zh: str) -> str:
    for p in rb.procedure:
        if p.label == label and p.step.zh == zh:
            return p.step.en
    return zh


def provisions_answer(provisions: list[Provision], rb: Rulebook, en: bool, lead: str = "") -> Draft:
    """Rights, procedure, definitions and look-ups: the provisions themselves, quoted."""
    lines = [lead] if lead else []
    for p in provisions:
        entry = rb.articles.get(p.article)
        summary = (entry.summary.en if en else entry.summary.zh) if entry else ""
        lines.append(f"**{p.label}**{('（' + summary + '）') if summary else ''}")
        if p.lead_in:
            lines.append(f"「{p.lead_in}」……")
        lines.append(f"「{p.text}」")
        gaps = rb.corpus.document(p.document).gaps.get(p.article_label)
        if gaps and p.kind == "article":
            lines.append("Note: the published text of this article has no item (五); the numbering is kept as published."
                         if en else "注：原文本条没有第（五）项，编号按原文保留。")
        lines.append("")
    return Draft("\n".join(lines).strip(), [cite(p) for p in provisions])


def deadline_lead(received: dt.date, deadlines: dict, en: bool) -> str:
    stmt, review = deadlines["statement_deadline"], deadlines["review_deadline"]
    holidays = "、".join(f"{d.isoformat()} {n}" for d, n in deadlines["statement_detail"].counted_holidays)
    makeup = "、".join(d.isoformat() for d in deadlines["statement_detail"].makeup_workdays)
    if en:
        text = (f"**Deadline**: received on {received.isoformat()}, you may state your case until {stmt.isoformat()} "
                f"(15 working days, 第二十九条); the review decision is due by {review.isoformat()}.")
        if holidays:
            text += f" Holidays skipped: {holidays}."
        if makeup:
            text += f" Make-up working days counted: {makeup}."
    else:
        text = (f"**期限**：{received.isoformat()}收到处理决定的，陈述和申辩最迟在{stmt.isoformat()}提出（15个工作日，第二十九条），"
                f"复核决定最迟在{review.isoformat()}作出。")
        if holidays:
            text += f"已扣除法定节假日：{holidays}。"
        if makeup:
            text += f"调休上班日计入：{makeup}。"
    notes = deadlines["statement_detail"].notes
    return text + ("\n" + " ".join(notes) if notes else "")


def scope_answer(corpus: Corpus, en: bool) -> Draft:
    art2, art3 = corpus.get("第二条"), corpus.get("第三条第一款")
    if en:
        head = ("This assistant answers only from Shanghai's rules on misconduct in skilled-talent evaluation "
                "(沪人社职〔2025〕176号), which cover vocational skill evaluations. Your question is outside them, so "
                "there is no answer here; where other laws or regulations provide otherwise, they apply (第二条).")
    else:
        head = ("本助手只依据《上海市技能人才评价违纪违规行为处理实施细则(试行)》（沪人社职〔2025〕176号）作答，"
                "该细则只规范技能人才评价中的违纪违规行为认定与处理。您的问题不在其范围内，这里不作回答；"
                "法律、法规、规章另有规定的，从其规定（第二条）。")
    lines = [head, "", f"- **{art2.label}**：「{art2.text}」", f"- **{art3.label}**：「{art3.text}」"]
    return Draft("\n".join(lines), [cite(art2), cite(art3)])


# ---- not sure: the leading outcomes and the question that separates them ---------------------------

ASK_WHICH_ZH = "以上哪一种更符合实际发生的情况？请补充具体经过（例如是否实际使用、是否经提醒仍不改正、是否故意、此前是否受过处理）。"
ASK_WHICH_EN = ("Which of these matches what happened? Please add the details (e.g. whether it was actually used, "
                "whether a reminder was refused, whether it was deliberate, whether there were earlier measures).")


def _outcome_line(o, en: bool) -> str:
    """An outcome and what it imposes; the conduct it covers is quoted below, never paraphrased
    beside a sanction (the verifier reads such a sentence as a claim)."""
    d = o.decision
    if d.status in ("decided", "provisional") and d.measures:
        result = "; ".join(m.label_en for m in d.measures) if en else "，".join(m.label for m in d.measures)
    elif d.status == "no_sanction":
        result = "no sanction under this item" if en else "不按本项处理"
    else:
        result = "depends on a fact still open (see below)" if en else "取决于尚不清楚的事实（见下）"
    return f"- **{o.label}**：{result}"


def separating_question(conclusion, en: bool) -> str:
    """The question that decides between the leading outcomes: the engine's own question when the
    likeliest outcome waits for a fact, else which of the described conducts it was."""
    best = conclusion.best.decision
    if best.status == "needs_facts" and best.follow_up:
        f = best.follow_up[0]
        return FOLLOW_UP_EN.get(f.fact, f.question) if en else f.question
    return ASK_WHICH_EN if en else ASK_WHICH_ZH


def unsure_answer(conclusion, corpus: Corpus, rb: Rulebook, en: bool, who: str) -> Draft:
    """No sanction is stated: the two or three likeliest outcomes with their sanctions, the provisions
    quoted, and the one question that separates them."""
    shown = [o for o in conclusion.outcomes if o.p >= 0.05][:3] or list(conclusion.outcomes[:2])
    if en:
        lines = [f"**Not yet certain** which provision applies to this {who}; the most likely are "
                 "(most likely first):"]
    else:
        lines = [f"**尚不能确定**对该{who}适用哪一项，根据所述情况最可能是以下几种之一（可能性从高到低）："]
    lines += [_outcome_line(o, en) for o in shown]
    lines.append("\n**Provisions**" if en else "\n**相关条文**")
    provisions = [corpus.get(o.label) for o in shown if o.label in corpus.by_label()]
    lines += [quote_line(p, en) for p in provisions]
    question = separating_question(conclusion, en)
    lines += ["\n**To decide, please tell me**" if en else "\n**请补充**", f"- {question}"]
    return Draft("\n".join(lines), [cite(p) for p in provisions], [question])


# ---- an overview: what a group of people faces, by article ------------------------------------------

def overview_answer(subject: str | None, corpus: Corpus, rb: Rulebook, en: bool, standout: str | None = None) -> Draft:
    """The sanctioning articles for a group (or for everyone), each with what it imposes, and the
    question that decides which one applies. No single sanction is stated; an item that stands
    out (`standout`) is quoted first as the most relevant."""
    articles = [a for a in rb.articles.values() if a.sanction is not None
                and (subject is None or subject in (a.sanction.subject, *a.sanction.also_subjects))]
    if en:
        who = SUBJECT_EN.get(subject, "each group") if subject else "each group"
        lines = [f"**Overview**: the regulation grades misconduct of {who} by article; which one applies "
                 "depends on what exactly happened:"]
    else:
        who = SUBJECT_ZH.get(subject, "") if subject else "各类人员和机构"
        lines = [f"**概览**：细则按行为轻重对{who}分条规定处理，具体适用哪一条取决于实际发生了什么："]
    cited = []
    if standout:
        p = corpus.get(standout)
        lines += ["", "**Most relevant**" if en else "**最相关的条款**", quote_line(p, en), ""]
        cited.append(p)
    for a in articles:
        p = corpus.get(a.label)
        lines.append(f"- **{a.label}**：{a.summary.en if en else a.summary.zh}")
        cited.append(p)
    for label in ("第十条", "第二十四条第一款"):
        cert = rb.certificates.get(label)
        if cert and (subject is None or cert.subject == subject):
            lines.append(f"- **{label}**：{'certificates' if en else '证书'}：「{corpus.get(label).text}」")
            cited.append(corpus.get(label))
    question = ("Please describe what happened (who did what, when, and whether there were earlier measures), "
                "and I will say which provision applies." if en else
                "请具体描述发生了什么（谁、在什么环节、做了什么、此前是否受过处理），我再说明适用哪一条。")
    lines += ["\n**To say which applies, please tell me**" if en else "\n**要确定适用哪一条，请补充**", f"- {question}"]
    return Draft("\n".join(lines), [cite(p) for p in cited], [question])
