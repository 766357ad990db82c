"""Ask: a chat over the assistant. Replies stream in (only verified text is ever streamed), each with
its sources quoted, the sanction's verified badge, quick replies to an open question and feedback."""

import logging
from itertools import chain

import streamlit as st

from assistant.errors import UserError
from assistant.feedback import FeedbackStore
from assistant.pipeline import Conversation
from corpus.messages import t
from views.case_form import quick_replies
from views.common import T, assistant, lang
from views.markup import highlight, plain

EXAMPLES = (
    "考生用手机查答案怎么处理",
    "被抓到替考要停考几年",
    "考官能不能中途出去办事",
    "处理决定不服怎么申诉，多少天内",
    "An examiner was late again after two talks this cycle — what applies?",
)

a = assistant()
if "conversation" not in st.session_state:
    st.session_state.conversation = Conversation()
conv: Conversation = st.session_state.conversation


def ask_later(question: str) -> None:  # a button's callback: the question is asked in this run
    st.session_state.chat_pending = question


def reset() -> None:
    st.session_state.conversation = Conversation()
    for key in [k for k in st.session_state if str(k).startswith(("fb_", "fbc_", "fbsent_"))]:
        del st.session_state[key]


def send_feedback(i: int) -> None:
    rating = st.session_state.get(f"fb_{i}")
    if rating is None:
        st.session_state[f"fbsent_{i}"] = "missing"
        return
    answer = st.session_state.conversation.answers[i]
    summary = f"{answer.intent}; " + ", ".join(c.label for c in answer.citations)
    FeedbackStore.for_settings(a.settings).add(answer.question, summary, 1 if rating == 1 else -1,
                                               st.session_state.get(f"fbc_{i}", ""))
    st.session_state[f"fbsent_{i}"] = "sent"


def details(i: int, answer, latest: bool) -> None:
    """Everything under a reply's text: notices, the sanction, sources, quick replies (`latest`
    reply only, while its case waits for a fact), feedback."""
    for notice in answer.notices:
        st.info(notice)
    for s in answer.sanctions:
        badge = f":green-badge[{T('verified')}]" if s.verified else f":orange-badge[{T('unverified')}]"
        st.markdown(f"**{s.label}**：{'、'.join(s.measures)}　{badge}")
    for c in answer.citations:
        with st.expander(f"{T('sources')}：{c.label}"):
            st.caption(c.chapter)
            if c.lead_in:
                st.markdown(highlight(c.lead_in, answer.question) + " ……", unsafe_allow_html=True)
            st.markdown(highlight(c.quote, answer.question), unsafe_allow_html=True)
    replies = quick_replies(conv.pending_facts[0], lang()) if latest and conv.pending_facts else []
    if replies:
        st.caption(T("reply_first"))
        for col, reply in zip(st.columns(len(replies)), replies):
            col.button(reply, key=f"reply_{i}_{reply}", on_click=ask_later, args=(reply,))
    sent = st.session_state.get(f"fbsent_{i}")
    if sent == "sent":
        st.caption(T("thanks"))
        return
    st.feedback("thumbs", key=f"fb_{i}")
    st.text_input(T("comment"), key=f"fbc_{i}")
    st.button(T("send"), key=f"fbs_{i}", on_click=send_feedback, args=(i,))
    if sent == "missing":
        st.caption(T("pick_rating"))


st.sidebar.button(T("reset"), on_click=reset, icon=":material/restart_alt:")
st.title(T("app_title"))

question = st.chat_input(T("chat_placeholder")) or st.session_state.pop("chat_pending", None)
for i, answer in enumerate(conv.answers):
    with st.chat_message("user"):
        st.markdown(plain(answer.question))
    with st.chat_message("assistant"):
        st.markdown(answer.answer)
        details(i, answer, latest=not question and i == len(conv.answers) - 1)

if question:
    with st.chat_message("user"):
        st.markdown(plain(question))
    with st.chat_message("assistant"):
        pieces = a.stream(question, conv)
        try:
            first = next(pieces, "")  # the whole reply is made (and checked) before its first piece
        except UserError as exc:
            st.warning(exc.said.in_(lang()))
        except Exception:  # a user sees a message, never a traceback; the log has the details
            logging.getLogger(__name__).exception("answering failed")
            st.error(t("notice.error", lang()))
        else:
            st.write_stream(chain([first], pieces))
            details(len(conv.answers) - 1, conv.answers[-1], latest=True)
elif not conv.answers:
    st.caption(T("try"))
    for example in EXAMPLES:
        st.button(example, key=f"example_{example}", on_click=ask_later, args=(example,))
