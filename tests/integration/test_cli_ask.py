"""`regqa ask --json` as the contract in DESIGN.md section 4 describes it."""

import json

import pytest

from cli.main import main

KEYS = {"question", "intent", "answer", "citations", "retrieved", "sanctions", "follow_up", "latency_ms"}


@pytest.fixture(autouse=True)
def test_index(monkeypatch):
    from tests.helpers import shared_index_dir

    monkeypatch.setenv("REGQA_INDEX_DIR", str(shared_index_dir()))
    yield


def ask(capsys, question):
    code = main(["ask", question, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.mark.parametrize(
    "question,first",
    [("考生带智能手表进考场还用了", "第七条第（一）项"), ("第十三条说了什么", "第十三条"), ("article 29", "第二十九条")],
)
def test_ask_ranks_the_expected_provision_first(capsys, question, first):
    code, out, _ = ask(capsys, question)
    assert code == 0 and KEYS <= set(out)
    assert out["retrieved"][0]["label"] == first and len(out["retrieved"]) >= 5
    assert out["citations"][0]["label"] == first


def test_ask_json_sanctions_and_quotes(capsys, corpus):
    code, out, _ = ask(capsys, "考生用手机查答案怎么处理")
    assert out["intent"] == "case"
    assert out["sanctions"] == [
        {"label": "第七条第（一）项", "subject": "candidate", "measures": ["取消当次全部科目评价成绩", "当年不得参加技能评价"],
         "measure_codes": ["cancel_all_scores", "ban_rest_of_year"], "decided_by": "评价机构", "verified": True}
    ]
    assert all(c["quote"] == corpus.get(c["label"]).text for c in out["citations"])
    scores = [r["score"] for r in out["retrieved"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_an_empty_question_exits_2_with_a_message(capsys, question):
    code, out, err = ask(capsys, question)
    assert code == 2 and out is None and "empty" in err and "Traceback" not in err


def test_a_huge_question_is_answered_with_a_notice(capsys):
    code, out, err = ask(capsys, "考生用手机查答案怎么处理" + "啊" * 200_000)
    assert code == 0 and "过长" in err
    assert out["retrieved"][0]["label"] == "第七条第（一）项"
    assert len(out["question"]) <= 2000
