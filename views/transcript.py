"""An answer, or a whole conversation, as Markdown to copy or download: the question, the answer,
the sanctions with their check, and every cited provision quoted verbatim. Pure (no Streamlit)."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer import Answer
from corpus.messages import t


def _quote(text: str) -> str:
    """Text as a Markdown block quote, line by line, so a multi-line provision stays inside it."""
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def answer_markdown(answer: Answer, lang: str = "zh", heading: str = "##") -> str:
    """One answer with its question and sources."""
    ui = lambda key, **fmt: t(f"ui.{key}", lang, **fmt)  # noqa: E731 - a short alias, read on every line
    out = [f"{heading} {ui('md_question')}：{answer.question}", "", answer.answer.strip(), ""]
    for s in answer.sanctions:
        check = ui("verified") if s.verified else ui("unverified")
        out.append(f"- **{s.label}**：{'、'.join(s.measures)}（{check}）")
    if answer.sanctions:
        out.append("")
    if answer.citations:
        out += [f"**{ui('md_sources')}**", ""]
        for c in answer.citations:
            where = f"（{c.chapter}）" if c.chapter else ""
            out.append(f"**{c.label}**{where}")
            out.append(_quote(f"{c.lead_in} …… {c.quote}" if c.lead_in else c.quote))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def conversation_markdown(answers: Iterable[Answer], title: str, source: str, lang: str = "zh") -> str:
    """The whole conversation: a title, the regulation it is about, then every answer in order."""
    parts = [f"# {title}", "", source, ""]
    parts += [answer_markdown(a, lang, heading="##") for a in answers]
    return "\n".join(parts).rstrip() + "\n"
