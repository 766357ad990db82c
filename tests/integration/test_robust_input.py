"""Bad input through the CLI and the Assistant: a clear answer or a clear message, never a traceback.

Empty and blank questions, 200,000 characters, control characters and emoji, traditional Chinese,
mixed Chinese and English, HTML and script text, undecodable bytes, provisions that do not exist,
malformed case JSON and impossible dates. The CLI exits 2 with a message on bad input; the three
commands of the issue's acceptance run as real `regqa` processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import UserError
from cli.main import main
from tests.helpers import shared_index_dir

REGQA = Path(sys.executable).parent / "regqa"
PHONE = "考生用手机查答案怎么处理"
HUGE = PHONE + "啊" * 200_000


@pytest.fixture(autouse=True)
def test_index(monkeypatch):
    from tests.helpers import shared_index_dir

    monkeypatch.setenv("REGQA_INDEX_DIR", str(shared_index_dir()))
    for name in ("REGQA_LLM_MODEL", "REGQA_CHROMA_HOST", "REGQA_EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    yield


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


# ---- questions -----------------------------------------------------------------------------------

BLANK = ["", " ", "\n\t", "\u3000\u00a0", "？？？！！", "😀🙏📱", "\x00\x07\x1b", "\u200b\u200d\ufeff", "\x00" * 200_000]


@pytest.mark.parametrize("question", BLANK, ids=lambda q: repr(q[:8]))
def test_a_question_with_nothing_to_answer_exits_2_with_a_message(capsys, question):
    code, out, err = run(capsys, "ask", question, "--json")
    assert code == 2 and out == "" and err.startswith("error: 问题是空的") and "the question is empty" in err


# question -> what the answer must show
ANSWERED = {
    "control characters": ("考生\x00用手\x07机查\x1b答案\r\n怎么处理", "第七条第（一）项"),
    "emoji": ("考生😀用手机📱查答案怎么处理？🤔👍🏽", "第七条第（一）项"),
    "traditional Chinese": ("考生使用手機查答案，會怎麼處理？", "第七条第（一）项"),
    "mixed Chinese and English": ("candidate 用 phone 查答案, what happens?", "第七条第（一）项"),
    "html and script": ("<script>alert('x')</script><b>考生</b>用手机查答案怎么处理", "第七条第（一）项"),
    "markdown and links": ("**考生** [点这里](javascript:alert(1)) 用手机查答案 ![x](http://example.invalid/x.png)", "第七条第（一）项"),
    "undecodable bytes": ("考生用手机\udcff\udcfe查答案怎么处理", "第七条第（一）项"),
    "noise before the question": ("\x00" * 150_000 + " " * 40_000 + PHONE, "第七条第（一）项"),
    "200,000 characters": (HUGE, "第七条第（一）项"),
}


@pytest.mark.parametrize("case", ANSWERED)
def test_odd_questions_are_answered(assistant, case):
    question, label = ANSWERED[case]
    start = time.perf_counter()
    answer = assistant.ask(question)
    assert time.perf_counter() - start < 15  # within seconds, even for 200,000 characters
    assert answer.retrieved[0].label == label and answer.sanctions and answer.sanctions[0].verified
    assert all(s.verified for s in answer.sanctions)
    json.dumps(answer.contract(), ensure_ascii=False).encode("utf-8")  # printable and storable
    assert len(answer.question) <= 2000
    if case == "traditional Chinese":
        assert any("繁体" in n for n in answer.notices)
    if case == "200,000 characters":
        assert any("过长" in n for n in answer.notices)
    if case == "undecodable bytes":
        assert "\ufffd" in answer.question


def test_html_in_a_question_is_never_echoed_as_markup(assistant):
    answer = assistant.ask("<script>alert(1)</script><img src=x onerror=alert(2)>考生用手机查答案怎么处理")
    for field in (answer.answer, *answer.follow_up, *answer.notices, *(c.quote for c in answer.citations)):
        assert "<script" not in field and "<img" not in field and "onerror" not in field


@pytest.mark.parametrize(
    "question,says,shows",
    [
        ("第九十九条说了什么", "第九十九条", []),
        ("art. 99", "第九十九条", []),
        ("第七条第（九）项是什么", "第七条第（九）项", ["第七条"]),
        ("第二十一条第（五）项是什么", "skips item", ["第二十一条"]),
    ],
)
def test_a_provision_that_does_not_exist_is_said_not_to_exist(assistant, question, says, shows):
    answer = assistant.ask(question)
    assert any(says in n and ("不存在" in n or "names no provision" in n) for n in answer.notices)
    assert "不存在" in answer.answer or "does not exist" in answer.answer
    assert [c.label for c in answer.citations] == shows  # not the nearest text match passed off as the answer


def test_the_api_refuses_what_is_not_text(assistant):
    with pytest.raises(UserError, match="must be text"):
        assistant.ask(12345)
    assert assistant.ask(PHONE.encode()).sanctions[0].verified  # bytes are read as UTF-8


def test_every_question_of_a_bad_batch_gets_a_reply_or_a_user_error(assistant):
    odd = ["<", "'; DROP TABLE feedback; --", '{"subject": "alien"}', "\u202e考生用手机", "第0条", "12345", "a b " * 20,
           "2025年2月30日收到处理决定，申诉截止哪天", "9999年12月31日收到决定", "13月45日收到决定"]
    for q in odd:
        try:
            answer = assistant.ask(q)
        except UserError:
            continue
        assert answer.answer.strip() and len(answer.retrieved) >= 5


# ---- the CLI -------------------------------------------------------------------------------------


def test_cli_answers_a_traditional_question_with_a_note(capsys):
    code, out, err = run(capsys, "ask", "考生使用手機查答案會怎麼處理", "--json")
    assert code == 0 and json.loads(out)["sanctions"][0]["verified"] is True and "繁体" in err


def test_a_simplified_question_is_not_said_to_be_converted():
    from assistant.language import normalise

    q = normalise("处理结束后多少天内要把结果报给监管部门？")  # opencc's phrase table alone would write 結束
    assert "结束" in q.text and not q.converted_from_traditional


def test_cli_ask_reads_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(PHONE + "\n"))  # 200,000 characters through stdin: below, as a process
    code, out, err = run(capsys, "ask", "-", "--json")
    assert code == 0 and json.loads(out)["sanctions"][0]["label"] == "第七条第（一）项"


CASES = {
    "not JSON": ('{"subject": "candidate", "conduct": "x"', "not valid JSON"),
    "not an object": ("[1, 2]", "JSON 对象"),
    "empty file": ("", "not valid JSON"),
    "bad date": ('{"subject": "candidate", "conduct": "用手机", "date": "2025-02-30"}', "case.date"),
    "date format": ('{"subject": "candidate", "conduct": "用手机", "date": "30/02/2025"}', "case.date"),
    "unknown subject": ('{"subject": "alien", "conduct": "用手机"}', "case.subject"),
    "unknown key": ('{"subject": "candidate", "conduct": "用手机", "colour": "red"}', "case.colour"),
    "unknown fact": ('{"subject": "candidate", "conduct": "用手机", "facts": {"prior_talks": 1}}', "case.facts.prior_talks"),
    "negative count": ('{"subject": "examiner", "conduct": "迟到", "facts": {"prior_talks_in_cycle": -1}}',
                       "case.facts.prior_talks_in_cycle"),
    "wrong type": ('{"subject": "examiner", "conduct": "迟到", "facts": {"adverse_impact": "maybe"}}',
                   "case.facts.adverse_impact"),
    "nothing to assess": ('{"subject": "candidate"}', "conduct"),
    "unknown provision": ('{"subject": "candidate", "provision": "第九十九条"}', "第九十九条"),
}


@pytest.mark.parametrize("case", CASES)
def test_cli_check_rejects_a_malformed_case_naming_the_field(tmp_path, capsys, case):
    text, field = CASES[case]
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), "--json")
    assert code == 2 and out == "" and err.startswith("error:") and field in err


def test_cli_check_rejects_a_file_that_is_not_utf8_or_missing(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_bytes(b'\xff\xfe{"subject": "candidate"}')
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "not UTF-8" in err
    code, _, err = run(capsys, "check", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err


@pytest.mark.parametrize(
    "argv,says",
    [
        (["show", "第九十九条"], "no article 第九十九条"),
        (["show", "hello"], "not a citation label"),
        (["show"], "give a label"),
        (["deadline", "--received", "2025-13-01"], "--received"),
        (["deadline", "--received", "tomorrow"], "--received"),
        (["ask"], "Missing argument"),
        (["nonsense-command"], "No such command"),
    ],
)
def test_cli_bad_arguments_exit_2_with_a_message(capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == 2 and says in err


# ---- the acceptance commands, as real processes ----------------------------------------------------


def regqa(*argv, stdin: str | None = None, timeout: float = 120) -> tuple[int, str, str, float]:
    env = {**os.environ, "REGQA_INDEX_DIR": str(shared_index_dir()), "PYTHONIOENCODING": "utf-8"}
    start = time.perf_counter()
    p = subprocess.run([str(REGQA), *argv], input=stdin, capture_output=True, text=True, env=env, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.perf_counter() - start


def test_regqa_acceptance_commands_end_with_a_message_and_no_traceback(tmp_path):
    assert REGQA.exists()
    code, out, err, _ = regqa("ask", "")
    assert code == 2 and out == "" and "error: 问题是空的" in err and "the question is empty" in err and "Traceback" not in err

    # stdin is read up to 64 KB: 20,000 characters (60 KB) are cut to 2,000 with a notice, 200,000 refused
    code, out, err, seconds = regqa("ask", "-", "--json", stdin=PHONE + "啊" * 20_000)
    assert code == 0 and "Traceback" not in err and "过长" in err
    assert json.loads(out)["sanctions"][0]["verified"] is True
    assert seconds < 60  # includes starting Python and loading the model
    code, out, err, seconds = regqa("ask", "-", "--json", stdin=HUGE)
    assert code == 2 and out == "" and "64 KB" in err and len(err.strip().splitlines()) == 1

    bad = tmp_path / "bad.json"
    bad.write_text('{"subject": "candidate", "date": "2025-02-30", ', encoding="utf-8")
    code, out, err, _ = regqa("check", str(bad), "--json")
    assert code == 2 and out == "" and "not valid JSON" in err and "Traceback" not in err
