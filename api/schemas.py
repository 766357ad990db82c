"""What clients send and get back, as pydantic models (they make the OpenAPI page at /docs)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from assistant.answer import Answer

CONVERSATION_ID = r"^[A-Za-z0-9_-]{1,64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Strict):
    question: StrictStr = Field(description="A question in plain words, Chinese or English",
                                examples=["考生用手机查答案怎么处理"])
    conversation_id: StrictStr | None = Field(
        default=None, pattern=CONVERSATION_ID,
        description="The id a previous answer returned, so that this question continues that conversation")


class AskResponse(Answer):
    """The `regqa ask --json` object plus the conversation it belongs to."""

    conversation_id: str


class FeedbackRequest(_Strict):
    rating: Literal[1, -1] = Field(description="+1 helpful, -1 not")
    question: StrictStr = Field(max_length=4000)
    answer_summary: StrictStr = Field(default="", max_length=8000,
                                      description="e.g. the intent and the cited labels of the answer")
    comment: StrictStr = Field(default="", max_length=4000)


class FeedbackSaved(BaseModel):
    id: StrictInt
