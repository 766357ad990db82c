"""What every page shares: the interface language, T() for its strings, and the one Assistant.

The Assistant is built once per process and settings (assistant.build.shared). On the first start
the index is built, and its progress reports drive a status box with a progress bar; later starts
show nothing."""

from __future__ import annotations

import threading

import jieba
import streamlit as st

from assistant import build
from assistant.settings import Settings
from corpus.messages import t


def en() -> bool:
    return bool(st.session_state.get("lang_en", False))


def lang() -> str:
    """The interface language: "zh" or "en"."""
    return "en" if en() else "zh"


def T(key: str, **fmt) -> str:  # noqa: N802 - short on purpose, used on every line of the pages
    """An interface string from the message catalogue (corpus/messages.yaml, under `ui.`)."""
    return t(f"ui.{key}", lang(), **fmt)


class _BuildProgress:
    """The index build's progress reports, shown in a status box with a progress bar. Only the
    script thread that builds draws: Streamlit elements belong to one session's thread."""

    def __init__(self):
        self.thread = threading.get_ident()
        self.status = self.bar = None

    def _open(self) -> bool:
        if threading.get_ident() != self.thread:
            return False
        if self.status is None:
            self.status = st.status(T("building"), expanded=True)
            self.bar = self.status.progress(0)
        return True

    def __call__(self, what: str, done: int, total: int) -> None:
        if self._open():
            self.bar.progress(min(100, int(100 * done / total)) if total else 0)

    def say(self, message: str) -> None:
        if self._open():
            self.status.markdown(message)

    def done(self) -> None:
        if self.status is not None:
            self.bar.progress(100)
            self.status.update(label=T("built"), state="complete", expanded=False)


_lock = threading.Lock()


def assistant():
    """The Assistant for the current settings, built (with visible progress) on first use."""
    settings = Settings()
    if (ready := build.existing(settings)) is not None:
        return ready
    with _lock:  # one session builds; the others wait for it and then share the result
        watcher = _BuildProgress()
        with st.spinner(T("loading")):
            a = build.shared(settings, progress=watcher, say=watcher.say)
            jieba.initialize()  # the highlighter's word splitter: loaded now, not under the first answer
        watcher.done()
    return a
