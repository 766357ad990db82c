"""Knowledge retrieval is given from outside the provisions' words: the questions people ask about
non-sanction provisions (retrieval/asked.yaml), and the rules' conditions choosing between sibling
items, applied by the assistant's decide step (assistant/decide.py)."""

import pytest

from assistant import decide
from assistant.knowledge import rule_knowledge, with_questions
from retrieval.asked import ASKED, AskedError, load_asked
from retrieval.chunks import EXAMPLE, build_chunks


def test_the_shipped_questions_load_and_cover_scope_definitions_and_procedure(corpus, rulebook):
    asked = load_asked(corpus, sanctioned=frozenset(rulebook.rules))
    labels = {corpus.by_id()[pid].label for pid in asked}
    # every citable provision without a sanction rule of its own has questions people ask
    for must in ("第二条", "第三条第五款", "第四条第四款", "第十条", "第二十八条第一款", "第二十九条", "第三十六条"):
        assert must in labels
    assert not labels & set(rulebook.rules)
    assert sum(len(a.questions) for a in asked.values()) >= 150


def test_asked_questions_are_indexed_as_examples_of_their_provision(corpus, rulebook):
    asked = load_asked(corpus, sanctioned=frozenset(rulebook.rules))
    chunks = build_chunks(corpus, with_questions(rule_knowledge(corpus, rulebook),
                                                 {pid: a.questions for pid, a in asked.items()},
                                                 {pid: a.aliases for pid, a in asked.items()}))
    pid = corpus.get("第二十九条").id
    examples = [c.text for c in chunks if c.role == EXAMPLE and c.provision_id == pid]
    assert examples == list(asked[pid].questions)
    provision = next(c for c in chunks if c.id == pid)
    assert all(a in provision.lexical_text for a in asked[pid].aliases)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("第九十九条:\n  aliases: [a]\n  questions: [x, y, z]\n", "第九十九条"),
        ("第七条:\n  aliases: [a]\n  questions: [x, y, z]\n", "has paragraphs or items"),
        ("第七条第（一）项:\n  aliases: [a]\n  questions: [x, y, z]\n", "sanction rule"),
        ("第二十九条:\n  aliases: [a]\n  questions: [x]\n", "questions"),
        ("第二十九条:\n  aliases: [a]\n  questions: [x, y, z]\n  answer: 15\n", "answer"),
        ("第二十九条:\n  aliases: [a\n", "line"),
        ("- just a list\n", "mapping"),
    ],
)
def test_a_bad_asked_file_names_the_entry(tmp_path, corpus, rulebook, text, problem):
    path = tmp_path / "asked.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AskedError, match=problem):
        load_asked(corpus, path, sanctioned=frozenset(rulebook.rules))


def test_the_shipped_file_is_the_default(corpus):
    assert ASKED.name == "asked.yaml" and ASKED.exists()


@pytest.mark.parametrize(
    "question, candidate, applies",
    [
        # 4 errors is more than 3 (21(9)) but not more than 5 (22(4)): "超过" excludes the number
        ("我们机构今年成绩录入错了4次", "第二十二条第（四）项", "第二十一条第（九）项"),
        ("我们机构今年成绩录入错了8次", "第二十一条第（九）项", "第二十二条第（四）项"),
        # a lateness after two talk-reminders this cycle is escalated
        ("考评员这个备案周期被谈话提醒2次了，今天又迟到", "第十一条第（一）项", "第十二条第（一）项"),
        # the severity the words state picks the grading-error item
        ("考评员评分出现重大错误", "第十一条第（四）项", "第十三条第（三）项"),
        # other staff have a two-step ladder: a reversed pass/fail is the serious error of 19(3)
        ("成绩处理的同事把成绩表导混了，合格不合格全反了", "第十八条第（三）项", "第十九条第（三）项"),
        # ... and an error not said to be serious is the ordinary one
        ("工作人员把一个考生的成绩录错了", "第十九条第（三）项", "第十八条第（三）项"),
    ],
)
def test_the_rules_conditions_pick_the_sibling_item(rulebook, question, candidate, applies):
    assert decide.applicable(question, candidate, rulebook) == applies


@pytest.mark.parametrize(
    "question, candidate",
    [
        ("考评员迟到了", "第十一条第（一）项"),  # nothing says this is a repeat: stays as found
        ("考评员评分出了错", "第十一条第（四）项"),  # severity not stated: no guess
        ("考生带手机进考场", "第七条第（一）项"),  # no condition at all
        ("谁来处理", "第二十九条"),  # not a sanction rule
        ("考评员被通报批评1次后又迟到", "第十三条第（一）项"),  # an escalation item is reached, not re-ranked
    ],
)
def test_unstated_conditions_leave_the_ranking_alone(rulebook, question, candidate):
    assert decide.applicable(question, candidate, rulebook) is None


@pytest.mark.parametrize(
    "question, first, below",
    [
        ("我们机构今年成绩录入错了4次，会怎么处理", "第二十一条第（九）项", "第二十二条第（四）项"),
        ("我们机构今年成绩录入错了7次，会怎么处理", "第二十二条第（四）项", "第二十一条第（九）项"),
    ],
)
def test_the_decide_step_ranks_first_the_item_whose_conditions_the_question_meets(assistant, question, first, below):
    labels = [h.label for h in assistant.search(question)]
    assert labels[0] == first and below in labels[1:]
    without = [h.label for h in assistant.retriever.search(question, k=10)]
    assert {first, below} <= set(without)  # both found by words; the conditions decide the order


@pytest.mark.parametrize(
    "question, general",
    [
        ("监考老师算不算细则里的工作人员？", True),
        ("谁来处理考评员的违规？", True),
        ("考官给熟人打高分算不算违规？", False),  # asks about a conduct, not a definition
        ("这属不属于作弊", False),
        ("考生带手机进考场怎么处理", False),
        ("A candidate used a phone during the exam. What applies?", False),  # asks for the case's provision
        ("考生用手机作弊，适用哪一项？", False),
        ("Does this regulation apply to exams held in Beijing?", True),
        ("这个细则适用于专项职业能力考核吗", True),
        ("外部督导员也适用这个细则吗", True),
        ("Which provision applies to a candidate who used a phone?", False),
        ("考生用手机作弊适用本办法哪一条？", False),
        # recourse against a decision is procedure; a case told with the word in it is not
        ("考评员被警告了不服，该找谁提异议？", True),
        ("处理决定下来了，怎么申诉", True),
        ("Where do I appeal a decision that bans me for two years?", True),
        ("考生不服取消成绩，在考场大吵大闹砸了桌子", False),
        # the regulation's procedure and rule-making, not an institution's internal workflow
        ("评价机构可以自己出一套更细的处理办法吗", True),
        ("Can a district bureau adopt its own rules on top of this one?", True),
        ("认定作弊要走什么流程", True),
        ("督导员把机构的报名流程和内部价目表发到了同行群里", False),
        # how a finding is made
        ("只有一个监考看见，就能认定他作弊吗", True),
        ("公安已经处罚过了，我们可以直接用公安的处罚结论吗", True),
        ("行业主管部门能不能细化一套本行业的处理办法", True),
        ("考生偷看别人的答案被认定作弊了", False),
        # told first and heard; purpose and date of effect
        ("处分之前机构会先通知我吗", True),
        ("Will they tell me before they cancel my score? I want a chance to explain.", True),
        ("这个细则什么时候开始施行的", True),
        ("When did these rules come into force?", True),
        ("考生被提醒后还是不肯把手机交出来", False),
    ],
)
def test_questions_about_the_regulation_itself_are_told_from_questions_about_a_conduct(question, general):
    from retrieval.subjects import asks_general

    assert asks_general(question) is general


@pytest.mark.parametrize(
    "question, kind",
    [
        ("考务老师故意把我的成绩改低了", "intent"),
        ("考务老师私下把朋友的成绩从55分改成了62分", "intent"),
        ("我怀疑工作人员把我的成绩改了", "intent"),
        ("监考收了红包，考试时在门口望风", "intent"),
        ("The clerk deliberately altered two candidates' marks", "intent"),
        ("录分的同事不小心把两个人的成绩录错了", "negligence"),
        ("We mixed up two batches of results by mistake", "negligence"),
        ("他说是不小心，其实是故意改的", None),  # both: left to the words
        ("考评员迟到了半小时", None),  # neither
    ],
)
def test_the_state_of_mind_a_question_describes(question, kind):
    from retrieval import culpability

    assert culpability.of_question(question) == kind


def test_provisions_are_classed_by_their_own_words(corpus):
    from retrieval import culpability

    kinds = {p.label: culpability.of_provision(p.text) for p in corpus.provisions()}
    assert kinds["第十八条第（三）项"] == kinds["第十九条第（三）项"] == kinds["第二十一条第（一）项"] == "negligence"
    assert kinds["第二十条第（二）项"] == kinds["第二十三条第（十一）项"] == kinds["第十三条第（五）项"] == "intent"
    assert kinds["第七条第（一）项"] is None and kinds["第二十九条"] is None


def test_a_deliberate_change_of_scores_ranks_the_intentional_item_above_the_careless_ones():
    from retrieval import culpability
    from tests.helpers import shared_default_retriever

    retriever = shared_default_retriever()
    q = "考点工作人员故意把一个考生的成绩改高了"

    def careless_above_intent(params):
        hits = retriever.with_params(**params).search(q, k=10)
        labels = [h.label for h in hits]
        first_intent = labels.index("第二十条第（二）项")
        return [h.label for h in hits[:first_intent] if culpability.of_provision(h.provision.text) == "negligence"]

    assert careless_above_intent({}) == []
    assert careless_above_intent({"penalty_culpability": 0.0})  # words alone put an error item first


@pytest.mark.parametrize(
    "question, first",
    [
        ("监考发现两个考生在对答案，两个人都要处理吗", "candidate"),  # the invigilator saw it; the candidates did it
        ("The invigilator caught a candidate with a phone", "candidate"),
        ("我是一家评价机构的负责人，我们录分的同事把两个考场的成绩弄混了", "institution_staff"),  # the speaker, then the actor
        ("我是考评员，阅卷时漏评了一道题", "examiner"),  # the speaker is the actor
        ("I'm the director of a training centre. One of our assessors took cash from a candidate", "examiner"),
        ("Our invigilator let candidates talk during the exam", "institution_staff"),
        ("这批考试我们没按规定提前报备考务计划", "institution"),  # a plan, not a person
        ("考务小王晚发了试卷", "institution_staff"),
        ("监考看到考生抄袭却装作没看见", "institution_staff"),  # the inaction is the conduct
        ("The proctor saw the cheating and did nothing", "institution_staff"),
        ("考生看到监考不在，就拿出手机查答案", "candidate"),  # saw, then acted: their own act
        ("考评员发现自己录错了分数", "examiner"),
        ("我和同事一起参加电工考试，同事帮我递答案", "candidate"),
        ("考评员录成绩录错了", "examiner"),
        ("我们机构的同事把两个批次的成绩录反了", "institution_staff"),
    ],
)
def test_who_did_it_not_who_saw_it_nor_a_colleague_nor_a_thing(question, first):
    from retrieval.subjects import detect

    assert detect(question)[0] == first


@pytest.mark.parametrize(
    "question, aside",
    [
        ("监考发现两个考生在对答案，两个人都要处理吗", ["institution_staff"]),
        ("The invigilator caught a candidate with a phone", ["institution_staff"]),
        ("考生指着考评员骂了一顿", ["examiner"]),  # the victim
        ("有个考生在门口堵着监考老师放狠话", ["institution_staff"]),
        ("A candidate threatened the invigilator after the exam", ["institution_staff"]),
        ("监考看到考生抄袭却装作没看见", []),  # the inaction is the invigilator's own conduct
        ("机构发现考生作弊，但没按规定处理", []),
        ("The proctor sees cheating and does nothing about it", []),
        ("考评员发现自己录错了分数", []),  # found out their own error
    ],
)
def test_a_witness_or_victim_is_set_aside_when_someone_else_acted(question, aside):
    from retrieval.subjects import witnesses

    assert witnesses(question) == aside


def test_the_witness_penalty_keeps_the_invigilators_own_items_out_of_a_candidates_case():
    from tests.helpers import shared_default_retriever

    retriever = shared_default_retriever()
    q = "巡考老师发现两个考生在互相对答案，把答题卡斜过来给对方看"
    subjects = lambda params: [h.subject for h in retriever.with_params(**params).search(q, k=3)]  # noqa: E731
    assert subjects({}) == ["candidate"] * 3
    assert "institution_staff" in subjects({"penalty_witness": 0.0})  # the words alone pull in the invigilator's item


def test_example_vectors_that_cannot_be_read_are_retried_not_given_up(monkeypatch):
    import retrieval.index as idx
    from tests.helpers import shared_default_retriever

    shared = shared_default_retriever().index

    class Flaky:
        def __init__(self, coll):
            self.coll, self.down = coll, True

        def get(self, **kw):
            if self.down:
                raise ConnectionError("server gone")
            return self.coll.get(**kw)

    class Store:
        def __init__(self, coll):
            self._collection = coll

    flaky = Flaky(shared.store._collection)  # noqa: SLF001
    index = idx.Index(shared.corpus, shared.chunks, Store(flaky), shared.embeddings, shared.model_id, shared.fingerprint)
    vec = shared.embeddings.embed_query("考生带手机进考场")
    assert index.nearest_examples(vec, 5) == []
    monkeypatch.setattr(idx, "DENSE_RETRY_S", 0.0)
    index._examples_retry_at = 0.0  # noqa: SLF001 - the retry time has come
    flaky.down = False
    assert len(index.nearest_examples(vec, 5)) == 5


@pytest.mark.parametrize(
    "question, kind",
    [("考题被工作人员泄漏了", "intent"), ("我对处理有意见", None), ("大意是说考生不能带手机", None)],
)
def test_culpability_cues_do_not_misfire(question, kind):
    from retrieval import culpability

    assert culpability.of_question(question) == kind


def test_an_english_question_meets_the_chinese_examples_once_moved_by_the_language_difference():
    """e5-small puts an English question near English texts first: against the mostly Chinese example
    questions its nearest ones are off topic, unless the question is moved by the difference of the
    two languages' centroids (Index.language_shift)."""
    from retrieval.expand import Expansion
    from tests.helpers import shared_default_retriever

    retriever = shared_default_retriever()
    q = "The supervisor's report said the session was normal, yet the CCTV shows two candidates swapping answer sheets right in front of him."

    def nearest(mode):
        _, examples = retriever.with_params(examples_for_english=mode).dense_rankings(q, Expansion())
        return [retriever._provisions[pid].label for pid in examples[:3]]  # noqa: SLF001

    assert "第十五条第（四）项" in nearest("shifted")
    assert "第十五条第（四）项" not in nearest("raw")
    assert nearest("off") == []


def test_no_language_shift_without_enough_examples_in_both_languages(monkeypatch):
    import retrieval.index as idx
    from tests.helpers import shared_default_retriever

    index = shared_default_retriever().index
    shift = index.language_shift("en", "zh")
    assert shift is not None and shift.shape == index._examples[1][0].shape  # noqa: SLF001
    monkeypatch.setattr(idx, "MIN_SHIFT_EXAMPLES", 10**6)
    monkeypatch.setattr(index, "_shifts", {})
    assert index.language_shift("en", "zh") is None


@pytest.mark.parametrize(
    "question, label, bases",
    [
        # a first offence told with the sanction it expects: no ground for the escalation item
        ("考评员路上堵车迟到了，机构说要找我谈话", "第十二条第（一）项", (11,)),
        ("考评员被谈话提醒2次后又迟到", "第十二条第（一）项", None),  # the prior record is stated
        ("考评员老是迟到，会怎么升级处理", "第十二条第（一）项", None),  # a repeat is the topic
        ("Our examiner was late again after two talks", "第十二条第（一）项", None),
        ("考评员迟到了", "第十一条第（一）项", None),  # not an escalation item
    ],
)
def test_an_escalation_needs_a_prior_record_or_a_repeat(rulebook, question, label, bases):
    assert decide.unsupported_escalation(question, label, rulebook) == bases


def test_an_escalation_without_ground_ranks_below_its_base_act(assistant):
    question = "我兼职做考评员，那天路上堵车迟到了半小时，机构说要找我谈话，会有什么处分？"
    ranked = [h.label for h in assistant.search(question)[:3]]
    assert ranked.index("第十一条第（一）项") < ranked.index("第十二条第（一）项")


@pytest.mark.parametrize(
    "question",
    [
        "机构的报名老师收了钱帮人改了学历",  # not a candidate because it says 报名
        "机构的招生专员对外说年限不够也能报",
        "组卷员图省事直接用了上个月的卷子",
        "证书专员把没考试的人也录进了系统",
        "Our eligibility reviewer let an applicant through without checking the dates",
        "The exam coordinator handed out the papers twenty minutes late",
        "Their certificate manager uploaded data for people who never sat",
        "Someone in the data team changed two scores after the session",
    ],
)
def test_staff_named_by_their_desk_are_staff(question):
    """The regulation's 业务操作人员 and 联系人 are named in everyday words by what they do; before these
    words, such people went undecided in stories that asked about them (calibration set, 2026-12-07)."""
    from retrieval.subjects import detect

    assert detect(question)[0] == "institution_staff"


@pytest.mark.parametrize("question", ["身份核验的时候我忘带身份证了", "我报名的时候填错了工作年限",
                                      "报名人员提供虚假学历证明怎么处理"])  # 报名人员: the applicants
def test_a_desk_word_alone_is_not_a_person(question):
    from retrieval.subjects import detect

    assert "institution_staff" not in detect(question)
