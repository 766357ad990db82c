"""question -> normalise -> retrieve -> intent -> rule engine decides -> compose -> (LLM phrases)
-> verify -> reply. The CLI and the app are thin over `Assistant`."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from corpus import Corpus, load_corpus
from rules import CaseError, Rulebook, assess, load_rulebook, verify
from rules.schema import SUBJECT_ZH
from rules.dates import appeal_deadlines
from rules.match import Match, match_conduct

from assistant import compose, guard, llm
from assistant.answer import Answer, Retrieved, Sanction
from assistant.errors import UserError
from assistant.intents import CONSEQUENCE, Intent, classify
from assistant.language import Question, normalise
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)
RETRIEVE_K = 10
DATE = re.compile(r"(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})")
MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
YES = re.compile(r"^(是|是的|对|对的|有|有的|嗯|拒不|拒绝|不听|yes|yep|correct|right)\b", re.I)
NO = re.compile(r"^(不是|否|没有|没|无|不|改正了|改了|no|nope|not)\b", re.I)
COUNT = re.compile(r"(\d+|[一二两三四五六七八九十])\s*(次|回|人次|times?)", re.I)


@dataclass
class Conversation:
    """Multi-turn state: a case still waiting for facts, completed by the next reply."""

    pending_subject: str | None = None
    pending_conduct: str | None = None
    pending_facts: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def clear_case(self) -> None:
        self.pending_subject, self.pending_conduct, self.pending_facts = None, None, []


def _date_in(text: str, today: dt.date) -> dt.date | None:
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


class Assistant:
    def __init__(self, corpus: Corpus, rulebook: Rulebook, retriever, settings: Settings, chat_model=None):
        self.corpus, self.rulebook, self.retriever, self.settings = corpus, rulebook, retriever, settings
        self.chat_model = chat_model
        self.llm_notice: str | None = None

    @classmethod
    def create(cls, settings: Settings | None = None, progress: bool = False, chat_model=None) -> Assistant:
        """Load corpus, rules and index (built on first use); the LLM only when configured."""
        from retrieval.retriever import Retriever

        settings = settings or get_settings()
        corpus = load_corpus()
        rulebook = load_rulebook(corpus)
        retriever = Retriever.load(settings, progress=progress)
        me = cls(corpus, rulebook, retriever, settings, chat_model)
        if chat_model is None and settings.llm_model:
            try:
                me.chat_model = llm.make_chat_model(settings)
            except llm.LLMUnavailable as exc:
                me.llm_notice = str(exc)
        return me

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
            from assistant.feedback import redact

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

    # ---- steps ----

    def _answer(self, q: Question, conv: Conversation | None, today: dt.date) -> Answer:
        en = q.lang == "en"
        notices, steps = self._notices(q), []
        text = guard.strip_injection(q.text)
        if conv is not None and conv.pending_conduct and guard.has_injection(q.text):
            # what is left of an instruction is a demanded outcome, not a fact of the case: the
            # pending case is answered again on its own words
            text = conv.pending_conduct
            steps.append("follow-up: an instruction, not a fact; the previous case stands as told")
        elif conv is not None and conv.pending_conduct and self._completes_case(text, conv):
            text = self._merge_reply(text, conv)
            steps.append("follow-up: completes the previous case")
        hits = self.retriever.search(text, k=RETRIEVE_K)
        # A rewrite by the LLM may widen retrieval for rights and procedure questions; cases are
        # matched on the person's own words only, so a rewrite can never steer a sanction.
        wide = hits
        if self.chat_model is not None:
            try:
                rewrite = llm.rewrite_question(self.chat_model, text, self.settings.llm_timeout_s)
                wide = self.retriever.search(f"{text} {rewrite}", k=RETRIEVE_K)
                steps.append("LLM rewrote the question for retrieval of non-case answers")
            except llm.LLMUnavailable as exc:
                notices.append(f"LLM unavailable, deterministic answer: {exc}")
        if self.retriever.notice:
            notices.append(self.retriever.notice)
        unknown = self._unknown_labels(text)
        for written, why, _ in unknown:
            notices.append(f"问题中的“{written}”在细则中不存在 / names no provision: {why}")
        steps.append("retrieved: " + ", ".join(h.label for h in hits[:5]))
        agrees = any(h.sources.get("lexical", 99) <= 3 and h.sources.get("dense", 99) <= 3 for h in hits[:3])
        intent = classify(text, [h.provision.article for h in hits[:3]], agrees)
        steps.append(f"intent: {intent.value}")

        decision = None
        if intent is Intent.OUT_OF_SCOPE:
            draft = compose.scope_answer(self.corpus, en)
        elif intent is Intent.LOOKUP and unknown and not any(h.sources.get("route") for h in hits):
            draft = self._unknown_label_draft(unknown, en)  # not the nearest text match as if it were asked
        elif intent is Intent.LOOKUP:
            cited = [h.provision for h in hits if h.sources.get("route")] or [hits[0].provision]
            draft = compose.provisions_answer(cited[:3], self.rulebook, en)
        else:
            subject, matches, named = self._case_subject(text, hits)
            if subject and matches and (intent is Intent.CASE or (named and self._describes_conduct(text, matches, hits))):
                intent = Intent.CASE if intent in (Intent.DEFINITION, Intent.PROCEDURE) else intent
                decision = self._assess(subject, text, matches, _date_in(text, today))
            if decision is not None and decision.status != "no_match":
                focus = frozenset(h.label for h in hits[:3])
                draft = compose.case_answer(decision, self.corpus, self.rulebook, en, _date_in(text, today) is not None, focus)
                steps.append(f"rule engine: {decision.status} under {', '.join(decision.provisions) or '—'}")
                self._remember(conv, subject, text, decision)
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
            notices=notices,
            steps=steps,
            decision=decision.as_json() if decision is not None else None,
        )
        return self._finish(answer, q, draft.text)

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
        from corpus import UnknownLabel, find_citations

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

    def _case_subject(self, text: str, hits) -> tuple[str | None, list[Match], bool]:
        """Who the case is about, the sanction rules that retrieval ranks for it (best first), and
        whether the question itself names that person (rather than retrieval guessing who)."""
        from retrieval.subjects import detect

        named = detect(text)
        rules = self.rulebook.rules
        ranked = [h for h in hits if h.label in rules and not rules[h.label].is_escalation]
        # Retrieval already weighs who acts in the question; its best sanction hit decides among the
        # people the question names ("我陪学员去考点，看到督导…" is about the supervisor).
        subject = next((rules[h.label].subject for h in ranked if rules[h.label].subject in named), None)
        if subject is None:
            subject = named[0] if named else (rules[ranked[0].label].subject if ranked else None)
        if subject is None:
            return None, [], False
        mine = [h for h in ranked if subject in rules[h.label].subjects]
        if not mine:
            return subject, match_conduct(text, subject, self.rulebook), subject in named
        return subject, [Match(h.label, float(h.score), (), None) for h in mine], subject in named

    def _describes_conduct(self, text: str, matches: list[Match], hits) -> bool:
        """A rights or procedure question that also tells a concrete case ("我用手机被抓了，能申诉吗",
        "a candidate used a phone — what applies?")."""
        top = {h.label for h in hits[: 5 if CONSEQUENCE.search(text) else 3]}
        return any(m.label in top for m in matches[:2])

    def _assess(self, subject: str, text: str, matches: list[Match], date: dt.date | None):
        def matcher(conduct, subj, rb, **_):
            return [m for m in matches if subj in rb.rules[m.label].subjects] or match_conduct(conduct, subj, rb)

        try:
            return assess({"subject": subject, "conduct": text[:1000], "date": date.isoformat() if date else None},
                          matcher=matcher, rulebook=self.rulebook)
        except CaseError as exc:
            log.info("case not assessable: %s", exc)
            return None

    def _provision_draft(self, text: str, hits, intent: Intent, en: bool, today: dt.date) -> compose.Draft:
        top = hits[0]
        chosen = [top.provision]
        for h in hits[1:4]:  # a second article when it scores close: rights questions often span two
            if h.provision.article != top.provision.article and h.score >= top.score * 0.85 and len(chosen) < 2:
                chosen.append(h.provision)
        lead = ""
        received = _date_in(text, today)
        if received and (intent is Intent.RIGHTS or any(p.article == 29 for p in chosen)):
            try:
                lead = compose.deadline_lead(received, appeal_deadlines(received), en)
            except ValueError:
                lead = ""
            if all(p.article != 29 for p in chosen):
                chosen.insert(0, self.corpus.get("第二十九条"))
        return compose.provisions_answer(chosen, self.rulebook, en, lead)

    def _sanctions(self, decision) -> list[Sanction]:
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

    def _remember(self, conv: Conversation | None, subject: str, text: str, decision) -> None:
        if conv is None:
            return
        if decision.follow_up:
            conv.pending_subject, conv.pending_conduct = subject, text
            conv.pending_facts = [f.fact for f in decision.follow_up]
        else:
            conv.clear_case()

    def _completes_case(self, text: str, conv: Conversation) -> bool:
        from retrieval.subjects import detect

        new_subject = detect(text)
        short = len(text) <= 40
        return short and (not new_subject or new_subject[0] == conv.pending_subject)

    def _merge_reply(self, text: str, conv: Conversation) -> str:
        """The previous case's words plus the reply, with a bare yes/no/count spelled out as the fact."""
        fact = conv.pending_facts[0] if conv.pending_facts else None
        spelled = text
        if fact == "reminded_and_refused":
            if YES.search(text):
                spelled = "经提醒后拒不改正"
            elif NO.search(text):
                spelled = "经提醒后马上改正了"
        elif fact and fact.endswith("_in_cycle") and (m := COUNT.search(text)):
            word = {"prior_talks_in_cycle": "谈话提醒", "prior_criticisms_in_cycle": "通报批评",
                    "prior_interviews_in_cycle": "约谈"}[fact]
            spelled = f"本备案周期内此前被{word}{m.group(1)}次"
        elif fact and fact.endswith("_in_cycle") and NO.search(text):
            word = {"prior_talks_in_cycle": "谈话提醒", "prior_criticisms_in_cycle": "通报批评",
                    "prior_interviews_in_cycle": "约谈"}[fact]
            spelled = f"本备案周期内此前没有被{word}过"
        elif fact == "adverse_impact":
            spelled = "造成了不良影响" if YES.search(text) else ("没有造成不良影响" if NO.search(text) else text)
        return f"{conv.pending_conduct}；{spelled}"

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


def ask_once(question: str) -> Answer:
    """One question, one answer: what `regqa ask` does."""
    if question is None or not str(question).strip():
        raise UserError("the question is empty: ask about a case, a right or a provision, e.g. 考生用手机查答案怎么处理？")
    return Assistant.create(progress=True).ask(question)
