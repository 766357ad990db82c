"""Each repair of the PDF conversion, and what must stay verbatim: every character of a provision
is the source's own (bracket width and spaces as published, issue 15 item 13); repairs are checked
in the folded form text is matched in."""

import pytest

from corpus.store import SOURCES
from corpus.text import fold

REPAIRED = [
    ("第三条第三款", "专项职业能力考核规范（以下简称“评价标准”）,开展技能人员职业资格评价"),
    ("第十条", "评价机构不得向其颁发证书，已颁发证书的，应予撤销"),
    ("第二十条第（一）项", "再次发生第十八条或十九条所列行为的；"),
    ("第十六条", "并吊销其技能人才评价质量督导员证卡。内部质量督导员对评价工作造成不良影响的"),
    ("第二十二条", "视情况对涉及的相关证书及数据等及时作出相应处理。"),
    ("第二十三条", "并要求评价机构追究相关人员责任。对涉及的相关证书"),
    ("第二十四条第一款", "证书信息不得上传全国联网查询系统，已上传的应按规定删除"),
    ("第二十六条", "应全面、客观、公正地调查违纪违规事实"),
    ("第十二条第（四）项", "未按照参考答案或评分标准进行评分"),
    ("第三十四条第二款", "待确认后及时规范做好移交工作。"),
    ("第二十五条第一款", "经2名（含）以上工作人员签字报现场负责人确认后"),
    ("第十二条第（一）项", "一个备案周期内被谈话提醒2次后"),
    ("第十四条第（三）项", "在质量督导工作中,未能佩戴"),
]


@pytest.mark.parametrize("label,whole", REPAIRED)
def test_split_sentences_read_whole(corpus, label, whole):
    assert whole in fold(corpus.get(label).text)


@pytest.mark.parametrize("label,start", [("第七条第（四）项", "(四) 擅自"), ("第八条第（一）项", "(一) 通过"),
                                         ("第七条第（一）项", "（一）在评价过程中")])
def test_item_markers_are_as_published_without_dashes(corpus, label, start):
    assert corpus.get(label).text.startswith(start)


def test_every_provision_is_the_sources_characters(corpus):
    """Character for character: the source's lines, with only their outer spaces and a stray list
    dash dropped and a sentence split across lines joined."""
    lines = [ln.strip(" \t\u3000") for ln in sorted(SOURCES.glob("*.txt"))[0].read_text(encoding="utf-8").split("\n")]
    joined = "".join(ln[1:].lstrip() if ln[:1] in "-–•·" and ln[1:].lstrip()[:1] in "(（" else ln for ln in lines)
    for p in corpus.provisions():
        assert p.text in joined and p.lead_in in joined, p.label


def test_the_sources_own_slips_are_kept(corpus):
    assert "发生第二十二条例情况已被警告" in corpus.get("第二十三条第（一）项").text


def test_a_space_the_published_text_has_is_kept(corpus):
    assert "人力资源社会保障部办公厅 公安部办公厅 市场监管总局办公厅" in corpus.get("第一条").text


def test_no_other_spaces_survive_folding(corpus):
    assert [p.label for p in corpus.provisions() if " " in fold(p.text)] == ["第一条"]
    assert any("2 名" in p.text for p in corpus.provisions())  # but the source's own spaces are shown
