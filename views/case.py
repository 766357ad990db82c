"""Case checker: a case from a form (unknown facts left out), assessed by the rule engine, shown
with its deadlines, open questions, the trace and the provisions quoted; the summary downloads."""

import streamlit as st

from assistant.ui_support import (
    COUNT_FACTS, FACTS_FOR, case_dict, cited_labels, deadline_name, decision_markdown, outcome, plain,
    subject_name,
)
from rules import CaseError, assess
from rules.render import consequence_rows
from rules.schema import SUBJECTS
from views.common import T, assistant, en

a = assistant()


def h(zh: str, english: str) -> str:
    return english if en() else zh


def fact_input(fact: str):
    """One fact's widget; None (left blank, 不清楚) means unknown."""
    key = f"case_{fact}"
    if fact in COUNT_FACTS:
        return st.number_input(T(fact), min_value=0, step=1, value=None, key=key)
    choices = {None: T("unknown")}
    choices.update({"internal": T("internal"), "external": T("external")} if fact == "supervisor_kind"
                   else {True: T("yes"), False: T("no")})
    return st.selectbox(T(fact), list(choices), format_func=choices.get, key=key)


st.title(T("nav_case"))
subject = st.selectbox(T("subject"), SUBJECTS, format_func=lambda s: subject_name(s, en()), key="case_subject")
conduct = st.text_area(T("conduct"), key="case_conduct", placeholder="考评员迟到 / 考生用手机查答案")
left, right = st.columns(2)
provision = left.text_input(T("provision"), key="case_provision", placeholder="第十一条第（一）项")
date = right.date_input(T("date"), value=None, key="case_date")
st.caption(T("facts"))
columns = st.columns(2)
facts = {}
for n, fact in enumerate(FACTS_FOR[subject]):
    with columns[n % 2]:
        facts[fact] = fact_input(fact)

if st.button(T("assess"), type="primary"):
    st.session_state.case_submitted = case_dict(subject, conduct, provision, date, facts)

case = st.session_state.get("case_submitted")
if case:
    try:
        d = assess(case, a.rulebook)
    except CaseError as exc:
        st.warning(str(exc))
        st.stop()
    applies = f" — {'、'.join(d.provisions)}" if d.provisions else ""
    st.info(f"**{outcome(d, en())}**{applies}")
    for heading, value in consequence_rows(d, en()):
        st.markdown(f"**{heading}**：{value}")
    if d.no_sanction_reason:
        st.markdown(plain(d.no_sanction_reason))
    for f in d.follow_up:
        st.warning(f.question, icon=":material/help:")

    if d.deadlines:
        st.markdown(f"#### {h('期限', 'Deadlines')}")
    for key, x in d.deadlines.items():
        days = h(f"{x.working_days}个工作日", f"{x.working_days} working days")
        st.markdown(f"**{deadline_name(key, en())}**：**{x.due}**（{x.provision}，{days}）")
        if x.counted_holidays:
            st.caption(f"{T('holidays')}：" + "、".join(f"{o.date} {o.name}" for o in x.counted_holidays))
        if x.makeup_workdays:
            st.caption(f"{T('makeup')}：" + "、".join(map(str, x.makeup_workdays)))
    for note in [*d.notes, *d.assumptions]:
        st.caption(plain(note))

    st.markdown(f"#### {h('认定过程', 'Trace')}")
    for n, s in enumerate(d.trace, 1):
        st.markdown(f"{n}. **{s.label}** {plain(s.note)}")
        st.caption(f"「{plain(s.quote)}」")
    with st.expander(h("所引条文原文", "Provisions cited (verbatim)")):
        st.markdown(f"#### {h('所引条文原文', 'Provisions cited (verbatim)')}")
        for label in cited_labels(d):
            p = a.corpus.get(label)
            st.markdown(f"**{label}**（{p.chapter}）：「{plain(p.full_text)}」")
    st.download_button(T("download_md"), decision_markdown(d, a.corpus, case, en()), file_name="decision.md",
                       mime="text/markdown", on_click="ignore", icon=":material/download:")
