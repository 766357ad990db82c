"""Locust users for eval/load_api.py (not imported by the project).

Each user asks questions drawn from the labelled sets through `/v1/ask`, alternating between the
replicas in REGQA_LOAD_HOSTS (no affinity, as behind a load balancer), with no pause between an
answer and the next question. When an answer asks for a fact, the user's next request answers it
with the conversation's id, so it reaches the other replica: follow-ups across replicas are part of
the load. A response counts as an error unless it is 200 with every stated sanction verified.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

ROOT = Path(__file__).resolve().parent
HOSTS = os.environ.get("REGQA_LOAD_HOSTS", "http://127.0.0.1:8000").split(",")
KEY = os.environ.get("REGQA_LOAD_KEY", "")
QUESTIONS = [json.loads(line)["question"] for name in ("questions.jsonl", "holdout.jsonl")
             for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if line.strip()]
REPLIES = ("是的，经提醒后仍拒不改正", "没有，马上改正了", "本周期此前被谈话提醒2次", "不知道")
_numbers = itertools.count()


class Asker(FastHttpUser):
    host = HOSTS[0]
    wait_time = constant(0)  # closed loop: the concurrency is the number of users

    def on_start(self) -> None:
        n = next(_numbers)
        self.rng = random.Random(n)  # each user its own, repeatable, sequence of questions
        self.turn = n
        self.pending: str | None = None

    @task
    def ask(self) -> None:
        host = HOSTS[self.turn % len(HOSTS)]
        self.turn += 1
        if self.pending:
            body = {"question": self.rng.choice(REPLIES), "conversation_id": self.pending}
        else:
            body = {"question": self.rng.choice(QUESTIONS)}
        with self.client.post(f"{host}/v1/ask", json=body, headers={"Authorization": f"Bearer {KEY}"},
                              name="/v1/ask", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                self.pending = None
                return
            answer = response.json()
            if not all(s["verified"] for s in answer["sanctions"]):
                response.failure("a sanction was not verified")
            self.pending = answer["conversation_id"] if answer["follow_up"] and not self.pending else None
