"""Run a labelled question set through an answer function and score it (`regqa eval`).

The answer function is the seam for the assistant: `answer_fn(question) -> {"retrieved": [labels],
"citations": [labels], "intent": str}`. Until the assistant provides one, `retrieval_answer_fn`
answers from the retriever alone. Baselines (BM25-only, dense-only) run in the same process over
the same index, so every figure stands beside its baseline.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from assistant.errors import UserError
from assistant.reading import EVAL_SET_BYTES, EVAL_SET_QUESTIONS, parse_json, read_text
from eval import conclusions, leakage
from eval import metrics as m

AnswerFn = Callable[[str], dict]
RETRIEVE_K = 20  # labels kept per question: enough for 5 distinct articles
CITE_RATIO = 0.85  # a provision is cited when its score is within this share of the best one
CITE_MAX = 3


class EvalSetError(ValueError):
    """The question file is malformed; the message names the line."""


class Person(BaseModel):
    """Whose treatment a case question asks about (eval/README_questions.md)."""

    model_config = ConfigDict(extra="ignore")
    subject: StrictStr | None = None
    conclusion: StrictStr | None = None
    options: list[StrictStr] = []
    open_fact: StrictStr | bool | None = None


class Line(BaseModel):
    """One labelled question; the keys the scoring reads are typed, any other is ignored."""

    model_config = ConfigDict(extra="ignore")
    id: StrictStr | StrictInt
    question: StrictStr = Field(min_length=1)
    articles: list[StrictStr] = []
    clauses: list[StrictStr] = []
    kind: StrictStr | None = None
    intent: StrictStr | None = None
    lang: StrictStr | None = None
    persona: StrictStr | None = None
    batch: StrictStr | None = None
    split: StrictStr | None = None
    people: list[Person] = []
    context_people: list[Person] = []


def load_questions(path: str | Path) -> list[dict]:
    """The set's questions, each line checked (bounded in size and count, strict JSON, typed keys);
    EvalSetError names the line."""
    out = []
    seen: set = set()
    try:
        lines = read_text(path, EVAL_SET_BYTES, "问题集", "the question set").splitlines()
    except UserError as exc:
        raise EvalSetError(str(exc)) from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if len(out) >= EVAL_SET_QUESTIONS:
            raise EvalSetError(f"{path}: 问题超过 {EVAL_SET_QUESTIONS} 个 / more than {EVAL_SET_QUESTIONS} questions")
        try:
            q = parse_json(line, "问题集", "the question set", f"{path}:{n}")
        except UserError as exc:
            raise EvalSetError(str(exc)) from exc
        if not isinstance(q, dict):
            raise EvalSetError(f"{path}:{n}: 每行须为一个 JSON 对象 / each line must be a JSON object")
        try:
            checked = Line.model_validate(q)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err["loc"])
            raise EvalSetError(f"{path}:{n}: “{where}” 有误 / bad {where!r}: {err['msg']} (needs an 'id' and a "
                               "'question'; 'articles' and 'clauses' are lists of labels)") from None
        for key in ("articles", "clauses", "people"):
            q[key] = [p.model_dump(exclude_unset=True) if isinstance(p, BaseModel) else p for p in getattr(checked, key)]
        if q["id"] in seen:
            raise EvalSetError(f"{path}:{n}: id 重复 {q['id']!r} / duplicate id {q['id']!r}")
        seen.add(q["id"])
        out.append(q)
    if not out:
        raise EvalSetError(f"{path}: 没有问题 / no questions")
    return out


def citations_from(hits) -> list[str]:
    """Stand-in for the assistant's citations: the provisions named in the question, else the
    top-scoring provisions within CITE_RATIO of the best (at most CITE_MAX)."""
    routed = [h.label for h in hits if h.route]
    if routed:
        return routed[:CITE_MAX]
    if not hits:
        return []
    best = hits[0].score
    return [h.label for h in hits if h.score >= CITE_RATIO * best][:CITE_MAX]


def retrieval_answer_fn(retriever, k: int = RETRIEVE_K) -> AnswerFn:
    def answer(question: str) -> dict:
        hits = retriever.search(question, k=k)
        return {"retrieved": [h.label for h in hits], "citations": citations_from(hits), "intent": "unknown"}

    return answer


def assistant_answer_fn(assistant) -> AnswerFn:
    """The whole assistant: retrieval, intent, the rule engine and the composed citations."""

    def answer(question: str) -> dict:
        a = assistant.ask(question)
        return {
            "retrieved": [r.label for r in a.retrieved],
            "citations": [c.label for c in a.citations],
            "intent": a.intent,
            "sanctions": [s.label for s in a.sanctions],
            "follow_up": list(a.follow_up),
            "verified": all(s.verified for s in a.sanctions),
        }

    return answer


def run(questions: Sequence[dict], answer_fn: AnswerFn, desc: str = "eval", progress: bool = True) -> list[dict]:
    from tqdm import tqdm

    results = []
    for q in tqdm(questions, desc=desc, unit="q", disable=not progress, file=sys.stderr, leave=False):
        t0 = time.perf_counter()
        ans = answer_fn(q["question"])
        ms = (time.perf_counter() - t0) * 1000
        results.append(
            {
                "id": q["id"],
                "retrieved": list(ans.get("retrieved") or []),
                "citations": list(ans.get("citations") or []),
                "intent": ans.get("intent") or "unknown",
                "sanctions": list(ans.get("sanctions") or []),
                "follow_up": list(ans.get("follow_up") or []),
                "latency_ms": round(ms, 2),
                **({"verified": ans["verified"]} if "verified" in ans else {}),
            }
        )
    return results


def summarize(
    questions: Sequence[dict], results: Sequence[dict], groups: bool = True, overlap: dict | None = None
) -> dict:
    per_q = [m.question_scores(q, r["retrieved"]) for q, r in zip(questions, results, strict=True)]
    lat = [r["latency_ms"] for r in results]
    out: dict = {}
    if groups and any(conclusions.kind_of(q) for q in questions):
        # the headline: what a user reads (eval/conclusions.py), then retrieval as a diagnostic
        out["conclusions"] = conclusions.score(questions, results)
        out["conclusions_by"] = {
            "lang": conclusions.grouped(questions, results, lambda q: q.get("lang", "?")),
            "persona": conclusions.grouped(questions, results, lambda q: q.get("persona", "?")),
        }
        if any("batch" in q for q in questions):
            out["conclusions_by"]["batch"] = conclusions.grouped(questions, results, lambda q: q.get("batch", "?"))
        out["outcomes"] = conclusions.outcomes_by_id(questions, results)
    out.update(m.aggregate(per_q))
    out["misses"] = {
        f"article@{k}": [q["id"] for q, s in zip(questions, per_q, strict=True) if s and not s["article"][f"hit@{k}"]]
        for k in (1, 5)
    }
    out["latency_ms"] = {"p50": m.percentile(lat, 50), "p95": m.percentile(lat, 95), "max": m.percentile(lat, 100)}
    out["by_split"] = m.grouped(questions, per_q, m.split_of)
    if any("batch" in q for q in questions):  # when the set was written in rounds, each round apart
        out["by_batch"] = m.grouped(questions, per_q, lambda q: q.get("batch", "?"))
    out["by_lang"] = m.grouped(questions, per_q, lambda q: q.get("lang", "?"))
    if overlap:
        out["by_overlap"] = m.grouped(questions, per_q, lambda q: leakage.label_of(overlap[q["id"]][0]))
    if groups:
        out["by_persona"] = m.grouped(questions, per_q, lambda q: q.get("persona", "?"))
        cited = [
            (set(r["citations"]) & set(q["clauses"] or q["articles"]), r["citations"])
            for q, r in zip(questions, results, strict=True)
            if q["clauses"] or q["articles"]
        ]
        out["citations"] = {
            "precision": m.mean(len(ok) / len(c) for ok, c in cited if c),
            "any_correct": m.mean(float(bool(ok)) for ok, _ in cited),
            # the first citation is the provision the answer leads with
            "first_correct": m.mean(float(bool(c) and c[0] in (q["clauses"] or q["articles"]))
                                    for q, (_, c) in zip([q for q in questions if q["clauses"] or q["articles"]], cited)),
        }
        labelled = [(q, r) for q, r in zip(questions, results, strict=True) if q.get("intent")]
        if labelled and any(r["intent"] != "unknown" for _, r in labelled):
            out["intent_accuracy"] = m.mean(float(q["intent"] == r["intent"]) for q, r in labelled)
            scope = [(q, r) for q, r in labelled if q["intent"] == "out_of_scope" or r["intent"] == "out_of_scope"]
            out["out_of_scope"] = {
                "recall": m.mean(float(r["intent"] == "out_of_scope") for q, r in scope if q["intent"] == "out_of_scope"),
                "false_alarms": sum(1 for q, r in scope if q["intent"] != "out_of_scope"),
            }
        if any("verified" in r for r in results):
            out["sanctions_verified"] = m.mean(float(r.get("verified", True)) for r in results)
    return out


BASELINES = {
    # plain BM25 over the chunks: no expansion, no subject boost, no direct route (and, being
    # retrieval alone, no rule conditions)
    "bm25": dict(dense=False, expand=False, subject_boost=False, route=False, definitions=False),
    # plain dense retrieval over the provisions' own vectors
    "dense": dict(lexical=False, expand=False, subject_boost=False, route=False, definitions=False, w_dense_examples=0.0),
}


def evaluate(
    path: str | Path,
    assistant,
    answer_fn: AnswerFn | None = None,
    baselines: bool = True,
    progress: bool = True,
    limit: int | None = None,
) -> dict:
    """{"metrics": {...}, "results": [...]} as DESIGN.md section 4 describes `regqa eval`: the same
    answer path as `regqa ask` (`assistant.ask`), with its retriever's baselines in the same run."""
    if limit is not None and limit < 1:
        raise EvalSetError(f"limit 须为正整数 / limit must be 1 or more, not {limit}")
    questions = load_questions(path)[:limit]
    retriever = assistant.retriever
    answer_fn = answer_fn or assistant_answer_fn(assistant)
    answer_fn(questions[0]["question"])  # warm-up: latency is measured warm
    results = run(questions, answer_fn, "eval", progress)
    overlap = leakage.overlap_scores(questions, leakage.indexed_examples(retriever))
    metrics = {
        "set": str(path),
        "questions": len(questions),
        "system": "hybrid: route + BM25 (expanded, aliases + example questions) + dense (provisions + example questions), weighted RRF, subjects, rule conditions",
        "embedding_model": retriever.index.model_id,
        "tokenizer": retriever.params.tokenizer,
        "notice": retriever.notice,
        **summarize(questions, results, overlap=overlap),
        "overlap": {
            "threshold": leakage.NEAR_DUPLICATE,
            "near_duplicates": sorted(q for q, (j, _) in overlap.items() if j >= leakage.NEAR_DUPLICATE),
        },
    }
    if baselines:
        metrics["baselines"] = {}
        for name, changes in BASELINES.items():
            if changes.get("lexical", True) is False and not retriever.dense_available:
                metrics["baselines"][name] = {"skipped": "dense retrieval is off or unavailable here (see notice)"}
                continue
            base = retriever.with_params(**changes)
            fn = retrieval_answer_fn(base)
            fn(questions[0]["question"])
            metrics["baselines"][name] = summarize(
                questions, run(questions, fn, name, progress), groups=False, overlap=overlap
            )
    for r in results:  # the contract's result keys only; the share verified is in the metrics
        r.pop("verified", None)
    return {"metrics": metrics, "results": results}
