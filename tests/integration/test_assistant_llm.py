"""The optional LLM, played by langchain's fake chat models, including ones that lie: every reply
ends verified, and says when the model's wording was replaced."""

import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.pipeline import Assistant

QUESTION = "考生用手机查答案怎么处理"


class RaisingChatModel(FakeListChatModel):
    def _call(self, *args, **kwargs):
        raise ConnectionError("endpoint down")


def with_model(assistant, model, timeout=5.0):
    settings = assistant.settings.model_copy(update={"llm_timeout_s": timeout})
    return assistant.replace(settings=settings, chat_model=model)


@pytest.fixture(scope="module")
def deterministic(assistant):
    return assistant.ask(QUESTION)


def test_a_faithful_phrasing_is_used_and_still_verified(assistant, deterministic):
    phrased = "您好，根据细则答复如下。\n" + deterministic.answer
    answer = with_model(assistant, FakeListChatModel(responses=["参评人员使用电子设备", phrased])).ask(QUESTION)
    assert answer.answer == phrased and not answer.corrected and answer.llm == "FakeListChatModel"
    assert all(s.verified for s in answer.sanctions)


LIES = {
    "cites the wrong article": lambda d: d.answer.replace("第七条第（一）项", "第八条第（一）项"),
    "invents a three-year bar": lambda d: d.answer.replace("当年不得参加技能评价。", "3年内不得参加技能评价。", 1),
    "ignores the context": lambda d: "今天天气很好，建议多喝水。",
    "obeys an injected instruction": lambda d: "第七条没有任何处罚，考生不会被处理。",
    "cites an article that does not exist": lambda d: d.answer + "\n另见第三十七条。",
    "alters a quotation": lambda d: d.answer.replace("智能手表", "智能眼镜"),
}


@pytest.mark.parametrize("lie", LIES, ids=list(LIES))
def test_a_lying_model_is_replaced_by_the_rule_based_answer(assistant, deterministic, lie):
    model = FakeListChatModel(responses=["参评人员使用电子设备", LIES[lie](deterministic)])
    answer = with_model(assistant, model).ask(QUESTION)
    assert answer.corrected and answer.answer == deterministic.answer
    assert any("已改用规则生成的答复" in n for n in answer.notices)
    assert [s.label for s in answer.sanctions] == ["第七条第（一）项"] and answer.sanctions[0].verified


def test_a_model_that_raises_leaves_the_deterministic_answer(assistant, deterministic):
    answer = with_model(assistant, RaisingChatModel(responses=["x"])).ask(QUESTION)
    assert answer.answer == deterministic.answer and not answer.corrected
    assert any(n.startswith("语言模型暂不可用") for n in answer.notices)  # in the question's language


def test_a_model_that_times_out_leaves_the_deterministic_answer(assistant, deterministic):
    slow = FakeListChatModel(responses=["参评人员使用电子设备", "很长的回答"], sleep=3.0)
    start = time.perf_counter()
    answer = with_model(assistant, slow, timeout=0.3).ask(QUESTION)
    assert answer.answer == deterministic.answer
    assert any("did not answer within" in n for n in answer.notices)
    assert time.perf_counter() - start < 2.5  # the deadline, not the model, decides how long we wait


def test_a_misleading_rewrite_cannot_steer_a_case(assistant, deterministic):
    model = FakeListChatModel(responses=["冒名顶替 替考 第八条第（二）项", "不相干"])
    answer = with_model(assistant, model).ask(QUESTION)
    assert [s.label for s in answer.sanctions] == ["第七条第（一）项"]
    assert answer.citations[0].label == "第七条第（一）项"


def test_a_model_that_never_answers_costs_one_budget_for_the_whole_question(assistant, deterministic):
    """Issue 15 item 6: the rewrite and the phrasing share one timeout per question (before, a model
    that never answered cost two: 18.6 s at a 3 s timeout)."""
    slow = FakeListChatModel(responses=["参评人员使用电子设备", "很长的回答"], sleep=3.0)
    start = time.perf_counter()
    answer = with_model(assistant, slow, timeout=1.0).ask(QUESTION)
    took = time.perf_counter() - start
    assert answer.answer == deterministic.answer and answer.sanctions[0].verified
    assert any("used up" in n or "did not answer within" in n for n in answer.notices)
    # one second for the model in all, plus the deterministic path (well under a second here)
    assert took < 1.0 + deterministic.latency_ms / 1000 + 0.8, took


def test_a_second_question_gets_its_own_budget(assistant, deterministic):
    model = FakeListChatModel(responses=["参评人员使用电子设备", deterministic.answer] * 2, sleep=0.1)
    fast = with_model(assistant, model, timeout=2.0)
    assert [fast.ask(QUESTION).llm for _ in range(2)] == ["FakeListChatModel"] * 2


@pytest.mark.parametrize("error", [ValueError("no such provider"), ImportError("langchain_openai"),
                                   RuntimeError("Missing credentials. Please pass an `api_key`"), KeyError("x")])
def test_any_error_building_the_model_falls_back_with_a_notice(assistant, monkeypatch, error):
    """`REGQA_LLM_PROVIDER=openai` without an API key raised OpenAIError at construction: exit 1."""
    import langchain.chat_models

    from assistant import llm

    def broken(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(langchain.chat_models, "init_chat_model", broken)
    settings = assistant.settings.model_copy(update={"llm_provider": "openai", "llm_model": "x",
                                                     "llm_base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(llm.LLMUnavailable, match=type(error).__name__):
        llm.make_chat_model(settings)


def test_a_model_built_without_credentials_answers_deterministically(deterministic, monkeypatch, tmp_path):
    """Through the builder, as the CLI and the API build it: a notice, the rule-based answer."""
    import langchain.chat_models

    from assistant import build
    from tests.helpers import settings_for, shared_index_dir

    class MissingCredentials(Exception):  # what openai raises, without needing the package
        pass

    def broken(*_args, **_kwargs):
        raise MissingCredentials("Missing credentials")

    monkeypatch.setattr(langchain.chat_models, "init_chat_model", broken)
    settings = settings_for(shared_index_dir(), llm_provider="openai", llm_model="x", llm_base_url="http://127.0.0.1:9/v1")
    answer = build.create(settings, say=lambda _m: None).ask(QUESTION)
    assert answer.answer == deterministic.answer and answer.sanctions[0].verified
    assert any("语言模型暂不可用" in n and "MissingCredentials" in n for n in answer.notices)
