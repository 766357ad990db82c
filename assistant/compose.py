"""Answer templates. Every sanction and every quotation is rendered from the rule record or the
corpus, never written freehand: the outcome first, then each provision quoted, then what follows,
then the questions that would settle what is still open. Every other word comes from the message
catalogue (corpus/messages.yaml, under `answer.`) in the question's language; the engine's own
notes and questions are `Text` and are read in that language too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from corpus import Corpus, Provision
from corpus.messages import t
from rules import Decision, Rulebook
from rules.dates import holiday_name
from rules.render import body_name

from assistant.answer import Citation

# Procedure that every case shares and that people rarely ask about; shown only with a due date.
QUIET_STEPS = {"第二十六条", "第二十七条", "第三十条"}


@dataclass
class Draft:
    text: str
    citations: list[Citation] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)


def cite(p: Provision) -> Citation:
    return Citation(label=p.label, quote=p.text, chapter=p.chapter, lead_in=p.lead_in, document=p.document)


def who(subject: str, lang: str) -> str:
    return t(f"subject.{subject}", lang)


def who_listed(subject: str, name: str, lang: str) -> str:
    """The heading of one of several listed: "考评人员（考评员甲）", "Examiner B"."""
    kind = who(subject, lang)
    if not name:
        return kind
    if lang == "en":
        return name if kind.lower() in name.lower() else f"{kind[:1].upper()}{kind[1:]} ({name})"
    return f"{kind}（{name}）"


def quote_line(p: Provision, lang: str) -> str:
    """A provision quoted verbatim; an item with its lead-in so it reads on its own."""
    lead = f"「{p.lead_in}」" if p.lead_in else ""
    body = f"{lead}……「{p.text}」" if lead else f"「{p.text}」"
    return f"- **{p.label}**{t('answer.verbatim', lang)}：{body}"


def dedupe(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if c.label not in seen:
            seen.add(c.label)
            out.append(c)
    return out


def _measures(d: Decision, lang: str) -> str:
    return "; ".join(m.label_en for m in d.measures) if lang == "en" else "，".join(m.label for m in d.measures)


def case_answer(d: Decision, corpus: Corpus, rb: Rulebook, lang: str, date_known: bool,
                focus: frozenset[str] = frozenset()) -> Draft:
    """`focus`: labels the question itself is about (retrieval's best); those procedure steps are
    quoted in full, the others summarised with their label."""
    lines: list[str] = []
    cert_label = d.certificate.provision if d.certificate is not None else None
    applied = [corpus.get(lbl) for lbl in d.provisions if lbl in corpus.by_label() and lbl != cert_label]
    main = applied[0] if applied else None
    if d.status in ("decided", "provisional") and main is not None:
        lines.append(t("answer.outcome_line", lang, label=main.label, who=who(d.subject, lang), measures=_measures(d, lang)))
        if d.decided_by:
            lines.append(t("answer.decided_by", lang, body=body_name(d.decided_by, lang)))
        if d.ban_until:
            key = "answer.barred_until" if date_known else "answer.barred_until_today"
            lines.append(t(key, lang, day=d.ban_until.isoformat()))
        if d.status == "provisional":
            lines.append(t("answer.provisional", lang))
    elif d.status == "no_sanction":
        lines.append(t("answer.no_sanction", lang, reason=d.no_sanction_reason.in_(lang) if d.no_sanction_reason else ""))
    elif d.status == "needs_facts":
        lines.append(t("answer.not_decidable", lang, reason=d.no_sanction_reason.in_(lang) if d.no_sanction_reason else ""))
    else:
        lines.append(t("answer.no_match", lang))

    citations = [cite(p) for p in applied]
    # Provisions weighed but not applied are shown while the outcome is open between them, and when
    # no sanction is due: the item whose condition is not met is what the reader checks the answer by.
    considered = [corpus.get(lbl) for lbl in d.considered
                  if d.status in ("needs_facts", "no_sanction") and lbl in corpus.by_label() and lbl not in d.provisions]
    if applied or considered:
        lines.append("\n" + t("answer.relied_on", lang))
        for p in applied:
            lines.append(quote_line(p, lang))
        for p in considered[:2]:
            lines.append(quote_line(p, lang))
            citations.append(cite(p))
    if d.escalated_from:
        lines.append(t("answer.escalated", lang, label=d.escalated_from))

    follows: list[str] = []
    quoted: set[str] = set()
    for c in d.institution_consequences:
        follows.append(t("answer.institution", lang, measure=c.label_en if lang == "en" else c.label,
                         label=c.provision, condition=c.condition.in_(lang)))
    if d.certificate is not None:
        cp = corpus.get(d.certificate.provision)
        follows.append(t("answer.certificate", lang, quote=cp.text, label=cp.label))
        citations.append(cite(cp))
    for step in d.procedure:
        if step.label.split("条", 1)[0] + "条" in QUIET_STEPS and not step.due:
            continue
        due = t("answer.due", lang, day=step.due.isoformat()) if step.due else ""
        words = step.step.in_(lang)
        if step.label in focus and step.label not in quoted:
            quoted.add(step.label)
            words += f"：「{corpus.get(step.label).text}」"
        follows.append(f"{words}（{step.label}）{due}")
        citations.append(cite(corpus.get(step.label)))
    follows += [note.in_(lang) for note in d.notes]
    follows += [t("answer.assumption", lang, said=a.in_(lang)) for a in d.assumptions]
    if follows:
        lines.append("\n" + t("answer.what_follows", lang))
        lines.extend(f"- {f}" for f in follows)
    questions = [f.question.in_(lang) for f in d.follow_up]
    if questions:
        lines.append("\n" + t("answer.please_tell", lang))
        lines.extend(f"- {q}" for q in questions)
    return Draft("\n".join(lines), dedupe(citations), questions)


def no_match_answer(lang: str) -> Draft:
    return Draft(t("answer.no_match", lang), [], [t("answer.describe", lang)])


def provisions_answer(provisions: list[Provision], rb: Rulebook, lang: str, lead: str = "") -> Draft:
    """Rights, procedure, definitions and look-ups: the provisions themselves, quoted."""
    lines = [lead] if lead else []
    for p in provisions:
        entry = rb.articles.get(p.article)
        summary = (entry.summary.en if lang == "en" else entry.summary.zh) if entry else ""
        lines.append(f"**{p.label}**{('（' + summary + '）') if summary else ''}")
        if p.lead_in:
            lines.append(f"「{p.lead_in}」……")
        lines.append(f"「{p.text}」")
        gaps = rb.corpus.document(p.document).gaps.get(p.article_label)
        if gaps and p.kind == "article":
            lines.append(t("answer.gap", lang))
        lines.append("")
    return Draft("\n".join(lines).strip(), [cite(p) for p in provisions])


def silence_answer(found: list, context: list[Provision], rb: Rulebook, lang: str) -> Draft:
    """What the regulation does not address, said plainly; the nearest provisions follow as context,
    marked as not answering the point."""
    lines = [t("silence.heading", lang), *(f"- {s.says(lang)}" for s in found)]
    if context:
        quoted = provisions_answer(context, rb, lang, lead=t("silence.context", lang))
        return Draft("\n".join(lines) + "\n\n" + quoted.text, quoted.citations)
    return Draft("\n".join(lines))


def outside_answer(found: list, context: list[Provision], rb: Rulebook, lang: str) -> Draft:
    """A matter other rules govern (fees, pay, fines, sentences...): what the regulation does and
    does not say about it, that it lies outside the regulation, and the provisions it rests on."""
    lines = [t("silence.heading", lang), *(f"- {s.says(lang)}" for s in found), f"- {t('silence.outside', lang)}"]
    quoted = provisions_answer(context, rb, lang, lead=t("silence.context", lang))
    return Draft("\n".join(lines) + "\n\n" + quoted.text, quoted.citations)


def deadline_lead(received: dt.date, deadlines: dict, lang: str) -> str:
    detail = deadlines["statement_detail"]
    out = t("answer.deadline_lead", lang, received=received.isoformat(),
            statement=deadlines["statement_deadline"].isoformat(), review=deadlines["review_deadline"].isoformat())
    if detail.counted_holidays:
        days = "、".join(f"{d.isoformat()} {holiday_name(n).in_(lang)}" for d, n in detail.counted_holidays)
        out += t("answer.holidays_skipped", lang, days=days)
    if detail.makeup_workdays:
        out += t("answer.makeup_counted", lang, days="、".join(d.isoformat() for d in detail.makeup_workdays))
    notes = [n.in_(lang) for n in detail.notes]
    return out + ("\n" + " ".join(notes) if notes else "")


def scope_answer(corpus: Corpus, lang: str) -> Draft:
    art2, art3 = corpus.get("第二条"), corpus.get("第三条第一款")
    lines = [t("answer.scope", lang), "", f"- **{art2.label}**：「{art2.text}」", f"- **{art3.label}**：「{art3.text}」"]
    return Draft("\n".join(lines), [cite(art2), cite(art3)])


def missing_provision_answer(articles: list[Provision], corpus: Corpus, rb: Rulebook, lang: str) -> Draft:
    """A look-up of a provision that does not exist: the article when only its item or paragraph is
    wrong, else how many articles there are. The reply itself names only real labels."""
    if articles:
        return provisions_answer(articles[:2], rb, lang, t("answer.missing_item", lang))
    arts = corpus.default.articles
    return Draft(t("answer.missing_article", lang, count=len(arts), first=arts[0].label, last=arts[-1].label))


# ---- not sure: the leading outcomes and the question that separates them ---------------------------

def _outcome_line(o, lang: str) -> str:
    """An outcome and what it imposes; the conduct it covers is quoted below, never paraphrased
    beside a sanction (the verifier reads such a sentence as a claim)."""
    d = o.decision
    if d.status in ("decided", "provisional") and d.measures:
        result = _measures(d, lang)
    elif d.status == "no_sanction":
        result = t("answer.outcome_none", lang)
    else:
        result = t("answer.outcome_open", lang)
    return f"- **{o.label}**：{result}"


def _same_measures(outcomes) -> Decision | None:
    """The decision of the first outcome when every one shown imposes the same measures (sibling items
    of one article: "非法出售试题" or "其他违反评价管理规定" both mean 通报批评 and the loss of the
    post), else None; an outcome with no sanction or a fact still open is never the same."""
    decisions = [o.decision for o in outcomes]
    if len(decisions) < 2 or any(d.status not in ("decided", "provisional") or not d.measures for d in decisions):
        return None
    codes = {(d.subject, tuple(sorted(m.code for m in d.measures))) for d in decisions}
    return decisions[0] if len(codes) == 1 else None


def separating_question(conclusion, lang: str, shown: list | None = None) -> str:
    """The question that decides between the leading outcomes: the engine's own question when the
    likeliest outcome waits for a fact, else which of the described conducts it was, or, with only one
    offered (`shown`), whether it was that one ("which of these" over a single item asks nothing)."""
    best = conclusion.best.decision
    if best.status == "needs_facts" and best.follow_up:
        return best.follow_up[0].question.in_(lang)
    if shown is not None and len({o.label for o in shown}) == 1:
        return t("answer.ask_confirm", lang, label=shown[0].label)
    return t("answer.ask_which", lang)


def second_act_note(outcomes: list, corpus: Corpus, lang: str, stated: bool = False) -> Draft:
    """Another act of the same person: the provisions it may fall under and what they impose (or,
    `stated`, the one it falls under), and that the regulation does not say how several acts combine."""
    provisions = [corpus.get(o.label) for o in outcomes]
    head = t("answer.second_act_stated" if stated else "answer.second_act", lang)
    lines = [head, *(_outcome_line(o, lang) for o in outcomes),
             *(quote_line(p, lang) for p in provisions)]
    return Draft("\n".join(lines), [cite(p) for p in provisions])


# The outcome reader this sure that the story fails the item's own elements: the unsure answer says
# that, if the facts are as told, the item does not apply, and asks whether they are.
AS_TOLD_NONE = 0.5


def unsure_answer(conclusion, corpus: Corpus, rb: Rulebook, lang: str) -> Draft:
    """No sanction is stated: the two or three likeliest outcomes with their sanctions, the provisions
    quoted, and the one question that separates them."""
    shown = [o for o in conclusion.outcomes if o.p >= 0.05][:3] or list(conclusion.outcomes[:2])
    lines = [t("answer.unsure_head", lang, who=who(conclusion.subject, lang))]
    lines += [_outcome_line(o, lang) for o in shown]
    # said whenever the reading stopped the sanction (decide.py), or is this sure on its own
    as_told = (conclusion.denied or conclusion.as_told_none >= AS_TOLD_NONE) and conclusion.best.sanction
    if as_told:  # the story says the conduct did not happen as the item describes: say so, then ask
        lines.append(t("answer.unsure_as_told", lang))
    if (same := _same_measures(shown)) is not None:
        # the item is open but what follows is not: the person asking mostly wants to know that
        lines.append(t("answer.unsure_same_measures", lang, measures=_measures(same, lang)))
    other = conclusion.other_person
    if other is not None:  # whose conduct it was is open too: the other person's likeliest outcome
        lines += [t("answer.unsure_other_person", lang, who=who(other.subject, lang)), _outcome_line(other.best, lang)]
        shown = [*shown, other.best]
    lines.append("\n" + t("answer.related", lang))
    labels = [o.label for o in shown]
    if conclusion.best.decision.status == "needs_facts":
        # the items the open fact decides between ("how serious was the error": 11(4), 12(4), 13(3)),
        # quoted so that the person can answer from the text
        labels += [lbl for lbl in conclusion.best.decision.considered if lbl in rb.rules]
    provisions = [corpus.get(lbl) for lbl in dict.fromkeys(labels) if lbl in corpus.by_label()]
    lines += [quote_line(p, lang) for p in provisions]
    questions = [t("answer.ask_as_told", lang) if as_told else separating_question(conclusion, lang, shown)]
    if other is not None:  # first when the models are unsure whose conduct it was, else after what happened
        whose = t("answer.ask_whose", lang, a=who(conclusion.subject, lang), b=who(other.subject, lang))
        questions.insert(0 if conclusion.whose_first else 1, whose)
    lines += ["\n" + t("answer.to_decide", lang), *(f"- {q}" for q in questions)]
    return Draft("\n".join(lines), [cite(p) for p in provisions], questions)


# ---- an overview: what a group of people faces, by article ------------------------------------------

def overview_answer(subject: str | None, corpus: Corpus, rb: Rulebook, lang: str, standout: str | None = None,
                    bans_first: bool = False) -> Draft:
    """The sanctioning articles for a group (or for everyone), each with what it imposes, and the
    question that decides which one applies. No single sanction is stated; an item that stands
    out (`standout`) is quoted first as the most relevant; asked how long one is barred
    (`bans_first`), the articles that bar come first."""
    articles = [a for a in rb.articles.values() if a.sanction is not None
                and (subject is None or subject in (a.sanction.subject, *a.sanction.also_subjects))]
    if bans_first:  # a stable sort: within each group the regulation's order stays
        articles.sort(key=lambda a: not any(m.startswith("ban_") for m in a.sanction.measures))
    group = who(subject, lang) if subject else t("answer.overview_everyone", lang)
    lines = [t("answer.overview_head", lang, who=group)]
    cited = []
    if standout:
        p = corpus.get(standout)
        lines += ["", t("answer.most_relevant", lang), quote_line(p, lang), ""]
        cited.append(p)
    for a in articles:
        p = corpus.get(a.label)
        lines.append(f"- **{a.label}**：{a.summary.en if lang == 'en' else a.summary.zh}")
        cited.append(p)
    for label in ("第十条", "第二十四条第一款"):
        cert = rb.certificates.get(label)
        if cert and (subject is None or cert.subject == subject):
            lines.append(f"- **{label}**：{t('answer.certificates', lang)}：「{corpus.get(label).text}」")
            cited.append(corpus.get(label))
    question = t("answer.overview_question", lang)
    lines += ["\n" + t("answer.overview_ask", lang), f"- {question}"]
    return Draft("\n".join(lines), [cite(p) for p in cited], [question])
