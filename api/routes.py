"""The routes of DESIGN.md section 4, each the HTTP form of a `regqa` command and returning the
same JSON: ask (with conversations kept in the shared store), check, provisions, deadline; and
feedback, which the app also writes."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from sqlalchemy.exc import SQLAlchemyError

from api.auth import Caller
from api.errors import ApiError
from api.schemas import AskRequest, AskResponse, FeedbackRequest, FeedbackSaved
from assistant.conversation import Conversation
from assistant.errors import UserError
from assistant.feedback import FeedbackStore
from assistant.store import ConversationConflict, conversation_from, conversation_state
from corpus import UnknownLabel
from corpus.messages import Text
from rules import CaseError, assess
from rules.deadlines import appeal_report
from rules.render import parse_day

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1")

CASE_EXAMPLE = {"subject": "examiner", "conduct": "接受考评任务后又迟到了", "date": "2026-09-28",
                "facts": {"prior_talks_in_cycle": 2}}


def _param(message: str, default: str) -> str:
    """'case.facts.x: unknown field' -> 'facts.x'; '--received: ...' -> 'received'."""
    head = message.split(":", 1)[0].strip().lstrip("-")
    return head.removeprefix("case.") if head and " " not in head and head != "case" else default


@router.post("/ask", response_model=AskResponse, summary="Answer a question (regqa ask --json)")
def ask(body: AskRequest, request: Request, client: Caller) -> AskResponse:
    state = request.app.state
    cid, version, conversation = body.conversation_id, 0, Conversation()
    if cid is not None:
        saved = state.store.load_conversation(cid, client.name)
        if saved is None:
            raise ApiError(404, "没有这个对话（可能已过期） / no such conversation (it may have expired): "
                           "leave conversation_id out to start a new one", "conversation_id", "conversation_not_found")
        version, conversation = saved.version, conversation_from(saved.state)
    else:
        cid = uuid.uuid4().hex
    try:
        answer = state.assistant.ask(body.question, conversation)
    except UserError as exc:
        raise ApiError(422, _both(exc.said), "question", "invalid_question") from None
    try:
        state.store.save_conversation(cid, client.name, conversation_state(conversation), version)
    except ConversationConflict:
        raise ApiError(409, "这个对话同时收到了另一个问题，请重发 / the conversation was continued by another request "
                       "meanwhile; send the question again", "conversation_id", "conversation_conflict") from None
    return AskResponse(**answer.model_dump(), conversation_id=cid)


def _both(said: Text) -> str:
    """An API message in both languages: the client shows it to people whose language it knows."""
    return said.zh if said.zh == said.en else f"{said.zh} / {said.en}"


@router.post("/check", summary="Assess a case with the rule engine (regqa check --json)")
def check(case: Annotated[dict[str, Any], Body(examples=[CASE_EXAMPLE])], request: Request, _client: Caller) -> dict:
    try:
        decision = assess(case, request.app.state.assistant.rulebook)
    except CaseError as exc:
        raise ApiError(422, _both(exc.said), _param(str(exc), "case"), "invalid_case") from None
    return decision.as_json()


@router.get("/provisions", summary="Every provision (regqa show --all --json)")
def provisions(request: Request, _client: Caller,
               document: Annotated[str | None, Query(max_length=200, description="a document id")] = None) -> dict:
    try:
        found = request.app.state.assistant.corpus.provisions(document)
    except UnknownLabel as exc:
        raise ApiError(404, _both(exc.said), "document", "unknown_document") from None
    return {"provisions": [p.as_dict() for p in found]}


@router.get("/provisions/{label}", summary="One provision (regqa show LABEL --json)")
def provision(label: Annotated[str, Path(max_length=200, description="第七条第（一）项, 第7条, art. 7(2) …")], request: Request, _client: Caller,
              document: Annotated[str | None, Query(max_length=200)] = None) -> dict:
    corpus = request.app.state.assistant.corpus
    try:
        p = corpus.get(label, document)
    except UnknownLabel as exc:
        param = "document" if str(exc).startswith("no document") else "label"
        raise ApiError(404, _both(exc.told()), param, f"unknown_{param}") from None
    doc = corpus.document(p.document)
    return {**p.as_dict(), "document_title": doc.meta.title, "document_number": doc.meta.number}


@router.get("/deadline", summary="第二十九条 deadlines in working days (regqa deadline --json)")
def deadline(request: Request, _client: Caller,
             received: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, the day the decision was received")],
             filed: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, the day the statement was filed")] = None) -> dict:
    try:
        return appeal_report(parse_day(received, "received"), request.app.state.assistant.rulebook,
                             parse_day(filed, "filed") if filed is not None else None)
    except ValueError as exc:  # DayError, DateError: said in both languages
        said = getattr(exc, "said", None)
        raise ApiError(422, _both(said) if said is not None else str(exc), _param(str(exc), "received"),
                       "invalid_date") from None


@router.post("/feedback", status_code=201, response_model=FeedbackSaved, summary="Rate an answer")
def add_feedback(body: FeedbackRequest, request: Request, _client: Caller) -> FeedbackSaved:
    """Stored redacted (ID-card and phone numbers, e-mail addresses, names), as the app stores it."""
    return FeedbackSaved(id=FeedbackStore(request.app.state.store).add(body.question, body.answer_summary,
                                                                        body.rating, body.comment))


@router.get("/feedback", summary="Stored feedback, newest first (staff keys only)")
def list_feedback(request: Request, client: Caller,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
    if not client.staff:
        raise ApiError(403, "这个密钥不能查看反馈 / this key may not read feedback (REGQA_API_STAFF_KEYS)",
                       "Authorization", "not_staff", "permission_error")
    return {"feedback": FeedbackStore(request.app.state.store).list(limit)}


health = APIRouter()


@health.get("/healthz", summary="Ready to answer: the index loaded and the database reachable")
def healthz(request: Request) -> dict:
    state = request.app.state
    try:
        state.store.ping()
    except SQLAlchemyError as exc:
        log.error("the database is unreachable: %s", type(exc).__name__)
        raise ApiError(503, "数据库暂不可用 / the database is unreachable", None, "database_unavailable",
                       "server_error") from None
    index = state.assistant.retriever.index
    return {"status": "ok", "replica": state.replica, "store": state.store.backend,
            "index": {"dense": index.dense, "embedding_model": index.model_id, "server": getattr(index, "server", None)}}
