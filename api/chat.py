"""`POST /v1/chat/completions`, OpenAI-compatible, so that chat front ends and bot frameworks that
speak OpenAI's protocol can use the assistant unchanged (model `regqa`).

The message is the verified answer; its citations, sanctions and follow-up questions ride along in
an extra field `regqa` (the `regqa ask --json` object), which OpenAI's client keeps. Streamed
(`"stream": true`) as server-sent events: `chat.completion.chunk` objects, then `data: [DONE]`. As in
the app, the whole reply is made and verified before its first piece is sent.

Such clients send the whole conversation each time and keep no id, so the conversation is the
messages themselves: the latest user turns before the last are asked again, in order, to rebuild the
case still waiting for a fact; then the last is answered. Sampling parameters (temperature, ...) are
accepted and ignored: the answer is decided by the rules.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from itertools import chain
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.sse import EventSourceResponse, format_sse_event
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator

from api.auth import Caller
from api.errors import ApiError
from assistant.conversation import Conversation
from assistant.errors import UserError

MODEL = "regqa"
REPLAYED_TURNS = 6  # earlier user turns asked again to rebuild a pending case; more is rarely a case still open

router = APIRouter(prefix="/v1")


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["text"]
    text: StrictStr


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, ...: kept by clients, not read here
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: StrictStr | list[TextPart] | None = None

    @field_validator("content", mode="before")
    @classmethod
    def _text_only(cls, value):
        # checked before the union, so that the error names `content` and says what is wrong
        if isinstance(value, list) and not all(isinstance(p, dict) and p.get("type") == "text" for p in value):
            raise ValueError("only text parts ({'type': 'text', 'text': ...}) can be read; images, audio and files cannot")
        if value is not None and not isinstance(value, (str, list)):
            raise ValueError("expected a string or a list of text parts")
        return value

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(part.text for part in self.content)
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, top_p, ...: accepted, ignored
    model: StrictStr = Field(examples=[MODEL])
    messages: list[Message] = Field(min_length=1, max_length=200)
    stream: StrictBool = False


def _turns(req: ChatRequest) -> list[str]:
    if req.model != MODEL:
        raise ApiError(404, f"没有这个模型 / the model {req.model!r} does not exist; use {MODEL!r}", "model",
                       "model_not_found")
    if req.messages[-1].role != "user":
        raise ApiError(422, "最后一条消息应当是用户的提问 / the last message must be the user's question",
                       f"messages[{len(req.messages) - 1}].role", "invalid_field")
    return [m.text() for m in req.messages if m.role == "user"]


def _conversation(assistant, earlier: list[str]) -> Conversation:
    conversation = Conversation()
    for turn in earlier[-REPLAYED_TURNS:]:
        try:
            assistant.ask(turn, conversation)
        except UserError:  # a turn that got an error in the chat left the conversation as it was
            continue
    return conversation


def _envelope(kind: str, cid: str, created: int) -> dict:
    return {"id": cid, "object": kind, "created": created, "model": MODEL, "system_fingerprint": None}


@router.post("/chat/completions", summary="OpenAI-compatible chat (model regqa)",
             responses={200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE when stream is true"}})
def chat_completions(req: ChatRequest, request: Request, _client: Caller):
    turns = _turns(req)
    assistant = request.app.state.assistant
    conversation = _conversation(assistant, turns[:-1])
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    pieces = assistant.stream(turns[-1], conversation)
    try:
        first = next(pieces, "")  # the whole reply is made, and verified, before anything is sent
    except UserError as exc:
        raise ApiError(422, f"问题无效 / {exc}", f"messages[{len(req.messages) - 1}].content",
                       "invalid_question") from None
    answer = conversation.answers[-1]
    if not req.stream:
        return {**_envelope("chat.completion", cid, created),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer, "refusal": None},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": None, "regqa": answer.contract()}

    def events() -> Iterator[bytes]:
        head = _envelope("chat.completion.chunk", cid, created)

        def chunk(delta: dict, finish: str | None = None, **extra) -> bytes:
            choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
            return format_sse_event(data_str=json.dumps({**head, "choices": [choice], **extra}, ensure_ascii=False))

        yield chunk({"role": "assistant", "content": ""})
        for piece in chain([first], pieces):
            if piece:
                yield chunk({"content": piece})
        yield chunk({}, "stop", regqa=answer.contract())
        yield format_sse_event(data_str="[DONE]")

    # no caching, and no buffering by a proxy in front (nginx honours X-Accel-Buffering): pieces go out as made
    return EventSourceResponse(events(), headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
