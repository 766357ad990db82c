"""The bad-input corpus's figures as a Markdown table (eval/reports/robustness.md).

    REGQA_ROBUST_REPORT=/tmp/robust.jsonl .venv/bin/python -m pytest -n0 tests/integration/test_bad_input_corpus.py
    .venv/bin/python -m eval.robustness_summary /tmp/robust.jsonl
"""

from __future__ import annotations

import collections
import json
import re
import sys


def group(kind: str) -> str:
    """One row per command or route: `api /v1/provisions/第七条` -> `api /v1/provisions/{label}`."""
    return re.sub(r"^(api /v1/provisions/).*$", r"\1{label}", kind)


def table(rows: list[dict]) -> str:
    by: dict[str, list[dict]] = collections.defaultdict(list)
    for r in rows:
        by[group(r["kind"])].append(r)
    out = ["| command or route | inputs | outcomes | max CPU s | max wall s | traceback / exit 1 / 5xx / over limit |",
           "|---|---|---|---|---|---|"]
    for kind, items in sorted(by.items()):
        outcomes = collections.Counter(re.sub(r", \d+ MB$", "", r["outcome"]) for r in items)
        bad = sum(1 for r in items if r["bad"])
        out.append(f"| `{kind}` | {len(items)} | {', '.join(f'{k}: {v}' for k, v in sorted(outcomes.items()))} | "
                   f"{max(r['cpu_s'] for r in items):.2f} | {max(r['wall_s'] for r in items):.2f} | {bad} |")
    total_bad = sum(1 for r in rows if r["bad"])
    out.append(f"| **all** | **{len(rows)}** | | **{max(r['cpu_s'] for r in rows):.2f}** | "
               f"**{max(r['wall_s'] for r in rows):.2f}** | **{total_bad}** |")
    return "\n".join(out)


def main(path: str) -> None:
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    print(table(rows))
    peaks = [int(m[1]) for r in rows if (m := re.search(r"(\d+) MB$", r["outcome"]))]
    if peaks:
        print(f"\nReal processes: {len(peaks)}, peak RSS {min(peaks)}-{max(peaks)} MB.")


if __name__ == "__main__":
    main(sys.argv[1])
