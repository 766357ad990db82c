"""`regqa serve` as a real uvicorn process on a loopback port, and OpenAI's own client library pointed
at it (`base_url`), streamed and not: a verified answer with its citations comes back, the server's
log holds no question text, and SIGTERM stops it cleanly.

The server gets a copy of the test session's index (built once, the default model) and a SQLite
store of its own; only loopback traffic.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import httpx
import openai
import pytest

from assistant import keys
from assistant.conversation import Conversation
from deploy.local import Service, free_port
from tests.helpers import shared_index_dir

KEY = "rq_test-server-key"
REGQA = Path(sys.executable).parent / "regqa"
PRIVATE = "我叫李雷，考生用手机查答案怎么处理"


def start_server(folder: Path) -> tuple[Service, str]:
    shutil.copytree(shared_index_dir(), folder / "index")
    (folder / "logs").mkdir()
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("REGQA_")},
           "REGQA_INDEX_DIR": str(folder / "index"), "REGQA_FEEDBACK_DB": str(folder / "store.sqlite3"),
           "REGQA_API_KEYS": f'{{"tests": "{keys.hashed(KEY)}"}}'}
    service = Service("serve", [str(REGQA), "serve", "--port", str(port)], folder / "logs", env=env)
    service.wait_http(f"http://127.0.0.1:{port}/healthz", 120)
    return service, f"http://127.0.0.1:{port}"


def the_server_answers_the_contract_on_loopback(url: str, assistant) -> None:
    health = httpx.get(f"{url}/healthz").json()
    assert health["status"] == "ok" and health["index"]["dense"] and health["store"] == "sqlite"
    asked = httpx.post(f"{url}/v1/ask", json={"question": "考生带了资料进考场"},
                       headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    assert asked.status_code == 200 and asked.json()["follow_up"]
    follow = httpx.post(f"{url}/v1/ask", json={"question": "是的，提醒了他还是不放",
                                                "conversation_id": asked.json()["conversation_id"]},
                        headers={"X-API-Key": KEY}, timeout=60).json()
    conv = Conversation()
    assistant.ask("考生带了资料进考场", conv)
    assert follow["answer"] == assistant.ask("是的，提醒了他还是不放", conv).answer
    assert httpx.post(f"{url}/v1/ask", json={"question": "x"}).status_code == 401


def the_openai_client_gets_a_verified_answer_with_citations(client: openai.OpenAI, assistant) -> None:
    completion = client.chat.completions.create(
        model="regqa", messages=[{"role": "user", "content": "考生用手机查答案怎么处理"}], temperature=0)
    expected = assistant.ask("考生用手机查答案怎么处理")
    assert completion.model == "regqa" and completion.choices[0].finish_reason == "stop"
    assert completion.choices[0].message.content == expected.answer
    extra = completion.model_extra["regqa"]
    assert [c["label"] for c in extra["citations"]] == [c.label for c in expected.citations]
    assert extra["citations"][0]["label"] == "第七条第（一）项"
    assert extra["sanctions"][0]["verified"] is True and extra["sanctions"][0]["measures"]


def the_openai_client_streams_it(client: openai.OpenAI, assistant) -> None:
    stream = client.chat.completions.create(
        model="regqa", stream=True, messages=[{"role": "user", "content": "被抓到替考要停考几年"}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert len(chunks) > 3 and text == assistant.ask("被抓到替考要停考几年").answer
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["regqa"]["citations"] and all(s["verified"] for s in last.model_extra["regqa"]["sanctions"])


def the_openai_client_reads_the_errors(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as missing:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.body["param"] == "model"
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=client.base_url, api_key="rq_wrong", max_retries=0).chat.completions.create(
            model="regqa", messages=[{"role": "user", "content": "hi"}])


def the_log_has_requests_but_no_question_text_and_sigterm_stops_it(service: Service, client: openai.OpenAI) -> None:
    client.chat.completions.create(model="regqa", messages=[{"role": "user", "content": PRIVATE}])
    time.sleep(0.5)
    log = service.tail(200_000)
    assert "POST /v1/chat/completions 200" in log and "key=tests" in log
    assert "李雷" not in log and "查答案" not in log
    service.proc.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then raises the signal again so that its parent sees why it ended
    assert service.proc.wait(timeout=30) == -signal.SIGTERM
    assert "Finished server process" in service.tail()


def test_regqa_serve_on_loopback_with_the_openai_client(tmp_path, assistant):
    """One scenario over one server process (a test each could start one per test worker)."""
    service, url = start_server(tmp_path)
    try:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key=KEY, max_retries=0, timeout=60)
        the_server_answers_the_contract_on_loopback(url, assistant)
        the_openai_client_gets_a_verified_answer_with_citations(client, assistant)
        the_openai_client_streams_it(client, assistant)
        the_openai_client_reads_the_errors(client)
        the_log_has_requests_but_no_question_text_and_sigterm_stops_it(service, client)
    finally:
        service.stop()
