"""Decide once, per person: which item applies, what follows, and how sure that is.

The understanding models (assistant/understand/) give a probability for each provision; the rule
engine decides. For the person a case is about, each likely item is put to the engine as the
conduct's provision, with the facts the question states (read by rules/facts.py from the words,
and by the learned fact readers where the words are less plain). Items that lead the engine to the
same outcome pool their probability: "录错了4次" read as 第二十二条第（四）项 still comes out as
第二十一条第（九）项, because 4 is not more than 5. The outcome with the most probability is the
conclusion; it is stated only when that probability, calibrated on held-out examples
(assistant/understand/calibration.json), reaches the threshold. Otherwise the reply names the
leading outcomes and asks the one question that separates them.

Retrieval's ranking is reordered the same way for display (`by_conditions`): the rules' conditions
choose between sibling items, and an escalation item the question gives no ground for goes below
its base act ("机构说要找我谈话" is the sanction the person expects, not a prior record).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from assistant.calibration import Calibration, features
from assistant.understand import Understanding
from retrieval import Hit
from rules import CaseError, Decision, Match, Rulebook, assess
from rules.facts import infer_facts

log = logging.getLogger(__name__)

# Whose conclusion it is (a calibration input): the person the case is mainly about, another person
# the question names and asks about ("机构和这个业务员分别怎么处理"), or another person the models see
# acting. Measured on the evaluation sets' cases (2026-12-05): of the second persons decided when a
# question asks about several, those it really asks about were right 0.84 at a mean confidence of
# 0.59 (all calibrated as if they were the main person); witnesses and reporters named in the same
# stories, 0.27. The calibrator learns the difference from the calibration set's stories.
MAIN, ASKED, NAMED, OTHER = "main", "asked", "named", "other"
ACT2 = "act2"  # a second act of the main person, read from the words after the join on their own

CONDITIONS_TOP = 3  # how many of retrieval's best candidates are put to the rules for display
CANDIDATES = 6  # how many of a person's likely items are put to the engine
FACT_SURE = 0.8  # a learned fact reading is used when at least this probable
PRIOR_FACTS = ("prior_talks_in_cycle", "prior_criticisms_in_cycle", "prior_interviews_in_cycle", "warned_under_art22")

# Words that make a repeat the topic even when no count is given ("考评员老是迟到会怎样", "how do
# warnings escalate"): the escalation item may then be what is asked.
_REPEAT = re.compile(
    r"再次|再犯|又|多次|屡次|屡教|反复|累计|一再|好几次|几次|老是|总是|经常|第[二三四五两2-5]次|[两二三四五2-5]次|升级|加重|上次|之前|以前|前面|此前"
    r"|(?i:\bagain\b|repeat|second time|third time|\bkeeps?\b|\bkept\b|several times|multiple times|escalat|\bbefore\b|previous|already|earlier)"
)


def _as_given(label: str):
    def matcher(*_args, **_kwargs):
        return [Match(label, 1.0, (), None)]

    return matcher


def applicable(question: str, label: str, rb: Rulebook) -> str | None:
    """The item the rules apply when `label`'s conduct happened as the question states, if another.

    None when `label` is not a sanction rule, when the question leaves the deciding facts open, or
    when the rules keep `label` itself.
    """
    rule = rb.rules.get(label)
    if rule is None or rule.is_escalation or not question.strip():  # an escalation is reached from its base act
        return None
    try:
        decision = assess({"subject": rule.subjects[0], "conduct": question[:2000]}, rb, matcher=_as_given(label))
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


# ---- the conclusion for one person ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One way a person's case can come out: the engine's Decision for the likely items leading to it."""

    decision: Decision
    p: float  # the probability of the items that lead here
    items: tuple[str, ...]  # those items, most likely first

    @property
    def label(self) -> str:
        d = self.decision
        return d.provisions[0] if d.provisions else self.items[0]

    @property
    def sanction(self) -> bool:
        return self.decision.status in ("decided", "provisional") and bool(self.decision.measures)


@dataclass(frozen=True)
class Conclusion:
    """What the rules make of one person's conduct, and whether it is sure enough to state."""

    subject: str
    outcomes: tuple[Outcome, ...]  # most probable first
    confidence: float
    stated: bool
    learned: dict[str, str] = field(default_factory=dict)  # facts taken from the learned readers
    views_agree: float = 0.0  # the share of the provision model's views leading to the same outcome
    role: str = MAIN  # MAIN, ASKED (named where the question asks), NAMED (named elsewhere) or OTHER
    share: float = 1.0  # the best outcome's probability among this person's own items
    # not sure and not sure whose conduct it is: the likeliest other person's outcome, offered beside
    # this person's ("报名审核不严" may be the institution's 21(1) or a staff member's 18(1))
    other_person: Conclusion | None = None
    whose_first: bool = False  # whose conduct it was is the first question (the actor model is unsure)
    agree: bool = False  # retrieval's best item for the person leads to the same outcome (a calibration input)
    # another act of the same person (second_act): its likely outcomes, and whether the first is stated
    another: tuple[Outcome, ...] = ()
    another_stated: bool = False
    name: str = ""  # one of several listed ("考评员甲", "B", "小孙"), read from that one's part of the story
    # the outcome reader's probability that the story, as told, does not meet the item it is about
    # ("the work proof is real", "我是被抄的那个"): 0 for a second person (the reader reads the main one)
    # and where the deciding condition is told plainly (conclude: the words, not the reader, decide it)
    as_told_none: float = 0.0
    as_told_open: float = 0.0  # the same reader's probability that the deciding fact is left untold
    denied: bool = False  # that reading is above 'sanction': not stated, whatever the confidence
    # the main person of a question that also asks about another person ("考生和考评员分别怎么处理"):
    # the provision model shares its probability between their items, so the main one's runs lower
    beside_asked: bool = False
    # a second reading from the clauses about this person alone (assistant/focus.py): whether it was
    # made, and its probability of the same outcome (0 when it reads another)
    focused: bool = False
    focus_p: float = 0.0
    # a person of a story about several, read again by the person reader (assistant/understand/person.py):
    # whether it was, and its probability of the same outcome (0 when it reads another)
    person_read: bool = False
    person_p: float = 0.0

    @property
    def best(self) -> Outcome:
        return self.outcomes[0]


def _learned_facts(u: Understanding, rb: Rulebook, text: str, subject: str, top_item: str | None) -> dict:
    """Facts the question tells in words the patterns of rules/facts.py do not read, from the learned
    readers when they are sure; a fact the words state plainly is never overridden."""
    plain = infer_facts(text)
    out: dict = {}
    reading = u.facts.get("refusal")
    if reading and reading[1] >= FACT_SURE and "reminded_and_refused" not in plain and reading[0] != "untold":
        out["reminded_and_refused"] = reading[0] == "refused"
    reading = u.facts.get("severity")
    if reading and reading[1] >= FACT_SURE and reading[0] != "untold":
        out["severity"] = reading[0]
    reading = u.facts.get("prior")
    rule = rb.rules.get(top_item or "")
    told_plainly = any(f in plain for f in PRIOR_FACTS)
    if (reading and reading[1] >= FACT_SURE and rule is not None and rule.is_escalation and reading[0] == "told"
            and not told_plainly):  # a record the words state plainly is never replaced by a reading
        esc = rule.conditions.escalation
        out[esc.prior] = True if esc.prior == "warned_under_art22" else esc.at_least
    return out


def _base_items(rb: Rulebook, label: str, subject: str, u: Understanding) -> list[str]:
    """An escalation item is reached from its base act: the person's likeliest items of the
    articles it escalates from."""
    esc = rb.rules[label].conditions.escalation
    bases = [(u.p(r.label), r.label) for r in rb.rules.values()
             if r.article in esc.from_articles and subject in r.subjects and not r.is_escalation]
    return [lbl for _, lbl in sorted(bases, reverse=True)[:2]]


def conclude(subject: str, text: str, u: Understanding, rb: Rulebook, date: dt.date | None,
             sureness: Sureness, hint: str | None = None, english: bool = False, role: str = MAIN,
             beside_asked: bool = False) -> Conclusion | None:
    """The person's conclusion: the engine's outcome for each likely item, pooled, and how sure it
    is; None when no sanction rule of theirs is likely at all. `hint`: retrieval's best item for them.

    A second person's items keep the probability the models give them over the whole story, not
    renormalised among their own: tried, renormalising stated more second persons and more of them
    wrong (fresh rounds: wrong 0.033 -> 0.040), since a person in the story need not have acted."""
    mine = [(lbl, p) for lbl, p in u.provisions if lbl in rb.rules and subject in rb.rules[lbl].subjects]
    if hint and hint in rb.rules and all(lbl != hint for lbl, _ in mine[:CANDIDATES]):
        mine = [*mine[: CANDIDATES - 1], (hint, u.p(hint))]
    mine = mine[:CANDIDATES]
    if not mine:
        return None
    learned = _learned_facts(u, rb, text, subject, mine[0][0])
    pooled: dict[tuple, list] = defaultdict(lambda: [0.0, [], None])
    for label, p in mine:
        tried = _base_items(rb, label, subject, u) if rb.rules[label].is_escalation else [label]
        for item in tried[:1]:
            case = {"subject": subject, "conduct": text[:1000], "date": date.isoformat() if date else None,
                    "facts": learned}
            try:
                d = assess(case, rb, matcher=_as_given(item))
            except CaseError as exc:
                log.info("case not assessable under %s: %s", item, exc)
                continue
            key = (d.status, tuple(d.provisions[:1]), tuple(m.code for m in d.measures))
            slot = pooled[key]
            slot[0] += p
            slot[1].append(label)
            slot[2] = slot[2] or d
    if not pooled:
        return None
    outcomes = tuple(sorted((Outcome(d, p, tuple(items)) for p, items, d in pooled.values()), key=lambda o: -o.p))
    theirs = {lbl for lbl, rule in rb.rules.items() if subject in rule.subjects}
    own = sum(p for lbl, p in u.provisions if lbl in theirs)
    # The outcome reader reads the main person. Where the item's deciding condition is told plainly (a
    # refusal after a reminder, read by rules/facts.py) its doubt is not evidence: it enters neither the
    # confidence nor the reply. Found when the threshold rose to 0.89: "考生带了资料进考场，经提醒后拒不改正"
    # (item 0.99, person 0.99) was calibrated at 0.83 for the reader's 0.67 "none" and left asked.
    reader_speaks = role in (MAIN, ACT2) and not _refusal_told(text, rb, outcomes[0])
    draft = Conclusion(subject, outcomes, outcomes[0].p, False, {k: str(v) for k, v in learned.items()},
                       u.views_agree({*outcomes[0].items, outcomes[0].label}, theirs), role,
                       min(1.0, outcomes[0].p / own) if own > 0 else 0.0,
                       as_told_none=u.fact_p("outcome", "none") if reader_speaks else 0.0,
                       as_told_open=u.fact_p("outcome", "open") if reader_speaks else 0.0,
                       beside_asked=beside_asked and role == MAIN)
    agree = hint is not None and (hint in outcomes[0].items or hint == outcomes[0].label)
    confidence = sureness.p(draft, u, agree, english)
    # Two readings of the story disagree: the provision models see the item's conduct, the outcome
    # reader reads that, as told, the item's conditions are not met ("材料都是真的", "我是被抄的那个").
    # A sanction is then not stated however sure the item is: the reply says so and asks.
    denied = draft.as_told_none > u.fact_p("outcome", "sanction") and outcomes[0].sanction
    return replace(draft, confidence=confidence, stated=confidence >= sureness.threshold and not denied, agree=agree,
                   denied=bool(denied))


@dataclass(frozen=True)
class Sureness:
    """How sure a conclusion is: the calibrated probability that it is right (assistant/calibration.py),
    or, without a calibration for these models, the models' own probability of the outcome."""

    calibration: Calibration | None = None
    fallback_threshold: float = 0.5

    @property
    def threshold(self) -> float:
        return self.calibration.threshold if self.calibration else self.fallback_threshold

    def p(self, draft: Conclusion, u: Understanding, agree: bool, english: bool) -> float:
        if self.calibration is None:
            return draft.best.p
        return self.calibration.p(features(draft, u, agree, english))


def _refusal_told(text: str, rb: Rulebook, outcome: Outcome) -> bool:
    """The item's deciding condition is a refusal after a reminder (第六条(一)-(三)) and the words say
    so plainly ("经提醒后拒不改正", "提醒了他还是不放", read by rules/facts.py): the learned outcome
    reader does not overrule it. Found on the follow-up that completes a case, where the models read
    the regulation's own phrase as a condition failing (outcome 'none' 0.79 on the models of stop 33)."""
    rule = rb.rules.get(outcome.label)
    if rule is None or not rule.conditions.reminded_and_refused:
        return False
    return infer_facts(text).get("reminded_and_refused", (None,))[0] is True
