"""Streamlit app: thin over the assistant and the rule engine (`make run`).

The pages live in views/ (not pages/: Streamlit would auto-list that folder); this entry point sets up the language switch, loads the Assistant once
(building the index with a progress bar on the first start), routes through a top navigation bar
(visible on a phone, where a sidebar hides behind a button) and keeps what only developers and staff
need (models, index, sign-in) in the sidebar's "about this tool" and "staff" sections."""

import streamlit as st

from assistant import llm
from assistant.logging_setup import install_redaction
from views import staff
from views.common import T, assistant

install_redaction()  # ID numbers, phones and names never reach a log
st.set_page_config(page_title="技能人才评价违纪违规处理问答", page_icon="⚖️", layout="wide")


def keep_language() -> None:  # a plain key, so the choice survives page switches
    st.session_state.lang_en = st.session_state.lang_toggle


pages = {
    "chat": st.Page("views/chat.py", title=T("nav_chat"), icon=":material/chat:", default=True),
    "case": st.Page("views/case.py", title=T("nav_case"), icon=":material/gavel:", url_path="case"),
    "rights": st.Page("views/rights.py", title=T("nav_rights"), icon=":material/event:", url_path="rights"),
    "browse": st.Page("views/browse.py", title=T("nav_browse"), icon=":material/menu_book:", url_path="browse"),
    "practice": st.Page("views/practice.py", title=T("nav_practice"), icon=":material/school:", url_path="practice"),
}
if staff.signed_in():  # signed out, the page does not exist: no link, and its address opens the chat
    pages["feedback"] = st.Page("views/feedback_review.py", title=T("nav_feedback"), icon=":material/reviews:",
                                url_path="feedback")
page = st.navigation(list(pages.values()), position="top")

a = assistant()
doc = a.corpus.default
index = a.retriever.index

# On a narrow screen Streamlit folds the top navigation into the sidebar, behind an unlabelled button.
# The same links are then drawn on the page; CSS hides them wherever the top bar is shown.
# Captions in Streamlit's gray (#828180) fail WCAG AA contrast on white (3.9:1, axe-core); #5f5e5b is 6.4:1.
st.html("<style>.stApp:has([data-testid='stTopNav']) .st-key-page_links {display: none}"
        " [data-testid='stCaptionContainer'] {color: #5f5e5b; opacity: 1}</style>")
with st.container(horizontal=True, key="page_links", gap="small"):
    for link in pages.values():
        st.page_link(link)
# The language switch sits on the page itself, for the same reason.
with st.container(horizontal=True, horizontal_alignment="right"):
    st.toggle("English", key="lang_toggle", value=st.session_state.get("lang_en", False), on_change=keep_language)

with st.sidebar:
    st.caption(f"**{T('regulation')}**：{doc.meta.title}")
    st.caption(f"{doc.meta.number} · {T('issued', d=doc.meta.issued, e=doc.meta.effective)}")
    if a.settings.llm_model:  # the one case where anything leaves this machine: said outside the fold
        st.caption(":material/cloud_upload: " + T("llm_sends"))
    with st.expander(T("about"), icon=":material/info:"):
        status = T("index_dense") if index.dense else T("index_lexical")
        if getattr(index, "server", None):
            status += f" · Chroma {index.server}"
        if index.rebuilt and index.build_seconds is not None:
            status += "；" + T("index_built", s=index.build_seconds)
        st.caption(T("about_text"))
        st.caption(f"**{T('embedding')}**：`{index.model_id or 'none'}`")
        st.caption(f"**{T('llm')}**：`{llm.describe(a.settings)}`")
        st.caption(f"**{T('index')}**：{status}")
        if a.retriever.notice:
            st.caption(f":material/warning: {a.retriever.notice}")
    staff.sign_in_box()

# A deep link to a provision (/?label=第七条第（一）项) opens the regulation browser.
if "label" in st.query_params and page.url_path == "":
    st.switch_page(pages["browse"], query_params={"label": st.query_params["label"]})

page.run()
