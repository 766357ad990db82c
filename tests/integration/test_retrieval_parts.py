"""The small parts of retrieval: chunks, direct route, subjects, expansion, fusion, tokenizers."""

from types import SimpleNamespace as NS

import pytest

from assistant.knowledge import rule_knowledge
from retrieval import subjects
from retrieval.chunks import EXAMPLE, PROVISION, build_chunks
from retrieval.expand import domain_terms, expand, load_table
from retrieval.fusion import rrf
from retrieval.lexical import LexicalIndex, bigram_tokens
from retrieval.route import cited_provisions


def test_one_chunk_per_citable_provision_in_document_order(corpus):
    chunks = [c for c in build_chunks(corpus) if c.role == PROVISION]
    assert [c.label for c in chunks] == [p.label for p in corpus.provisions()]
    assert len({c.id for c in chunks}) == len(chunks)


def test_an_item_chunk_reads_on_its_own_with_chapter_and_lead_in(corpus):
    chunk = next(c for c in build_chunks(corpus) if c.label == "第七条第（一）项")
    assert chunk.text.startswith("参评人员有下列行为之一的，取消其当次全部科目评价成绩，且当年不得参加技能评价。（一）")
    assert "智能手表" in chunk.text
    assert "参评人员违纪违规行为的认定和处理" in chunk.lexical_text  # chapter title, for BM25
    assert chunk.text in chunk.lexical_text
    assert chunk.subject == "candidate" and chunk.leaf and chunk.article_label == "第七条"
    meta = chunk.metadata()
    assert {"document", "label", "article", "subject", "measures"} <= set(meta)
    assert all(isinstance(v, (str, int, float, bool)) for v in meta.values())


def test_whole_articles_with_items_are_not_leaves(corpus):
    by_label = {c.label: c for c in build_chunks(corpus)}
    assert not by_label["第七条"].leaf and by_label["第二十九条"].leaf


@pytest.mark.parametrize(
    "lead_in, subject",
    [
        ("参评人员有下列行为之一的，取消其当次该科目的评价成绩。", "candidate"),
        ("考评人员有下列行为之一的，由评价机构谈话提醒", "examiner"),
        ("质量督导员有下列行为之一的", "quality_supervisor"),
        ("评价项目开发专家有下列行为之一的", "item_expert"),
        ("评价机构其他人员有下列行为之一的", "institution_staff"),  # the head noun wins
        ("评价机构有下列行为之一的", "institution"),
        ("参评人员涉及本细则所列违纪违规行为的，经2名(含)以上工作人员签字", None),  # procedure
    ],
)
def test_provision_subject_from_lead_in(lead_in, subject):
    assert subjects.provision_subject(lead_in) == subject


@pytest.mark.parametrize(
    "question, first",
    [
        ("考官能不能中途出去办事", "examiner"),
        ("被抓到替考要停考几年", "candidate"),
        ("督导员在考场玩手机", "quality_supervisor"),
        ("命题专家把题库透露给培训班", "item_expert"),
        ("考点工作人员看到考生作弊不管", "institution_staff"),
        ("机构打广告说包过", "institution"),
        ("考试时没跟监考说就走出去了", "candidate"),  # 监考 is only the one not told
        ("The examiner kept his phone during marking", "examiner"),
        ("Can I appeal if my score was cancelled?", "candidate"),  # first person, no role named
        ("我们这个月没报备就开考了", "institution"),  # speaking for an institution
        ("Our director refused to let the inspectors in", "institution"),
        ("考点有位老师私下说交钱就能拿证", "institution_staff"),  # a teacher at the test site works there
        ("负责审核的老师没看学历证明就放过去了", "institution_staff"),
        ("我们的业务操作员又把报名资料弄错了", "institution_staff"),
        ("I joined the item development team and a school offered me a fee", "item_expert"),
        ("内督坐在后排一直刷视频", "quality_supervisor"),  # the trade's short names 内督 / 外督
        ("发证窗口的同事帮亲戚登记了一本证书", "institution_staff"),  # a colleague named by the desk
    ],
)
def test_subject_detector(question, first):
    assert subjects.detect(question)[0] == first


def test_no_subject_for_a_plain_procedure_question():
    assert subjects.detect("申诉期限是多少个工作日") == []


def test_expansion_maps_colloquial_words_to_the_regulations():
    assert "电子设备" in expand("考生耳朵里塞着蓝牙耳机", ["candidate"]).terms
    assert "冒名顶替" in expand("被抓到替考要停考几年", ["candidate"]).terms
    assert "考评人员" in expand("考官迟到了", ["examiner"]).terms
    assert "虚假宣传" in expand("机构打广告说包过", ["institution"]).terms
    assert "陈述和申辩" in expand("我不服处理结果想申诉", ["candidate"]).terms
    assert "冒名顶替" in expand("Someone tried to impersonate a candidate", ["candidate"]).terms
    assert "陈述和申辩" in expand("How do I appeal?", ["candidate"]).terms


def test_expansion_is_subject_aware():
    """An examiner's phone is about 通讯工具集中管理, a candidate's about 电子设备."""
    examiner = expand("考官考试时一直拿着手机", ["examiner"]).terms
    candidate = expand("考生考试时一直拿着手机", ["candidate"]).terms
    assert "通讯工具集中管理" in examiner and "电子设备" not in examiner
    assert "电子设备" in candidate and "通讯工具集中管理" not in candidate


def test_a_split_verb_object_cue_still_matches():
    """离合词: 泄题 is also said 泄了题 / 泄的题, 改成绩 also 改了成绩; a fronted object too (成绩被改)."""
    assert "泄密" in expand("查出来是机构泄的题", ["institution"]).terms
    assert "泄密" in expand("考官泄了题", ["examiner"]).terms
    assert "违规涂改" in expand("监考改了成绩", ["institution_staff"]).terms
    assert "违规涂改" in expand("我的成绩被改低了", ["candidate"]).terms
    assert "违规涂改" not in expand("成绩什么时候出", ["candidate"]).terms


def test_stealthily_is_not_stealing():
    """偷 alone fired on 偷看 (peeking) and 偷偷 (on the sly), pulling in the theft item."""
    assert "窃取" not in expand("旁边的人一直偷看我的卷子", ["candidate"]).terms
    assert "窃取" not in expand("考评员偷偷把成绩改了", ["examiner"]).terms
    assert "窃取" in expand("考生偷了别人的量具", ["candidate"]).terms


def test_english_cues_match_at_word_start_only():
    assert "冒名顶替" not in expand("It was an unimpersonal process").terms
    assert expand("nothing relevant here").terms == ()


def test_synonym_table_loads_and_feeds_the_jieba_dictionary():
    entries, terms = load_table()
    assert len(entries) > 50 and "冒名顶替" in terms
    assert "陈述和申辩" in domain_terms()


def test_direct_route_resolves_labels_in_any_form(corpus):
    assert [p.label for p in cited_provisions("第十三条说了什么", corpus)] == ["第十三条"]
    assert [p.label for p in cited_provisions("第7条第2项怎么理解", corpus)] == ["第七条第（二）项"]
    assert [p.label for p in cited_provisions("What does article 29 say?", corpus)] == ["第二十九条"]
    assert cited_provisions("第九十九条说了什么", corpus) == []  # names nothing: no route
    assert cited_provisions("考生带手机怎么办", corpus) == []


def test_rrf_drops_an_empty_list_instead_of_ranking_by_document_order():
    fused = rrf({"lexical": [], "dense": ["b", "a"]})
    assert list(sorted(fused, key=fused.get, reverse=True)) == ["b", "a"]
    assert set(fused) == {"a", "b"}


def test_rrf_sums_weighted_reciprocal_ranks():
    fused = rrf({"x": ["a", "b"], "y": ["b", "a"]}, {"x": 2.0, "y": 1.0}, k=0)
    assert fused["a"] == pytest.approx(2 / 1 + 1 / 2) and fused["b"] == pytest.approx(2 / 2 + 1 / 1)


def test_bm25_returns_nothing_for_an_english_question_over_chinese_text():
    lex = LexicalIndex(["参评人员携带手机进入考场", "考评人员迟到早退"])
    assert lex.rank("phone in the exam room") == []
    assert lex.rank("phone", extra=["手机"])[0][0] == 0


def test_bigram_tokens_drop_question_words():
    toks = bigram_tokens("考生带手机怎么办？What happens")
    assert "考生" in toks and "手机" in toks and "怎么" not in toks and "happen" in toks


def _fake_rulebook():
    rule = NS(
        label="第七条第（一）项",
        aliases=["带手机作弊"],
        conduct=NS(zh="使用电子设备", en="using an electronic device"),
        examples=["考生用智能手表看答案", "考生戴蓝牙耳机", "考生用手机搜题"],
    )
    art7 = NS(
        article=7,
        label="第七条",
        summary=NS(zh="作弊取消全部成绩", en="cheating: all scores cancelled"),
        sanction=NS(subject="candidate", measures=["cancel_all_scores", "ban_rest_of_year"]),
        rules=[rule],
        certificate=None,
        procedure=[],
    )
    art29 = NS(
        article=29,
        label="第二十九条",
        summary=NS(zh="异议期限", en="appeal window"),
        sanction=None,
        rules=[],
        certificate=None,
        procedure=[NS(label="第二十九条", step=NS(zh="15个工作日内陈述和申辩", en="state your case within 15 working days"))],
    )
    measures = {"cancel_all_scores": NS(en="all scores cancelled"), "ban_rest_of_year": NS(en="barred for the year")}
    return NS(articles={7: art7, 29: art29}, measures=measures)


def test_rule_aliases_examples_and_summaries_are_indexed_with_their_provision(corpus):
    knowledge = rule_knowledge(corpus, _fake_rulebook())
    chunks = build_chunks(corpus, knowledge)
    item = next(c for c in chunks if c.label == "第七条第（一）项" and c.role == PROVISION)
    assert "using an electronic device" in item.text and "带手机作弊" not in item.text  # embedded: sentences
    assert "带手机作弊" in item.lexical_text  # BM25: also the short aliases
    assert item.measures == ("cancel_all_scores", "ban_rest_of_year")
    examples = [c for c in chunks if c.role == EXAMPLE]
    assert [c.label for c in examples] == ["第七条第（一）项"] * 3
    assert examples[0].lexical_text == "考生用智能手表看答案"
    assert {c.id for c in examples} == {f"{item.id}#ex{n}" for n in (1, 2, 3)}
    art29 = next(c for c in chunks if c.label == "第二十九条")
    assert "appeal window" in art29.text and "15 working days" in art29.text


def test_a_citation_used_as_context_is_not_taken_for_the_topic(corpus):
    from retrieval.route import route

    routed = route("考评员一个备案周期内被谈话提醒2次后，再次发生第十一条所列行为，怎么处理", corpus)
    assert [(r.provision.label, r.topic) for r in routed] == [("第十一条", False)]
    assert cited_provisions("再次发生第十一条所列行为怎么办", corpus) == []
    assert [p.label for p in cited_provisions("第十一条和第十二条有什么区别", corpus)] == ["第十一条", "第十二条"]


def test_a_measure_already_taken_under_an_article_names_its_basis_not_the_topic(corpus):
    # "we suspended her under art. 19; must the notice be in writing?" asks about notice, not art. 19
    assert cited_provisions("We suspended our clerk under art. 19 last week. Must the notice be in writing?", corpus) == []
    assert cited_provisions("The centre was warned under Article 22 in March; what now?", corpus) == []
    assert [p.label for p in cited_provisions("Under article 29, how long do I have to appeal?", corpus)] == ["第二十九条"]


def test_traditional_characters_are_simplified_and_simplified_ones_left_alone():
    from retrieval.script import to_simplified

    assert to_simplified("督導到了現場沒有戴證卡") == "督导到了现场没有戴证卡"
    # opencc-purepy's phrase table alone turns 结束 into 結束
    assert to_simplified("处理结束后多少天内要上报") == "处理结束后多少天内要上报"
    assert to_simplified("How many days?") == "How many days?"


def test_a_question_in_traditional_characters_ranks_as_in_simplified():
    from tests.helpers import shared_default_retriever

    retriever = shared_default_retriever()
    simplified = [h.label for h in retriever.search("考官给熟人打高分算不算违规？", k=3)]
    traditional = [h.label for h in retriever.search("考官給熟人打高分算不算違規？", k=3)]
    assert traditional == simplified


@pytest.mark.parametrize(
    "question, defined",
    [
        ("考点临时请来的保安，算不算细则里的“工作人员”？", "第三条第五款"),
        ("这份细则里的「评价机构」具体指什么？", "第三条第三款"),
        ("监管部门指的是哪些部门", "第三条第二款"),  # the longer term wins over 评价机构
        ("我报了名还没考，算参评人员吗", "第三条第四款"),
        ("Does 'staff' in these rules cover the site coordinator?", "第三条第五款"),
        ("Am I considered a candidate if I registered but never sat the exam?", "第三条第四款"),
        ("The temp at our sign-in desk - does she count as 'staff' here?", "第三条第五款"),
        ("Who is considered staff under these rules?", "第三条第五款"),
    ],
)
def test_a_definition_question_finds_the_defining_paragraph(corpus, question, defined):
    from retrieval.definitions import Definitions

    assert [p.label for p in Definitions(corpus).asked(question)] == [defined]


@pytest.mark.parametrize(
    "question",
    [
        "这样算不算机构违规",  # 算不算 + a term that does not end the clause: about conduct
        "考生算不算作弊",
        "工作人员把成绩录错了怎么处理",
        "What happens to staff who leak the papers?",
    ],
)
def test_a_term_merely_used_is_not_a_definition_question(corpus, question):
    from retrieval.definitions import Definitions

    assert Definitions(corpus).asked(question) == []


def test_the_defined_terms_are_read_from_the_corpus_not_listed(corpus):
    from retrieval.definitions import Definitions

    terms = [p.label for p, _ in Definitions(corpus).terms]
    assert sorted(terms) == ["第三条第一款", "第三条第三款", "第三条第二款", "第三条第五款", "第三条第四款"]


def test_a_definition_question_ranks_the_definition_first():
    from tests.helpers import shared_default_retriever

    retriever = shared_default_retriever()
    question = "给考点的保安讲考场纪律前想确认：他们在这个规定里算不算“工作人员”？"
    assert retriever.search(question, k=3)[0].label == "第三条第五款"
