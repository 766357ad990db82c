"""Streamlit app: thin over the assistant (see assistant/)."""

import streamlit as st

from corpus import load_corpus

st.set_page_config(page_title="技能人才评价违纪违规处理问答", page_icon="⚖️", layout="wide")
corpus = load_corpus()
doc = corpus.default
st.title(doc.meta.title)
st.caption(f"{doc.meta.number} · {doc.meta.issuer} · {doc.meta.issued} 印发并施行")
for chapter in doc.chapters:
    with st.expander(chapter.heading):
        for p in corpus.provisions(doc.id):
            if p.chapter == chapter.heading and p.kind != "article":
                st.markdown(f"**{p.label}** {p.text}")
            elif p.chapter == chapter.heading and not any(
                q.article == p.article and q.kind != "article" for q in corpus.provisions(doc.id)
            ):
                st.markdown(f"**{p.label}** {p.text}")
