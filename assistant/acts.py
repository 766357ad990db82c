"""Two acts by one person: a second act told after a join ("带了手机，还抄了别人的答案", "and also
copied"), read again on its own with the person named, calibrated as a second act (role ACT2), and
mentioned with its provisions; stated only when sure of it as such. The regulation does not say how
several acts of one person combine."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from assistant.decide import ACT2, Conclusion, Outcome, Sureness, conclude
from assistant.understand import Understanding
from corpus.messages import t
from rules import Rulebook

# Words that join a second act to the first ("带了手机，还抄了别人的答案", "and also copied"). The
# single-label models put one act first; the words after the join are read again on their own.
_ANOTHER_ACT = re.compile(r"还|又|并且|而且|同时|另外|此外|以及|之后又|接着|(?i:\band also\b|\bas well as\b|\balso\b|\bthen\b)")


def second_clause(text: str) -> str | None:
    """The words after the first join of two acts ("考评员迟到了，还在评分时给熟人打高分" -> "在评分时
    给熟人打高分"), when they are long enough to tell an act of their own."""
    m = _ANOTHER_ACT.search(text)
    rest = text[m.end():].strip("，,。.；; ") if m else ""
    return rest if len(rest) >= 4 else None


ANOTHER_ARTICLE = 0.5  # the second clause's items outside the first act's article must hold this much together


def another_act(first: Outcome, other: Conclusion, rb: Rulebook) -> list[Outcome]:
    """The second clause's likely outcomes, when it reads as an act of another article: its likeliest
    article is not the first act's, and its items outside that article hold ANOTHER_ARTICLE of the
    probability together (a grading act may read as 第十二条 or 第十三条: which one is what the
    mention leaves open, not whether there is a second act). The sure one, or the two likeliest.
    Mentioned, never stated unless sure. An article that escalates the other ("又迟到了" after two
    talks) is one act with a record, not a second act."""
    a = rb.rules.get(first.label)
    if a is None or not first.sanction:
        return []
    mass: dict[int, float] = defaultdict(float)
    for o in other.outcomes:
        if (r := rb.rules.get(o.label)) is not None and o.sanction:
            mass[r.article] += o.p
    if not mass or max(mass, key=mass.get) == a.article:
        return []

    def linked(b) -> bool:
        return any(r.is_escalation and {a.article, b.article} & set(r.conditions.escalation.from_articles)
                   for r in (a, b))

    others = [o for o in other.outcomes if o.sanction and (r := rb.rules.get(o.label)) is not None
              and r.article != a.article and not linked(r)]
    if not others or (sum(o.p for o in others) < ANOTHER_ARTICLE and not other.stated):
        return []
    return others[:1] if other.stated else others[:2]


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
