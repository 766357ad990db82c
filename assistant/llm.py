"""The optional language model: it may rewrite a question for retrieval and phrase an answer.

It never decides a sanction or a citation: whatever it writes goes through the verifier, and
the structured sanctions and citations are always rendered from the rule records.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import contextvars
import functools
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:  # langchain_core takes ~0.6 s to import; a model is made only when one is configured
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)
PROMPTS = Path(__file__).parent / "prompts"
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")


class LLMUnavailable(RuntimeError):
    """The configured model cannot be used; the deterministic answer stands."""


# One time budget per question, shared by every call made while answering it (the rewrite for
# retrieval, then the phrasing): a model that never answers costs a question one timeout, not two.
# A context variable, so that questions answered at once in several threads keep their own.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("llm_deadline", default=None)


@contextlib.contextmanager
def question_budget(seconds: float):
    """Every call inside shares `seconds` in all."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _time_left(timeout_s: float) -> float:
    deadline = _DEADLINE.get()
    return timeout_s if deadline is None else min(timeout_s, deadline - time.monotonic())


@functools.lru_cache(maxsize=8)
def prompt(name: str) -> str:
    return (PROMPTS / f"{name}.txt").read_text(encoding="utf-8")


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when no LLM is configured (the default)."""
    if not settings.llm_model:
        return None
    from langchain.chat_models import init_chat_model

    kwargs: dict = {"timeout": settings.llm_timeout_s, "max_retries": 0, "temperature": 0}
    if settings.llm_base_url:
        kwargs["base_url"] = settings.llm_base_url
    if settings.llm_api_key:
        kwargs["api_key"] = settings.llm_api_key.get_secret_value()
    try:
        return init_chat_model(settings.llm_model, model_provider=settings.llm_provider, **kwargs)
    except Exception as exc:  # noqa: BLE001 - package missing, unknown provider, no API key (OpenAIError): never a crash
        raise LLMUnavailable(f"LLM {settings.llm_provider}:{settings.llm_model} unavailable: "
                             f"{type(exc).__name__}: {exc}") from exc


def describe(settings: Settings) -> str:
    if not settings.llm_model:
        return "none"
    where = f" at {settings.llm_base_url}" if settings.llm_base_url else ""
    return f"{settings.llm_provider or 'auto'}:{settings.llm_model}{where}"


def invoke(model: BaseChatModel, text: str, timeout_s: float) -> str:
    """One call with a hard deadline (the question's budget left, at most `timeout_s`); any failure
    becomes LLMUnavailable."""
    left = _time_left(timeout_s)
    if left <= 0.05:
        raise LLMUnavailable("the time for the LLM on this question is used up")
    future = _POOL.submit(model.invoke, text)
    try:
        reply = future.result(timeout=left)
    except concurrent.futures.TimeoutError as exc:
        future.cancel()
        raise LLMUnavailable(f"the LLM did not answer within {left:.3g} s") from exc
    except Exception as exc:  # a provider error must never reach the user as a crash
        raise LLMUnavailable(f"the LLM failed: {type(exc).__name__}") from exc
    content = getattr(reply, "content", reply)
    if isinstance(content, list):  # content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    if not isinstance(content, str) or not content.strip():
        raise LLMUnavailable("the LLM returned nothing")
    return content.strip()


def rewrite_question(model: BaseChatModel, question: str, timeout_s: float) -> str:
    return invoke(model, prompt("rewrite").format(question=question), timeout_s).splitlines()[0][:300]


def phrase_answer(model: BaseChatModel, question: str, draft: str, lang: str, timeout_s: float) -> str:
    language = "用中文" if lang == "zh" else "in English, keeping the Chinese quotations as they are"
    return invoke(model, prompt("phrase").format(question=question, draft=draft, language=language), timeout_s)
