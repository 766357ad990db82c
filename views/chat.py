"""Ask: a chat over the assistant. Replies stream in (only verified text is ever streamed); under
each, one folded list of its sources quoted, the sanction's verified badge, quick replies to an open
question, and folded "copy / download" and "feedback" buttons.

The conversation is kept in the shared store (assistant/store.py, the one the HTTP API uses) under
an id in the address (?c=…), so a reload, or the link opened later the same day, shows it again."""

import logging
import re
import uuid
from itertools import chain

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from assistant import store as stores
from assistant.errors import UserError
from assistant.feedback import FeedbackStore
from assistant.pipeline import Conversation
from corpus.messages import t
from views.case_form import quick_replies
from views.common import T, assistant, lang
from views.markup import highlight, plain
from views.transcript import answer_markdown, conversation_markdown

EXAMPLES = (
    "考生用手机查答案怎么处理",
    "被抓到替考要停考几年",
    "考官能不能中途出去办事",
    "处理决定不服怎么申诉，多少天内",
    "An examiner was late again after two talks this cycle — what applies?",
)
PARAM = "c"  # the conversation id in the address
OWNER = "app"  # the store keeps API conversations under their key's name; the app's under this one
_ID = re.compile(r"[0-9a-f]{32}")
SUMMARY_CHARS = 60  # of the open case's story, in its summary

log = logging.getLogger(__name__)
a = assistant()
doc = a.corpus.default
store = stores.for_settings(a.settings)


def start(cid: str | None = None, conversation: Conversation | None = None, version: int = 0) -> None:
    st.session_state.conversation = conversation or Conversation()
    st.session_state.conv_id, st.session_state.conv_version = cid, version
    for key in [k for k in st.session_state if str(k).startswith(("fb_", "fbc_", "fbsent_"))]:
        del st.session_state[key]


def follow_address() -> None:
    """The conversation the address names: loaded from the store on a reload or an opened link; the
    address put back when another page dropped it; a new conversation for an unknown or expired id."""
    cid = st.query_params.get(PARAM)
    if "conversation" in st.session_state and cid in (None, st.session_state.conv_id):
        if st.session_state.conv_id:
            st.query_params[PARAM] = st.session_state.conv_id
        return
    saved = None
    if cid and _ID.fullmatch(cid):
        try:
            saved = store.load_conversation(cid, OWNER)
        except SQLAlchemyError:
            log.exception("loading a conversation failed")
    if saved is None:
        start()
        if cid:
            st.query_params.pop(PARAM, None)
            st.session_state.conv_lost = True
        return
    start(cid, stores.conversation_from(saved.state), saved.version)


def save() -> None:
    """The conversation into the store, its id into the address. Continued meanwhile in another tab,
    it is saved as a new conversation rather than overwrite that one."""
    conv = st.session_state.conversation
    cid, version = st.session_state.conv_id or uuid.uuid4().hex, st.session_state.conv_version
    try:
        try:
            version = store.save_conversation(cid, OWNER, stores.conversation_state(conv), version)
        except stores.ConversationConflict:
            cid = uuid.uuid4().hex
            version = store.save_conversation(cid, OWNER, stores.conversation_state(conv), 0)
            st.session_state.conv_forked = True
    except (stores.StoreError, SQLAlchemyError):  # the answer still shows; only the keeping failed
        log.exception("saving a conversation failed")
        st.session_state.conv_unsaved = True
        return
    st.session_state.conv_id, st.session_state.conv_version = cid, version
    st.query_params[PARAM] = cid


def ask_later(question: str) -> None:  # a button's callback: the question is asked in this run
    st.session_state.chat_pending = question


def new_conversation() -> None:
    start()
    st.query_params.pop(PARAM, None)


def new_case() -> None:
    st.session_state.conversation.clear_case()
    if st.session_state.conversation.answers:
        save()


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


def sources(answer) -> None:
    """One folded list of every provision the answer cites, each quoted verbatim."""
    if not answer.citations:
        return
    labels = [c.label for c in answer.citations]  # all named while folded: the reader sees what it rests on
    with st.expander(f"{T('sources_n', n=len(labels))}：{'、'.join(labels)}", icon=":material/format_quote:"):
        for n, c in enumerate(answer.citations):
            if n:
                st.divider()
            st.markdown(f"**{c.label}**")
            st.caption(c.chapter)
            if c.lead_in:
                st.markdown(highlight(c.lead_in, answer.question) + " ……", unsafe_allow_html=True)
            st.markdown(highlight(c.quote, answer.question), unsafe_allow_html=True)


def feedback(i: int) -> None:
    sent = st.session_state.get(f"fbsent_{i}")
    if sent == "sent":
        st.caption(T("thanks"))
        return
    st.markdown(T("feedback"))
    st.feedback("thumbs", key=f"fb_{i}")
    st.text_input(T("comment"), key=f"fbc_{i}")
    st.button(T("send"), key=f"fbs_{i}", on_click=send_feedback, args=(i,))
    if sent == "missing":
        st.caption(T("pick_rating"))


def keep_or_copy(md: str, key: str, file_name: str) -> None:
    """The Markdown with a copy button (st.code has one), and a download."""
    st.code(md, language="markdown", wrap_lines=True, height=240)
    st.download_button(T("download"), md, file_name=file_name, mime="text/markdown", key=key, on_click="ignore",
                       icon=":material/download:")


def details(i: int, answer, latest: bool) -> None:
    """Everything under a reply's text: notices, the sanction, sources, quick replies (`latest`
    reply only, while its case waits for a fact), then copy and feedback, both folded."""
    for notice in answer.notices:
        st.info(notice)
    for s in answer.sanctions:
        badge = f":green-badge[{T('verified')}]" if s.verified else f":orange-badge[{T('unverified')}]"
        st.markdown(f"**{s.label}**：{'、'.join(s.measures)}　{badge}")
    if answer.intent == "case" and not answer.sanctions:  # no conclusion stated: not sure enough, or no match
        st.markdown(f":orange-badge[{T('needs_confirmation')}]")
    sources(answer)
    replies = quick_replies(conv.pending_facts[0], lang()) if latest and conv.pending_facts else []
    if replies:
        st.caption(T("reply_first"))
        with st.container(horizontal=True):
            for reply in replies:
                st.button(reply, key=f"reply_{i}_{reply}", on_click=ask_later, args=(reply,))
    with st.container(horizontal=True):
        with st.popover(T("copy_answer"), icon=":material/content_copy:"):
            keep_or_copy(answer_markdown(answer, lang()), f"dl_{i}", f"answer-{i + 1}.md")
        with st.popover(T("feedback_open"), icon=":material/thumbs_up_down:"):
            feedback(i)


def case_summary() -> None:
    """While the chat is completing a case: whose, what, the fact still asked for, and a way out."""
    if not conv.pending_conduct:
        return
    story = conv.pending_conduct
    story = story if len(story) <= SUMMARY_CHARS else story[:SUMMARY_CHARS] + "…"
    who = t(f"subject.{conv.pending_subject}", lang()) if conv.pending_subject else ""
    with st.container(border=True):
        st.markdown(f"**{T('current_case')}**　{who}：{plain(story)}")
        if conv.pending_facts:
            st.caption(T("case_waiting", fact=T(conv.pending_facts[0])))
        st.button(T("new_case"), on_click=new_case, icon=":material/note_add:")


follow_address()
conv: Conversation = st.session_state.conversation

st.title(T("app_title"))
for flag, key in (("conv_lost", "conv_lost"), ("conv_forked", "conv_forked"), ("conv_unsaved", "conv_unsaved")):
    if st.session_state.pop(flag, False):
        st.info(T(key))

question = st.chat_input(T("chat_placeholder")) or st.session_state.pop("chat_pending", None)
actions = st.container(horizontal=True)  # filled last, so that it includes an answer given in this run

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
            save()
            details(len(conv.answers) - 1, conv.answers[-1], latest=True)
elif not conv.answers:
    st.caption(T("try"))
    for example in EXAMPLES:
        st.button(example, key=f"example_{example}", on_click=ask_later, args=(example,))

case_summary()
if conv.answers:
    with actions:
        st.button(T("reset"), on_click=new_conversation, icon=":material/restart_alt:")
        with st.popover(T("copy_all"), icon=":material/content_copy:"):
            keep_or_copy(conversation_markdown(conv.answers, T("app_title"), f"{doc.meta.title}（{doc.meta.number}）",
                                               lang()), "dl_all", "conversation.md")
