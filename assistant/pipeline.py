"""The answer path, one straight flow: normalise -> read (follow-ups, injected instructions) ->
retrieve -> decide -> compose -> verify -> (optional LLM phrases) -> reply.

The CLI, the app and the eval all call `Assistant.ask`; assistant/build.py makes the Assistant.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from corpus import Corpus, UnknownLabel, find_citations
from retrieval import Hit, Retriever
from retrieval.subjects import detect
from rules import Decision, Rulebook, verify
from rules.dates import appeal_deadlines
from rules.schema import SUBJECT_ZH

from assistant import compose, decide, guard, llm
from assistant.answer import Answer, Retrieved, Sanction
from assistant.conversation import Conversation
from assistant.feedback import redact
from assistant.intents import CONSEQUENCE, Intent, classify
from assistant.language import Question, normalise
from assistant.settings import Settings

log = logging.getLogger(__name__)
RETRIEVE_K = 10
SEARCH_K = 20  # searched deeper than shown, so that the decide step can reorder within reach
DATE = re.compile(r"(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})")
MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")

__all__ = ["Assistant", "Conversation"]


def date_in(text: str, today: dt.date) -> dt.date | None:
    if m := DATE.search(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := MONTH_DAY.search(text):
        try:
            return dt.date(today.year, int(m[1]), int(m[2]))
        except ValueError:
            return None
    return None


@dataclass
class Reading:
    """The question as the flow reads it: the words to retrieve and decide on, and what was done."""

    text: str
    notices: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


class Assistant:
    """Answers questions; built by assistant.build.create (one place builds the objects)."""

    def __init__(self, corpus: Corpus, rulebook: Rulebook, retriever: Retriever, settings: Settings,
                 chat_model=None, llm_notice: str | None = None):
        self.corpus, self.rulebook, self.retriever, self.settings = corpus, rulebook, retriever, settings
        self.chat_model = chat_model
        self.llm_notice = llm_notice

    # ---- the public API ----

    def ask(self, question: str, conversation: Conversation | None = None, today: dt.date | None = None) -> Answer:
        start = time.perf_counter()
        q = normalise(question, self.settings.max_question_chars)
        answer = self._answer(q, conversation, today or dt.date.today())
        answer.latency_ms = round((time.perf_counter() - start) * 1000, 2)
        # Question text stays out of logs unless REGQA_LOG_QUESTIONS is set, and is redacted then.
        log.info("answered: intent=%s lang=%s chars=%d sanctions=%s notices=%d latency_ms=%.0f", answer.intent,
                 q.lang, len(q.text), [s.label for s in answer.sanctions], len(answer.notices), answer.latency_ms)
        if self.settings.log_questions:
            log.info("question: %s", redact(q.text[:500]))
        if conversation is not None:
            conversation.answers.append(answer)
        return answer

    def stream(self, question: str, conversation: Conversation | None = None) -> Iterator[str]:
        """The verified reply in pieces, for a chat UI; `conversation.answers[-1]` holds the Answer.

        The whole reply is verified before its first piece is shown, so only verified text streams."""
        conversation = conversation if conversation is not None else Conversation()
        answer = self.ask(question, conversation)
        for piece in re.split(r"(?<=[。\n；;.!?])", answer.answer):
            if piece:
                yield piece

    def search(self, text: str) -> list[Hit]:
        """Retrieval's ranking with the rules' conditions applied (assistant/decide.py)."""
        hits = self.retriever.search(text, k=SEARCH_K)
        return decide.by_conditions(text, hits, self.rulebook)[:RETRIEVE_K]

    # ---- the flow ----

    def _answer(self, q: Question, conv: Conversation | None, today: dt.date) -> Answer:
        en = q.lang == "en"
        reading = self._read(q, conv)
        text = reading.text
        hits = self.search(text)
        wide = self._widen(text, hits, reading)
        if self.retriever.notice:
            reading.notices.append(self.retriever.notice)
        unknown = self._unknown_labels(text)
        for written, why, _ in unknown:
            reading.notices.append(f"问题中的“{written}”在细则中不存在 / names no provision: {why}")
        reading.steps.append("retrieved: " + ", ".join(h.label for h in hits[:5]))
        agrees = any((h.lexical_rank or 99) <= 3 and (h.dense_rank or 99) <= 3 for h in hits[:3])
        intent = classify(text, [h.article for h in hits[:3]], agrees)
        reading.steps.append(f"intent: {intent.value}")

        decision = None
        date = date_in(text, today)
        if intent is Intent.OUT_OF_SCOPE:
            draft = compose.scope_answer(self.corpus, en)
        elif intent is Intent.LOOKUP and unknown and not any(h.route for h in hits):
            draft = self._unknown_label_draft(unknown, en)  # not the nearest text match as if it were asked
        elif intent is Intent.LOOKUP:
            cited = [h.provision for h in hits if h.route] or [hits[0].provision]
            draft = compose.provisions_answer(cited[:3], self.rulebook, en)
        else:
            call = decide.case_subject(text, hits, self.rulebook, detect(text))
            if call.subject and call.matches and (intent is Intent.CASE or (call.named and self._describes_conduct(text, call.matches, hits))):
                intent = Intent.CASE if intent in (Intent.DEFINITION, Intent.PROCEDURE) else intent
                decision = decide.assess_case(call.subject, text, call.matches, date, self.rulebook)
            if decision is not None and decision.status != "no_match":
                focus = frozenset(h.label for h in hits[:3])
                draft = compose.case_answer(decision, self.corpus, self.rulebook, en, date is not None, focus)
                reading.steps.append(f"rule engine: {decision.status} under {', '.join(decision.provisions) or '—'}")
                if conv is not None:
                    conv.remember(call.subject, text, [f.fact for f in decision.follow_up])
            else:
                draft = self._provision_draft(text, wide, intent, en, today)
                if conv is not None:
                    conv.clear_case()
        answer = Answer(
            question=q.original if len(q.original) <= 2000 else q.text,
            intent=intent.value,
            answer=draft.text,
            citations=draft.citations,
            retrieved=[Retrieved(label=h.label, score=round(float(h.score), 6)) for h in hits],
            sanctions=self._sanctions(decision),
            follow_up=draft.follow_up,
            latency_ms=0.0,
            lang=q.lang,
            notices=reading.notices,
            steps=reading.steps,
            decision=decision.as_json() if decision is not None else None,
        )
        return self._finish(answer, q, draft.text)

    def _read(self, q: Question, conv: Conversation | None) -> Reading:
        """The words to answer: instructions to the assistant dropped, a follow-up merged into its case."""
        reading = Reading(guard.strip_injection(q.text), self._notices(q))
        if conv is not None and conv.pending_conduct and guard.has_injection(q.text):
            # what is left of an instruction is a demanded outcome, not a fact of the case: the
            # pending case is answered again on its own words
            reading.text = conv.pending_conduct
            reading.steps.append("follow-up: an instruction, not a fact; the previous case stands as told")
        elif conv is not None and conv.completes_case(reading.text):
            reading.text = conv.merge(reading.text)
            reading.steps.append("follow-up: completes the previous case")
        return reading

    def _widen(self, text: str, hits: list[Hit], reading: Reading) -> list[Hit]:
        """With an LLM, a rewrite may widen retrieval for rights and procedure questions; cases are
        matched on the person's own words only, so a rewrite can never steer a sanction."""
        if self.chat_model is None:
            return hits
        try:
            rewrite = llm.rewrite_question(self.chat_model, text, self.settings.llm_timeout_s)
        except llm.LLMUnavailable as exc:
            reading.notices.append(f"LLM unavailable, deterministic answer: {exc}")
            return hits
        reading.steps.append("LLM rewrote the question for retrieval of non-case answers")
        return self.search(f"{text} {rewrite}")

    def _notices(self, q: Question) -> list[str]:
        notices = []
        if q.truncated:
            notices.append(f"问题过长，只读取了前{self.settings.max_question_chars}个字符 / the question was cut to "
                           f"{self.settings.max_question_chars} characters")
        if q.converted_from_traditional:
            notices.append("已将繁体字转换为简体字后检索 / traditional characters were converted to simplified")
        if guard.has_injection(q.text):
            notices.append("问题中要求改变规则或身份的指令已被忽略：处理措施和条文只由规则引擎决定 / "
                           "instructions in the question were ignored: sanctions and citations come from the rules only")
        if self.llm_notice:
            notices.append(self.llm_notice)
        return notices

    def _unknown_labels(self, text: str) -> list[tuple[str, str, str | None]]:
        """Citations in the question that name no provision: (as written, why, its article if that exists)."""
        out = []
        for cite in find_citations(text):
            try:
                self.corpus.resolve(cite.ref)
            except (UnknownLabel, ValueError) as exc:
                art = next((a.label for a in self.corpus.default.articles if a.number == cite.ref.article), None)
                try:
                    written = cite.ref.canonical()
                except (ValueError, KeyError):  # 第0条
                    written = cite.text
                out.append((written, str(exc), art))
        return out

    def _unknown_label_draft(self, unknown: list[tuple[str, str, str | None]], en: bool) -> compose.Draft:
        """A look-up of a provision that does not exist: say so (the notice names it and why) and show
        the article when only its item or paragraph is wrong. The reply itself names only real labels."""
        articles = list(dict.fromkeys(a for _, _, a in unknown if a))
        if articles:
            lead = ("The item or paragraph the question names does not exist (see the note); the article reads:"
                    if en else "问题所问的项或款在细则中不存在（见提示），该条原文如下：")
            return compose.provisions_answer([self.corpus.get(a) for a in articles[:2]], self.rulebook, en, lead)
        last = self.corpus.default.articles[-1]
        first = self.corpus.default.articles[0]
        text = (f"The provision the question names does not exist (see the note): the regulation has "
                f"{len(self.corpus.default.articles)} articles, {first.label} to {last.label}."
                if en else f"问题所问的条文在细则中不存在（见提示）：细则共{len(self.corpus.default.articles)}个条文，"
                           f"即{first.label}至{last.label}。")
        return compose.Draft(text)

    def _describes_conduct(self, text: str, matches, hits: list[Hit]) -> bool:
        """A rights or procedure question that also tells a concrete case ("我用手机被抓了，能申诉吗",
        "a candidate used a phone — what applies?")."""
        top = {h.label for h in hits[: 5 if CONSEQUENCE.search(text) else 3]}
        return any(m.label in top for m in matches[:2])

    def _provision_draft(self, text: str, hits: list[Hit], intent: Intent, en: bool, today: dt.date) -> compose.Draft:
        top = hits[0]
        chosen = [top.provision]
        for h in hits[1:4]:  # a second article when it scores close: rights questions often span two
            if h.provision.article != top.provision.article and h.score >= top.score * 0.85 and len(chosen) < 2:
                chosen.append(h.provision)
        lead = ""
        received = date_in(text, today)
        if received and (intent is Intent.RIGHTS or any(p.article == 29 for p in chosen)):
            try:
                lead = compose.deadline_lead(received, appeal_deadlines(received), en)
            except ValueError:
                lead = ""
            if all(p.article != 29 for p in chosen):
                chosen.insert(0, self.corpus.get("第二十九条"))
        return compose.provisions_answer(chosen, self.rulebook, en, lead)

    def _sanctions(self, decision: Decision | None) -> list[Sanction]:
        if decision is None or decision.status not in ("decided", "provisional") or not decision.measures:
            return []
        main = decision.provisions[0]
        own = [m for m in decision.measures if m.provision == main] or list(decision.measures)
        rule = self.rulebook.rules.get(main)
        # Verified twice over: the rule record of that provision imposes these measures on this
        # subject, and the verifier, reading the sanction as a sentence, finds nothing wrong with it.
        claim = f"依据{main}，对{SUBJECT_ZH[decision.subject]}{'，'.join(m.label for m in own)}。"
        verified = (
            rule is not None
            and decision.subject in rule.subjects
            and set(rule.measures) <= {m.code for m in decision.measures} | set(rule.discretionary)
            and not verify(claim, self.rulebook)
        )
        return [Sanction(label=main, subject=decision.subject, measures=[m.label for m in own],
                         measure_codes=[m.code for m in own], decided_by=decision.decided_by, verified=bool(verified))]

    def _finish(self, answer: Answer, q: Question, draft: str) -> Answer:
        """The last step: verify the deterministic draft, then let an LLM phrase it only if its wording
        passes the same checks."""
        allowed = {c.label for c in answer.citations} | {r.label for r in answer.retrieved}
        sanctioned = bool(answer.sanctions)
        problems = guard.reply_problems(draft, draft, self.corpus, self.rulebook, allowed, sanctioned)
        if problems:  # a template bug: never show an unverified answer, say what failed
            log.error("deterministic draft failed verification: %s", problems)
            answer.notices.append("答复未通过核对，只列出条文原文 / the composed reply failed verification; showing the provisions only")
            answer.answer = "\n".join(f"- **{c.label}**：「{c.quote}」" for c in answer.citations)
            for s in answer.sanctions:
                s.verified = False
            return answer
        if self.chat_model is None:
            return answer
        try:
            phrased = llm.phrase_answer(self.chat_model, q.text, draft, q.lang, self.settings.llm_timeout_s)
        except llm.LLMUnavailable as exc:
            answer.notices.append(f"LLM unavailable, deterministic answer shown: {exc}")
            return answer
        try:
            problems = guard.reply_problems(phrased, draft, self.corpus, self.rulebook, allowed, sanctioned)
        except Exception as exc:  # noqa: BLE001 - wording the verifier cannot read (e.g. 第0条) is not verified
            log.warning("the LLM's wording could not be verified: %s", type(exc).__name__)
            problems = [f"the verifier could not read it ({type(exc).__name__})"]
        if problems:
            answer.corrected = True
            answer.notices.append("语言模型的措辞与规则不一致，已改用规则生成的答复 / the LLM's wording disagreed with "
                                  "the rules and was replaced by the rule-based answer: " + "; ".join(problems[:3]))
            answer.steps.append("LLM reply rejected by the verifier")
            return answer
        answer.answer = phrased
        answer.llm = llm.describe(self.settings) if self.settings.llm_model else type(self.chat_model).__name__
        answer.steps.append("LLM phrased the verified draft; the phrasing passed verification")
        return answer
