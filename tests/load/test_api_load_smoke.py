"""A short version of eval/load_api.py: Locust with 4 users for 5 seconds against two `regqa serve`
replicas on loopback (one SQLite file, a Chroma server), follow-ups across the replicas included.
No errors and some throughput; no timing asserts (the figures are in eval/reports/load-api.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT


def test_two_replicas_under_locust_answer_without_errors():
    run = subprocess.run([sys.executable, "-m", "eval.load_api", "--users", "4", "--seconds", "5", "--sqlite",
                          "--no-report"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-4000:]
    (level,) = json.loads(run.stdout)["levels"]
    assert level["users"] == 4 and level["failures"] == 0 and level["errors"] == []
    assert level["requests"] >= 10 and level["rps"] > 0 and 0 < level["p50_ms"] <= level["p95_ms"]
