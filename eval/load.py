"""Load test: concurrent chat sessions, every answer checked, latency and memory reported.

    python -m eval.load                              # 8 sessions x 50 questions, in-process threads
    python -m eval.load --streamlit                  # also through a running Streamlit server, in Chromium
    python -m eval.load --sessions 4 --questions 10  # smaller
    python -m eval.load --json eval/reports/load.json

In-process: one Assistant (as the app holds one per process), one thread and one Conversation per
session, questions drawn without replacement (seeded) from eval/questions.jsonl and
eval/holdout.jsonl. First every session's questions are answered one after another (the reference),
then all sessions at once; every concurrent answer must equal its reference (same intent, answer,
citations, sanctions: no cross-talk between sessions) and pass the checks below. A second
concurrent round shows whether memory keeps growing.

Through Streamlit (--streamlit): `streamlit run app.py` on a free loopback port, Debian's chromium
driven by Playwright with one browser context per session (a session each, as separate users),
typing each question into the chat and waiting for the reply's feedback button (the reply is then
complete: streamed text, verified badge, sources). Each reply on the page must show the reference
answer's sanction labels with the verified badge, its sources, and no error. Pages may reach only
the loopback address.

Checks on every answer: no exception; every sanction verified; the reply passes the same verifier
the pipeline ends with (assistant.guard.reply_problems); every citation's quote is verbatim corpus
text at its label; every sanction's measures are the rule record's for that label; at least 5
retrieved provisions.

With a Chroma server (--chroma-server): `chroma run` on a free loopback port, the index built on it
over HTTP with the configured model, the sessions answered through it, then the server killed and the
sessions answered again (lexical ranking, with a notice), and a new start that falls back.

Figures: answers, errors, verified share, latency p50/p95/max, throughput, peak RSS (this process
via getrusage; the Streamlit server via /proc/PID/status VmHWM), RSS after each round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from assistant import build, guard
from assistant.conversation import Conversation
from assistant.logging_setup import install_redaction
from assistant.settings import Settings
from deploy.waiting import answers_http, wait_until
from eval.metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
SETS = (ROOT / "eval" / "questions.jsonl", ROOT / "eval" / "holdout.jsonl")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def say(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


# ---- questions -----------------------------------------------------------------------------------


def question_pool() -> list[str]:
    pool = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pool.append(json.loads(line)["question"])
    return pool


def sessions_plan(n_sessions: int, per_session: int, seed: int = 0) -> list[list[str]]:
    pool = question_pool()
    return [random.Random(seed + s).sample(pool, min(per_session, len(pool))) for s in range(n_sessions)]


# ---- measuring -----------------------------------------------------------------------------------


def rss_mb(pid: int | str = "self") -> tuple[float, float]:
    """(current RSS, peak RSS) in MB from /proc."""
    cur = peak = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return round(cur, 1), round(peak, 1)


def pct(values: list[float], q: float) -> float:
    """The same nearest-rank percentile as every other report (eval/metrics.py), 0.0 for none."""
    found = percentile(values, q * 100)
    return 0.0 if found is None else round(found, 1)


def latency_summary(ms: list[float]) -> dict:
    return {"p50_ms": pct(ms, 0.50), "p95_ms": pct(ms, 0.95), "max_ms": round(max(ms), 1) if ms else 0.0,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else 0.0}


# ---- checking an answer --------------------------------------------------------------------------


class Checker:
    def __init__(self, assistant):
        self.a, self.guard = assistant, guard
        self.corpus, self.rb = assistant.corpus, assistant.rulebook

    def problems(self, answer) -> list[str]:
        out = []
        if any("未通过核对" in n or "failed verification" in n for n in answer.notices):
            out.append("the pipeline's own verification failed")
        for s in answer.sanctions:
            if not s.verified:
                out.append(f"sanction {s.label} not verified")
            rule = self.rb.rules.get(s.label)
            if rule is None or not set(s.measure_codes) <= set(rule.measures) | set(rule.discretionary):
                out.append(f"sanction {s.label}: measures {s.measure_codes} are not the rule's")
        for c in answer.citations:
            if c.quote != self.corpus.get(c.label).text:
                out.append(f"citation {c.label}: quote is not verbatim")
        if len(answer.retrieved) < 5:
            out.append(f"only {len(answer.retrieved)} retrieved")
        if not answer.corrected and answer.llm is None:
            allowed = {c.label for c in answer.citations} | {r.label for r in answer.retrieved}
            out += self.guard.reply_problems(answer.answer, answer.answer, self.corpus, self.rb, allowed,
                                             bool(answer.sanctions), answer.question or "")
        return out


def fingerprint(answer) -> tuple:
    return (answer.intent, answer.answer, tuple(c.label for c in answer.citations),
            tuple((s.label, tuple(s.measure_codes), s.verified) for s in answer.sanctions))


# ---- in-process ----------------------------------------------------------------------------------


def run_session(assistant, questions: list[str]) -> list[dict]:

    conv, out = Conversation(), []
    for q in questions:
        t0 = time.perf_counter()
        try:
            answer = assistant.ask(q, conv)
            out.append({"question": q, "answer": answer, "ms": (time.perf_counter() - t0) * 1000})
        except Exception as exc:  # noqa: BLE001 - counted, reported
            out.append({"question": q, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc(),
                        "ms": (time.perf_counter() - t0) * 1000})
    return out


def concurrent_round(assistant, plan: list[list[str]]) -> tuple[list[list[dict]], float, float]:
    results: list[list[dict] | None] = [None] * len(plan)
    peak = {"rss": 0.0}
    done = threading.Event()

    def sample():
        while not done.wait(0.1):
            peak["rss"] = max(peak["rss"], rss_mb()[0])

    def worker(i):
        results[i] = run_session(assistant, plan[i])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=worker, args=(i,), name=f"session-{i}") for i in range(len(plan))]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    return results, wall, peak["rss"]


def check_round(results: list[list[dict]], refs, checker: Checker, wall: float) -> dict:
    """Errors, checks and (with `refs`) equality with the sessions answered alone, for one round."""
    errors, bad, mismatched, ms, verified, total, notices = Counter(), [], 0, [], 0, 0, Counter()
    for s, session in enumerate(results):
        for k, r in enumerate(session):
            total += 1
            ms.append(r["ms"])
            if "error" in r:
                errors[r["error"].split(":")[0]] += 1
                bad.append({"session": s, "question": r["question"][:80], "error": r["error"]})
                continue
            for n in r["answer"].notices:
                notices[n.split(":")[0][:60]] += 1
            problems = checker.problems(r["answer"])
            if refs is not None and "answer" in refs[s][k] and fingerprint(refs[s][k]["answer"]) != fingerprint(r["answer"]):
                problems.append("differs from the same session answered alone")
                mismatched += 1
            if problems:
                bad.append({"session": s, "question": r["question"][:80], "problems": problems[:5]})
            else:
                verified += 1
    return {
        "answers": total, "errors": sum(errors.values()), "error_kinds": dict(errors),
        "verified": verified, "verified_share": round(verified / total, 4) if total else 0.0,
        "differs_from_reference": mismatched if refs is not None else None,
        "with_sanctions": sum(1 for s in results for r in s if "answer" in r and r["answer"].sanctions),
        "notices": dict(notices.most_common(8)),
        "latency": latency_summary(ms), "wall_s": round(wall, 2),
        "throughput_qps": round(total / wall, 2) if wall else 0.0,
        "rss_after_mb": rss_mb()[0], "failures": bad[:20],
    }


def in_process(plan: list[list[str]], assistant=None, rounds: int = 2, reference: bool = True) -> dict:
    """The in-process figures; the Assistant used is returned under "_assistant"."""
    rss_start = rss_mb()[0]
    t0 = time.perf_counter()
    assistant = assistant or build.create(Settings())
    load_s = time.perf_counter() - t0
    checker = Checker(assistant)
    rss_loaded = rss_mb()[0]

    refs = None
    seq_ms: list[float] = []
    if reference:
        t0 = time.perf_counter()
        refs = [run_session(assistant, qs) for qs in plan]
        seq_wall = time.perf_counter() - t0
        seq_ms = [r["ms"] for s in refs for r in s if "answer" in r]
    rounds_out = []
    for n in range(rounds):
        results, wall, peak_sampled = concurrent_round(assistant, plan)
        rounds_out.append({"round": n + 1, **check_round(results, refs, checker, wall), "rss_peak_sampled_mb": peak_sampled})
        say(f"in-process round {n + 1}: {rounds_out[-1]['answers']} answers, {rounds_out[-1]['errors']} errors, "
            f"{rounds_out[-1]['verified']} verified, p50 {rounds_out[-1]['latency']['p50_ms']} ms, "
            f"p95 {rounds_out[-1]['latency']['p95_ms']} ms, {rounds_out[-1]['throughput_qps']} q/s, "
            f"RSS {rounds_out[-1]['rss_after_mb']} MB")
    return {
        "mode": "in-process threads",
        "sessions": len(plan), "questions_per_session": len(plan[0]) if plan else 0,
        "assistant_load_s": round(load_s, 2),
        "reference_sequential": {"latency": latency_summary(seq_ms), "wall_s": round(seq_wall, 2)} if reference else None,
        "rounds": rounds_out,
        "rss_start_mb": rss_start, "rss_loaded_mb": rss_loaded,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "_assistant": assistant,
    }


# ---- through Streamlit ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    def __init__(self, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile(mode="w+")
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
               "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
               "false", "--server.fileWatcherType", "none"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def wait(self, timeout_s: float = 180) -> None:
        def tail() -> str:
            self.log.seek(0)
            return self.log.read()[-3000:]

        wait_until(lambda: answers_http(f"{self.url}/_stcore/health"), timeout_s, proc=self.proc, name="streamlit",
                   tail=tail, interval_s=0.3)

    def tail(self, n: int = 3000) -> str:
        self.log.seek(0)
        return self.log.read()[-n:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


async def _browser_session(browser, url: str, questions: list[str], refs: list[dict] | None, timeout_s: float):

    async def loopback_only(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith(("data:", "blob:")):
            await route.continue_()
        else:
            await route.abort()

    ms = timeout_s * 1000
    context = await browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    await context.route("**/*", loopback_only)
    page = await context.new_page()
    out = []
    try:
        await page.goto(url, wait_until="domcontentloaded", timeout=ms)
        box = page.get_by_test_id("stChatInputTextArea")
        await box.wait_for(state="visible", timeout=ms)
        messages = page.get_by_test_id("stChatMessage")
        for k, q in enumerate(questions):
            rec = {"question": q}
            t0 = time.perf_counter()
            try:
                await box.fill(q)
                await box.press("Enter")
                # the reply is complete when its own feedback button is drawn (one per reply)
                await page.wait_for_function(
                    "n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= 2 * n"
                    " && document.querySelectorAll('[data-testid=\"stFeedback\"]').length >= n"
                    " && !document.querySelector('[data-testid=\"stChatMessage\"] [data-stale=\"true\"]')",
                    arg=k + 1, timeout=ms, polling=100)
                rec["ms"] = (time.perf_counter() - t0) * 1000
                reply = await messages.nth(2 * k + 1).inner_text()
                rec["problems"] = _page_problems(reply, refs[k] if refs else None)
                if await page.get_by_test_id("stException").count():
                    rec["problems"].append("an exception is shown on the page")
            except Exception as exc:  # noqa: BLE001 - counted, reported
                rec["ms"] = (time.perf_counter() - t0) * 1000
                rec["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
            rec["position"] = k
            out.append(rec)
    finally:
        await context.close()
    return out


def _page_problems(reply_text: str, ref: dict | None) -> list[str]:
    import re

    problems = []
    if "未通过核对" in reply_text or "not verified" in reply_text:
        problems.append("a sanction is shown as not verified")
    if "出错了" in reply_text or "Traceback" in reply_text:
        problems.append("an error is shown")
    if ref is not None and "answer" in ref:
        a = ref["answer"]
        for s in a.sanctions:
            if s.label not in reply_text or "已核对" not in reply_text:
                problems.append(f"sanction {s.label} with its verified badge is missing")
        for c in a.citations:
            if c.label not in reply_text:
                problems.append(f"source {c.label} is missing")
        if problems:
            shown = re.findall(r"(?:来源 / Sources|Sources / 来源)：(\S+)", reply_text)
            problems.append(f"the page shows sources {shown}; the reference cites {[c.label for c in a.citations]}")
    return problems


async def _drive(url: str, plan: list[list[str]], refs, timeout_s: float):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return await asyncio.gather(*[
                _browser_session(browser, url, qs, refs[i] if refs else None, timeout_s) for i, qs in enumerate(plan)
            ])
        finally:
            await browser.close()


def through_streamlit(plan: list[list[str]], assistant=None, timeout_s: float = 180) -> dict:
    """`assistant` gives the reference answers (computed right before the server starts, so that both
    read the same rules and synonym files); without one, pages are checked for errors and badges only."""
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"{CHROMIUM} is missing: run `bash scripts/system-deps.sh` as root")
    refs = [run_session(assistant, qs) for qs in plan] if assistant is not None else None
    server = StreamlitServer({"REGQA_FEEDBACK_DB": str(Path(tempfile.mkdtemp()) / "feedback.sqlite3")})
    try:
        t0 = time.perf_counter()
        server.wait()
        # warm the server (model load) with one page before timing the sessions
        asyncio.run(_drive(server.url, [plan[0][:1]], None, timeout_s))
        warm_s = time.perf_counter() - t0
        rss_warm = rss_mb(server.proc.pid)[0]
        t0 = time.perf_counter()
        results = asyncio.run(_drive(server.url, plan, refs, timeout_s))
        wall = time.perf_counter() - t0
        cur, peak = rss_mb(server.proc.pid)
        log_tail = server.tail()
    finally:
        server.stop()
    ms, errors, bad, ok, total = [], Counter(), [], 0, 0
    by_position: dict[str, list[float]] = {}
    for s, session in enumerate(results):
        for r in session:
            total += 1
            ms.append(r["ms"])
            lo = r["position"] // 10 * 10
            by_position.setdefault(f"questions {lo + 1}-{lo + 10}", []).append(r["ms"])
            if "error" in r:
                errors[r["error"].split(":")[0]] += 1
                bad.append({"session": s, "question": r["question"][:80], "error": r["error"]})
            elif r["problems"]:
                bad.append({"session": s, "question": r["question"][:80], "problems": r["problems"][:5]})
            else:
                ok += 1
    out = {
        "mode": "Streamlit server, Chromium via Playwright (one browser context per session)",
        "sessions": len(plan), "questions_per_session": len(plan[0]) if plan else 0,
        "answers": total, "errors": sum(errors.values()), "error_kinds": dict(errors),
        "verified": ok, "verified_share": round(ok / total, 4) if total else 0.0,
        "latency": latency_summary(ms), "wall_s": round(wall, 2),
        "latency_by_position_in_session": {k: latency_summary(v) for k, v in by_position.items()},
        "throughput_qps": round(total / wall, 2) if wall else 0.0,
        "server_start_and_warm_s": round(warm_s, 2), "server_rss_warm_mb": rss_warm,
        "server_rss_after_mb": cur, "server_peak_rss_mb": peak, "failures": bad[:20],
        "server_log_has_traceback": "Traceback" in log_tail,
    }
    say(f"streamlit: {total} answers, {out['errors']} errors, {ok} verified, p50 {out['latency']['p50_ms']} ms, "
        f"p95 {out['latency']['p95_ms']} ms, server peak RSS {peak} MB")
    return out


def through_chroma_server(plan: list[list[str]], rounds: int = 1) -> dict:
    """The same load with the index on a real `chroma run` server (loopback), built with the
    configured model; then the server is killed and the sessions run again: every answer must still
    pass the checks (lexical ranking, with a notice), and a new start must fall back with a notice."""
    chroma = Path(sys.executable).parent / "chroma"
    port, data = free_port(), tempfile.mkdtemp(prefix="regqa-chroma-server-")
    log = tempfile.TemporaryFile(mode="w+")
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(chroma), "run", "--path", data, "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    def tail() -> str:
        log.seek(0)
        return log.read()[-2000:]

    try:
        wait_until(lambda: answers_http(f"http://127.0.0.1:{port}/api/v2/heartbeat"), 30, proc=proc,
                   name="chroma run", tail=tail)
        ready_s = time.perf_counter() - t0
        settings = Settings(index_dir=Path(tempfile.mkdtemp(prefix="regqa-client-")), chroma_host="127.0.0.1",
                            chroma_port=port, collection="regqa-load")
        t0 = time.perf_counter()
        assistant = build.create(settings)
        build_s = time.perf_counter() - t0
        live = in_process(plan, assistant=assistant, rounds=rounds)
        live.pop("_assistant")
        proc.kill()
        proc.wait(timeout=10)
        results, wall, _ = concurrent_round(assistant, plan)
        dead = check_round(results, None, Checker(assistant), wall)
        say(f"server killed: {dead['answers']} answers, {dead['errors']} errors, {dead['verified']} verified")
        t0 = time.perf_counter()
        said: list[str] = []
        restarted = build.create(settings, say=said.append)
        restart_s = time.perf_counter() - t0
        fallback = restarted.retriever.index
        answer = restarted.ask(plan[0][0])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
    return {
        "server": f"chroma run on 127.0.0.1:{port}", "heartbeat_after_s": round(ready_s, 2),
        "embedding_model": assistant.retriever.index.model_id, "index_build_over_http_s": round(build_s, 2),
        "provisions": len(assistant.retriever.index.embedded), "while_up": live, "after_kill": dead,
        "new_start_after_kill": {"seconds": round(restart_s, 2), "said": said[:2], "dense": fallback.dense,
                                 "notice": fallback.notice, "answer_notices": answer.notices,
                                 "answer_checks": Checker(assistant).problems(answer)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--questions", type=int, default=50, help="questions per session")
    parser.add_argument("--rounds", type=int, default=2, help="concurrent in-process rounds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--streamlit", action="store_true", help="also drive a running Streamlit server")
    parser.add_argument("--streamlit-only", action="store_true")
    parser.add_argument("--chroma-server", action="store_true",
                        help="also run the sessions with the index on a `chroma run` server, then with it killed")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for one reply in the browser")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    install_redaction()
    plan = sessions_plan(args.sessions, args.questions, args.seed)
    say(f"{args.sessions} sessions x {args.questions} questions from {', '.join(p.name for p in SETS)}")
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                                "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]},
                    "command": " ".join(["python -m eval.load", *(argv if argv is not None else sys.argv[1:])])}
    ip = in_process(plan, rounds=0 if args.streamlit_only else args.rounds, reference=not args.streamlit_only)
    assistant = ip.pop("_assistant")
    if not args.streamlit_only:
        report["in_process"] = ip
    if args.streamlit or args.streamlit_only:
        report["streamlit"] = through_streamlit(plan, assistant, args.timeout)
    if args.chroma_server:
        report["chroma_server"] = through_chroma_server(plan)
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
        say(f"wrote {args.json}")
    print(text)
    failed = any(r["errors"] or r["verified"] != r["answers"] for r in report.get("in_process", {}).get("rounds", []))
    if "streamlit" in report:
        failed = failed or report["streamlit"]["errors"] or report["streamlit"]["verified"] != report["streamlit"]["answers"]
    if "chroma_server" in report:
        cs = report["chroma_server"]
        for part in [*cs["while_up"]["rounds"], cs["after_kill"]]:
            failed = failed or part["errors"] or part["verified"] != part["answers"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
