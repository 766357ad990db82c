"""The HTTP API in FastAPI's TestClient, over the test session's Assistant: every route answers with
the same JSON as its `regqa` command, every bad input gets a 4xx whose JSON names the field, keys
are required and rate-limited, bodies are bounded, and the request log holds no question text."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant import keys
from assistant.conversation import Conversation
from assistant.store import Store
from retrieval import IndexError_
from rules import assess
from rules.deadlines import appeal_report
from rules.render import parse_day
from tests.helpers import settings_for, shared_index_dir

KEY, STAFF_KEY = "rq_test-portal-key", "rq_test-staff-key"
CASE = {"subject": "examiner", "conduct": "接受考评任务后又迟到了", "date": "2026-09-28",
        "facts": {"prior_talks_in_cycle": 2}}


def make_app(tmp_path, assistant, **overrides):
    settings = settings_for(shared_index_dir(), feedback_db=tmp_path / "store.sqlite3",
                            api_keys={"portal": keys.hashed(KEY), "staff": keys.hashed(STAFF_KEY)},
                            api_staff_keys=["staff"], **overrides)
    return create_app(settings, assistant, Store(settings.database()), replica="test")


@pytest.fixture(scope="module")
def client(tmp_path_factory, assistant):
    with TestClient(make_app(tmp_path_factory.mktemp("api"), assistant),
                    headers={"Authorization": f"Bearer {KEY}"}) as c:
        yield c


def same(answer: dict) -> dict:
    """What a user reads of an answer (not its timing)."""
    return {k: answer[k] for k in ("intent", "answer", "citations", "sanctions", "follow_up")} | {
        "retrieved": [r["label"] for r in answer["retrieved"]]}


def test_ask_returns_the_cli_object_and_a_conversation_id(client, assistant, corpus):
    question = "考生用手机查答案怎么处理"
    got = client.post("/v1/ask", json={"question": question})
    assert got.status_code == 200, got.text
    body = got.json()
    expected = assistant.ask(question).contract()
    assert set(body) == set(expected) | {"conversation_id"}
    assert same(body) == same(expected)
    assert body["sanctions"][0]["label"] == "第七条第（一）项" and body["sanctions"][0]["verified"] is True
    assert len(body["retrieved"]) >= 5 and len(body["conversation_id"]) == 32
    for citation in body["citations"]:  # verbatim corpus text
        assert citation["quote"] in corpus.get(citation["label"]).text


def test_a_follow_up_with_the_conversation_id_completes_the_same_case(client, assistant):
    first = client.post("/v1/ask", json={"question": "考生带了资料进考场"}).json()
    assert not first["sanctions"] and any("提醒" in q for q in first["follow_up"])
    second = client.post("/v1/ask", json={"question": "是的，提醒了他还是不放",
                                           "conversation_id": first["conversation_id"]}).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert [s["label"] for s in second["sanctions"]] == ["第六条第（一）项"]
    conv = Conversation()  # the same two turns in one process, as the app's chat holds them
    assistant.ask("考生带了资料进考场", conv)
    assert same(second) == same(assistant.ask("是的，提醒了他还是不放", conv).contract())
    # without the id there is no case to complete: a new conversation, answered from the message alone
    # (which itself tells 第六条第（一）项's refusal after a reminder: since stop 44 the models' reading of
    # a case is no longer refused for want of the field's words, so the sanctions may coincide)
    alone = client.post("/v1/ask", json={"question": "是的，提醒了他还是不放"}).json()
    assert alone["conversation_id"] != first["conversation_id"]
    assert same(alone) == same(assistant.ask("是的，提醒了他还是不放", Conversation()).contract())


def test_check_deadline_and_provisions_give_the_cli_json(client, assistant, corpus, rulebook):
    assert client.post("/v1/check", json=CASE).json() == json.loads(json.dumps(assess(CASE, rulebook).as_json()))
    deadline = client.get("/v1/deadline", params={"received": "2026-09-28"}).json()
    assert deadline == json.loads(json.dumps(appeal_report(parse_day("2026-09-28", "x"), rulebook), default=str))
    everything = client.get("/v1/provisions").json()["provisions"]
    assert [p["label"] for p in everything] == [p.label for p in corpus.provisions()]
    one = client.get("/v1/provisions/art. 7(1)").json()
    assert one["label"] == "第七条第（一）项" and one["document_number"] == "沪人社职〔2025〕176号"
    assert one["text"] == corpus.get("第七条第（一）项").text


def test_healthz_needs_no_key_and_says_what_serves(client):
    health = client.get("/healthz", headers={"Authorization": ""}).json()
    assert health["status"] == "ok" and health["store"] == "sqlite" and health["replica"] == "test"
    assert health["index"]["dense"] is True


def test_the_openapi_document_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/v1/ask", "/v1/check", "/v1/provisions", "/v1/provisions/{label}", "/v1/deadline",
                  "/v1/chat/completions", "/v1/feedback", "/healthz"):
        assert route in paths
    assert client.get("/docs").status_code == 200


BAD = [
    # (method, path, request arguments, status, the field the error names)
    ("post", "/v1/ask", {"json": {}}, 422, "question"),
    ("post", "/v1/ask", {"json": {"question": 42}}, 422, "question"),
    ("post", "/v1/ask", {"json": {"question": "？？？"}}, 422, "question"),
    ("post", "/v1/ask", {"json": {"question": "考生", "extra": 1}}, 422, "extra"),
    ("post", "/v1/ask", {"json": {"question": "考生", "conversation_id": "no/such id"}}, 422, "conversation_id"),
    ("post", "/v1/ask", {"json": {"question": "考生", "conversation_id": "abc123"}}, 404, "conversation_id"),
    ("post", "/v1/ask", {"content": "{not json", "headers": {"content-type": "application/json"}}, 400, "body"),
    ("post", "/v1/ask", {"json": ["a list"]}, 422, "body"),
    ("post", "/v1/check", {"json": {"subject": "alien", "conduct": "迟到"}}, 422, "subject"),
    ("post", "/v1/check", {"json": {"subject": "examiner", "conduct": "迟到", "facts": {"bogus": 1}}}, 422, "facts.bogus"),
    ("post", "/v1/check", {"json": {"subject": "examiner", "conduct": "迟到", "date": "28/09/2026"}}, 422, "date"),
    ("post", "/v1/check", {"json": {"subject": "examiner"}}, 422, "case"),
    ("post", "/v1/check", {"json": "a string"}, 422, "body"),
    ("get", "/v1/provisions/第九十九条", {}, 404, "label"),
    ("get", "/v1/provisions/hello", {}, 404, "label"),
    ("get", "/v1/provisions", {"params": {"document": "nope"}}, 404, "document"),
    ("get", "/v1/deadline", {}, 422, "received"),
    ("get", "/v1/deadline", {"params": {"received": "2026-13-01"}}, 422, "received"),
    ("get", "/v1/deadline", {"params": {"received": "tomorrow"}}, 422, "received"),
    ("get", "/v1/deadline", {"params": {"received": "2026-09-28", "filed": "2026-02-30"}}, 422, "filed"),
    ("post", "/v1/feedback", {"json": {"rating": 0, "question": "q"}}, 422, "rating"),
    ("post", "/v1/feedback", {"json": {"rating": 1}}, 422, "question"),
    ("post", "/v1/chat/completions", {"json": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}},
     404, "model"),
    ("post", "/v1/chat/completions", {"json": {"model": "regqa", "messages": []}}, 422, "messages"),
    ("post", "/v1/chat/completions", {"json": {"model": "regqa", "messages": [{"role": "user"}]}}, 422,
     "messages[0].content"),
    ("post", "/v1/chat/completions", {"json": {"model": "regqa", "messages": [{"role": "wizard", "content": "x"}]}},
     422, "messages[0].role"),
    ("post", "/v1/chat/completions", {"json": {"model": "regqa", "messages": [
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://x/y.png"}}]}]}},
     422, "messages[0].content"),
    ("post", "/v1/chat/completions", {"json": {"model": "regqa", "messages": [
        {"role": "user", "content": "考生带手机"}, {"role": "assistant", "content": "…"}]}}, 422, "messages[1].role"),
    ("post", "/v1/chat/completions", {"json": {"model": "regqa", "stream": "yes",
                                               "messages": [{"role": "user", "content": "x"}]}}, 422, "stream"),
    ("get", "/v1/nothing-here", {}, 404, None),
    ("put", "/v1/ask", {"json": {"question": "x"}}, 405, None),
]


@pytest.mark.parametrize("method,path,kwargs,status,param", BAD,
                         ids=[f"{m} {p} {s} {f}" for m, p, _, s, f in BAD])
def test_bad_input_gets_a_4xx_naming_the_field(client, method, path, kwargs, status, param):
    got = getattr(client, method)(path, **kwargs)
    assert got.status_code == status, got.text
    error = got.json()["error"]
    assert error["param"] == param and error["type"] == "invalid_request_error"
    assert " / " in error["message"]  # 中文 / English


def test_keys_are_required_and_checked(client):
    question = {"question": "考生用手机查答案怎么处理"}
    for headers, status in [({"Authorization": ""}, 401), ({"Authorization": "Bearer rq_wrong"}, 401),
                            ({"Authorization": "", "X-API-Key": KEY}, 200), ({"Authorization": f"Bearer {STAFF_KEY}"}, 200)]:
        got = client.post("/v1/ask", json=question, headers=headers)
        assert got.status_code == status, (headers, got.text)
        if status == 401:
            assert got.json()["error"]["param"] == "Authorization" and got.headers["www-authenticate"] == "Bearer"


def test_feedback_is_stored_redacted_and_read_by_staff_keys_only(client):
    saved = client.post("/v1/feedback", json={"rating": -1, "question": "我叫张三，考生用手机怎么处理",
                                              "comment": "电话13812345678"})
    assert saved.status_code == 201
    assert client.get("/v1/feedback").status_code == 403  # the portal's key is not a staff key
    rows = client.get("/v1/feedback", headers={"Authorization": f"Bearer {STAFF_KEY}"}).json()["feedback"]
    row = next(r for r in rows if r["id"] == saved.json()["id"])
    assert row["question"] == "我叫[姓名]，考生用手机怎么处理" and row["comment"] == "电话[手机号]" and row["rating"] == -1


def test_each_key_has_its_own_rate_limit(tmp_path, assistant):
    app = make_app(tmp_path, assistant, api_rate_limit="3/minute")
    with TestClient(app) as c:
        portal = {"Authorization": f"Bearer {KEY}"}
        assert [c.get("/v1/provisions/第七条", headers=portal).status_code for _ in range(3)] == [200] * 3
        refused = c.get("/v1/provisions/第七条", headers=portal)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"]["type"] == "rate_limit_error"
        assert c.get("/v1/provisions/第七条", headers={"Authorization": f"Bearer {STAFF_KEY}"}).status_code == 200
        assert c.get("/healthz").status_code == 200  # health checks are not counted


def test_bodies_are_bounded_declared_or_streamed(tmp_path, assistant):
    with TestClient(make_app(tmp_path, assistant, api_max_body_bytes=1000),
                    headers={"Authorization": f"Bearer {KEY}"}) as c:
        declared = c.post("/v1/ask", json={"question": "考" * 2000})
        streamed = c.post("/v1/ask", content=iter([b'{"question": "', "考".encode() * 2000, b'"}']),
                          headers={"content-type": "application/json"})  # chunked: no length declared
        for got in (declared, streamed):
            assert got.status_code == 413 and got.json()["error"]["param"] == "body", got.text
        assert c.post("/v1/ask", json={"question": "考生用手机查答案怎么处理"}).status_code == 200


def test_an_unexpected_failure_is_a_json_500_and_a_lost_index_a_503(tmp_path, assistant):
    class Broken:
        def __init__(self, error):
            self.error, self.corpus, self.rulebook = error, assistant.corpus, assistant.rulebook

        def ask(self, *_a, **_k):
            raise self.error

    for error, status in [(RuntimeError("boom at /srv/secret/path"), 500), (IndexError_("Chroma is down"), 503)]:
        app = make_app(tmp_path, assistant)
        app.state.assistant = Broken(error)
        with TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {KEY}"}) as c:
            got = c.post("/v1/ask", json={"question": "考生用手机查答案怎么处理"})
        assert got.status_code == status and got.json()["error"]["type"] == "server_error"
        assert "boom" not in got.text and "Traceback" not in got.text


def test_the_request_log_holds_no_question_text(client, caplog):
    secret = "考生王小明用手机查答案怎么处理"
    with caplog.at_level(logging.DEBUG):
        assert client.post("/v1/ask", json={"question": secret}).status_code == 200
        client.get("/v1/provisions/考生王小明用手机")  # a question pasted where a label goes
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("POST /v1/ask 200") and "key=portal" in line for line in lines), lines
    assert any(line.startswith("GET /v1/provisions/{label} 404") for line in lines), lines
    assert not [line for line in lines if "王小明" in line or "手机" in line]


def test_chat_completions_answers_with_the_verified_answer_and_its_citations(client, assistant):
    got = client.post("/v1/chat/completions", json={"model": "regqa", "temperature": 0.2, "messages": [
        {"role": "system", "content": "You are helpful."}, {"role": "user", "content": "考生用手机查答案怎么处理"}]})
    assert got.status_code == 200, got.text
    body = got.json()
    expected = assistant.ask("考生用手机查答案怎么处理")
    assert body["object"] == "chat.completion" and body["model"] == "regqa"
    assert body["choices"][0]["message"] == {"role": "assistant", "content": expected.answer, "refusal": None}
    assert body["choices"][0]["finish_reason"] == "stop"
    assert same(body["regqa"]) == same(expected.contract())


def test_chat_completions_streams_server_sent_events_ending_in_done(client, assistant):
    with client.stream("POST", "/v1/chat/completions", json={"model": "regqa", "stream": True, "messages": [
            {"role": "user", "content": [{"type": "text", "text": "考生用手机查答案怎么处理"}]}]}) as got:
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/event-stream")
        data = [line.removeprefix("data: ") for line in got.iter_lines() if line.startswith("data: ")]
    assert data[-1] == "[DONE]"
    chunks = [json.loads(d) for d in data[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and c["id"] == chunks[0]["id"] for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant" and len(chunks) > 3
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == assistant.ask("考生用手机查答案怎么处理").answer
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["regqa"]["sanctions"][0]["label"] == "第七条第（一）项"


def test_chat_completions_continue_a_case_from_the_messages_alone(client, assistant):
    body = client.post("/v1/chat/completions", json={"model": "regqa", "messages": [
        {"role": "user", "content": "考评员迟到了"}, {"role": "assistant", "content": "（上一轮的回答）"},
        {"role": "user", "content": "这个周期已经被谈话提醒2次"}]}).json()
    conv = Conversation()
    assistant.ask("考评员迟到了", conv)
    assert same(body["regqa"]) == same(assistant.ask("这个周期已经被谈话提醒2次", conv).contract())
    assert body["regqa"]["sanctions"][0]["label"] == "第十二条第（一）项"
