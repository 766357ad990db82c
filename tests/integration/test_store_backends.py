"""Shared state across replicas, on PostgreSQL and on SQLite: the same suite for both.

Two replicas are two API apps in this process, each with its own Store and connection pool over the
same database, as two uvicorn processes would have. PostgreSQL is a real server from Debian's
`postgresql` package (scripts/system-deps.sh installs it), a new cluster in a temporary folder on a
loopback port, started by the fixture; where the package is missing the PostgreSQL half is skipped
and says why.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from api.app import create_app
from assistant import keys
from assistant.conversation import Conversation
from assistant.feedback import FeedbackStore
from assistant.store import MIGRATIONS, ConversationConflict, Store, conversations
from deploy.local import Postgres, Unavailable
from tests.helpers import settings_for, shared_index_dir

KEY = "rq_test-replica-key"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        yield f"sqlite:///{folder / 'shared.sqlite3'}"
        return
    server = Postgres(folder)
    try:
        url = server.start()
    except Unavailable as exc:
        pytest.skip(f"no PostgreSQL server here: {exc}")
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def replicas(database, assistant):
    """Replica A and replica B: separate apps, separate stores, one database."""
    settings = settings_for(shared_index_dir(), database_url=database, api_keys={"ops": keys.hashed(KEY)},
                            api_staff_keys=["ops"])
    stores = [Store(database), Store(database)]
    apps = [create_app(settings, assistant, s, replica=name) for s, name in zip(stores, "AB")]
    with TestClient(apps[0], headers={"Authorization": f"Bearer {KEY}"}) as a, \
            TestClient(apps[1], headers={"Authorization": f"Bearer {KEY}"}) as b:
        yield a, b
    for s in stores:
        s.close()


def test_the_replicas_report_the_shared_backend(replicas, database):
    a, b = replicas
    backend = "sqlite" if database.startswith("sqlite") else "postgresql"
    assert [r.get("/healthz").json()["store"] for r in (a, b)] == [backend, backend]
    assert [r.get("/healthz").json()["replica"] for r in (a, b)] == ["A", "B"]


def test_feedback_written_through_replica_a_is_read_through_replica_b(replicas):
    a, b = replicas
    saved = a.post("/v1/feedback", json={"rating": 1, "question": "考生王五用手机怎么处理，电话13912345678",
                                         "answer_summary": "case; 第七条第（一）项", "comment": "清楚"})
    assert saved.status_code == 201
    rows = b.get("/v1/feedback").json()["feedback"]
    row = next(r for r in rows if r["id"] == saved.json()["id"])
    assert row["question"] == "考生[姓名]用手机怎么处理，电话[手机号]" and row["answer_summary"] == "case; 第七条第（一）项"


def test_the_app_and_the_api_share_the_feedback(replicas, database):
    a, _ = replicas
    from_app = FeedbackStore(Store(database)).add("被抓到替考要停考几年", "rights; 第八条第（二）项", -1, "看不懂")
    assert any(r["id"] == from_app and r["comment"] == "看不懂" for r in a.get("/v1/feedback").json()["feedback"])


def test_a_follow_up_on_the_other_replica_gives_the_same_answer_as_one_process(replicas, assistant):
    a, b = replicas
    first = a.post("/v1/ask", json={"question": "考评员迟到了"}).json()
    second = b.post("/v1/ask", json={"question": "这个周期已经被谈话提醒2次",
                                     "conversation_id": first["conversation_id"]}).json()
    conv = Conversation()
    assistant.ask("考评员迟到了", conv)
    alone = assistant.ask("这个周期已经被谈话提醒2次", conv)
    assert second["answer"] == alone.answer and second["sanctions"][0]["label"] == "第十二条第（一）项"
    third = a.post("/v1/ask", json={"question": "考生带了资料进考场", "conversation_id": first["conversation_id"]})
    assert third.status_code == 200  # and back on A: the conversation goes on wherever it is asked


def test_concurrent_writers_on_two_replicas_lose_no_feedback(database):
    stores = [Store(database), Store(database)]
    before = len(stores[0].feedback(limit=100_000))
    ids, errors = [], []

    def write(store: Store, n: int) -> None:
        try:
            for i in range(25):
                ids.append(store.add_feedback(1, f"question {n}-{i}", "summary"))
        except Exception as exc:  # noqa: BLE001 - collected, the assert below shows it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(stores[n % 2], n)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = stores[1].feedback(limit=100_000)
    assert len(rows) == before + 200 and len(set(ids)) == 200
    assert {f"question {n}-{i}" for n in range(8) for i in range(25)} <= {r["question"] for r in rows}
    for s in stores:
        s.close()


def test_one_state_cannot_be_continued_twice(database):
    store = Store(database)
    version = store.save_conversation("twice", "ops", {"answers": []}, 0)
    store.save_conversation("twice", "ops", {"answers": [], "n": 1}, version)
    with pytest.raises(ConversationConflict):  # a second request that loaded the same version
        store.save_conversation("twice", "ops", {"answers": [], "n": 2}, version)
    with pytest.raises(ConversationConflict):
        store.save_conversation("twice", "ops", {"answers": []}, 0)  # and the id is taken
    assert store.load_conversation("twice", "ops").state["n"] == 1
    assert store.load_conversation("twice", "someone-else") is None  # another key does not see it


def test_an_expired_conversation_is_gone(database):
    store = Store(database, conversation_ttl_s=3600)
    store.save_conversation("old", "", {"answers": []}, 0)
    with store.engine.begin() as conn:
        conn.execute(update(conversations).where(conversations.c.id == "old")
                     .values(updated=dt.datetime(2020, 1, 1)))
    assert store.load_conversation("old", "") is None
    store._purged = -1e9  # the next save purges
    store.save_conversation("new", "", {"answers": []}, 0)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM conversations WHERE id = 'old'")).scalar() == 0


def test_the_schema_is_at_alembic_head(database):
    store = Store(database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
            ScriptDirectory.from_config(config).get_current_head()
    assert Path(MIGRATIONS / "env.py").exists()
