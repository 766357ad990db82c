"""Bad input through the Streamlit app (AppTest over app.py and the shared test index): every odd
question gets a reply or a warning, never an exception on the page; HTML and script in a question
are never rendered as markup (any markdown that carries them is escaped by Streamlit, and nothing
rendered with unsafe_allow_html contains them)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT

APP = str(ROOT / "app.py")
FIRST_RUN_S = 120


@pytest.fixture(scope="module")
def app_env(tmp_path_factory):
    from tests.helpers import shared_default_retriever, shared_index_dir

    mp = pytest.MonkeyPatch()
    mp.setenv("REGQA_INDEX_DIR", str(shared_index_dir()))
    mp.setenv("REGQA_FEEDBACK_DB", str(tmp_path_factory.mktemp("fb") / "feedback.sqlite3"))
    for name in ("REGQA_LLM_MODEL", "REGQA_EMBEDDING_MODEL", "REGQA_CHROMA_HOST"):
        mp.delenv(name, raising=False)
    yield
    mp.undo()


def chat(question: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run(timeout=FIRST_RUN_S)
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [e.value for e in at.error] + [getattr(e, "label", "") for e in at.expander]
    return "\n".join(str(p) for p in parts)


ODD = {
    "blank-ish": ("？？？！！", "问题是空的"),
    "control characters and emoji": ("考生\x00用手\x07机😀📱查答案怎么处理", "第七条第（一）项"),
    "traditional": ("考生使用手機查答案會怎麼處理", "第七条第（一）项"),
    "mixed": ("candidate 用 phone 查答案, what happens?", "第七条第（一）项"),
    "200,000 characters": ("考生用手机查答案怎么处理" + "啊" * 200_000, "第七条第（一）项"),
    "unknown label": ("第九十九条说了什么", "不存在"),
}


@pytest.mark.parametrize("case", ODD)
def test_odd_questions_in_the_chat(app_env, case):
    question, expect = ODD[case]
    at = chat(question)
    assert expect in shown(at)
    assert "Traceback" not in shown(at)


def test_html_and_script_are_never_rendered_as_markup(app_env):
    at = chat("<script>alert(1)</script><img src=x onerror=alert(2)>考生用手机查答案怎么处理")
    assert "第七条第（一）项" in shown(at)
    for m in at.markdown:
        if m.proto.allow_html:
            assert "<script" not in m.value and "<img" not in m.value and "onerror" not in m.value, m.value


def test_an_internal_failure_shows_a_message_not_a_traceback(app_env, monkeypatch):
    from assistant.pipeline import Assistant

    def broken(self, question, conversation=None, today=None):
        raise RuntimeError("simulated internal failure")

    monkeypatch.setattr(Assistant, "ask", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run(timeout=FIRST_RUN_S)
    at.chat_input[0].set_value("考生用手机查答案怎么处理").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "simulated internal failure" not in shown(at) and "Traceback" not in shown(at)
