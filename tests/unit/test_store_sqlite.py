"""The store on its default, a SQLite file: WAL mode and a busy timeout, so that several processes
write at once and lose nothing; a feedback file written before the store is adopted; a conversation
survives its trip through JSON."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from assistant.answer import Answer, Citation, Sanction
from assistant.conversation import Conversation
from assistant.store import KEPT_ANSWERS, Store, StoreError, conversation_from, conversation_state
from tests.helpers import ROOT

OLD_SCHEMA = """CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), question TEXT NOT NULL,
    answer_summary TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '')"""

WRITER = """
import sys
from assistant.store import Store
store = Store(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.add_feedback(1, f"{sys.argv[2]}-{i}", "summary")
"""


def test_the_file_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'nested' / 'store.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_processes_writing_at_once_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    Store(url)  # migrated once, so that the writers race on rows, not on the schema
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, f"p{n}", "60"], cwd=ROOT,
                                stderr=subprocess.PIPE, text=True) for n in range(4)]
    for w in writers:
        assert w.wait(timeout=120) == 0, w.stderr.read()[-2000:]
    rows = Store(url).feedback(limit=10_000)
    assert len(rows) == 240 and {r["question"] for r in rows} == {f"p{n}-{i}" for n in range(4) for i in range(60)}


def test_processes_migrating_at_once_agree(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, f"m{n}", "5"], cwd=ROOT,
                                stderr=subprocess.PIPE, text=True) for n in range(3)]
    for w in writers:
        assert w.wait(timeout=120) == 0, w.stderr.read()[-2000:]
    assert len(Store(url).feedback()) == 15


def test_a_feedback_file_from_before_the_store_is_adopted(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute(OLD_SCHEMA)
        con.execute("INSERT INTO feedback (created, rating, question, answer_summary) VALUES "
                    "('2026-11-01T08:00:00+00:00', 1, '考生带手机', 'case; 第七条第（一）项')")
    store = Store(f"sqlite:///{path}")
    assert [r["question"] for r in store.feedback()] == ["考生带手机"]
    assert store.add_feedback(-1, "新的", "x") == 2
    store.save_conversation("c1", "", {"answers": []}, 0)  # the new table is there too


def test_an_in_memory_database_is_refused(tmp_path):
    with pytest.raises(StoreError, match="in-memory"):
        Store("sqlite://")


def test_a_conversation_survives_json_with_its_pending_case_and_latest_answers():
    answer = Answer(question="考评员迟到了", intent="case", answer="……", latency_ms=1.0, retrieved=[], follow_up=["几次？"],
                    citations=[Citation(label="第十一条第（一）项", quote="（一）迟到的；")],
                    sanctions=[Sanction(label="第十一条第（一）项", subject="examiner", measures=["谈话提醒"], verified=True)])
    conv = Conversation("examiner", "考评员迟到了", ["prior_talks_in_cycle"], [answer] * (KEPT_ANSWERS + 3))
    back = conversation_from(conversation_state(conv))
    assert (back.pending_subject, back.pending_conduct, back.pending_facts) == \
        ("examiner", "考评员迟到了", ["prior_talks_in_cycle"])
    assert len(back.answers) == KEPT_ANSWERS and back.answers[0] == answer
    assert back.completes_case("2次") and back.merge("2次") == conv.merge("2次")


def test_feedback_waits_for_a_writer_that_holds_the_lock_longer_than_the_busy_timeout(tmp_path, monkeypatch):
    """Issue 15 item 10: another process holding the write lock (BEGIN IMMEDIATE, as a long
    migration or a stuck writer would) longer than one busy timeout does not lose the feedback:
    the write waits, is retried, and lands once the lock is released."""
    import threading
    import time

    import assistant.store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 1)  # one wait of 1 s, so the retry must do the rest
    path = tmp_path / "store.sqlite3"
    store = Store(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO feedback (created, rating, question, answer_summary) VALUES ('x', 1, 'held', '')")
    release = threading.Timer(1.6, holder.execute, args=("COMMIT",))
    release.start()
    started = time.monotonic()
    try:
        store.add_feedback(-1, "写于锁被占用时", "summary")
    finally:
        release.join()
        holder.close()
    assert time.monotonic() - started >= 1.0  # it did wait for the other writer
    assert {r["question"] for r in store.feedback()} == {"held", "写于锁被占用时"}
