"""A source the parser cannot read faithfully fails, naming file, line and problem."""

import shutil
from pathlib import Path

import pytest

from corpus import CorpusError, load_corpus
from corpus.store import SOURCES

META = """id: {id}
title: 测试细则
number: 测试〔2026〕1号
issuer: 测试局
issued: 2026-01-01
effective: 2026-01-01
status: 试行
end_markers: ["抄送："]
"""
GOOD = """通知正文

第一章 总则

第一条 为测试，制定本细则。

第二条 本细则适用于测试。

第二章 处理

第三条 参评人员有下列行为之一的，取消成绩。

（一）甲行为的；

- (二) 乙行为的。

抄送：无。
"""


def write(tmp_path: Path, text: str, name="test-doc", meta=None) -> Path:
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / f"{name}.meta.yaml").write_text(meta or META.format(id=name), encoding="utf-8")
    return tmp_path


def test_a_well_formed_document_parses(tmp_path):
    doc = load_corpus(write(tmp_path, GOOD)).default
    assert [p.label for p in doc.provisions()] == ["第一条", "第二条", "第三条", "第三条第（一）项", "第三条第（二）项"]


@pytest.mark.parametrize(
    "broken,line,problem",
    [
        (GOOD.replace("第二条", "第一条"), 7, "duplicate article number"),
        (GOOD.replace("第二条", "第四条"), 7, "out-of-order article number"),
        (GOOD.replace("第一条 为测试", "（一）为测试"), 5, "outside an article"),
        (GOOD.replace("第二章 处理", "第贰章 处理"), 9, "unreadable heading"),
        (GOOD.replace("第二条 本细则", "第2条 本细则"), 7, "unreadable heading"),
        (GOOD.replace("(二) 乙", "(三) 乙"), 15, "skips item"),
        (GOOD.replace("(二) 乙", "(一) 乙"), 15, "repeats or goes backwards"),
        (GOOD.replace("第二章 处理", "第三章 处理"), 9, "out of order"),
        ("没有章节的文本\n", 1, "no chapter heading"),
    ],
)
def test_broken_sources_name_file_line_and_problem(tmp_path, broken, line, problem):
    with pytest.raises(CorpusError) as err:
        load_corpus(write(tmp_path, broken))
    assert err.value.line == line and problem in err.value.problem
    assert err.value.path.endswith("test-doc.txt")
    assert f"test-doc.txt:{line}:" in str(err.value)


def test_missing_metadata_is_named(tmp_path):
    (tmp_path / "x.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CorpusError, match="no metadata file x.meta.yaml"):
        load_corpus(tmp_path)


def test_undeclared_gap_in_a_declared_document_fails(tmp_path):
    shutil.copy(next(SOURCES.glob("*.txt")), tmp_path / "copy.txt")
    meta = next(SOURCES.glob("*.meta.yaml")).read_text(encoding="utf-8")
    (tmp_path / "copy.meta.yaml").write_text(meta.split("known_gaps:")[0], encoding="utf-8")
    with pytest.raises(CorpusError, match="第二十一条 skips item （五）") as err:
        load_corpus(tmp_path)
    assert err.value.line == 237


def test_a_second_document_loads_beside_the_first(tmp_path):
    for src in SOURCES.iterdir():
        shutil.copy(src, tmp_path / src.name)
    write(tmp_path, GOOD, name="zz-district-rules")
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["sh-2025-176", "zz-district-rules"]
    assert corpus.get("第三条第（二）项", "zz-district-rules").text == "(二) 乙行为的。"  # as written, without the dash
    assert corpus.get("zz-district-rules:第一条").document == "zz-district-rules"
    assert corpus.get("第三条").document == "sh-2025-176"
    docs = {p.document for p in corpus.provisions()}
    assert docs == {"sh-2025-176", "zz-district-rules"}
