"""Eval reports in eval/reports/: the conclusion a user reads first (eval/conclusions.py), then
retrieval as a diagnostic, as Markdown, and a bar plot (matplotlib, Agg)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPORTS = Path(__file__).with_name("reports")
_COLS = ("hit@1", "hit@3", "hit@5", "mrr")
# the conclusion table's columns: (key, heading)
CONCLUSION_COLS = (
    ("cases", "cases"), ("case_right", "right"), ("case_wrong", "wrong sanction"), ("case_asked", "asked instead"),
    ("case_asked_offers_right", "asked: right item offered"), ("case_partial", "partial"),
    ("other", "other in scope"), ("other_unrelated_sanction", "unrelated sanction"),
    ("other_first_citation_right", "first citation right"), ("out_of_scope", "out of scope"),
    ("out_of_scope_recognised", "recognised"), ("in_scope_refused", "in scope refused"),
)


def f3(x) -> str:
    """A share with three decimals; a dash where a group has no such questions."""
    if x is None:
        return "–"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _row(name: str, s: dict, level: str) -> str:
    if "skipped" in s:
        return f"| {name} | " + " | ".join("–" for _ in _COLS) + f" | {s['skipped']} |"
    vals = " | ".join(f3(s[level][c]) for c in _COLS)
    return f"| {name} | {vals} | n={s['n']} |"


def conclusion_table(rows: dict[str, dict]) -> list[str]:
    """Markdown rows of the conclusion table, one per group."""
    head = "| | " + " | ".join(h for _, h in CONCLUSION_COLS) + " |"
    lines = [head, "|---|" + "---|" * len(CONCLUSION_COLS)]
    for name, c in rows.items():
        lines.append(f"| {name} | " + " | ".join(f3(c.get(k)) for k, _ in CONCLUSION_COLS) + " |")
    return lines


def _systems(metrics: dict) -> dict[str, dict]:
    out = {"hybrid (this system)": metrics}
    for name, s in (metrics.get("baselines") or {}).items():
        out[f"{name} only (baseline)"] = s
    return out


def summary_lines(metrics: dict) -> list[str]:
    """A short plain-text summary for the terminal."""
    lines = [f"{metrics['set']}: {metrics['questions']} questions, {metrics['n']} with labels"]
    if c := metrics.get("conclusions"):
        lines.append(
            f"  conclusion: cases right {f3(c['case_right'])} wrong {f3(c['case_wrong'])} asked {f3(c['case_asked'])} "
            f"(n={c['cases']}) | other: unrelated sanction {f3(c['other_unrelated_sanction'])}, first citation right "
            f"{f3(c['other_first_citation_right'])} (n={c['other']}) | out of scope recognised "
            f"{f3(c['out_of_scope_recognised'])} (n={c['out_of_scope']}), in scope refused {f3(c['in_scope_refused'])}"
        )
    for name, s in _systems(metrics).items():
        if "skipped" in s:
            lines.append(f"  {name:26s} skipped: {s['skipped']}")
            continue
        a, i = s["article"], s["item"]
        lines.append(
            f"  {name:26s} article hit@1 {f3(a['hit@1'])} hit@3 {f3(a['hit@3'])} hit@5 {f3(a['hit@5'])} "
            f"MRR {f3(a['mrr'])} | item hit@1 {f3(i['hit@1'])} hit@5 {f3(i['hit@5'])} | "
            f"p50 {f3(s['latency_ms']['p50'])} ms p95 {f3(s['latency_ms']['p95'])} ms"
        )
    if metrics.get("notice"):
        lines.append(f"  note: {metrics['notice']}")
    return lines


def markdown(out: dict) -> str:
    m = out["metrics"]
    head = "| system | " + " | ".join(_COLS) + " | |\n|---|" + "---|" * (len(_COLS) + 1)
    parts = [
        f"# Eval: {m['set']}",
        "",
        f"{dt.date.today().isoformat()} · {m['questions']} questions, {m['n']} with labels · "
        f"embedding model `{m.get('embedding_model') or 'none'}` · tokenizer `{m.get('tokenizer')}`",
        "",
        f"Command: `regqa eval {m['set']} --report`",
    ]
    if m.get("notice"):
        parts += ["", f"> {m['notice']}"]
    if c := m.get("conclusions"):
        parts += ["", "## What a user reads: the conclusion", "",
                  "Scored by eval/conclusions.py on the same path as `regqa ask`. A case is *right* when the",
                  "stated sanction is the expected item (or none is stated where none is due, or the deciding",
                  "question is asked where the story leaves that fact open), *wrong* when a sanction the case does",
                  "not support is stated, *asked* when a question is asked instead.", ""]
        rows = {"all": c}
        for group, by in (m.get("conclusions_by") or {}).items():
            rows.update({f"{group}: {g}": v for g, v in by.items()})
        parts += conclusion_table(rows)
        misses = {o: [q for q, x in (m.get("outcomes") or {}).items() if x == o]
                  for o in ("wrong", "partial", "silent", "asked", "unrelated_sanction", "answered")}
        parts += ["", "Questions by outcome (not right):", ""]
        parts += [f"- {o} ({len(ids)}): {', '.join(ids)}" for o, ids in misses.items() if ids]
    parts += ["", "# Retrieval (a diagnostic)"]
    for level, title in (("article", "Article level"), ("item", "Item (clause) level")):
        parts += ["", f"## {title}", "", head]
        parts += [_row(name, s, level) for name, s in _systems(m).items()]
    parts += [
        "",
        "## By batch and by id parity",
        "",
        "Until 2026-11-27 tuning (synonym table, subject cues, fusion weights) looked only at the even ids of",
        "`eval/questions.jsonl`; since then it looked at the whole public set and `eval/holdout.jsonl`. The set",
        "grew in rounds, each written fresh from the regulation alone by someone who had seen neither the",
        "system nor the other questions, and measured before anything was tuned on it: a round's figure from",
        "before it was tuned on is what to expect on new questions. `eval/holdout2.jsonl` is never used to",
        "choose anything.",
        "",
    ]
    for name, s in _systems(m).items():
        if "by_split" not in s:
            continue
        parts += [f"**{name}**", "", "| split | article hit@1 | hit@3 | hit@5 | MRR | item hit@1 | item hit@5 | n |", "|---|---|---|---|---|---|---|---|"]
        for split, g in {**s.get("by_batch", {}), **s["by_split"]}.items():
            a, i = g["article"], g["item"]
            parts.append(
                f"| {split} | {f3(a['hit@1'])} | {f3(a['hit@3'])} | {f3(a['hit@5'])} | {f3(a['mrr'])} | "
                f"{f3(i['hit@1'])} | {f3(i['hit@5'])} | {g['n']} |"
            )
        parts.append("")
    for group, title in (("by_lang", "By language"), ("by_persona", "By persona")):
        parts += [f"## {title}", "", "| group | system | article hit@1 | hit@3 | hit@5 | MRR | item hit@1 | item hit@5 | n |", "|---|---|---|---|---|---|---|---|---|"]
        for name, s in _systems(m).items():
            for g, v in (s.get(group) or {}).items():
                a, i = v["article"], v["item"]
                parts.append(
                    f"| {g} | {name} | {f3(a['hit@1'])} | {f3(a['hit@3'])} | {f3(a['hit@5'])} | {f3(a['mrr'])} | "
                    f"{f3(i['hit@1'])} | {f3(i['hit@5'])} | {v['n']} |"
                )
        parts.append("")
    parts += ["## Latency (warm, per question, ms)", "", "| system | p50 | p95 | max |", "|---|---|---|---|"]
    for name, s in _systems(m).items():
        if "latency_ms" in s:
            lat = s["latency_ms"]
            parts.append(f"| {name} | {lat['p50']} | {lat['p95']} | {lat['max']} |")
    if "citations" in m:
        c = m["citations"]
        parts += ["", "## The assistant's answers", "",
                  f"- citations: the first one is a labelled provision in {f3(c.get('first_correct'))} of answers; "
                  f"at least one is, in {f3(c['any_correct'])}; precision {f3(c['precision'])} "
                  "(answers also cite procedure provisions: notice, appeal window)"]
        if "intent_accuracy" in m:
            oos = m.get("out_of_scope", {})
            parts.append(f"- intent agrees with the label in {f3(m['intent_accuracy'])} of questions; out-of-scope "
                         f"recall {f3(oos.get('recall'))}, {oos.get('false_alarms', 0)} in-scope question(s) refused")
        if "sanctions_verified" in m:
            parts.append(f"- answers whose every sanction the rule engine verified: {f3(m['sanctions_verified'])}")
    misses = m.get("misses") or {}
    if misses.get("article@1"):
        got = {r["id"]: r["retrieved"][:3] for r in out["results"]}
        parts += ["", f"## Article misses at rank 1 ({len(misses['article@1'])})", ""]
        parts += [f"- {qid}: top 3 {got.get(qid)}" + (" (not in top 5 either)" if qid in misses.get("article@5", ()) else "")
                  for qid in misses["article@1"]]
    return "\n".join(parts) + "\n"


def plot(metrics: dict, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = {k: v for k, v in _systems(metrics).items() if "skipped" not in v}
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    width = 0.8 / max(1, len(systems))
    for ax, level in zip(axes, ("article", "item"), strict=True):
        for n, (name, s) in enumerate(systems.items()):
            xs = [i + n * width for i in range(len(_COLS))]
            ax.bar(xs, [s[level][c] or 0.0 for c in _COLS], width, label=name)
        ax.set_xticks([i + width * (len(systems) - 1) / 2 for i in range(len(_COLS))], _COLS)
        ax.set_title(f"{level} level ({metrics['n']} questions)")
        ax.set_ylim(0, 1)
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(systems), fontsize=8, frameon=False)
    fig.suptitle(f"retrieval on {Path(metrics['set']).name}")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_report(out: dict, folder: Path | None = None) -> list[Path]:
    folder = Path(folder or REPORTS)
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(out["metrics"]["set"]).stem
    md = folder / f"{stem}.md"
    md.write_text(markdown(out), encoding="utf-8")
    png = plot(out["metrics"], folder / f"{stem}.png")
    return [md, png]
