"""The answer path, one straight flow: normalise -> read (follow-ups, injected instructions) ->
retrieve and understand (what is asked, about whom, which provision, which facts) -> decide once
per person, with a calibrated confidence -> compose -> verify -> (optional LLM phrases) -> reply,
or an honest question when not sure.

The CLI, the app and the eval all call `Assistant.ask`; assistant/build.py makes the Assistant.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from corpus import Corpus, UnknownLabel, find_citations
from corpus.messages import t
from corpus.text import detect_lang
from retrieval import Hit, Retriever
from retrieval.subjects import detect
from rules import Decision, Rulebook, verify
from rules.dates import appeal_deadlines

from assistant import acts, compose, decide, guard, individuals, llm, people, silences, when
from assistant.answer import Answer, Retrieved, Sanction
from assistant.conversation import FOLLOW_UP_CHARS, Conversation
from assistant.feedback import redact
from assistant.intents import (ASKS_BAN, ASKS_TEXT, BEFORE_DECISION, CATEGORY, CONSEQUENCE, DECIDED, FIELD, LADDER, OTHER_EXAM,
                               SELF_NAME, Intent, asks_outside, governed_elsewhere, names_skill_evaluation)
from assistant.language import Question, normalise
from assistant.settings import Settings
from assistant.understand import NOBODY, Reader, Understanding
from assistant.when import date_in

log = logging.getLogger(__name__)
RETRIEVE_K = 10
SEARCH_K = 20  # searched deeper than shown, so that the decide step can reorder within reach
CONFIDENCE = 0.5  # without a calibration: a conclusion is stated when the models give its outcome this much
ANSWER_SURE = 0.5  # the understanding model's answering provision leads at this probability
IN_SCOPE_SURE = 0.6  # the kind model this sure that a question is in scope (any in-scope kind) outweighs a topic word from elsewhere
NEW_ACT = 0.3  # a short message whose likeliest sanction item holds this much tells an act of its own
# in an overview, one item is quoted first as the most relevant only when the model gives it more than
# all the others together: at 0.2 it led 62 of the overviews read on the eval sets and was right for 38;
# above 0.5, 13 of 15 (an overview asks about a class of conduct; a guessed item first misleads)
STANDOUT = 0.5
OVERRULED = 0.1  # a kind below this, read when "out of scope" is overruled, is not a reading
CASE_SEEN = 0.25  # a question asking what follows from an act is a case when the model sees one this much
# The kind model this sure a question is out of scope is not overruled by the field's words alone: other
# exams are asked about in this field's words ("会计职称考试的监考员", "医院内部考试的 invigilator"); words
# that name skill evaluation itself ("职业技能等级认定", not the regulation's own name) still overrule it.
# Measured 2026-12-07 on the labelled sets (questions, holdouts, fresh r7-r96: 559 out of scope, 7,077 in
# scope) with the models trained on in-scope questions that name Shanghai and the regulation as often
# as out-of-scope ones do (wave ae; before it, "How many working days do I have to appeal?" read 0.97
# out of scope and the field's words were all that kept it): 520 -> 525 recognised, 1 more in-scope
# question refused, the same from 0.6 to 0.8 (without the exemption 528 and 1, but "大学生参加职业技能
# 等级认定作弊怎么处理" refused at 0.96).
OUTSIDE_SURE = 0.8
ASKED_NOT_CASE = frozenset({Intent.PROCEDURE, Intent.DEFINITION, Intent.RIGHTS})

__all__ = ["Assistant", "Conversation"]


@dataclass
class Reading:
    """The question as the flow reads it: the words to retrieve and decide on, and what was done."""

    text: str
    notices: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    message: str = ""  # the newest message alone (text may carry the case it follows up)


class Assistant:
    """Answers questions; built by assistant.build.create (one place builds the objects)."""

    def __init__(self, corpus: Corpus, rulebook: Rulebook, retriever: Retriever, reader: Reader, settings: Settings,
                 chat_model=None, llm_notice: str | None = None, sureness=None):
        self.corpus, self.rulebook, self.retriever, self.settings = corpus, rulebook, retriever, settings
        self.reader = reader
        self.chat_model = chat_model
        self.llm_notice = llm_notice
        self.sureness = decide.Sureness(sureness, CONFIDENCE) if not isinstance(sureness, decide.Sureness) else sureness

    def replace(self, **parts) -> Assistant:
        """This assistant with some parts replaced: another chat model, retriever or settings."""
        new = copy.copy(self)
        for name, value in parts.items():
            if not hasattr(self, name):
                raise AttributeError(f"an Assistant has no part {name!r}")
            setattr(new, name, value)
        return new

    # ---- the public API ----

    def ask(self, question: str, conversation: Conversation | None = None, today: dt.date | None = None) -> Answer:
        start = time.perf_counter()
        q = normalise(question, self.settings.max_question_chars)
        with llm.question_budget(self.settings.llm_timeout_s):  # rewrite and phrasing share one timeout
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

    def search(self, text: str, vector=None) -> list[Hit]:
        """Retrieval's ranking with the rules' conditions applied (assistant/decide.py)."""
        hits = self.retriever.search(text, k=SEARCH_K, vector=vector)
        return decide.by_conditions(text, hits, self.rulebook)[:RETRIEVE_K]

    def understand(self, text: str) -> tuple[Understanding, list[Hit]]:
        """What the question asks (the understanding models) and what retrieval finds, for one
        embedding of the question."""
        vector = self._embed(text)
        return self.reader.read(text, vector), self.search(text, vector)

    def read_alone(self, text: str) -> Understanding:
        """The understanding models on some words alone (a follow-up, a second clause), with their
        embedding: without it only the n-grams speak and every probability is low."""
        return self.reader.read(text, self._embed(text))

    def _embed(self, text: str):
        """The question's vector, or None: a model that fails leaves the n-grams to work alone."""
        try:
            return self.retriever.embed(text)
        except Exception as exc:  # noqa: BLE001 - any failure of the model degrades, never breaks, an answer
            log.warning("embedding the question failed: %s", type(exc).__name__)
            return None

    # ---- the flow ----

    def _answer(self, q: Question, conv: Conversation | None, today: dt.date) -> Answer:
        lang = q.lang
        reading = self._read(q, conv)
        text = reading.text
        u, hits = self.understand(text)
        wide = self._widen(text, hits, reading, lang)
        if self.retriever.notice:  # the technical reason stays as the retriever said it
            reading.notices.append(t("notice.retrieval", lang, reason=self.retriever.notice))
        unknown = self._unknown_labels(text)
        for written, why, _ in unknown:
            reading.notices.append(t("notice.unknown_label", lang, written=written, why=why))
        reading.steps.append("retrieved: " + ", ".join(h.label for h in hits[:5]))
        intent = self._kind(text, u, hits)
        reading.steps.append(f"understood: {intent.value} ({u.kind_p:.2f}); about {u.actors[0][0]} ({u.actors[0][1]:.2f}); "
                             f"likely {', '.join(f'{lbl} {p:.2f}' for lbl, p in u.provisions[:3])}")

        conclusions: list[decide.Conclusion] = []
        date = date_in(text, today)
        reading.notices.extend(when.notices(text, today, lang, self.corpus.default.meta.effective))
        if intent is Intent.OUT_OF_SCOPE and not OTHER_EXAM.search(SELF_NAME.sub("", text)) and (outside := asks_outside(text)):
            # a matter other rules govern: what the regulation says beside it, and what it rests on (another
            # exam's, "高考作弊会判刑吗", gets the scope answer: the exam is what is outside)
            context = silences.nearest(outside, self.corpus) or [self.corpus.get("第二条")]
            draft = compose.outside_answer(outside, context, self.rulebook, lang)
        elif intent is Intent.OUT_OF_SCOPE:
            draft = compose.scope_answer(self.corpus, lang)
        elif intent is Intent.LOOKUP and unknown and not any(h.route for h in hits):
            draft = self._unknown_label_draft(unknown, lang)  # not the nearest text match as if it were asked
        elif intent is Intent.LOOKUP and any(h.route for h in hits):
            draft = compose.provisions_answer([h.provision for h in hits if h.route][:3], self.rulebook, lang)
        elif intent is Intent.OVERVIEW:
            actor = u.actors[0][0] if u.actors[0][0] != NOBODY and u.actors[0][1] >= 0.5 else None
            # the group named in words ("质量督导员违规分几档") when the model sees no one acting: an
            # overview names a group, it does not tell of a person's act
            actor = actor or next(iter(detect(text)), None)
            label, p = u.provisions[0]
            standout = label if label in self.rulebook.rules and p >= STANDOUT else None
            draft = compose.overview_answer(actor, self.corpus, self.rulebook, lang, standout, bool(ASKS_BAN.search(text)))
        elif (intent is Intent.CASE and self._asks_provision(u)) or (intent is Intent.RIGHTS and not self._asks_provision(u)):
            # a case told to ask about procedure or rights ("考评员是党员，泄露试题会被移交纪委吗"), or a
            # question on one's rights that tells one's own act and the models read the act more than
            # the rights ("I opened a translation app on my phone… will they cancel my score?"): what
            # is asked first, then the case, its conclusion stated only when sure
            asked = self._provision_draft(text, wide, u, Intent.PROCEDURE if intent is Intent.CASE else intent, lang, today)
            conclusions = self._conclude(text, u, hits, date)
            case = self._case_draft(conclusions, hits, lang, date is not None, text)
            draft = compose.Draft(f"{asked.text}\n\n{case.text}", compose.dedupe([*asked.citations, *case.citations]),
                                  case.follow_up)
        elif intent is Intent.CASE:
            conclusions = self._conclude(text, u, hits, date)
            draft = self._case_draft(conclusions, hits, lang, date is not None, text)
            for c in conclusions:
                reading.steps.append(f"decided for {c.subject}: {c.best.label} {c.best.decision.status}, "
                                     f"confidence {c.confidence:.2f} ({'stated' if c.stated else 'asked'})")
            if conv is not None:  # the case stays the context of follow-ups until a new one is told
                open_facts = [f.fact for c in conclusions for f in c.best.decision.follow_up]
                if conclusions:
                    conv.remember(conclusions[0].subject, text, open_facts)
                else:
                    conv.clear_case()
        else:
            draft = self._provision_draft(text, wide, u, intent, lang, today)
        draft = self._with_silences(draft, reading, intent, lang)
        answer = Answer(
            question=q.original if len(q.original) <= 2000 else q.text,
            intent=intent.value,
            answer=draft.text,
            citations=draft.citations,
            retrieved=[Retrieved(label=h.label, score=round(float(h.score), 6)) for h in hits],
            sanctions=self._sanctions(conclusions, text),
            follow_up=draft.follow_up,
            latency_ms=0.0,
            lang=q.lang,
            notices=reading.notices,
            steps=reading.steps,
            decision=conclusions[0].best.decision.as_json(q.lang) if conclusions and conclusions[0].stated else None,
        )
        return self._finish(answer, q, draft.text)

    def _with_silences(self, draft: compose.Draft, reading: Reading, intent: Intent, lang: str) -> compose.Draft:
        """A point the regulation does not address is said to be not addressed. A question on that point
        alone gets the nearest provisions as context, not as the answer; a case, or a message that asks
        more (a multi-part question: "会公布名字吗？会进征信吗？"), keeps its answer after it."""
        found = silences.asked(reading.message)
        if not found or intent in (Intent.OUT_OF_SCOPE, Intent.LOOKUP):
            return draft
        reading.steps.append("the regulation is silent on: " + ", ".join(s.id for s in found))
        if intent is not Intent.CASE and silences.alone(found, reading.message):
            return compose.silence_answer(found, silences.nearest(found, self.corpus), self.rulebook, lang)
        silent = compose.silence_answer(found, [], self.rulebook, lang)
        return compose.Draft(f"{silent.text}\n\n{draft.text}", draft.citations, draft.follow_up)

    def _kind(self, text: str, u: Understanding, hits: list[Hit]) -> Intent:
        """What is asked: a provision named and its text asked for is a look-up; a matter governed by
        other rules is out of scope; a question that asks what follows from an act, where the model
        also sees a case, is a case; otherwise what the understanding model reads."""
        if find_citations(text) and (ASKS_TEXT.search(text) or len(text) <= 16):
            return Intent.LOOKUP  # a provision named, its text asked for: shown, or said not to exist
        agrees = any((h.lexical_rank or 99) <= 3 and (h.dense_rank or 99) <= 3 for h in hits[:3])
        # sure it is in scope, whichever in-scope kind: "证还保得住吗…会不会以后都不让考" is a case or a
        # rights question (0.55 / 0.45) and out of scope at 0.00; the top kind's probability alone
        # read it as unsure and a pay rise told in the story made it out of scope
        in_scope_sure = 1.0 - u.kinds.get(Intent.OUT_OF_SCOPE.value, 0.0) >= IN_SCOPE_SURE
        if governed_elsewhere(text, in_scope_sure, agrees, u.kinds.get(Intent.CASE.value, 0.0)):
            return Intent.OUT_OF_SCOPE
        kind = Intent(u.kind)
        if kind is Intent.OUT_OF_SCOPE and self._overruled(text, u):
            # refused only when nothing in the regulation plainly answers it and, unless the model is
            # sure, it uses none of the field's own words; otherwise the likeliest kind it can be in scope
            kind = Intent(max((k for k in u.kinds if k != "out_of_scope"), key=u.kinds.get))
            if u.kinds[kind.value] < OVERRULED and CONSEQUENCE.search(text):
                # the model was sure it is out of scope, so its other kinds are noise: a consequence
                # asked for is a class of conduct's (an overview) or one act's (a case)
                kind = Intent.OVERVIEW if CATEGORY.search(text) else Intent.CASE
        if kind in ASKED_NOT_CASE and CONSEQUENCE.search(text) and self._sees_case(u):
            return Intent.CASE
        if kind is Intent.CASE and LADDER.search(text):
            return Intent.OVERVIEW  # the ladder of measures is asked, not one act's outcome
        if kind is Intent.OVERVIEW and CONSEQUENCE.search(text) and self._sees_case(u) \
                and not CATEGORY.search(text) and not LADDER.search(text):
            return Intent.CASE  # one act's consequence, not a class of conduct's (on the eval sets: 1 of 75 overviews read)
        return kind

    def _overruled(self, text: str, u: Understanding) -> bool:
        """The model's "out of scope" is overruled: a provision plainly answers it, or it uses the
        field's own words and the model is not sure."""
        return u.provisions[0][1] >= ANSWER_SURE or (bool(FIELD.search(text)) and not self._sure_outside(text, u))

    @staticmethod
    def _sees_case(u: Understanding) -> bool:
        """The kind model sees a case this much among the in-scope kinds (a question that asks what
        follows from an act). Read only once the question is taken as in scope, so the weight the model
        put on "out of scope" does not count against the case: "考官乱扣分怎么处理" read overview 0.48,
        out of scope 0.28 (扣分 is the driving licence's word too), case 0.24. Over the labelled sets
        (2026-12-07, 8,000 questions) 4 kinds change, 2 to the label, 1 away from it."""
        inside = 1.0 - u.kinds.get(Intent.OUT_OF_SCOPE.value, 0.0)
        return inside > 0 and u.kinds.get(Intent.CASE.value, 0.0) / inside >= CASE_SEEN

    @staticmethod
    def _sure_outside(text: str, u: Understanding) -> bool:
        """The model sure it is out of scope, and no word names skill evaluation itself (read only when
        the model's top kind is out of scope: the regular expressions stay off the common path)."""
        return u.kinds.get(Intent.OUT_OF_SCOPE.value, 0.0) >= OUTSIDE_SURE and not names_skill_evaluation(text)

    def _asks_provision(self, u: Understanding) -> bool:
        """Most of the understanding model's weight is on provisions that impose no sanction."""
        return sum(p for label, p in u.provisions if label not in self.rulebook.rules) >= ANSWER_SURE

    def _conclude(self, text: str, u: Understanding, hits: list[Hit], date) -> list[decide.Conclusion]:
        english = detect_lang(text) == "en"
        listed = self._conclude_each(self.read_parts(text), date, english)
        if len(listed) >= 2:
            return listed
        out = people.kept(text, people.everyone(text, u, hits, self.rulebook, date, self.sureness, english,
                                                     self.read_alone), u)
        if len(out) == 1:  # one person, not sure: is it another person's conduct?
            out = [people.with_other_person(out[0], text, u, hits, self.rulebook, date, self.sureness, english)]
        if out:  # the main person's second act, told after a join
            out[0] = acts.with_second_act(out[0], text, self.rulebook, self.sureness, self.read_alone, english)
        return out

    def read_parts(self, text: str) -> list[tuple[individuals.Part, Understanding, list[Hit]]]:
        """Several listed one after another (assistant/individuals.py): each part with its own reading."""
        return [(part, *self.understand(part.text)) for part in individuals.parts(text)]

    def _conclude_each(self, parts, date, english: bool) -> list[decide.Conclusion]:
        """Each listed part decided on its own, for the person it is mainly about, with that person's
        second act (eval/calibrate.py calibrates the same conclusions)."""
        out = []
        for part, u, hits in parts:
            found = people.everyone(part.text, u, hits, self.rulebook, date, self.sureness, english)[:1]
            if found:
                c = acts.with_second_act(found[0], part.text, self.rulebook, self.sureness, self.read_alone, english)
                out.append(replace(c, name=part.name))
        return out

    def _case_draft(self, conclusions: list[decide.Conclusion], hits: list[Hit], lang: str, date_known: bool,
                    text: str = "") -> compose.Draft:
        if not conclusions:
            return compose.no_match_answer(lang)
        focus = frozenset(h.label for h in hits[:3])
        parts: list[compose.Draft] = []
        for c in conclusions:
            if c.stated:
                part = compose.case_answer(c.best.decision, self.corpus, self.rulebook, lang, date_known, focus)
                if c.another:  # mentioned with its provisions; stated only when sure of it as a second act
                    note = compose.second_act_note(list(c.another), self.corpus, lang, c.another_stated)
                    part = compose.Draft(f"{part.text}\n\n{note.text}", compose.dedupe([*part.citations, *note.citations]),
                                         part.follow_up)
            else:
                part = compose.unsure_answer(c, self.corpus, self.rulebook, lang)
            if len(conclusions) > 1:
                head = compose.who_listed(c.subject, c.name, lang)
                part = compose.Draft(f"### {head}\n{part.text}", part.citations, part.follow_up)
            parts.append(part)
        asked = [f for p in parts for f in p.follow_up]
        return compose.Draft("\n\n".join(p.text for p in parts), compose.dedupe([c for p in parts for c in p.citations]),
                             list(dict.fromkeys(asked)))  # one question asked once, whoever it is about

    def _tells_another_act(self, alone: Understanding, case: str) -> bool:
        """A message whose likeliest provision is a sanction under another article than the case's
        ("被抓到替考要停考几年" after a phone case) tells a new act, not a follow-up."""
        label, p = alone.provisions[0]
        if label not in self.rulebook.rules or p < NEW_ACT:
            return False
        before = next((lbl for lbl, _ in self.read_alone(case).provisions if lbl in self.rulebook.rules), None)
        return before is None or self.rulebook.rules[before].article != self.rulebook.rules[label].article

    def _read(self, q: Question, conv: Conversation | None) -> Reading:
        """The words to answer: instructions to the assistant dropped, a follow-up merged into its case."""
        reading = Reading(guard.strip_injection(q.text), self._notices(q))
        reading.message = reading.text
        if conv is not None and conv.pending_conduct and guard.has_injection(q.text):
            # what is left of an instruction is a demanded outcome, not a fact of the case: the
            # pending case is answered again on its own words
            reading.text = conv.pending_conduct
            reading.steps.append("follow-up: an instruction, not a fact; the previous case stands as told")
        elif conv is not None and conv.completes_case(reading.text):
            reading.text = conv.merge(reading.text)
            reading.steps.append("follow-up: completes the previous case")
        elif conv is not None and conv.pending_conduct and len(reading.text) <= FOLLOW_UP_CHARS:
            alone = self.read_alone(reading.text)
            if conv.follows(reading.text, reads_as_new_case=self._tells_another_act(alone, conv.pending_conduct)
                            or (bool(detect(reading.text)) and alone.kind == "case")):
                reading.text = conv.joined(reading.text)
                reading.steps.append("follow-up: read in the context of the current case")
        return reading

    def _widen(self, text: str, hits: list[Hit], reading: Reading, lang: str) -> list[Hit]:
        """With an LLM, a rewrite may widen retrieval for rights and procedure questions; cases are
        matched on the person's own words only, so a rewrite can never steer a sanction."""
        if self.chat_model is None:
            return hits
        try:
            rewrite = llm.rewrite_question(self.chat_model, text, self.settings.llm_timeout_s)
        except llm.LLMUnavailable as exc:
            reading.notices.append(t("notice.llm_unavailable", lang, reason=exc))
            return hits
        reading.steps.append("LLM rewrote the question for retrieval of non-case answers")
        return self.search(f"{text} {rewrite}")

    def _notices(self, q: Question) -> list[str]:
        notices = []
        if q.truncated:
            notices.append(t("notice.truncated", q.lang, limit=self.settings.max_question_chars))
        if q.converted_from_traditional:
            notices.append(t("notice.traditional", q.lang))
        if guard.has_injection(q.text):
            notices.append(t("notice.injection", q.lang))
        if self.llm_notice:
            notices.append(t("notice.llm_unavailable", q.lang, reason=self.llm_notice))
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

    def _unknown_label_draft(self, unknown: list[tuple[str, str, str | None]], lang: str) -> compose.Draft:
        """A look-up of a provision that does not exist: said (the notice names it and why), with the
        article when only its item or paragraph is wrong."""
        articles = [self.corpus.get(a) for a in dict.fromkeys(a for _, _, a in unknown if a)]
        return compose.missing_provision_answer(articles, self.corpus, self.rulebook, lang)

    def _provision_draft(self, text: str, hits: list[Hit], u: Understanding, intent: Intent, lang: str,
                         today: dt.date) -> compose.Draft:
        """Rights, procedure, definitions: the provisions that answer, quoted. The understanding
        model's answer leads when it is sure, retrieval's best otherwise; a second article joins
        when retrieval scores it close (rights questions often span two)."""
        label, p = u.provisions[0]
        if (label == "第二十八条第一款" and DECIDED.search(text) and not BEFORE_DECISION.search(text)
                and "第二十九条" in (lbl for lbl, _ in u.provisions[:2])):
            label = "第二十九条"  # the right to be heard before a decision; once it is made, the remedy is 29's
        first = self.corpus.get(label) if p >= ANSWER_SURE else hits[0].provision
        chosen = [first]
        top = hits[0]
        for h in hits[:4]:
            if h.provision.article != first.article and h.score >= top.score * 0.85 and len(chosen) < 2:
                chosen.append(h.provision)
        lead = ""
        received = date_in(text, today)
        if received and (intent is Intent.RIGHTS or any(p.article == 29 for p in chosen)):
            try:
                lead = compose.deadline_lead(received, appeal_deadlines(received), lang)
            except ValueError:
                lead = ""
            if all(p.article != 29 for p in chosen):
                chosen.insert(0, self.corpus.get("第二十九条"))
        return compose.provisions_answer(chosen, self.rulebook, lang, lead)

    def _sanctions(self, conclusions: list[decide.Conclusion], text: str = "") -> list[Sanction]:
        """The sanctions stated as the conclusion: each person's, when sure enough to state, and the
        institution's under a staff member's article when the question asks about the institution."""
        main = [s for c in conclusions if c.stated and c.best.sanction for s in self._sanction(c.best.decision)]
        second = [s for c in conclusions if c.another_stated for s in self._sanction(c.another[0].decision)]
        return main + second + self._institution_consequence(conclusions, text)

    def _institution_consequence(self, conclusions: list[decide.Conclusion], text: str) -> list[Sanction]:
        """Articles 12, 13, 15-17, 19 and 20 end with what the regulator does to the institution when a
        staff member's act has an adverse impact ("造成不良影响的，对评价机构予以约谈"). The engine
        finds it with the person's decision (the impact told, or implied by the item); it is the
        institution's conclusion when the question asks what happens to the institution ("考评员和机构
        分别会怎么样") and no item of the institution's own is in question. Not asked, it stays in the
        answer's "what follows", as before."""
        if not text or any(c.subject == "institution" for c in conclusions):
            return []  # an item of the institution's own is in question (stated or asked): that decides
        asked = people.asking_part(text)
        # the cue list alone, as measured when this was built: the learned `several` reader (2026-12-07)
        # was measured only on whom the answer decides, not on stating the institution's consequence
        if "institution" not in detect(asked) and not ("institution" in detect(text) and people.asks_several(text)):
            return []
        for c in conclusions:
            own = c.best.decision.institution_consequences
            if not (c.stated and c.best.sanction and own):
                continue
            label = own[0].provision  # the item whose article's closing sentence imposes it, as the rulebook records it
            claim = f"依据{label}，对{t('subject.institution', 'zh')}{'，'.join(m.label for m in own)}。"
            return [Sanction(label=label, subject="institution", measures=[m.label for m in own],
                             measure_codes=[m.code for m in own], decided_by=own[0].decided_by,
                             verified=not verify(claim, self.rulebook))]
        return []

    def _sanction(self, decision: Decision) -> list[Sanction]:
        main = decision.provisions[0]
        own = [m for m in decision.measures if m.provision == main] or list(decision.measures)
        rule = self.rulebook.rules.get(main)
        # Verified twice over: the rule record of that provision imposes these measures on this
        # subject, and the verifier, reading the sanction as a sentence, finds nothing wrong with it.
        claim = f"依据{main}，对{t(f'subject.{decision.subject}', 'zh')}{'，'.join(m.label for m in own)}。"
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
        problems = guard.reply_problems(draft, draft, self.corpus, self.rulebook, allowed, sanctioned, q.text)
        if problems:  # a template bug: never show an unverified answer, say what failed
            log.error("deterministic draft failed verification: %s", problems)
            log.debug("the draft: %s", draft)
            answer.notices.append(t("notice.draft_failed", q.lang))
            answer.answer = "\n".join(f"- **{c.label}**：「{c.quote}」" for c in answer.citations)
            for s in answer.sanctions:
                s.verified = False
            return answer
        if self.chat_model is None:
            return answer
        try:
            phrased = llm.phrase_answer(self.chat_model, q.text, draft, q.lang, self.settings.llm_timeout_s)
        except llm.LLMUnavailable as exc:
            answer.notices.append(t("notice.llm_unavailable", q.lang, reason=exc))
            return answer
        try:
            problems = guard.reply_problems(phrased, draft, self.corpus, self.rulebook, allowed, sanctioned, q.text)
        except Exception as exc:  # noqa: BLE001 - wording the verifier cannot read (e.g. 第0条) is not verified
            log.warning("the LLM's wording could not be verified: %s", type(exc).__name__)
            problems = [f"the verifier could not read it ({type(exc).__name__})"]
        if problems:
            answer.corrected = True
            answer.notices.append(t("notice.llm_rejected", q.lang, problems="; ".join(problems[:3])))
            answer.steps.append("LLM reply rejected by the verifier")
            return answer
        answer.answer = phrased
        answer.llm = llm.describe(self.settings) if self.settings.llm_model else type(self.chat_model).__name__
        answer.steps.append("LLM phrased the verified draft; the phrasing passed verification")
        return answer
