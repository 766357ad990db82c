"""Eval metrics and the question-set reader: small tables of cases."""

import json

import pytest

from eval import leakage
from eval import metrics as m
from eval.runner import EvalSetError, citations_from, load_questions, summarize


@pytest.mark.parametrize(
    "gold, ranked, expected",
    [
        (["第七条"], ["第七条", "第八条"], {"hit@1": 1.0, "hit@3": 1.0, "hit@5": 1.0, "mrr": 1.0}),
        (["第七条"], ["第八条", "第九条", "第七条"], {"hit@1": 0.0, "hit@3": 1.0, "hit@5": 1.0, "mrr": 1 / 3}),
        (["第七条", "第十条"], ["第一条", "第十条"], {"hit@1": 0.0, "hit@3": 1.0, "hit@5": 1.0, "mrr": 0.5}),
        (["第七条"], ["第一条"] * 6, {"hit@1": 0.0, "hit@3": 0.0, "hit@5": 0.0, "mrr": 0.0}),
    ],
)
def test_hit_at_k_and_mrr(gold, ranked, expected):
    assert m.scores_for(gold, ranked) == pytest.approx(expected)


def test_article_level_derives_from_item_labels_without_double_counting():
    q = {"articles": ["第八条"], "clauses": ["第八条第（二）项"]}
    retrieved = ["第七条第（一）项", "第七条第（二）项", "第八条第（二）项"]
    s = m.question_scores(q, retrieved)
    assert s["article"]["mrr"] == 0.5  # 第七条 counted once, then 第八条
    assert s["item"]["mrr"] == pytest.approx(1 / 3)


def test_out_of_scope_questions_are_not_scored():
    assert m.question_scores({"articles": [], "clauses": []}, ["第一条"]) is None


def test_split_is_by_id_parity():
    assert m.split_of({"id": "q012"}) == "even ids" and m.split_of({"id": "h013"}) == "odd ids"


def test_percentile_nearest_rank():
    assert m.percentile([5, 1, 3, 2, 4], 50) == 3 and m.percentile([1, 2, 3, 4, 100], 95) == 100


def test_reader_names_the_bad_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "a", "question": "x", "articles": []}\n{not json}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"set.jsonl:2"):
        load_questions(path)
    path.write_text('{"id": "a", "question": "x"}\n{"id": "a", "question": "y"}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match="duplicate id"):
        load_questions(path)


def test_the_public_set_reads_and_every_label_names_a_provision(corpus):
    questions = load_questions("eval/questions.jsonl")
    labels = {p.label for p in corpus.provisions()}
    assert len(questions) >= 150
    assert all(set(q["articles"]) | set(q["clauses"]) <= labels for q in questions)


def test_summary_groups_by_split_language_and_persona():
    qs = [
        {"id": "q1", "question": "a", "articles": ["第七条"], "clauses": ["第七条第（一）项"], "lang": "zh", "persona": "staff"},
        {"id": "q2", "question": "b", "articles": ["第八条"], "clauses": ["第八条第（二）项"], "lang": "en", "persona": "candidate"},
    ]
    results = [
        {"retrieved": ["第七条第（一）项"], "citations": ["第七条第（一）项"], "latency_ms": 3.0},
        {"retrieved": ["第七条第（一）项", "第八条第（二）项"], "citations": [], "latency_ms": 5.0},
    ]
    s = summarize(qs, results, overlap={"q1": (0.9, "x"), "q2": (0.0, "")})
    assert s["article"]["hit@1"] == 0.5 and s["by_lang"]["en"]["article"]["mrr"] == 0.5
    assert set(s["by_persona"]) == {"staff", "candidate"} and s["misses"]["article@1"] == ["q2"]
    assert s["by_overlap"]["clean"]["n"] == 1 and s["citations"]["any_correct"] == 0.5
    json.dumps(s)


def test_a_set_written_in_rounds_is_also_summarised_by_round():
    qs = [
        {"id": "q1", "question": "a", "articles": ["第七条"], "clauses": ["第七条第（一）项"], "batch": "first"},
        {"id": "q2", "question": "b", "articles": ["第八条"], "clauses": ["第八条第（二）项"], "batch": "fresh"},
    ]
    results = [{"retrieved": ["第七条第（一）项"], "citations": [], "latency_ms": 1.0}] * 2
    s = summarize(qs, results)
    assert s["by_batch"]["first"]["article"]["hit@1"] == 1.0 and s["by_batch"]["fresh"]["article"]["hit@1"] == 0.0
    assert "by_batch" not in summarize([{k: v for k, v in q.items() if k != "batch"} for q in qs], results)


def test_leakage_flags_a_question_copied_into_the_examples():
    qs = [{"id": "a", "question": "考生耳朵里塞着蓝牙耳机"}, {"id": "b", "question": "机构打广告说包过"}]
    scores = leakage.overlap_scores(qs, ["考生耳朵里塞着蓝牙耳机在接收信息", "考评员迟到"])
    assert scores["a"][0] >= leakage.NEAR_DUPLICATE > scores["b"][0]


def test_citations_prefer_the_named_provision_then_the_close_scores(corpus):
    from retrieval.retriever import Hit

    p = corpus.get
    routed = [Hit("第十三条", 2.0, p("第十三条"), {"route": True}), Hit("第十二条", 0.1, p("第十二条"), {})]
    assert citations_from(routed) == ["第十三条"]
    ranked = [Hit("第七条第（一）项", 1.0, p("第七条第（一）项")), Hit("第六条第（一）项", 0.9, p("第六条第（一）项")),
              Hit("第九条", 0.5, p("第九条"))]
    assert citations_from(ranked) == ["第七条第（一）项", "第六条第（一）项"]
