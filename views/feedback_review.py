"""Feedback review, for staff only (views/staff.py): the stored thumbs and comments (already
redacted), newest first, with times in Shanghai's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from assistant.feedback import FeedbackStore
from views import staff
from views.common import T, assistant

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_time(created: str) -> str:
    """A stored UTC ISO time as Shanghai's wall-clock time."""
    try:
        when = dt.datetime.fromisoformat(created)
    except ValueError:
        return created
    when = when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


if not staff.signed_in():  # app.py offers no link then; this guards a page reached any other way
    st.stop()

a = assistant()
st.title(T("nav_feedback"))
rows = FeedbackStore.for_settings(a.settings).list()
if not rows:
    st.info(T("no_feedback"))
else:
    up = sum(r["rating"] == 1 for r in rows)
    st.caption(f"{T('ratings')}：👍 {up} / 👎 {len(rows) - up}")
    st.dataframe([{**r, "created": local_time(r["created"]), "rating": "👍" if r["rating"] == 1 else "👎"} for r in rows],
                 hide_index=True, column_order=("created", "rating", "question", "answer_summary", "comment"),
                 column_config={"created": T("col_created"), "rating": T("col_rating"), "question": T("col_question"),
                                "answer_summary": T("col_summary"), "comment": T("col_comment")})
