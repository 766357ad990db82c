"""Labels in any common form resolve to the canonical one; wrong labels explain themselves."""

import pytest

from corpus import UnknownLabel, find_citations

FORMS = [
    ("第七条", "第七条"), ("第7条", "第七条"), ("7条", "第七条"), ("七条第二项", "第七条第（二）项"),
    ("第七条第（一）项", "第七条第（一）项"), ("第七条第(一)项", "第七条第（一）项"), ("第七条（一）", "第七条第（一）项"),
    ("第7条第2项", "第七条第（二）项"), ("art. 7(2)", "第七条第（二）项"), ("Art 7", "第七条"),
    ("article 29", "第二十九条"), ("art. 25(2)", "第二十五条第二款"), ("第二十五条第二款", "第二十五条第二款"),
    ("art 25 para 2", "第二十五条第二款"), ("第２１条第（十三）项", "第二十一条第（十三）项"), ("§ 13", "第十三条"),
]


@pytest.mark.parametrize("typed,canonical", FORMS)
def test_common_forms_resolve(corpus, typed, canonical):
    assert corpus.get(typed).label == canonical


@pytest.mark.parametrize(
    "typed,says,suggests",
    [
        ("第二十一条第（五）项", "skips item （五）", "第二十一条第（六）项"),
        ("第三十七条", "第一条 to 第三十六条", "第三十六条"),
        ("第七条第（九）项", "items （一） to （五）", "第七条第（五）项"),
        ("第十条第二款", "single paragraph", "第十条"),
        ("hello", "not a citation label", None),
    ],
)
def test_unknown_labels_explain_and_suggest(corpus, typed, says, suggests):
    with pytest.raises(UnknownLabel) as err:
        corpus.get(typed)
    assert says in str(err.value)
    if suggests:
        assert suggests in err.value.suggestions


def test_citations_are_found_in_running_text():
    text = "根据第七条第（一）项和第十八条或十九条，以及 art. 29 和第二十五条第二款"
    got = [c.ref.canonical() for c in find_citations(text)]
    assert got == ["第七条第（一）项", "第十八条", "第十九条", "第二十九条", "第二十五条第二款"]


@pytest.mark.parametrize("text,want", [
    ("二十二条第九项是管什么的？", ["第二十二条第（九）项"]),  # read as a case until 2026-12-05
    ("22条第9项讲的什么", ["第二十二条第（九）项"]),
    ("想查一下十三条第（五）项", ["第十三条第（五）项"]),
    ("能不能按二十一条对负责人约谈？", ["第二十一条"]),
    ("二十九条怎么说", ["第二十九条"]),
    # a bare number before 条 that names no provision
    ("这两条规定我看不懂", []),
    ("有3条建议", []),
    ("，一条规定都没有", []),
    ("考了三条线", []),
])
def test_a_citation_without_its_leading_di_is_found_where_it_can_only_be_one(text, want):
    assert [c.ref.canonical() for c in find_citations(text)] == want
