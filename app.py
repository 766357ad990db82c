"""Streamlit app: thin over the assistant and the rule engine (`make run`).

The pages live in views/ (not pages/: Streamlit would auto-list that folder); this entry point sets up the language switch, loads the Assistant once
(building the index with a progress bar on the first start), fills the sidebar and routes."""

import streamlit as st

from assistant import llm
from assistant.logging_setup import install_redaction
from views.common import T, assistant

install_redaction()  # ID numbers, phones and names never reach a log
st.set_page_config(page_title="技能人才评价违纪违规处理问答", page_icon="⚖️", layout="wide")


def keep_language() -> None:  # a plain key, so the choice survives page switches
    st.session_state.lang_en = st.session_state.lang_toggle


with st.sidebar:
    st.toggle("English", key="lang_toggle", value=st.session_state.get("lang_en", False), on_change=keep_language)

pages = {
    "chat": st.Page("views/chat.py", title=T("nav_chat"), icon=":material/chat:", default=True),
    "case": st.Page("views/case.py", title=T("nav_case"), icon=":material/gavel:", url_path="case"),
    "rights": st.Page("views/rights.py", title=T("nav_rights"), icon=":material/event:", url_path="rights"),
    "browse": st.Page("views/browse.py", title=T("nav_browse"), icon=":material/menu_book:", url_path="browse"),
    "practice": st.Page("views/practice.py", title=T("nav_practice"), icon=":material/school:", url_path="practice"),
    "feedback": st.Page("views/feedback_review.py", title=T("nav_feedback"), icon=":material/reviews:", url_path="feedback"),
}
page = st.navigation(list(pages.values()))

a = assistant()
doc = a.corpus.default
index = a.retriever.index

with st.sidebar:
    st.caption(f"**{T('regulation')}**：{doc.meta.title}")
    st.caption(f"{doc.meta.number} · {T('issued', d=doc.meta.issued, e=doc.meta.effective)}")
    status = T("index_dense") if index.dense else T("index_lexical")
    if getattr(index, "server", None):
        status += f" · Chroma {index.server}"
    if index.rebuilt and index.build_seconds is not None:
        status += "；" + T("index_built", s=index.build_seconds)
    st.caption(f"**{T('embedding')}**：`{index.model_id or 'none'}`")
    st.caption(f"**{T('llm')}**：`{llm.describe(a.settings)}`")
    if a.settings.llm_model:  # the one case where anything leaves this machine
        st.caption(":material/cloud_upload: " + ("Questions are sent to this LLM endpoint." if st.session_state.get("lang_en")
                                                 else "问题会发送到上述语言模型服务。"))
    st.caption(f"**{T('index')}**：{status}")
    if a.retriever.notice:
        st.caption(f":material/warning: {a.retriever.notice}")

# A deep link to a provision (/?label=第七条第（一）项) opens the regulation browser.
if "label" in st.query_params and page.url_path == "":
    st.switch_page(pages["browse"], query_params={"label": st.query_params["label"]})

page.run()
