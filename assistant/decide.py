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
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.calibration import Calibration, features
from assistant.understand import Understanding
from corpus.messages import t
from retrieval import Hit
from retrieval.subjects import detect as named_in
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
    # another act of the same person (second_act): its likely outcomes, and whether the first is stated
    another: tuple[Outcome, ...] = ()
    another_stated: bool = False

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
             sureness: Sureness, hint: str | None = None, english: bool = False, role: str = MAIN) -> Conclusion | None:
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
    draft = Conclusion(subject, outcomes, outcomes[0].p, False, {k: str(v) for k, v in learned.items()},
                       u.views_agree({*outcomes[0].items, outcomes[0].label}, theirs), role,
                       min(1.0, outcomes[0].p / own) if own > 0 else 0.0)
    agree = hint is not None and (hint in outcomes[0].items or hint == outcomes[0].label)
    confidence = sureness.p(draft, u, agree, english)
    return replace(draft, confidence=confidence, stated=confidence >= sureness.threshold)


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


# ---- two acts by one person --------------------------------------------------------------------------

# Words that join a second act to the first ("带了手机，还抄了别人的答案", "and also copied"). The
# single-label models put one act first; the words after the join are read again on their own.
_ANOTHER_ACT = re.compile(r"还|又|并且|而且|同时|另外|此外|以及|之后又|接着|(?i:\band also\b|\bas well as\b|\balso\b|\bthen\b)")


def second_clause(text: str) -> str | None:
    """The words after the first join of two acts ("考评员迟到了，还在评分时给熟人打高分" -> "在评分时
    给熟人打高分"), when they are long enough to tell an act of their own."""
    m = _ANOTHER_ACT.search(text)
    rest = text[m.end():].strip("，,。.；; ") if m else ""
    return rest if len(rest) >= 4 else None


ANOTHER_ARTICLE = 0.5  # the second clause's likeliest article must hold this much to be mentioned


def another_act(first: Outcome, other: Conclusion, rb: Rulebook) -> list[Outcome]:
    """The second clause's likely outcomes, when they fall under another article: the sure one, or
    the two likeliest items of an article that holds ANOTHER_ARTICLE of the probability. Mentioned,
    never stated. An article that escalates the other ("又迟到了" after two talks) is one act with a
    record, not a second act."""
    a = rb.rules.get(first.label)
    if a is None or not first.sanction:
        return []
    mass: dict[int, float] = defaultdict(float)
    for o in other.outcomes:
        if (r := rb.rules.get(o.label)) is not None and o.sanction:
            mass[r.article] += o.p
    if not mass:
        return []
    article = max(mass, key=mass.get)
    if article == a.article or (mass[article] < ANOTHER_ARTICLE and not other.stated):
        return []
    b = rb.rules[next(o.label for o in other.outcomes if rb.rules.get(o.label) and rb.rules[o.label].article == article)]
    linked = {x for r in (a, b) if r.is_escalation for x in r.conditions.escalation.from_articles}
    if {a.article, b.article} & linked:
        return []
    same = [o for o in other.outcomes if o.sanction and rb.rules.get(o.label) and rb.rules[o.label].article == article]
    return same[:1] if other.stated else same[:2]


def second_act_draft(c: Conclusion, text: str, rb: Rulebook, sureness: Sureness,
                     read: Callable[[str], Understanding], english: bool) -> tuple[Conclusion, Understanding] | None:
    """The second act's own conclusion (role ACT2, calibrated as such) and its reading, from the
    words after the join with the person named; None when the text tells no second act."""
    clause = second_clause(text)
    if clause is None:
        return None
    lang = "en" if english else "zh"
    told = f"{t(f'subject.{c.subject}', lang)}{' ' if english else ''}{clause}"
    u = read(told)
    other = conclude(c.subject, told, u, rb, None, sureness, None, english, ACT2)
    return (other, u) if other is not None else None


def with_second_act(c: Conclusion, text: str, rb: Rulebook, sureness: Sureness,
                    read: Callable[[str], Understanding], english: bool) -> Conclusion:
    """A stated conclusion with the person's second act: mentioned with its likely provisions, and
    stated as well when its own calibrated confidence reaches the threshold. The calibration set
    holds such cases both ways (two acts told; one act told with a join), so a second act read where
    there is none counts against the confidence. The regulation does not say how acts combine."""
    if not c.stated:
        return c
    drafted = second_act_draft(c, text, rb, sureness, read, english)
    other = drafted[0] if drafted else None
    outcomes = another_act(c.best, other, rb) if other is not None else []
    if not outcomes:
        return c
    stated = other.stated and outcomes[0].label == other.best.label and outcomes[0].sanction
    return replace(c, another=tuple(outcomes), another_stated=stated)


# ---- whose conduct -----------------------------------------------------------------------------------

# A question that asks for several people's treatment ("机构、负责人、考生分别怎么处理", "will the centre
# be penalised too?"), beside the main one.
_SEVERAL = re.compile(
    r"分别|各自|各(?:要|会|该|怎么)|两个人|几个人|双方|一并|连带|都要(?:被)?(?:处理|处罚)|也(?:要|会)(?:被)?(?:处理|处罚|追究|约谈|警告)"
    r"|机构(?:会不会|要不要|也|那边|这边|方面|有没有)|对机构|追究机构|机构.{0,8}(?:责任|约谈|警告|连带)"
    r"|(?i:\bboth\b|\beach of\b|\bas well\b|and (?:the|our) (?:institution|centre|center|school|examiner|candidate|supervisor)s?\b.{0,40}\?)"
)


def asks_several(text: str) -> bool:
    return bool(_SEVERAL.search(text))


SECOND_PERSON = 0.25  # a second person's items must hold this much probability to be decided too


def people(text: str, u: Understanding, rb: Rulebook) -> list[str]:
    """Whose conduct the case asks about, main first: the person the actor model reads, and others
    whose items hold real probability when the question asks about several."""
    mass: dict[str, float] = defaultdict(float)
    for label, p in u.provisions:
        if (rule := rb.rules.get(label)) is not None:
            mass[rule.subject] += p
    actors = [s for s, _ in u.actors if s != "none"]
    main = actors[0] if actors and u.actor_p(actors[0]) >= max(0.2, u.actor_p("none")) else max(mass, key=mass.get, default=None)
    if main is None:
        return []
    out = [main]
    named = named_in(text)
    for s, m in sorted(mass.items(), key=lambda kv: -kv[1]):
        if s in out:
            continue
        if asks_several(text) and (s in named or m >= SECOND_PERSON):
            out.append(s)  # asked about several: everyone named, and anyone the models see acting
        elif s in named and m >= 2 * SECOND_PERSON:
            out.append(s)
    return out[:3]


# The sentences that ask ("…机构和这个业务员分别怎么处理？"), as against those that tell the story: a
# person named where the question is asked is asked about; one named only in the story may be a
# witness. Measured on the evaluation sets' questions that ask about several (2026-12-05): of
# second persons named in the asking sentences 45 of 68 were asked about, named anywhere 58 of 137.
_SENTENCE = re.compile(r"(?<=[。！？?!；;\n])")
_ASKING = re.compile(r"[？?]|怎么|如何|会不会|要不要|吗|呢|哪条|哪项|分别|各自|各|"
                     r"(?i:\bwhat\b|\bhow\b|\bwill\b|\bwould\b|\bdoes\b|\bdo\b|\bcan\b|\bshould\b|\bis\b|\bare\b)")


def asking_part(text: str) -> str:
    """The last two sentences that ask something (the whole text when none does)."""
    asked = [s for s in _SENTENCE.split(text) if s.strip() and _ASKING.search(s)]
    return "".join(asked[-2:]) if asked else text


def role(text: str, subject: str, index: int) -> str:
    if index == 0:
        return MAIN
    if not asks_several(text) or subject not in named_in(text):
        return OTHER
    return ASKED if subject in named_in(asking_part(text)) else NAMED


def everyone(text: str, u: Understanding, hits: list[Hit], rb: Rulebook, date: dt.date | None,
             sureness: Sureness, english: bool) -> list[Conclusion]:
    """A conclusion for each person the case is about (`people`), main first; retrieval's best item
    for the person is the hint."""
    out = []
    for n, subject in enumerate(people(text, u, rb)):
        hint = next((h.label for h in hits if h.label in rb.rules and subject in rb.rules[h.label].subjects), None)
        c = conclude(subject, text, u, rb, date, sureness, hint, english, role(text, subject, n))
        if c is not None:
            out.append(c)
    return out


ANOTHER_PERSON = 0.15  # another person's items must hold this much of the probability to be offered
ACTOR_SURE = 0.8  # the actor model this sure of the person: whose conduct it was is asked second


def with_other_person(c: Conclusion, text: str, u: Understanding, hits: list[Hit], rb: Rulebook,
                      date: dt.date | None, sureness: Sureness, english: bool) -> Conclusion:
    """An unsure conclusion with the likeliest other person's outcome beside it, when that person's
    items hold ANOTHER_PERSON of the probability and lead to a sanction: the reply then offers both
    and asks whose conduct it was. Measured on the evaluation sets' asked cases (2026-12-05): in 12
    of the 20 where the right item was not among those offered, it was another person's item."""
    if c.stated:
        return c
    mass: dict[str, float] = defaultdict(float)
    for label, p in u.provisions:
        if (rule := rb.rules.get(label)) is not None:
            mass[rule.subject] += p
    others = sorted(((m, s) for s, m in mass.items() if s != c.subject and m >= ANOTHER_PERSON), reverse=True)
    if not others:
        return c
    subject = others[0][1]
    hint = next((h.label for h in hits if h.label in rb.rules and subject in rb.rules[h.label].subjects), None)
    other = conclude(subject, text, u, rb, date, sureness, hint, english, OTHER)
    if other is None or not other.best.sanction:
        return c
    return replace(c, other_person=other, whose_first=u.actor_p(c.subject) < ACTOR_SURE)


def agrees(c: Conclusion, hits: list[Hit], rb: Rulebook) -> bool:
    """Whether retrieval's best item for the person leads to the conclusion's outcome."""
    hint = next((h.label for h in hits if h.label in rb.rules and c.subject in rb.rules[h.label].subjects), None)
    return hint is not None and (hint in c.best.items or hint == c.best.label)


def kept(text: str, conclusions: list[Conclusion]) -> list[Conclusion]:
    """The main person's conclusion, and another person's when the question asks about several
    people or the conclusion is sure: a witness or reporter decided with no confidence ("巡考发现
    一名考生…" is not about the 巡考) only adds doubt to the reply."""
    return [c for n, c in enumerate(conclusions) if n == 0 or c.stated or asks_several(text)]
