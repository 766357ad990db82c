"""Decide once: the rule engine, given what retrieval found, says which item applies and what follows.

Retrieval finds the conduct; the rules' conditions choose between sibling items that describe the
same conduct at different grades. A score error is 第十一条第（四）项, 第十二条第（四）项 or 第十三条第（三）项
by its severity; "录错了4次" is 第二十一条第（九）项 and not 第二十二条第（四）项 (4 is more than 3, not more
than 5); lateness after two talk-reminders is 第十二条第（一）项. Each of the best candidates is put to
the engine as the conduct's provision; where the facts the question states lead it to another item,
that item is ranked just above the candidate. A condition the question does not state changes
nothing. An escalation item the question gives no ground for (no prior record, no repeat) goes
just below its base act: "机构说要找我谈话" is the sanction the person expects, not a record.

Then the engine assesses the case once, for the person the question is about.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace

from retrieval import Hit
from rules import CaseError, Decision, Match, Rulebook, assess, match_conduct
from rules.facts import infer_facts

log = logging.getLogger(__name__)

CONDITIONS_TOP = 3  # how many of the best candidates are put to the rules

# Words that make a repeat the topic even when no count is given ("考评员老是迟到会怎样", "how do
# warnings escalate"): the escalation item may then be what is asked.
_REPEAT = re.compile(
    r"再次|再犯|又|多次|屡次|屡教|反复|累计|一再|好几次|几次|老是|总是|经常|第[二三四五两2-5]次|[两二三四五2-5]次|升级|加重|上次|之前|以前|前面|此前"
    r"|(?i:\bagain\b|repeat|second time|third time|\bkeeps?\b|\bkept\b|several times|multiple times|escalat|\bbefore\b|previous|already|earlier)"
)


def applicable(question: str, label: str, rb: Rulebook) -> str | None:
    """The item the rules apply when `label`'s conduct happened as the question states, if another.

    None when `label` is not a sanction rule, when the question leaves the deciding facts open, or
    when the rules keep `label` itself.
    """
    rule = rb.rules.get(label)
    if rule is None or rule.is_escalation or not question.strip():  # an escalation is reached from its base act
        return None

    def as_given(*_args, **_kwargs):
        return [Match(label, 1.0, (), None)]

    try:
        decision = assess({"subject": rule.subjects[0], "conduct": question[:2000]}, rb, matcher=as_given)
    except CaseError as exc:  # a case the engine rejects is simply not re-ranked
        log.debug("no condition check for %s: %s", label, exc)
        return None
    if decision.status not in ("decided", "provisional") or not decision.provisions:
        return None
    chosen = decision.provisions[0]
    return chosen if chosen != label and chosen in rb.rules else None


def unsupported_escalation(question: str, label: str, rb: Rulebook) -> tuple[int, ...] | None:
    """The base articles of an escalation item the question gives no ground for, else None."""
    rule = rb.rules.get(label)
    if rule is None or not rule.is_escalation:
        return None
    esc = rule.conditions.escalation
    if esc.prior in infer_facts(question) or _REPEAT.search(question):
        return None
    if esc.or_words and any(w in question for w in esc.or_words):
        return None
    return tuple(esc.from_articles)


def by_conditions(question: str, hits: list[Hit], rb: Rulebook, top: int = CONDITIONS_TOP) -> list[Hit]:
    """`hits` with each top candidate's applicable item just above it, and escalation items the
    question gives no ground for just below their base act. Routed provisions keep their place."""
    out = list(hits)
    by_label = {h.label: h for h in hits}
    corpus = rb.corpus
    for h in hits[:top]:
        if h.route or h.definition:
            continue
        target = applicable(question, h.label, rb)
        if target is None or h.provision.document != corpus.get(target).document:
            continue
        pos = next(i for i, x in enumerate(out) if x.label == h.label)
        have = next((i for i, x in enumerate(out) if x.label == target), None)
        if have is not None:
            if have < pos:
                continue
            promoted = out.pop(have)
        else:
            promoted = by_label.get(target) or Hit(target, 0.0, corpus.get(target), rb.rules[target].subject)
        # scores stay monotone: the promoted item takes the candidate's score plus a hair
        out.insert(pos, replace(promoted, score=round(out[pos].score + 1e-6, 6)))
    for h in list(out[:top]):
        bases = unsupported_escalation(question, h.label, rb)
        if not bases:
            continue
        pos = next(i for i, x in enumerate(out) if x.label == h.label)
        below = next((i for i, x in enumerate(out[pos + 1 : pos + 10], pos + 1) if x.article in bases), None)
        if below is None:
            continue
        item = out.pop(pos)
        out.insert(below, replace(item, score=round(out[below - 1].score - 1e-6, 6)))
    return out


@dataclass(frozen=True)
class CaseCall:
    """Who a case is about and the sanction rules retrieval ranks for them, best first."""

    subject: str | None
    matches: list[Match]
    named: bool  # the question names that person (rather than retrieval guessing who)


def case_subject(text: str, hits: list[Hit], rb: Rulebook, named: list[str]) -> CaseCall:
    """`named`: the people the question names as acting, in order (retrieval.subjects.detect)."""
    rules = rb.rules
    ranked = [h for h in hits if h.label in rules and not rules[h.label].is_escalation]
    # Retrieval already weighs who acts in the question; its best sanction hit decides among the
    # people the question names ("我陪学员去考点，看到督导…" is about the supervisor).
    subject = next((rules[h.label].subject for h in ranked if rules[h.label].subject in named), None)
    if subject is None:
        subject = named[0] if named else (rules[ranked[0].label].subject if ranked else None)
    if subject is None:
        return CaseCall(None, [], False)
    mine = [h for h in ranked if subject in rules[h.label].subjects]
    if not mine:
        return CaseCall(subject, match_conduct(text, subject, rb), subject in named)
    return CaseCall(subject, [Match(h.label, float(h.score), (), None) for h in mine], subject in named)


def assess_case(subject: str, text: str, matches: list[Match], date: dt.date | None, rb: Rulebook) -> Decision | None:
    """The engine's Decision for `subject`'s conduct told in `text`, its candidates in `matches`."""

    def matcher(conduct, subj, book, **_):
        return [m for m in matches if subj in book.rules[m.label].subjects] or match_conduct(conduct, subj, book)

    try:
        return assess({"subject": subject, "conduct": text[:1000], "date": date.isoformat() if date else None},
                      rb, matcher=matcher)
    except CaseError as exc:
        log.info("case not assessable: %s", exc)
        return None
