"""The provision tree matches the published text: chapters, articles, paragraphs, items."""

import re
from pathlib import Path

import pytest

from corpus.parser import repair

# Items per article as published; 第二十一条 skips （五） in the original.
PUBLISHED_ITEMS = {
    6: [1, 2, 3, 4], 7: [1, 2, 3, 4, 5], 8: [1, 2, 3], 9: list(range(1, 8)),
    11: list(range(1, 6)), 12: list(range(1, 6)), 13: list(range(1, 8)), 14: list(range(1, 6)),
    15: list(range(1, 7)), 16: list(range(1, 6)), 17: list(range(1, 6)), 18: [1, 2, 3, 4],
    19: list(range(1, 6)), 20: list(range(1, 9)), 21: [1, 2, 3, 4] + list(range(6, 15)),
    22: list(range(1, 12)), 23: list(range(1, 13)),
}
PARAGRAPHS = {3: 5, 4: 4, 24: 2, 25: 3, 28: 2, 34: 2}
CHAPTERS = [("第一章", "总则", 1, 5), ("第二章", "参评人员违纪违规行为的认定和处理", 6, 10),
            ("第三章", "工作人员违纪违规行为的认定与处理", 11, 20),
            ("第四章", "评价机构违纪违规行为的认定与处理", 21, 24),
            ("第五章", "违纪违规行为的认定与处理程序", 25, 34), ("第六章", "附则", 35, 36)]


def test_chapters_and_their_articles(doc):
    got = [(c.label, c.title, c.articles[0].number, c.articles[-1].number) for c in doc.chapters]
    assert got == CHAPTERS
    assert [a.number for a in doc.articles] == list(range(1, 37))


@pytest.mark.parametrize("article", range(1, 37))
def test_items_and_paragraphs_per_article(doc, article):
    art = doc.articles[article - 1]
    assert [i.item for i in art.items] == PUBLISHED_ITEMS.get(article, [])
    assert len(art.paragraphs) == PARAGRAPHS.get(article, 1)


def test_article_21_records_its_published_gap(doc):
    assert doc.gaps == {"第二十一条": (5,)}


def test_document_metadata(doc):
    m = doc.meta
    assert (m.title, m.number, m.issuer, m.status) == (
        "上海市技能人才评价违纪违规行为处理实施细则(试行)", "沪人社职〔2025〕176号", "上海市人力资源和社会保障局", "试行")
    assert str(m.issued) == str(m.effective) == "2025-07-03"


def test_the_notice_is_preamble_not_provisions(doc, corpus):
    assert "各区人力资源社会保障局" in doc.preamble
    assert not any("各区人力资源社会保障局，各有关单位" in p.text for p in corpus.provisions())
    assert not any("抄送" in p.text for p in corpus.provisions())


def test_labels_and_ids_are_unique_and_well_formed(corpus):
    provisions = corpus.provisions()
    assert len({p.label for p in provisions}) == len({p.id for p in provisions}) == len(provisions)
    pattern = re.compile(r"^第[一二三四五六七八九十]+条(第[一二三四五六七八九十]+款)?(第（[一二三四五六七八九十]+）项)?$")
    assert all(pattern.match(p.label) for p in provisions)
    assert corpus.get("第七条第（一）项").id == "sh-2025-176/art-7/item-1"
    assert corpus.get("第二十五条第二款").id == "sh-2025-176/art-25/para-2"


def test_no_provision_text_has_a_line_break(corpus):
    assert not [p.label for p in corpus.provisions() if "\n" in p.text or "\n" in p.lead_in]


def test_an_item_carries_its_articles_lead_in(corpus):
    item = corpus.get("第七条第（一）项")
    assert item.lead_in == "参评人员有下列行为之一的，取消其当次全部科目评价成绩，且当年不得参加技能评价。"
    assert item.chapter == "第二章 参评人员违纪违规行为的认定和处理"
    assert item.text.startswith("（一）在评价过程中使用规定以外的带拍照")


def _body_characters(path: Path, end_marker: str = "抄送：") -> str:
    """Every non-space character of the source body, less headings and list dashes."""
    text = path.read_text(encoding="utf-8")
    body = text[text.index("第一章") : text.index(end_marker)]
    out = []
    for line in body.splitlines():
        line = line.strip()
        if re.match(r"^第[一二三四五六七八九十]+章", line):
            continue
        line = re.sub(r"^第[一二三四五六七八九十]+条", "", line)
        line = re.sub(r"^-\s*(?=[（(])", "", line)
        out.append(repair(line))
    return re.sub(r"\s", "", "".join(out))


def test_every_character_of_the_body_lands_in_exactly_one_provision(doc):
    """No loss, no duplication: the articles' texts, concatenated, are the body."""
    leaves = "".join(a.text for a in doc.articles)
    assert re.sub(r"\s", "", leaves) == _body_characters(Path(doc.source_path))
    for art in doc.articles:  # within an article, lead-in + items or paragraphs partition its text
        parts = [p.text + "".join(i.text for i in p.items) for p in art.paragraphs]
        assert "".join(parts) == art.text
