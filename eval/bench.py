"""Benchmark: `python -m eval.bench [--scale 100] [--json]` (a script, not a timed test).

Measures, on this machine:
  * index build time with the configured embedding model (fresh folder), and model load time;
  * warm retrieval latency p50/p95 over a question set (one process, index and model in memory);
  * cold process time of `regqa ask QUESTION --json` (or, while `ask` does not exist yet,
    `regqa show 第七条 --json`), and of a cold process that opens the index and retrieves once;
  * peak resident memory of the warm process and of each cold process;
  * a scale run: a synthetic corpus SCALE times larger (generated documents with the regulation's
    structure and perturbed text), to show how query time grows. Its provision vectors are the
    real ones plus noise, inserted directly: embedding 16,000 chunks would take the e5 engine
    ~15 minutes and measure nothing about query time; the build time it would take is extrapolated
    from the measured embedding rate and labelled as such.
Writes eval/reports/bench.md (and prints JSON with --json).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant import build
from assistant.settings import Settings
from corpus import load_corpus
from corpus.store import SOURCES
from eval.metrics import percentile
from eval.runner import load_questions
from retrieval import Index, Retriever
from retrieval.chunks import build_chunks
from retrieval.embeddings import make_embeddings
from retrieval.index import embedded_chunks, fingerprint, store_vectors

ROOT = Path(__file__).resolve().parent.parent
REPORTS = Path(__file__).with_name("reports")
QUESTION = "考生带智能手表进考场还用了"


def _say(msg: str) -> None:
    sys.stderr.write(msg + "\n")


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _regqa() -> list[str]:
    exe = Path(sys.executable).with_name("regqa")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]


def _timed_child(cmd: list[str], env: dict) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS MB, exit code, stderr tail) of a fresh process running cmd."""
    wrapper = (
        "import resource,subprocess,sys,time,json;t=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
        "print(json.dumps([time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,"
        "p.returncode,p.stderr[-300:]]))"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env, check=True)
    wall, rss, code, err = json.loads(out.stdout)
    return round(wall, 2), round(rss, 1), code, err


def _has_ask(env: dict) -> bool:
    out = subprocess.run([*_regqa(), "--help"], capture_output=True, text=True, env=env)
    return bool(re.search(r"^\s*│?\s*ask\b", out.stdout + out.stderr, re.M))


def _timed(fn, questions: list[dict]) -> list[float]:
    out = []
    for q in questions:
        t = time.perf_counter()
        fn(q["question"])
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_build_and_warm(questions: list[dict], folder: Path) -> dict:
    settings = Settings(index_dir=folder)
    t0 = time.perf_counter()
    try:
        make_embeddings(settings.embedding_model)
    except Exception as exc:  # noqa: BLE001 - reported, the build below says the same
        _say(f"embedding model unavailable: {exc}")
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = build.index(settings, rebuild=True, say=_say)
    build_s = time.perf_counter() - t0
    assistant = build.create(settings, say=_say)
    r = assistant.retriever
    r.search(QUESTION)  # warm: BM25 built, model loaded
    lat = _timed(r.search, questions)
    # Baselines measured in the same run, so figures stand as ratios whatever the machine's load:
    # plain BM25 over the same chunks, and the full answer (retrieval + rules + templates + verifier).
    lexical = _timed(r.with_params(dense=False, expand=False, subject_boost=False, route=False, definitions=False).search, questions)
    assistant.ask(QUESTION)
    answer = _timed(assistant.ask, questions)
    return {
        "embedding_model": index.model_id,
        "notice": index.notice,
        "provisions_embedded": sum(1 for c in index.chunks if c.role == "provision"),
        "chunks": len(index.chunks),
        "model_load_s": round(load_s, 2),
        "index_build_s": round(build_s, 2),
        "warm_queries": len(lat),
        "warm_p50_ms": percentile(lat, 50),
        "warm_p95_ms": percentile(lat, 95),
        "warm_max_ms": percentile(lat, 100),
        "bm25_p50_ms": percentile(lexical, 50),
        "bm25_p95_ms": percentile(lexical, 95),
        "answer_p50_ms": percentile(answer, 50),
        "answer_p95_ms": percentile(answer, 95),
        "answer_over_retrieval_p50": round(percentile(answer, 50) / max(percentile(lat, 50), 1e-9), 2),
        "retrieval_over_bm25_p50": round(percentile(lat, 50) / max(percentile(lexical, 50), 1e-9), 1),
        "warm_process_peak_rss_mb": _maxrss_mb(),
        "cpu_count": os.cpu_count(),
    }


def bench_cold(folder: Path, runs: int = 3) -> dict:
    env = {**os.environ, "REGQA_INDEX_DIR": str(folder), "HF_HUB_OFFLINE": "1"}
    has_ask = _has_ask(env)
    ask = [*_regqa(), "ask", QUESTION, "--json"] if has_ask else [*_regqa(), "show", "第七条", "--json"]
    retrieve = [
        sys.executable,
        "-c",
        "from assistant import build;from assistant.settings import Settings;import sys;"
        f"h=build.create(Settings()).retriever.search({QUESTION!r});sys.stdout.write(h[0].label)",
    ]
    out: dict = {"cli_command": " ".join(ask[1:]) if has_ask else "show 第七条 --json (no `ask` command yet)"}
    for name, cmd in (("cli", ask), ("retrieve_once", retrieve)):
        results = [_timed_child(cmd, env) for _ in range(runs)]
        bad = [r for r in results if r[2] != 0]
        if bad:
            out[f"{name}_error"] = bad[0][3]
        out[f"{name}_cold_s_median"] = statistics.median(r[0] for r in results)
        out[f"{name}_cold_s_all"] = [r[0] for r in results]
        out[f"{name}_peak_rss_mb"] = max(r[1] for r in results)
    return out


# ---- scale run ---------------------------------------------------------------------------------

_KEEP = set("第条章款项一二三四五六七八九十百零（）()、，。；：,.;:0123456789 \n")


def synthetic_sources(scale: int, folder: Path, seed: int = 7) -> Path:
    """SCALE documents with the regulation's structure; every provision's wording is perturbed."""
    src = next(SOURCES.glob("*.txt"))
    meta = src.with_suffix(".meta.yaml").read_text(encoding="utf-8")
    text = src.read_text(encoding="utf-8")
    body_start = text.index("第一章")
    body_end = text.index("抄送：")
    pool = [ch for ch in sorted(set(text)) if "\u4e00" <= ch <= "\u9fff" and ch not in _KEEP]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(scale):
        head, body, tail = text[:body_start], text[body_start:body_end], text[body_end:]
        chars = list(body)
        for i, ch in enumerate(chars):
            if "\u4e00" <= ch <= "\u9fff" and ch not in _KEEP and rng.random() < 0.15:
                prev = "".join(chars[max(0, i - 1) : i + 2])
                if "第" not in prev and "条" not in prev and "章" not in prev:
                    chars[i] = rng.choice(pool)
        doc_id = f"synthetic-{n:03d}"
        (folder / f"{doc_id}.txt").write_text(head + "".join(chars) + tail, encoding="utf-8")
        m = re.sub(r"^id: .*$", f"id: {doc_id}", meta, flags=re.M)
        m = re.sub(r"^number: .*$", f"number: 合成〔2025〕{n}号", m, flags=re.M)
        (folder / f"{doc_id}.meta.yaml").write_text(m, encoding="utf-8")
    return folder


def bench_scale(scale: int, questions: list[dict], base: dict, work: Path) -> dict:
    t0 = time.perf_counter()
    corpus = load_corpus(synthetic_sources(scale, work / "sources"))
    parse_s = time.perf_counter() - t0
    chunks = build_chunks(corpus)
    emb, model_id = make_embeddings(Settings().embedding_model)
    real = load_corpus()
    proto = {p.label: v for p, v in zip(real.provisions(), emb.embed_documents([p.full_text for p in real.provisions()]), strict=True)}
    rng = np.random.default_rng(7)
    config = Settings(index_dir=work / "index").index_config()
    dense = embedded_chunks(chunks)
    t0 = time.perf_counter()
    # each synthetic provision gets its real counterpart's vector, slightly moved
    vecs = np.array([proto.get(c.label, proto[c.article_label]) for c in dense])
    vecs += rng.normal(0, 0.02, vecs.shape)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    store = store_vectors(config, dense, vecs, emb, fp="scale")
    insert_s = time.perf_counter() - t0
    r = Retriever(Index(corpus, chunks, store, emb, model_id, fingerprint(chunks, model_id)))
    t0 = time.perf_counter()
    r.search(QUESTION)
    bm25_build_s = time.perf_counter() - t0
    lat = []
    for q in questions:
        t = time.perf_counter()
        r.search(q["question"], k=10)
        lat.append((time.perf_counter() - t) * 1000)
    lex = r.with_params(dense=False)
    lex_lat = []
    for q in questions:
        t = time.perf_counter()
        lex.search(q["question"], k=10)
        lex_lat.append((time.perf_counter() - t) * 1000)
    # chunks a second over the whole 1x build; provisions are longer than example questions, so
    # this rate flatters a corpus of provisions only (an underestimate of the 100x build)
    rate = base["chunks"] / max(base["index_build_s"], 1e-9)
    return {
        "scale": scale,
        "documents": len(corpus.documents),
        "provisions": len(dense),
        "parse_s": round(parse_s, 2),
        "vector_insert_s": round(insert_s, 2),
        "bm25_build_s": round(bm25_build_s, 2),
        "extrapolated_full_build_s": round(len(dense) / rate, 0),
        "warm_p50_ms": percentile(lat, 50),
        "warm_p95_ms": percentile(lat, 95),
        "lexical_only_p50_ms": percentile(lex_lat, 50),
        "lexical_only_p95_ms": percentile(lex_lat, 95),
        "peak_rss_mb": _maxrss_mb(),
    }


def bench_first_start(work: Path) -> dict:
    """From `streamlit run app.py` with an empty index folder to an answered question in headless
    Chromium: what a person waits for after `make run` on a fresh clone (scripts/screenshot.py drives
    the browser; it needs Debian's chromium, else this is skipped with the reason)."""
    env = {**os.environ, "REGQA_INDEX_DIR": str(work / "first-start-index")}
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), "--out", str(work / "first.png")],
                       env=env, capture_output=True, text=True, timeout=600)
    seconds = round(time.perf_counter() - t0, 1)
    if p.returncode != 0:
        return {"skipped": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return {"first_answer_s": seconds}


def markdown(res: dict) -> str:
    b, c = res["build_and_warm"], res.get("cold") or {}
    lines = [
        "# Benchmark",
        "",
        f"Command: `python -m eval.bench` · {b['cpu_count']} cores · model `{b['embedding_model']}`",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| index build ({b['provisions_embedded']} provisions and {b['chunks'] - b['provisions_embedded']} example questions embedded) | {b['index_build_s']} s | ≤ 30 s |",
        f"| embedding model load | {b['model_load_s']} s | |",
        f"| warm retrieval p50 / p95 ({b['warm_queries']} questions) | {b['warm_p50_ms']} / {b['warm_p95_ms']} ms | p95 ≤ 50 ms |",
        f"| baseline in the same run: plain BM25 p50 / p95 | {b['bm25_p50_ms']} / {b['bm25_p95_ms']} ms | |",
        f"| hybrid retrieval ÷ BM25 (p50) | {b['retrieval_over_bm25_p50']}× | |",
        f"| warm answer (`Assistant.ask`, no LLM) p50 / p95 | {b['answer_p50_ms']} / {b['answer_p95_ms']} ms | p95 ≤ 100 ms |",
        f"| answer ÷ retrieval (p50) | {b['answer_over_retrieval_p50']}× | |",
        f"| warm process peak RSS | {b['warm_process_peak_rss_mb']} MB | |",
    ]
    if c:
        lines += [
            f"| cold `regqa {c['cli_command']}` (median of {len(c['cli_cold_s_all'])}) | {c['cli_cold_s_median']} s, peak RSS {c['cli_peak_rss_mb']} MB | |",
            f"| cold process: open index + one retrieval | {c['retrieve_once_cold_s_median']} s, peak RSS {c['retrieve_once_peak_rss_mb']} MB | |",
        ]
    f = res.get("first_start") or {}
    if f.get("first_answer_s") is not None:
        lines.append(f"| fresh start: `streamlit run app.py` with an empty index folder to an answered question in Chromium | {f['first_answer_s']} s | ≤ 15 s |")
    elif f.get("skipped"):
        lines.append(f"| fresh start to an answered question | skipped: {f['skipped']} | ≤ 15 s |")
    s = res.get("scale")
    if s:
        lines += [
            "",
            f"## Scale run: {s['documents']} synthetic documents, {s['provisions']} provisions ({s['scale']}x)",
            "",
            "| measure | 1x | {0}x |".format(s["scale"]),
            "|---|---|---|",
            f"| warm retrieval p50 / p95 (hybrid) | {b['warm_p50_ms']} / {b['warm_p95_ms']} ms | {s['warm_p50_ms']} / {s['warm_p95_ms']} ms |",
            f"| lexical-only p50 / p95 | | {s['lexical_only_p50_ms']} / {s['lexical_only_p95_ms']} ms |",
            f"| BM25 index build (in memory, at first search) | | {s['bm25_build_s']} s |",
            f"| vector insert into Chroma (precomputed vectors) | | {s['vector_insert_s']} s |",
            f"| full build with the e5 engine (extrapolated from the 1x chunks/s; a low estimate) | {b['index_build_s']} s | ~{s['extrapolated_full_build_s']:.0f} s |",
            f"| peak RSS | {b['warm_process_peak_rss_mb']} MB | {s['peak_rss_mb']} MB |",
        ]
    if b.get("notice"):
        lines += ["", f"> {b['notice']}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default=str(ROOT / "eval" / "questions.jsonl"))
    ap.add_argument("--scale", type=int, default=100, help="synthetic corpus size factor (0: skip)")
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    questions = [q for q in load_questions(args.set)]
    work = Path(tempfile.mkdtemp(prefix="regqa-bench-"))
    try:
        res: dict = {"build_and_warm": bench_build_and_warm(questions, work / "index")}
        _say(f"build/warm: {res['build_and_warm']}")
        res["cold"] = bench_cold(work / "index", args.cold_runs) if args.cold_runs else {}
        _say(f"cold: {res['cold']}")
        res["first_start"] = bench_first_start(work)
        _say(f"first start: {res['first_start']}")
        if args.scale:
            res["scale"] = bench_scale(args.scale, questions, res["build_and_warm"], work / "scale")
            _say(f"scale: {res['scale']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench.md").write_text(markdown(res), encoding="utf-8")
    (REPORTS / "bench.json").write_text(json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8")
    _say(f"wrote {REPORTS / 'bench.md'}")
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
