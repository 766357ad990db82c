"""What a user reads, scored: the sanction stated as the conclusion, or the question asked instead.

Each labelled question carries its `kind` and, for a case, the `people` whose treatment is asked:
`{"subject", "conclusion": label or "none", "options": [labels], "open_fact": "..."}` (eval sets'
README). A result carries `sanctions` (labels stated as the conclusion, main first) and `follow_up`
(the questions the answer asks), from the same path as `regqa ask`.

A case is scored as one of:
  right      every expected sanction is stated and nothing else; or, where no sanction is due
             ("none"), none is stated and nothing is asked; or, where the story leaves a deciding
             fact open, a question is asked and the expected item is among the provisions offered;
  wrong      a sanction is stated that is neither expected, nor an option the labeller allowed,
             nor one of the question's labelled clauses (a confident wrong answer);
  asked      no sanction is stated, a question is asked (counted as not right, and not wrong);
  partial    some expected sanctions stated, none wrong, one missing (several people or acts);
  silent     nothing stated and nothing asked (e.g. only provisions quoted).
Other in-scope questions are scored on whether a sanction from an article outside the answer is
stated, and whether the first citation is a labelled clause. Out-of-scope questions on whether
they are recognised; in-scope ones on whether they are wrongly refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

CASE = "case"
OUT = "out_of_scope"
OUTCOMES = ("right", "wrong", "asked", "partial", "silent")


def article_of(label: str) -> str:
    head, sep, _ = label.partition("条")
    return head + sep


def kind_of(q: dict) -> str | None:
    return q.get("kind")


def case_outcome(q: dict, result: dict) -> str:
    """One of OUTCOMES for a case question."""
    stated = list(result.get("sanctions") or [])
    asked = bool(result.get("follow_up"))
    people = q.get("people") or []
    expected = {p["conclusion"] for p in people if p.get("conclusion") not in (None, "none")}
    allowed = set(expected)
    for p in people:
        allowed |= {o for o in p.get("options") or () if o != "none"}
    # the labelled clauses are acceptable readings too ("if a case could fall under two items, both
    # are listed"), unless someone is owed no sanction: then their item is exactly what must not be said
    if not any(p.get("conclusion") == "none" and not p.get("options") for p in people):
        allowed |= set(q.get("clauses") or ())
    if any(s not in allowed for s in stated):
        return "wrong"
    open_fact = any(p.get("open_fact") or p.get("options") for p in people)
    if not stated:
        if asked:
            offered = set(result.get("citations") or ())
            if open_fact and (expected & offered or not expected):
                return "right"
            return "asked"
        return "right" if not expected else "silent"
    if expected <= set(stated):
        return "right"
    return "partial" if set(stated) & expected else ("right" if open_fact else "wrong")


def offered_right(q: dict, result: dict) -> bool:
    """When a question was asked instead: the expected item is among the provisions offered."""
    expected = {p["conclusion"] for p in q.get("people") or () if p.get("conclusion") not in (None, "none")}
    offered = set(result.get("citations") or ())
    return not expected or bool(expected & offered)


def unrelated_sanction(q: dict, result: dict) -> bool:
    """A non-case question with a sanction stated from an article outside its answer."""
    ok = {article_of(a) for a in (*q.get("articles", ()), *q.get("clauses", ()))}
    ok |= {article_of(p["conclusion"]) for p in q.get("context_people") or () if p.get("conclusion") not in (None, "none")}
    return any(article_of(s) not in ok for s in result.get("sanctions") or ())


def first_citation_right(q: dict, result: dict) -> bool:
    cited = result.get("citations") or []
    gold = q.get("clauses") or q.get("articles") or []
    return bool(cited) and (cited[0] in gold or cited[0] in {article_of(g) for g in gold})


def _share(values: Sequence[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def score(questions: Sequence[dict], results: Sequence[dict]) -> dict:
    """The conclusion table for one group of questions (only questions with a `kind` count)."""
    pairs = [(q, r) for q, r in zip(questions, results, strict=True) if kind_of(q)]
    cases = [(q, r) for q, r in pairs if kind_of(q) == CASE]
    outcomes = [case_outcome(q, r) for q, r in cases]
    other = [(q, r) for q, r in pairs if kind_of(q) not in (CASE, OUT)]
    out_of_scope = [(q, r) for q, r in pairs if kind_of(q) == OUT]
    in_scope = [(q, r) for q, r in pairs if kind_of(q) != OUT]
    asked = [(q, r) for (q, r), o in zip(cases, outcomes, strict=True) if o == "asked" or (o == "right" and not r.get("sanctions") and r.get("follow_up"))]
    table = {
        "cases": len(cases),
        **{f"case_{o}": _share([x == o for x in outcomes]) for o in OUTCOMES},
        "case_asked_offers_right": _share([offered_right(q, r) for q, r in asked]),
        "other": len(other),
        "other_unrelated_sanction": _share([unrelated_sanction(q, r) for q, r in other]),
        "other_first_citation_right": _share([first_citation_right(q, r) for q, r in other]),
        "out_of_scope": len(out_of_scope),
        "out_of_scope_recognised": _share([r.get("intent") == OUT for _, r in out_of_scope]),
        "in_scope_refused": _share([r.get("intent") == OUT for _, r in in_scope]),
    }
    return table


def grouped(questions: Sequence[dict], results: Sequence[dict], key: Callable[[dict], str]) -> dict:
    groups: dict[str, tuple[list, list]] = {}
    for q, r in zip(questions, results, strict=True):
        qs, rs = groups.setdefault(key(q), ([], []))
        qs.append(q)
        rs.append(r)
    return {g: score(qs, rs) for g, (qs, rs) in sorted(groups.items())}


def outcomes_by_id(questions: Sequence[dict], results: Sequence[dict]) -> dict[str, str]:
    """Per question id: its case outcome, or for other kinds a short verdict (for reports and misses)."""
    out = {}
    for q, r in zip(questions, results, strict=True):
        k = kind_of(q)
        if k == CASE:
            out[q["id"]] = case_outcome(q, r)
        elif k == OUT:
            out[q["id"]] = "right" if r.get("intent") == OUT else "answered"
        elif k:
            out[q["id"]] = "unrelated_sanction" if unrelated_sanction(q, r) else (
                "right" if first_citation_right(q, r) else "other_citation")
    return out
