"""Trainer practice: scenarios drawn from the rules' own example cases, each with four provisions
and four measure sets to choose from, scored, and a printable sheet with an answer key that quotes
the provision. Deterministic for a seed, so a trainer can hand out the same sheet twice."""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpus.messages import t


@dataclass(frozen=True)
class QuizItem:
    scenario: str
    label: str
    provision_options: tuple[str, ...]  # labels
    measures: str
    measure_options: tuple[str, ...]
    quote: str  # the lead-in and the item, verbatim


def measure_text(rule, measures, lang: str = "zh") -> str:
    return ("; " if lang == "en" else "；").join(measures[c].en if lang == "en" else measures[c].zh for c in rule.measures)


def draw_quiz(rulebook, n: int = 5, seed: int = 0, lang: str = "zh") -> list[QuizItem]:
    """`n` scenarios from different rules, each with four provisions and four measure sets to choose from."""
    rng = random.Random(seed)
    rules = list(rulebook.rules.values())
    items = []
    for rule in rng.sample(rules, min(n, len(rules))):
        same = [r for r in rules if r.subject == rule.subject and r.label != rule.label]
        other = [r for r in rules if r.subject != rule.subject]
        wrong = rng.sample(same, min(3, len(same)))
        wrong += rng.sample(other, 3 - len(wrong))
        labels = [rule.label, *(r.label for r in wrong)]
        rng.shuffle(labels)
        right = measure_text(rule, rulebook.measures, lang)
        near = [s for s in dict.fromkeys(measure_text(r, rulebook.measures, lang) for r in same) if s != right]
        far = [s for s in dict.fromkeys(measure_text(r, rulebook.measures, lang) for r in other) if s not in (right, *near)]
        choice = rng.sample(near, min(3, len(near)))
        choice += rng.sample(far, 3 - len(choice))
        options = [right, *choice]
        rng.shuffle(options)
        items.append(QuizItem(rng.choice(rule.examples), rule.label, tuple(labels), right, tuple(options),
                              f"{rule.lead_in_quote}……{rule.quote}"))
    return items


def option_text(label: str, rulebook, lang: str = "zh") -> str:
    rule = rulebook.rules[label]
    return f"{label}：{rule.conduct.en if lang == 'en' else rule.conduct.zh}"


def score(items: list[QuizItem], provisions: list, measures: list) -> int:
    """One point for each right provision and each right measure set."""
    return sum((p == q.label) + (m == q.measures) for q, p, m in zip(items, provisions, measures))


def practice_sheet(items: list[QuizItem], rulebook, lang: str = "zh") -> str:
    """A printable Markdown sheet: the questions with lettered options, then the answer key with quotes."""
    out = [f"# {t('ui.sheet_title', lang)}", ""]
    for n, q in enumerate(items, 1):
        out += [f"## {n}. {q.scenario}", "", t("ui.which_provision", lang), ""]
        out += [f"- {chr(65 + i)}. {option_text(o, rulebook, lang)}" for i, o in enumerate(q.provision_options)]
        out += ["", t("ui.which_measure", lang), ""]
        out += [f"- {chr(65 + i)}. {o}" for i, o in enumerate(q.measure_options)]
        out.append("")
    out += ["---", "", f"# {t('ui.answer_key', lang)}", ""]
    for n, q in enumerate(items, 1):
        p, m = chr(65 + q.provision_options.index(q.label)), chr(65 + q.measure_options.index(q.measures))
        out.append(f"{n}. {p} / {m} — **{q.label}**：{q.measures}。「{q.quote}」")
    return "\n".join(out) + "\n"
