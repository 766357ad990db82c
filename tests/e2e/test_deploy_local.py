"""The deployment tried on this machine: `python -m deploy.local` starts PostgreSQL, a Chroma server,
two API replicas and the app as processes on loopback ports, as deploy/compose.yaml does in
containers. A question asked on one replica and its follow-up on the other give the same answer as
both asked of one; feedback written through one is read through the other; closing the script's
input stops everything it started."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading

import httpx
import pytest

from deploy.local import pg_bin
from tests.helpers import ROOT

FIRST, FOLLOW_UP = "考生在考场大声喧哗", "是的，提醒了还是不停"


def call(url: str, key: str, question: str, conversation_id: str | None = None) -> dict:
    body = {"question": question} | ({"conversation_id": conversation_id} if conversation_id else {})
    got = httpx.post(f"{url}/v1/ask", json=body, headers={"Authorization": f"Bearer {key}"}, timeout=60)
    assert got.status_code == 200, got.text
    return got.json()


def every_service_answers(info: dict) -> None:
    health = [httpx.get(f"{url}/healthz", timeout=10).json() for url in info["replicas"]]
    assert [h["replica"] for h in health] == ["api-1", "api-2"]
    assert {h["store"] for h in health} == {"postgresql"} and info["database_url"].startswith("postgresql")
    assert all(h["index"]["dense"] and h["index"]["server"] for h in health)  # the shared Chroma server
    assert httpx.get(f"{info['chroma']}/api/v2/heartbeat", timeout=10).status_code == 200
    assert httpx.get(f"{info['app']}/_stcore/health", timeout=10).text == "ok"


def a_follow_up_on_the_other_replica_gives_the_same_answer_as_one_process(info: dict) -> None:
    (a, b), key = info["replicas"], info["api_key"]
    first = call(a, key, FIRST)
    across = call(b, key, FOLLOW_UP, first["conversation_id"])
    one = call(a, key, FOLLOW_UP, call(a, key, FIRST)["conversation_id"])
    assert across["answer"] == one["answer"] and across["sanctions"] == one["sanctions"]
    assert across["sanctions"][0]["label"] == "第六条第（三）项"


def feedback_written_through_one_replica_is_read_through_the_other(info: dict) -> None:
    (a, b), auth = info["replicas"], {"Authorization": f"Bearer {info['api_key']}"}
    saved = httpx.post(f"{a}/v1/feedback", json={"rating": 1, "question": "我叫张三，考生喧哗怎么办"}, headers=auth)
    assert saved.status_code == 201
    rows = httpx.get(f"{b}/v1/feedback", headers=auth).json()["feedback"]
    assert [r["question"] for r in rows if r["id"] == saved.json()["id"]] == ["我叫[姓名]，考生喧哗怎么办"]


def closing_its_input_stops_everything(info: dict, proc: subprocess.Popen) -> None:
    proc.stdin.close()
    assert proc.wait(timeout=90) == 0
    for url in [*info["replicas"], info["app"], info["chroma"]]:
        host, port = url.removeprefix("http://").split(":")
        with socket.socket() as s:
            assert s.connect_ex((host, int(port))) != 0, f"{url} still answers"


def test_the_local_topology_serves_a_city(tmp_path):
    """One scenario, in order, over one topology (a test each would start one per test worker)."""
    if pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (Debian's postgresql package; scripts/system-deps.sh installs it as root)")
    log = (tmp_path / "deploy.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "deploy.local", "--stop-on-eof"], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=300)
        log.seek(0)
        assert lines and lines[0].strip(), f"deploy.local did not come up:\n{log.read()[-4000:]}"
        info = json.loads(lines[0])
        every_service_answers(info)
        a_follow_up_on_the_other_replica_gives_the_same_answer_as_one_process(info)
        feedback_written_through_one_replica_is_read_through_the_other(info)
        closing_its_input_stops_everything(info, proc)
    finally:
        if proc.poll() is None:  # a failed step: stopped as Ctrl-C would, so that it stops what it started
            proc.terminate()
            proc.wait(timeout=90)
        log.close()
