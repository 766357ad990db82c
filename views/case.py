"""Case checker: a case from a form (unknown facts left out), assessed by the rule engine and shown
through the one renderer (rules.render): outcome, consequences, deadlines, open questions, notes,
the trace with its quotes and the provisions cited; the same summary downloads as Markdown."""

import streamlit as st

from corpus.messages import t
from rules import CaseError, assess
from rules.case import DayError
from rules.render import cited_labels, decision_markdown, decision_sections
from rules.schema import SUBJECTS
from views.case_form import COUNT_FACTS, FACTS_FOR, case_dict, typed_day
from views.common import T, assistant, lang
from views.markup import plain

a = assistant()
CONDUCT_CHARS = 500  # a case in plain words; a longer story belongs in the chat
ECHO_CHARS = 40  # of the typed conduct, where the decision repeats it


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
subject = st.selectbox(T("subject"), SUBJECTS, format_func=lambda s: t(f"subject.{s}", lang()), key="case_subject")
conduct = st.text_area(T("conduct"), key="case_conduct", placeholder="考评员迟到 / 考生用手机查答案",
                       max_chars=CONDUCT_CHARS)
left, right = st.columns(2)
provision = left.text_input(T("provision"), key="case_provision", placeholder="第十一条第（一）项")
date_text = right.text_input(T("date"), key="case_date", placeholder=T("date_placeholder"), max_chars=20)
st.caption(T("facts"))
columns = st.columns(2)
facts = {}
for n, fact in enumerate(FACTS_FOR[subject]):
    with columns[n % 2]:
        facts[fact] = fact_input(fact)

if st.button(T("assess"), type="primary"):
    try:
        st.session_state.case_submitted = case_dict(subject, conduct, provision, typed_day(date_text, T("date")), facts)
    except DayError as exc:
        st.session_state.case_submitted = None
        st.warning(exc.said.in_(lang()))

case = st.session_state.get("case_submitted")
if case:
    try:
        d = assess(case, a.rulebook)
    except CaseError as exc:
        st.warning(exc.said.in_(lang()))
        st.stop()
    typed = case.get("conduct", "")

    def said(line: str) -> str:
        """A line of the decision, inert, with the typed conduct it repeats cut short."""
        if len(typed) > ECHO_CHARS:
            line = line.replace(typed, typed[:ECHO_CHARS] + "…")
        return plain(line)

    for section in decision_sections(d, lang()):
        if section.key == "outcome":
            st.info(f"**{said(section.lines[0])}**" + "".join(f"　{said(x)}" for x in section.lines[1:]))
        elif section.key == "questions":
            for line in section.lines:
                st.warning(said(line), icon=":material/help:")
        elif section.key in ("notes", "assumptions"):
            st.markdown(f"#### {section.title}")
            for line in section.lines:
                st.caption(said(line))
        elif section.key == "trace":
            st.markdown(f"#### {section.title}")
            for n, (line, quote) in enumerate(zip(section.lines, section.quotes), 1):
                st.markdown(f"{n}. {said(line)}")
                st.caption(f"「{plain(quote)}」")
        else:
            st.markdown(f"#### {section.title}")
            st.markdown("\n".join(f"- {said(line)}" for line in section.lines))
    with st.expander(t("render.cited", lang())):
        for label in cited_labels(d):
            p = a.corpus.get(label)
            st.markdown(f"**{label}**（{p.chapter}）：「{plain(p.full_text)}」")
    st.download_button(T("download_md"), decision_markdown(d, a.corpus, case, lang()), file_name="decision.md",
                       mime="text/markdown", on_click="ignore", icon=":material/download:")
