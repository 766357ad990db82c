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
