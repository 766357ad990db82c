"""`regqa index` and `regqa eval` as DESIGN.md section 4 describes them (JSON on stdout, exit codes)."""

import json

import pytest

from cli.main import main
from tests.helpers import shared_default_retriever, shared_index_dir


@pytest.fixture
def shared_index(monkeypatch):
    monkeypatch.setenv("REGQA_INDEX_DIR", str(shared_index_dir()))
    yield


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_json_reports_a_current_index(capsys, shared_index):
    code, out, _ = run(capsys, "index", "--json")
    info = json.loads(out)
    assert code == 0 and info["rebuilt"] is False and info["dense"] is True
    assert info["provisions"] == 164 and info["chunks"] >= info["provisions"]
    assert info["embedding_model"] == shared_default_retriever().index.model_id


def test_eval_json_follows_the_contract(capsys, shared_index, tmp_path, monkeypatch):
    import eval.report

    monkeypatch.setattr(eval.report, "REPORTS", tmp_path)
    code, out, err = run(capsys, "eval", "eval/questions.jsonl", "--json", "--limit", "12", "--report")
    doc = json.loads(out)
    assert code == 0 and set(doc) == {"metrics", "results"}
    assert len(doc["results"]) == 12
    for r in doc["results"]:
        assert set(r) == {"id", "retrieved", "citations", "intent", "sanctions", "follow_up", "latency_ms"}
        assert len(r["retrieved"]) >= 5 and r["intent"] in {"case", "rights", "definition", "procedure", "lookup", "out_of_scope"} and r["latency_ms"] >= 0
    metrics = doc["metrics"]
    for key in ("article", "item", "by_persona", "by_lang", "by_split", "latency_ms", "baselines"):
        assert key in metrics
    assert set(metrics["article"]) == {"hit@1", "hit@3", "hit@5", "mrr"}
    assert {"bm25", "dense"} <= set(metrics["baselines"])
    assert (tmp_path / "questions.md").exists() and (tmp_path / "questions.png").exists()


def test_eval_rejects_a_missing_or_broken_set_with_exit_2(capsys, tmp_path):
    code, out, err = run(capsys, "eval", str(tmp_path / "nope.jsonl"), "--json")
    assert code == 2 and out == "" and "cannot read" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", str(bad), "--json")
    assert code == 2 and "bad.jsonl:1" in err
