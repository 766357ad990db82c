"""With no network at all, set-up aside, everything works: building an index, asking, checking a case,
showing a provision, computing a deadline, scoring a question set.

Two layers. In this process the key paths run inside a socket guard that records every attempt to
create a socket or resolve a name (and refuses it), so an attempt that some library swallowed still
fails the test. Then every `regqa` command runs in a fresh Python process under the same guard, with
the default embedding model loaded from disk inside it; where the machine allows (`unshare -n`, as
root in CI) that process also runs in a network namespace of its own, with no interface up at all.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    ROOT,
    HashEmbeddings,
    recording_guard,
    settings_for,
    shared_index_dir,
)


def test_key_paths_in_process_make_no_network_attempt(tmp_path, corpus, rulebook):
    from assistant import build
    from assistant.conversation import Conversation
    from assistant.feedback import FeedbackStore
    from rules import assess, verify
    from rules.deadlines import appeal_report
    from rules.render import parse_day

    with recording_guard() as attempts:
        assistant = build.create(settings_for(tmp_path), say=lambda m: None, embeddings=(HashEmbeddings(), "test:hash64"))
        index = assistant.retriever.index
        assert index.rebuilt and index.dense
        conv = Conversation()
        answer = assistant.ask("考试的时候考生大声喧哗", conv)
        follow = assistant.ask("是的，提醒了也不改", conv)
        english = assistant.ask("A candidate used a phone to look up answers. What applies?")
        decision = assess({"subject": "examiner", "conduct": "接受考评任务后又迟到了", "date": "2026-09-28",
                           "facts": {"prior_talks_in_cycle": 2}}, rulebook)
        report = appeal_report(parse_day("2026-09-28", "--received"), rulebook)
        findings = verify("依据第七条第（一）项，考生2年内不得参加技能评价。", rulebook)
        FeedbackStore(tmp_path / "fb.sqlite3").add("考生张三用手机", "第七条第（一）项", 1)
        shown = corpus.get("第七条第（一）项")
    assert attempts == [], attempts
    assert answer.retrieved and follow.sanctions and follow.sanctions[0].verified
    assert english.answer and len(english.retrieved) >= 5  # hash vectors know no English: answered, not matched
    assert decision.provisions[0] == "第十二条第（一）项" and report["statement_deadline"]
    assert findings and shown.text.startswith("（一）")


def test_the_guard_does_see_an_attempt():
    with recording_guard() as attempts:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", 9), timeout=1)  # resolves the name first
        with pytest.raises(OSError), socket.socket() as s:
            s.connect(("192.0.2.1", 80))
        with contextlib.suppress(OSError):  # swallowed by a library: still recorded
            socket.getaddrinfo("example.invalid", 443)
    assert len(attempts) == 3 and "192.0.2.1" in attempts[1]


DRIVER = r"""
import contextlib, io, json, sys
from tests.helpers import recording_guard

with recording_guard() as attempts:
    from cli.main import main
    results = {}
    for name, argv in json.loads(sys.argv[1]).items():
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        results[name] = {"code": code, "out": out.getvalue(), "err": err.getvalue()[-2000:]}
print(json.dumps({"attempts": attempts, "results": results}, ensure_ascii=False))
"""


def _unshare_available() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def test_every_command_works_in_a_process_without_network(tmp_path):
    from tests.helpers import shared_default_retriever

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"subject": "candidate", "conduct": "考试时用手机查答案", "date": "2026-03-02"}),
                    encoding="utf-8")
    commands = {
        "index": ["index", "--json"],
        "ask": ["ask", "考生用手机查答案怎么处理", "--json"],
        "ask_en": ["ask", "A candidate used a phone to look up answers during the exam. What applies?", "--json"],
        "check": ["check", str(case), "--json"],
        "show": ["show", "第二十九条", "--json"],
        "show_all": ["show", "--all", "--json"],
        "deadline": ["deadline", "--received", "2026-09-28", "--json"],
        "eval": ["eval", str(ROOT / "eval" / "holdout.jsonl"), "--limit", "5", "--no-baselines", "--json"],
    }
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
           "REGQA_INDEX_DIR": str(shared_index_dir()),
           "REGQA_FEEDBACK_DB": str(tmp_path / "fb.sqlite3"), "HF_HUB_OFFLINE": "0"}
    cmd = [sys.executable, "-c", DRIVER, json.dumps(commands)]
    isolated = _unshare_available()
    if isolated:
        cmd = ["unshare", "-n", *cmd]
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["attempts"] == [], got["attempts"]
    r = got["results"]
    for name, res in r.items():
        assert res["code"] == 0, (name, res["err"])
        assert "Traceback" not in res["err"]
    assert json.loads(r["index"]["out"])["dense"] is True  # the default model loaded from disk, offline
    assert json.loads(r["ask"]["out"])["sanctions"][0]["verified"] is True
    assert json.loads(r["ask_en"]["out"])["sanctions"][0]["label"] == "第七条第（一）项"
    assert json.loads(r["check"]["out"])["provisions"][0] == "第七条第（一）项"
    assert json.loads(r["show"]["out"])["label"] == "第二十九条"
    assert len(json.loads(r["show_all"]["out"])["provisions"]) == 164
    assert json.loads(r["deadline"]["out"])["statement_deadline"]
    assert len(json.loads(r["eval"]["out"])["results"]) == 5
    print(f"network namespace isolation: {'yes (unshare -n)' if isolated else 'no (socket guard only)'}")
