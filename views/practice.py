"""Trainer practice: scenarios from the rules' examples; pick the provision and the measures, check
the answers (one point each), read why with the quoted text, print the sheet with its answer key."""

import streamlit as st

from assistant.practice import draw_quiz, option_text, practice_sheet, score
from views.common import T, assistant, lang

a = assistant()
rb = a.rulebook
st.title(T("nav_practice"))

seed = st.session_state.setdefault("quiz_seed", 0)
left, right = st.columns([3, 1], vertical_alignment="bottom")
size = left.slider(T("quiz_size"), 3, 10, 5, key="quiz_size")
if right.button(T("new_quiz"), icon=":material/refresh:"):
    seed = st.session_state.quiz_seed = seed + 1
items = draw_quiz(rb, size, seed, lang())

provisions, measures = [], []
for n, q in enumerate(items, 1):
    st.markdown(f"#### {n}. {q.scenario}")
    provisions.append(st.radio(T("which_provision"), q.provision_options, index=None, key=f"qp_{seed}_{n}",
                               format_func=lambda label: option_text(label, rb, lang())))
    measures.append(st.radio(T("which_measure"), q.measure_options, index=None, key=f"qm_{seed}_{n}"))

checked = f"quiz_checked_{seed}_{size}"
if st.button(T("check_answers"), type="primary"):
    st.session_state[checked] = True
if st.session_state.get(checked):
    st.metric(T("score"), f"{score(items, provisions, measures)} / {2 * len(items)}")
    for n, (q, p, m) in enumerate(zip(items, provisions, measures), 1):
        right_answer = p == q.label and m == q.measures
        verdict = T("correct") if right_answer else f"{T('wrong')} {q.label}"
        with st.expander(f"{verdict} — {n}. {q.scenario}", expanded=not right_answer):
            st.markdown(f"**{q.label}**：{q.measures}")
            st.markdown(f"「{q.quote}」")

st.download_button(T("sheet"), practice_sheet(items, rb, lang()), file_name="practice-sheet.md", mime="text/markdown",
                   on_click="ignore", icon=":material/print:")
