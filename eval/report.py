"""Eval reports: a Markdown table and a bar plot (matplotlib, Agg) in eval/reports/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPORTS = Path(__file__).with_name("reports")
_COLS = ("hit@1", "hit@3", "hit@5", "mrr")


def _row(name: str, s: dict, level: str) -> str:
    if "skipped" in s:
        return f"| {name} | " + " | ".join("–" for _ in _COLS) + f" | {s['skipped']} |"
    vals = " | ".join(f"{s[level][c]:.3f}" for c in _COLS)
    return f"| {name} | {vals} | n={s['n']} |"


def _systems(metrics: dict) -> dict[str, dict]:
    out = {"hybrid (this system)": metrics}
    for name, s in (metrics.get("baselines") or {}).items():
        out[f"{name} only (baseline)"] = s
    return out


def summary_lines(metrics: dict) -> list[str]:
    """A short plain-text summary for the terminal."""
    lines = [f"{metrics['set']}: {metrics['questions']} questions, {metrics['n']} with labels"]
    for name, s in _systems(metrics).items():
        if "skipped" in s:
            lines.append(f"  {name:26s} skipped: {s['skipped']}")
            continue
        a, i = s["article"], s["item"]
        lines.append(
            f"  {name:26s} article hit@1 {a['hit@1']:.3f} hit@3 {a['hit@3']:.3f} hit@5 {a['hit@5']:.3f} "
            f"MRR {a['mrr']:.3f} | item hit@1 {i['hit@1']:.3f} hit@5 {i['hit@5']:.3f} | "
            f"p50 {s['latency_ms']['p50']:.1f} ms p95 {s['latency_ms']['p95']:.1f} ms"
        )
    if metrics.get("notice"):
        lines.append(f"  note: {metrics['notice']}")
    return lines


def markdown(out: dict) -> str:
    m = out["metrics"]
    head = "| system | " + " | ".join(_COLS) + " | |\n|---|" + "---|" * (len(_COLS) + 1)
    parts = [
        f"# Retrieval eval: {m['set']}",
        "",
        f"{dt.date.today().isoformat()} · {m['questions']} questions, {m['n']} with labels · "
        f"embedding model `{m.get('embedding_model') or 'none'}` · tokenizer `{m.get('tokenizer')}`",
        "",
        f"Command: `regqa eval {m['set']} --report`",
    ]
    if m.get("notice"):
        parts += ["", f"> {m['notice']}"]
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
                f"| {split} | {a['hit@1']:.3f} | {a['hit@3']:.3f} | {a['hit@5']:.3f} | {a['mrr']:.3f} | "
                f"{i['hit@1']:.3f} | {i['hit@5']:.3f} | {g['n']} |"
            )
        parts.append("")
    for group, title in (("by_lang", "By language"), ("by_persona", "By persona")):
        parts += [f"## {title}", "", "| group | system | article hit@1 | hit@3 | hit@5 | MRR | item hit@1 | item hit@5 | n |", "|---|---|---|---|---|---|---|---|---|"]
        for name, s in _systems(m).items():
            for g, v in (s.get(group) or {}).items():
                a, i = v["article"], v["item"]
                parts.append(
                    f"| {g} | {name} | {a['hit@1']:.3f} | {a['hit@3']:.3f} | {a['hit@5']:.3f} | {a['mrr']:.3f} | "
                    f"{i['hit@1']:.3f} | {i['hit@5']:.3f} | {v['n']} |"
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
                  f"- citations: the first one is a labelled provision in {c.get('first_correct', 0):.3f} of answers; "
                  f"at least one is, in {c['any_correct']:.3f}; precision {c['precision']:.3f} "
                  "(answers also cite procedure provisions: notice, appeal window)"]
        if "intent_accuracy" in m:
            oos = m.get("out_of_scope", {})
            parts.append(f"- intent agrees with the label in {m['intent_accuracy']:.3f} of questions; out-of-scope "
                         f"recall {oos.get('recall', 0):.3f}, {oos.get('false_alarms', 0)} in-scope question(s) refused")
        if "sanctions_verified" in m:
            parts.append(f"- answers whose every sanction the rule engine verified: {m['sanctions_verified']:.3f}")
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
            ax.bar(xs, [s[level][c] for c in _COLS], width, label=name)
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
