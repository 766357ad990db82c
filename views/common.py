"""What every page shares: the interface language, T() for its strings, and the one Assistant.

The Assistant is loaded once per process and settings (st.cache_resource holds it). On the first
start the index is built: the build's messages and tqdm bar (written to stderr) are shown in a
status box with a progress bar; later starts show nothing."""

from __future__ import annotations

import sys
import threading

import jieba
import streamlit as st

from assistant.settings import get_settings
from assistant.ui_support import progress_fraction, t


def en() -> bool:
    return bool(st.session_state.get("lang_en", False))


def T(key: str, **fmt) -> str:  # noqa: N802 - short on purpose, used on every line of the pages
    return t(key, en(), **fmt)


@st.cache_resource(show_spinner=False)
def _slot(settings_key: str) -> dict:
    """A holder per settings; filled outside the cached function so that its status box is not replayed."""
    return {"lock": threading.Lock()}


class _BuildProgress:
    """Stands in for stderr while the Assistant loads: the script thread's writes about an index
    build open a status box with a progress bar; everything is passed on to the real stderr."""

    MARK = "Building the retrieval index"

    def __init__(self, stream):
        self.stream, self.thread = stream, threading.get_ident()
        self.status = self.bar = None

    def write(self, text: str) -> int:
        self.stream.write(text)
        if threading.get_ident() == self.thread and text.strip():
            if self.status is None and self.MARK in text:
                self.status = st.status(T("building"), expanded=True)
                self.bar = self.status.progress(0)
            if self.status is not None:
                fraction = progress_fraction(text)
                if fraction is not None:
                    self.bar.progress(int(fraction * 100))
                elif "%|" not in text and "\r" not in text:
                    self.status.markdown(text.strip())
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def done(self) -> None:
        if self.status is not None:
            self.bar.progress(100)
            self.status.update(label=T("built"), state="complete", expanded=False)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def assistant():
    """The Assistant for the current settings, built (with visible progress) on first use."""
    from assistant.pipeline import Assistant

    settings = get_settings()
    slot = _slot(settings.model_dump_json())
    if "assistant" not in slot:
        with slot["lock"]:
            if "assistant" not in slot:
                watcher, real = _BuildProgress(sys.stderr), sys.stderr
                sys.stderr = watcher
                try:
                    with st.spinner(T("loading")):
                        slot["assistant"] = Assistant.create(settings, progress=True)
                        jieba.initialize()  # the highlighter's word splitter: loaded now, not under the first answer
                finally:
                    sys.stderr = real
                watcher.done()
    return slot["assistant"]
