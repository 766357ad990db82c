"""The rules choose between sibling items: retrieval finds the conduct, the rule's conditions pick the item.

Ranking by words alone confuses items that describe the same conduct at different grades: a score
error is 第十一条第（四）项, 第十二条第（四）项 or 第十三条第（三）项 by its severity; "录错了4次" is
第二十一条第（九）项 and not 第二十二条第（四）项 because 4 is more than 3 but not more than 5; a lateness
after two talk-reminders is 第十二条第（一）项. rules/engine.py already decides this for a case, from
facts it reads in the words (rules/facts.py). Here each of the top candidates is put to the engine
as the conduct's provision; where the conditions the question states lead the engine to another
item, that item is ranked just above the candidate. Nothing is guessed: a condition the question
does not state leaves the ranking as it was.
"""

from __future__ import annotations

import functools
import re
import logging

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def load_rules():
    try:
        from rules.loader import load_rulebook

        return load_rulebook()
    except Exception as exc:  # noqa: BLE001 - retrieval works without rules/, only less well
        log.warning("rule conditions unavailable for ranking: %s", exc)
        return None


def applicable(question: str, label: str, rulebook=None) -> str | None:
    """The item the rules apply when `label`'s conduct happened as the question states, if another.

    None when `label` is not a sanction rule, when the question leaves the deciding facts open, or
    when the rules keep `label` itself.
    """
    rb = rulebook if rulebook is not None else load_rules()
    if rb is None or not question.strip():
        return None
    rule = rb.rules.get(label)
    if rule is None or rule.is_escalation:  # an escalation item is reached from its base act
        return None
    from rules.engine import assess
    from rules.match import Match

    def as_given(*_args, **_kwargs):
        return [Match(label, 1.0, (), None)]

    try:
        decision = assess({"subject": rule.subjects[0], "conduct": question[:2000]}, matcher=as_given, rulebook=rb)
    except Exception as exc:  # noqa: BLE001 - a case the engine rejects is simply not re-ranked
        log.debug("no condition check for %s: %s", label, exc)
        return None
    if decision.status not in ("decided", "provisional") or not decision.provisions:
        return None
    chosen = decision.provisions[0]
    return chosen if chosen != label and chosen in rb.rules else None


# Words that make a repeat the topic even when no count is given ("考评员老是迟到会怎样", "how do
# warnings escalate"): the escalation item may then be what is asked.
_REPEAT = re.compile(
    r"再次|再犯|又|多次|屡次|屡教|反复|累计|一再|好几次|几次|老是|总是|经常|第[二三四五两2-5]次|[两二三四五2-5]次|升级|加重|上次|之前|以前|前面|此前"
    r"|(?i:\bagain\b|repeat|second time|third time|\bkeeps?\b|\bkept\b|several times|multiple times|escalat|\bbefore\b|previous|already|earlier)"
)


def unsupported_escalation(question: str, label: str, rulebook=None) -> tuple[int, ...] | None:
    """The base articles of an escalation item the question gives no ground for, else None.

    An escalation item applies to a base act plus a prior record (12(1): talked to twice, then late
    again). Its words ("谈话提醒", "再次发生") also match a first offence told with the sanction it
    expects ("机构说要找我谈话"), where it would outrank the base act. When the question states no
    prior record and speaks of no repeat, the base act's item should come first.
    """
    rb = rulebook if rulebook is not None else load_rules()
    if rb is None:
        return None
    rule = rb.rules.get(label)
    if rule is None or not rule.is_escalation:
        return None
    esc = rule.conditions.escalation
    from rules.facts import infer_facts

    if esc.prior in infer_facts(question) or _REPEAT.search(question):
        return None
    if esc.or_words and any(w in question for w in esc.or_words):
        return None
    return tuple(esc.from_articles)
