"""Rights and deadlines: 第二十九条 deadlines from the day a decision was received (holidays and
make-up working days counted), then what a person facing a decision can do, step by step.

The dates are typed (2026-09-28, 2026/9/28, 2026年9月28日): a text field hands its value over on
Enter as well as on leaving it, so the result always follows what was typed; a date picker's typed
text waited for the field to lose focus while the old result still showed."""

import datetime as dt

import streamlit as st

from rules.deadlines import appeal_report, rights_steps
from views.case_form import typed_day
from views.common import T, assistant, en, lang
from views.markup import plain


a = assistant()
st.title(T("nav_rights"))

left, right = st.columns(2)
received_text = left.text_input(T("received"), value=dt.date.today().isoformat(), key="rights_received",
                                placeholder=T("date_placeholder"), max_chars=20)
filed_text = right.text_input(T("filed"), key="rights_filed", placeholder=T("date_placeholder"), max_chars=20)

try:
    received = typed_day(received_text, T("received"))
    filed = typed_day(filed_text, T("filed"))
except ValueError as exc:  # a DayError says it in both languages
    st.warning(exc.said.in_(lang()) if hasattr(exc, "said") else str(exc))
    received = None

if received:
    try:
        report = appeal_report(received, a.rulebook, filed)
    except ValueError as exc:  # a DateError says it in both languages
        st.warning(exc.said.in_(lang()) if hasattr(exc, "said") else str(exc))
    else:
        one, two = st.columns(2)
        one.metric(T("statement_deadline"), report["statement_deadline"])
        two.metric(T("review_deadline"), report["review_deadline"])
        if report["counted_holidays"]:
            st.caption(f"{T('holidays')}：" + "、".join(f"{h['date']} {h['name'][lang()]}" for h in report["counted_holidays"]))
        if report["makeup_workdays"]:
            st.caption(f"{T('makeup')}：" + "、".join(report["makeup_workdays"]))
        for warning in report["warnings"]:
            st.warning(warning[lang()])
        for assumption in report["assumptions"]:
            st.caption(plain(assumption[lang()]))
        st.markdown(f"**{report['provision']}**：「{plain(report['quote'])}」")

st.subheader(T("steps"))
for n, p in enumerate(rights_steps(a.rulebook), 1):
    st.markdown(f"{n}. **{p.step.en if en() else p.step.zh}**（{p.actor}，{p.label}）")
    st.caption(f"{p.label}：「{plain(p.quote)}」")
