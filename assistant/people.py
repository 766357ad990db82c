"""Whose conduct a case is about: the main person, the others a question asks about, and, when the
answer is unsure whose conduct it was, the likeliest other person (assistant/decide.py decides each)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from assistant import focus
from assistant.decide import ASKED, MAIN, NAMED, OTHER, Conclusion, Sureness, conclude
from assistant.understand import Understanding
from assistant.understand.asking import ASKING as _ASKING
from assistant.understand.asking import SENTENCE as _SENTENCE
from assistant.understand.asking import asking_part
from retrieval import Hit
from retrieval.subjects import actors_named, detect_all, introduction_end
from retrieval.subjects import detect as named_in
from rules import Rulebook

# A question that asks for several people's treatment ("机构、负责人、考生分别怎么处理", "will the centre
# be penalised too?"), beside the main one.
_SEVERAL = re.compile(
    r"分别|各自|各(?:要|会|该|怎么)|两个人|几个人|双方|一并|连带|都要(?:被)?(?:处理|处罚)|也(?:要|会)(?:被)?(?:处理|处罚|追究|约谈|警告)"
    r"|机构(?:会不会|要不要|也|有没有)|对机构|追究机构|机构.{0,8}(?:责任|约谈|警告|连带)"
    # "机构那边会怎样" asks about the institution; "机构这边排了个考评员…", "机构这边能处理他吗" say who
    # speaks or decides (over the project's case texts, 2026-12-06: 6 of 7 such readings were the speaker)
    r"|机构(?:那边|这边|方面)(?=[^。，,；;]{0,8}?(?:呢|会|要|怎么|如何|有什么|是否|需要|该|\?|？))"
    r"|(?i:\bboth\b|\beach of\b|\bas well\b|and (?:the|our) (?:institution|centre|center|school|examiner|candidate|supervisor)s?\b.{0,40}\?)"
    # "what happens to me and to the centre?", "how is each treated?", "what applies to each?": over the
    # project's texts (2026-12-06) these asked about several people in 312 of 317 stories they newly
    # matched (the others overviews, where it decides nothing)
    r"|(?i:\band (?:to|for|with) (?:the|our|their|this|that) (?:institution|centre|center|school|examiner|candidate|supervisor"
    r"|staff|expert|proctor|invigilator|assessor)s?\b.{0,40}\?|\b(?:how|what)\b[^.?!]{0,50}\beach\b[^.?!]{0,30}\?"
    r"|\beach (?:be |get )?(?:treated|handled|dealt with|punished|sanctioned)\b)"
)


SEVERAL_SURE = 0.5  # the models' reading that a case asks about several roles, enough to decide each


def asks_several(text: str, u: Understanding | None = None) -> bool:
    """Whether the question asks about people of more than one role: said in the words above, or read
    so by the models (`u.several`, assistant/understand/models.py), which learned the many ways people
    ask it ("两人怎么处理？", "老石和这两个考生怎么处理？", "what happens to the two of them?")."""
    return _cued(text) or (u is not None and u.several >= SEVERAL_SURE)


@functools.lru_cache(maxsize=512)  # asked several times per answer (whom, each role, what to keep); ~1 ms each
def _cued(text: str) -> bool:
    return bool(_SEVERAL.search(text)) or names_together(asking_part(text))


# Two people named side by side where the question is asked and right before what it asks ("招生老师
# 和学员会被怎么处理", "what happens to the proctor and the trainee?"), or two asking sentences each
# about a person acting ("专家怎么处理？机构要担责任吗？"): the question asks about both, though it says
# neither 分别 nor both. Not 跟 ("考生跟监考说…" is whom he spoke to), not a speaker's introduction
# ("我是监考，…", "I'm a proctor and the candidate…"), not a person named only as an object
# ("要不要跟考点解释？"). Measured on the evaluation and calibration sets' stories whose labels ask
# about a second person of another role (2026-12-05): 88 such people were left undecided before.
_JOINED = re.compile(r"^(?:s|es|'s)?\s*(?:和|与|及|以及|、|还有|加上|/|&|(?i:and|or))\s*"
                     r"(?:(?i:the|our|their|this|that|his|her|a|an|my)\s+|这个|那个|这位|那位|这名|该名|这些|那些|该|他们的?|他的|她的)?\s*$")
_ASKED_NEXT = re.compile(r"^(?:们|s|es)?\s*(?:都|也|分别|各自?|这次|又)?\s*(?:会|要|该|能)?\s*被?\s*"
                         r"(?:怎么|如何|咋|会不会|要不要|该不该|有什么|有没有|怎样|什么|处理|处罚|追究|担|受|呢|吗|[?？])"
                         r"|^(?:s|es)?\s*(?i:\?|be\b|get\b|both\b|each\b|face\b|all\b)")


def names_together(asking: str) -> bool:
    start = introduction_end(asking)
    found = [m for m in detect_all(asking) if m.start >= start]
    if any(a.subject != b.subject and _JOINED.match(asking[a.end:b.start]) and _ASKED_NEXT.match(asking[b.end:b.end + 12])
           for a, b in pairwise(found)):
        return True
    asked = [s for s in _SENTENCE.split(asking) if s.strip() and _ASKING.search(s)]
    named = [set(actors_named(s)) for s in asked[-2:]]
    return len(named) == 2 and all(named) and named[0] != named[1]


SECOND_PERSON = 0.25  # a second person's items must hold this much probability to be decided too


def people(text: str, u: Understanding, rb: Rulebook) -> list[str]:
    """Whose conduct the case asks about, main first: the person the actor model reads, and others
    whose items hold real probability when the question asks about several."""
    mass = subject_mass(u, rb)
    actors = [s for s, _ in u.actors if s != "none"]
    main = actors[0] if actors and u.actor_p(actors[0]) >= max(0.2, u.actor_p("none")) else max(mass, key=mass.get, default=None)
    if main is None:
        return []
    out = [main]
    named = named_in(text)
    for s, m in sorted(mass.items(), key=lambda kv: -kv[1]):
        if s in out:
            continue
        if asks_several(text, u) and (s in named or m >= SECOND_PERSON):
            out.append(s)  # asked about several: everyone named, and anyone the models see acting
        elif s in named and m >= 2 * SECOND_PERSON:
            out.append(s)
    return out[:3]


def role(text: str, subject: str, index: int, u: Understanding | None = None) -> str:
    if index == 0:
        return MAIN
    if not asks_several(text, u) or subject not in named_in(text):
        return OTHER
    return ASKED if subject in named_in(asking_part(text)) else NAMED


def subject_mass(u: Understanding, rb: Rulebook) -> dict[str, float]:
    """The provision model's probability summed per subject over the sanction items."""
    mass: dict[str, float] = defaultdict(float)
    for label, p in u.provisions:
        if (rule := rb.rules.get(label)) is not None:
            mass[rule.subject] += p
    return mass


def hint_for(subject: str, hits: list[Hit], rb: Rulebook) -> str | None:
    """Retrieval's best sanction item for the person."""
    return next((h.label for h in hits if h.label in rb.rules and subject in rb.rules[h.label].subjects), None)


def everyone(text: str, u: Understanding, hits: list[Hit], rb: Rulebook, date: dt.date | None,
             sureness: Sureness, english: bool,
             read_alone: Callable[[str], Understanding] | None = None) -> list[Conclusion]:
    """A conclusion for each person the case is about (`people`), main first; retrieval's best item
    for the person is the hint. A person the question names and asks about beside the main one is
    read from the clauses about them (assistant/focus.py) when `read_alone` reads words alone."""
    out = []
    subjects = people(text, u, rb)
    roles = [role(text, subject, n, u) for n, subject in enumerate(subjects)]
    several = len(subjects) > 1 and u.for_person is not None
    for n, subject in enumerate(subjects):
        hint = hint_for(subject, hits, rb)
        c = conclude(subject, text, u, rb, date, sureness, hint, english, roles[n], beside_asked=ASKED in roles[1:])
        if several and c is not None:  # in a story about several, the person reader's second opinion
            mine = replace(u, provisions=u.for_person(subject))
            c = _with_person(c, conclude(subject, text, mine, rb, date, Sureness(None), hint, english, roles[n]),
                             sureness, u, english)
        told = focus.about(text, subject) if c is not None and read_alone and _focus_on(text, n, roles[n], u) else None
        if told is not None:
            c = _with_focus(c, conclude(subject, told, read_alone(told), rb, date, Sureness(None), hint, english, roles[n]),
                            sureness, u, english)
        if c is not None:
            out.append(c)
    return out


def _with_person(c: Conclusion, theirs: Conclusion | None, sureness: Sureness, u: Understanding,
                 english: bool) -> Conclusion:
    """The whole story's conclusion for a person of a story about several, with the person reader's
    probability of the same outcome (assistant/understand/person.py; 0 when it reads another).
    Measured (2026-12-07, the calibration set's held-out folds, right conclusions stated at 40 / 50
    wrong): without the reader 1,421 / 1,525; stating the reader's own outcome 1,397 / 1,504, though it
    finds more right items (1,920 against 1,905 if every conclusion were stated): its confidence tells
    right from wrong less well; the whole story's outcome with the reader's agreement as an input
    1,444 / 1,556: agreement is the signal, the whole story's item the answer."""
    same = theirs is not None and theirs.best.label == c.best.label and theirs.best.decision.status == c.best.decision.status
    marked = replace(c, person_read=True, person_p=theirs.best.p if same else 0.0)
    confidence = sureness.p(marked, u, c.agree, english)
    return replace(marked, confidence=confidence, stated=confidence >= sureness.threshold and not c.denied)


def _with_focus(c: Conclusion, alone: Conclusion | None, sureness: Sureness, u: Understanding,
                english: bool) -> Conclusion:
    """The whole story's conclusion for a person, with what the reading of their own clauses says of it. Measured (2026-12-07, fresh rounds and the calibration set, 736 second persons asked
    about): the focused reading alone was right no more often than the whole story's (399 against 413)
    but where the two agree, 0.68 of 543 are right, where they differ 0.24: agreement is the signal,
    the whole story's item the answer."""
    same = alone is not None and alone.best.label == c.best.label and alone.best.decision.status == c.best.decision.status
    marked = replace(c, focused=True, focus_p=alone.best.p if same else 0.0)
    confidence = sureness.p(marked, u, c.agree, english)
    return replace(marked, confidence=confidence, stated=confidence >= sureness.threshold and not c.denied)


def _focus_on(text: str, n: int, role_: str, u: Understanding | None = None) -> bool:
    """Whether a person is read again from their own clauses: the main person of a question that asks
    about several (the others' clauses dilute the main one's reading: where the two readings agree,
    unstated main persons of such stories were right 100 of 115 times, fresh rounds and calibration
    set, 2026-12-07), and another person the question asks about."""
    return asks_several(text, u) if n == 0 else _asked_about(text, role_)


def _asked_about(text: str, role_: str) -> bool:
    """A second person the question asks about: named where it is asked, or named in the story when
    the asking words name no one ("这两个人分别怎么处理？"). Not a person named only in the story
    while the question names others ("督导员和监考员分别怎么处理？" after "两个考生在抄"): read from
    their own clauses, such witnesses' and bystanders' items were stated though nobody asked (measured
    on the fresh rounds, 2026-12-07: 7 of the 15 new wrong answers)."""
    return role_ == ASKED or (role_ == NAMED and not actors_named(asking_part(text)))


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
    mass = subject_mass(u, rb)
    others = sorted(((m, s) for s, m in mass.items() if s != c.subject and m >= ANOTHER_PERSON), reverse=True)
    if not others:
        return c
    subject = others[0][1]
    hint = hint_for(subject, hits, rb)
    other = conclude(subject, text, u, rb, date, sureness, hint, english, OTHER)
    if other is None or not other.best.sanction:
        return c
    return replace(c, other_person=other, whose_first=u.actor_p(c.subject) < ACTOR_SURE)


def kept(text: str, conclusions: list[Conclusion], u: Understanding | None = None) -> list[Conclusion]:
    """The main person's conclusion, and another person's when the question asks about several
    people or the conclusion is sure: a witness or reporter decided with no confidence ("巡考发现
    一名考生…" is not about the 巡考) only adds doubt to the reply."""
    return [c for n, c in enumerate(conclusions) if n == 0 or c.stated or asks_several(text, u)]
