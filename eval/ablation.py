"""Ablations on one id-parity half of a question set: `python -m eval.ablation [SET] [--split even|odd|all]`.

Tuning looks only at the even ids of eval/questions.jsonl; the odd ids stay held out, and their figures are
reported, not tuned on. Each row changes one knob of retrieval.Params: retrieval alone, before the
assistant's decide step applies the rules' conditions.
"""

from __future__ import annotations

import argparse
import json
import sys

from assistant import build
from assistant.settings import Settings
from eval import leakage
from eval import metrics as m
from eval.runner import load_questions, retrieval_answer_fn, run, summarize

VARIANTS: dict[str, dict] = {
    "default": {},
    "bm25 only (plain)": dict(dense=False, expand=False, subject_boost=False, route=False, definitions=False),
    "bm25 only (plain, jieba)": dict(dense=False, expand=False, subject_boost=False, route=False, definitions=False,
                                     tokenizer="jieba"),
    "dense only (plain)": dict(lexical=False, expand=False, subject_boost=False, route=False, definitions=False, w_dense_examples=0.0),
    "no example vectors": dict(w_dense_examples=0.0),
    "no definition route": dict(definitions=False),
    "no witness penalty": dict(penalty_witness=0.0),
    "English vs examples: off": dict(examples_for_english="off"),
    "English vs examples: unshifted": dict(examples_for_english="raw"),
    "bm25 + expansion + subject": dict(dense=False),
    "dense + expansion + subject": dict(lexical=False),
    "no expansion": dict(expand=False),
    "expansion uncapped": dict(cap_expansion=False),
    "no subject boost": dict(subject_boost=False),
    "dense query expanded too": dict(dense_expanded=True),
    "jieba tokenizer": dict(tokenizer="jieba"),
    "keep whole-article chunks": dict(keep_parents=True),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", nargs="?", default="eval/questions.jsonl")
    ap.add_argument("--split", default="even", choices=["even", "odd", "all"], help="id parity (tune on even)")
    ap.add_argument("--variant", action="append", help="only these variants (repeatable)")
    ap.add_argument("--clean", action="store_true", help="only questions that repeat no indexed example")
    ap.add_argument("--params", help="JSON dict of extra Params for every variant")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    qs = load_questions(args.set)
    if args.split != "all":
        qs = [q for q in qs if m.split_of(q).startswith(args.split)]
    base = build.create(Settings()).retriever
    if args.clean:
        overlap = leakage.overlap_scores(qs, leakage.indexed_examples(base))
        qs = [q for q in qs if overlap[q["id"]][0] < leakage.NEAR_DUPLICATE]
    extra = json.loads(args.params) if args.params else {}
    rows = {}
    for name, changes in VARIANTS.items():
        if args.variant and name not in args.variant:
            continue
        r = base.with_params(**{**extra, **changes})
        fn = retrieval_answer_fn(r)
        fn(qs[0]["question"])
        s = summarize(qs, run(qs, fn, name, progress=False), groups=False)
        rows[name] = s
        a, i = s["article"], s["item"]
        print(
            f"{name:34s} n={s['n']:3d} art@1 {a['hit@1']:.3f} @3 {a['hit@3']:.3f} @5 {a['hit@5']:.3f} "
            f"mrr {a['mrr']:.3f} | item@1 {i['hit@1']:.3f} @5 {i['hit@5']:.3f} | "
            f"en@1 {s['by_lang'].get('en', {}).get('article', {}).get('hit@1', float('nan')):.3f} "
            f"p95 {s['latency_ms']['p95']:.0f}ms",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
