"""Feedback review, for staff: the stored thumbs and comments (already redacted), newest first."""

import streamlit as st

from assistant.feedback import FeedbackStore
from views.common import T, assistant

a = assistant()
st.title(T("nav_feedback"))
rows = FeedbackStore.for_settings(a.settings).list()
if not rows:
    st.info(T("no_feedback"))
else:
    up = sum(r["rating"] == 1 for r in rows)
    st.caption(f"{T('ratings')}：👍 {up} / 👎 {len(rows) - up}")
    st.dataframe([{**r, "rating": "👍" if r["rating"] == 1 else "👎"} for r in rows], hide_index=True,
                 column_order=("created", "rating", "question", "answer_summary", "comment"))
