"""A Decision as people read it, in one language: `decision_sections` is the one place that turns a
Decision into titled sections (the outcome, what it imposes, the reason, deadlines, the open
questions, notes, assumptions, procedure, the trace); the CLI's text, the Markdown download, the
case checker and the chat answer are thin formatters over it. Every string comes from the message
catalogue (corpus/messages.yaml) or from the rule records, in the language asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from corpus.messages import Text, catalogue, t
from rules.case import Decision, check_day


@dataclass(frozen=True)
class Section:
    key: str  # outcome | consequences | reason | deadlines | questions | notes | assumptions | procedure | trace
    title: str
    lines: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # verbatim corpus text beside each line (trace only)


def parse_day(value: str, field_name: str) -> dt.date:
    """A date the user wrote (YYYY-MM-DD, within the range deadlines can be computed for)."""
    return check_day(value or "", field_name)


def describe(decision: Decision) -> str:
    """One sentence that states the sanction with its citation (what `verify` reads back)."""
    if not decision.measures:
        return ""
    main = decision.measures[0].provision
    what = "，".join(m.label for m in decision.measures if m.provision == main)
    parts = [f"根据{main}，{what}"]
    for c in decision.institution_consequences:
        parts.append(f"根据{c.provision}，{c.label}")
    if decision.certificate:
        parts.append(f"根据{decision.certificate.provision}，" + "，".join(m.label for m in decision.certificate.measures))
    return "。".join(parts) + "。"


def body_name(name: str, lang: str) -> str:
    """A deciding body named in the rulebook (评价机构, 评价机构监管部门 …), in the reader's language."""
    return t(f"body.{name}", lang) if f"body.{name}" in catalogue() else name


def _paren(x: str, lang: str) -> str:
    return t("render.paren", lang, x=x)


def _join(items, lang: str, key: str = "render.join") -> str:
    return t(key, lang).join(items)


def row(heading: str, value: str, lang: str) -> str:
    return f"{heading}{t('render.sep', lang)}{value}"


def consequence_rows(d: Decision, lang: str = "zh") -> list[tuple[str, str]]:
    """(heading, value) for what a Decision imposes and on whom: each measure with its provision, who
    decides, the bar's last day, the institution's consequences, the certificate."""
    en = lang == "en"
    rows = []
    for m in d.measures:
        may = t("engine.discretionary", lang) if m.discretionary else ""
        rows.append((t("render.measure", lang), f"{m.label_en if en else m.label}{may}{_paren(m.provision, lang)}"))
    if d.decided_by:
        rows.append((t("render.decided_by", lang), body_name(d.decided_by, lang)))
    if d.ban_until:
        rows.append((t("render.barred_until", lang), t("render.inclusive", lang, day=d.ban_until.isoformat())))
    for c in d.institution_consequences:
        why = _join([c.condition.in_(lang), body_name(c.decided_by, lang), c.provision], lang)
        rows.append((t("render.institution", lang), f"{c.label_en if en else c.label}{_paren(why, lang)}"))
    if d.certificate:
        measures = _join((m.label_en if en else m.label for m in d.certificate.measures), lang)
        if d.certificate.condition is not None:  # not certain: it depends on a fact the case does not give
            measures += t("render.certificate_conditional", lang)
        rows.append((t("render.certificate", lang, label=d.certificate.provision), measures))
    return rows


def deadline_rows(d: Decision, lang: str = "zh") -> list[tuple[str, str]]:
    rows = []
    for key, x in d.deadlines.items():
        value = t("render.deadline_value", lang, due=x.due.isoformat(), provision=x.provision, days=x.working_days)
        extra = []
        if x.counted_holidays:
            extra.append(t("render.holidays", lang, days=_join((f"{h.date} {h.name.in_(lang)}" for h in x.counted_holidays),
                                                                lang, "render.list_sep")))
        if x.makeup_workdays:
            extra.append(t("render.makeup", lang, days=_join(map(str, x.makeup_workdays), lang, "render.list_sep")))
        rows.append((t(f"deadline.{key}", lang), _join([value, *extra], lang)))
    return rows


def decision_sections(d: Decision, lang: str = "zh") -> list[Section]:
    """The Decision in titled sections, in `lang`; empty sections left out."""
    def said(items: list[Text]) -> list[str]:
        return [i.in_(lang) for i in items]

    applies = ""
    if d.provisions:
        applies = _join(d.provisions, lang, "render.list_sep")
        if d.escalated_from:
            applies += t("render.escalated_from", lang, label=d.escalated_from)
    outcome = [t(f"status.{d.status}", lang)] + ([t("render.applies", lang, labels=applies)] if applies else [])
    sections = [
        Section("outcome", t("render.outcome", lang), outcome),
        Section("consequences", t("render.consequences", lang), [row(h, v, lang) for h, v in consequence_rows(d, lang)]),
        Section("alternatives", t("render.alternatives", lang), said([a.note for a in d.alternatives])),
        Section("reason", t("render.reason", lang), said([d.no_sanction_reason] if d.no_sanction_reason else [])),
        Section("deadlines", t("render.deadlines", lang), [row(h, v, lang) for h, v in deadline_rows(d, lang)]),
        Section("questions", t("render.questions", lang), said([f.question for f in d.follow_up])),
        Section("notes", t("render.notes", lang), said(d.notes)),
        Section("assumptions", t("render.assumptions", lang), said(d.assumptions)),
        Section("procedure", t("render.procedure", lang),
                [p.step.in_(lang) + _paren(p.label, lang) + (f" — {p.due}" if p.due else "") for p in d.procedure]),
        Section("trace", t("render.trace", lang), [f"[{s.label}] {s.note.in_(lang)}" for s in d.trace],
                [s.quote for s in d.trace]),
    ]
    return [s for s in sections if s.lines]


def decision_lines(d: Decision, lang: str = "zh") -> list[str]:
    """The CLI's text: each section's title, then its lines (the trace with its quotes)."""
    out = []
    for s in decision_sections(d, lang):
        out.append(row(s.title, "", lang).rstrip())
        for n, line in enumerate(s.lines):
            out.append(f"  {line}")
            if s.quotes:
                out.append(f"      「{s.quotes[n]}」")
    return out


def decision_markdown(d: Decision, corpus, case: dict, lang: str = "zh") -> str:
    """The Decision as a Markdown summary (the case checker's download), quoting every provision it cites."""
    meta = corpus.default.meta
    lines = [f"# {t('render.summary', lang)}", "",
             f"- {t('render.regulation', lang)}: {meta.title}（{meta.number}）",
             f"- {t('render.subject', lang)}: {t(f'subject.{d.subject}', lang)}",
             f"- {t('render.case', lang)}: {case.get('conduct') or case.get('provision', '')}"]
    for s in decision_sections(d, lang):
        lines += ["", f"## {s.title}"]
        for n, line in enumerate(s.lines):
            lines.append(f"{n + 1}. {line}" if s.key in ("procedure", "trace") else f"- {line}")
            if s.quotes:
                lines.append(f"   > 「{s.quotes[n]}」")
    lines += ["", f"## {t('render.cited', lang)}"]
    for label in cited_labels(d):
        p = corpus.get(label)
        lines.append(f"- **{label}**（{p.chapter}）：「{p.full_text}」")
    return "\n".join(lines) + "\n"


def cited_labels(d: Decision) -> list[str]:
    """Every provision a Decision relies on, in order of first mention."""
    labels = [*d.provisions, *(m.provision for m in d.measures), *(c.provision for c in d.institution_consequences)]
    labels += [d.certificate.provision] if d.certificate else []
    labels += [x.provision for x in d.deadlines.values()] + [s.label for s in d.trace] + [p.label for p in d.procedure]
    return list(dict.fromkeys(labels))


def deadline_lines(r: dict, lang: str = "zh") -> list[str]:
    """`regqa deadline` as text."""
    out = [
        t("render.received", lang, day=r["received"]),
        t("render.statement_due", lang, day=r["statement_deadline"], provision=r["provision"]),
        t("render.review_due", lang, day=r["review_deadline"]),
    ]
    if r["counted_holidays"]:
        out.append(t("render.holidays", lang, days=_join((f"{h['date']} {h['name'][lang]}" for h in r["counted_holidays"]),
                                                         lang, "render.list_sep")))
    if r["makeup_workdays"]:
        out.append(t("render.makeup", lang, days=_join(r["makeup_workdays"], lang, "render.list_sep")))
    out.extend(row(t("render.assumptions", lang), a[lang], lang) for a in r["assumptions"])
    out.extend(row(t("render.warning", lang), w[lang], lang) for w in r["warnings"])
    out.append(f"「{r['quote']}」")
    return out
