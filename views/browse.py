"""Regulation browser: chapters, articles and items; a search box that opens a provision from its
number in any common form (第二十一条, 21条, 第21条第2项, art. 21) and otherwise marks the words (or,
when no provision contains them, lists the nearest ones); /?label=… opens a provision too."""

import streamlit as st

from assistant.practice import measure_text
from corpus import UnknownLabel
from corpus.labels import parse_label
from corpus.numerals import to_chinese
from views.common import T, assistant, en, lang
from views.markup import highlight, plain

a = assistant()
doc = a.corpus.default
provisions = {p.label: p for p in doc.all_provisions}
articles = {art.label: art for art in doc.articles}


def sync_query() -> None:  # the address always names the open provision, so it can be shared
    if st.session_state.browse_pick:
        st.query_params["label"] = st.session_state.browse_pick
    else:
        st.query_params.pop("label", None)


def open_typed() -> None:
    """The search box's callback: a provision number opens that provision (and empties the box)."""
    typed = st.session_state.browse_q.strip()
    if parse_label(typed) is None:
        return
    try:
        st.session_state.browse_pick = a.corpus.get(typed).label
    except UnknownLabel as exc:
        st.session_state.browse_unknown = exc.told().in_(lang())
        return
    st.session_state.browse_q = ""
    sync_query()


def gap_note(article_label: str) -> str | None:
    gaps = doc.gaps.get(article_label)
    return T("gap", items="、".join(f"（{to_chinese(n)}）" for n in gaps)) if gaps else None


def article_lines(article_label: str) -> list[str]:
    art = articles[article_label]
    return [line for para in art.paragraphs for line in (para.text, *(i.text for i in para.items)) if line]


def show(label: str) -> None:
    p = provisions[label]
    st.markdown(f"### {label}")
    st.caption(f"{p.chapter} · {T('link')}：`/?label={label}`")
    if note := gap_note(p.article_label):
        st.info(note)
    if p.kind == "article":
        st.markdown("\n\n".join(plain(line) for line in article_lines(label)))
    else:
        if p.lead_in:
            st.markdown(f"{plain(p.lead_in)} ……")
        st.markdown(plain(p.text))
    if rule := a.rulebook.rules.get(label):
        st.caption(f"{rule.conduct.en if en() else rule.conduct.zh} → {measure_text(rule, a.rulebook.measures, lang())}")


def own_texts():
    """(provision, its own words): an item's text, a paragraph's or a one-paragraph article's text
    without its items, so that every sentence is searched once."""
    for p in doc.all_provisions:
        paras = articles[p.article_label].paragraphs
        if p.kind == "item":
            yield p, p.text
        elif p.kind == "paragraph":
            yield p, next(x.text for x in paras if x.number == p.paragraph)
        elif len(paras) == 1:
            yield p, paras[0].text


st.title(T("nav_browse"))
if asked := st.query_params.get("label"):
    try:
        st.session_state.browse_pick = a.corpus.get(asked).label
    except UnknownLabel as exc:
        st.warning(exc.told().in_(lang()))

query = st.text_input(T("search"), key="browse_q", placeholder=T("search_placeholder"), on_change=open_typed).strip()
if unknown := st.session_state.pop("browse_unknown", None):
    st.warning(unknown)
    query = ""  # a number that names nothing is not searched for as words
pick = st.selectbox(T("open_label"), list(provisions), index=None, key="browse_pick", on_change=sync_query,
                    placeholder="第七条第（一）项")

if pick:
    show(pick)
    st.divider()

if query:
    hits = [(p, text) for p, text in own_texts() if text and query.lower() in text.lower()]
    if not hits:
        st.markdown(T("no_hits"))
    nearest = [(h.provision, h.provision.text) for h in a.retriever.search(query, k=5)] if not hits else []
    for p, text in hits or nearest:
        st.markdown(f"**{p.label}**　{highlight(text, query, exact=bool(hits))}", unsafe_allow_html=True)
elif not pick:
    for chapter in doc.chapters:
        with st.expander(chapter.heading):
            for art in chapter.articles:
                st.markdown(f"**{art.label}**　" + "\n\n".join(plain(line) for line in article_lines(art.label)))
                if note := gap_note(art.label):
                    st.caption(note)
