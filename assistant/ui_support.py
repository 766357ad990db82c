"""Pure helpers for the Streamlit app: interface strings, highlighting, the decision summary,
case dicts from the form, quizzes from the rules' example scenarios and the practice sheet."""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass

from rules.render import consequence_rows
from rules.schema import SUBJECT_ZH

EXAMPLES = (
    "考生用手机查答案怎么处理",
    "被抓到替考要停考几年",
    "考官能不能中途出去办事",
    "处理决定不服怎么申诉，多少天内",
    "An examiner was late again after two talks this cycle — what applies?",
)

# key -> (中文, English)
STRINGS = {
    "app_title": ("技能人才评价违纪违规处理问答", "Skill-evaluation misconduct rules: Q&A"),
    "nav_chat": ("问答", "Ask"),
    "nav_case": ("案情判断", "Case checker"),
    "nav_rights": ("权利与期限", "Rights & deadlines"),
    "nav_browse": ("条文浏览", "Regulation"),
    "nav_practice": ("考评员练习", "Trainer practice"),
    "nav_feedback": ("反馈记录", "Feedback review"),
    "english": ("English", "English"),
    "embedding": ("向量模型", "Embedding model"),
    "llm": ("语言模型", "LLM"),
    "index": ("检索索引", "Index"),
    "index_dense": ("已就绪（向量 + 关键词）", "ready (dense + lexical)"),
    "index_lexical": ("仅关键词检索", "lexical only"),
    "index_built": ("本次启动新建，用时 {s:.0f} 秒", "built at this start in {s:.0f} s"),
    "regulation": ("依据", "Regulation"),
    "issued": ("{d} 印发，{e} 起施行", "issued {d}, in force from {e}"),
    "building": ("首次启动，正在建立检索索引…", "First start: building the retrieval index…"),
    "built": ("检索索引已建立", "Retrieval index ready"),
    "loading": ("正在加载检索模型…", "Loading the retrieval model…"),
    "chat_placeholder": ("描述案情或提问，例如：考生用手机查答案怎么处理", "Describe a case or ask a question"),
    "try": ("可以这样问：", "Try asking:"),
    "reset": ("清空对话", "New conversation"),
    "sources": ("来源 / Sources", "Sources / 来源"),
    "verified": ("✓ 已核对 (verified)", "✓ verified (已核对)"),
    "unverified": ("未通过核对", "not verified"),
    "decided_by": ("认定处理", "Decided by"),
    "reply_first": ("快速回答第一个问题：", "Quick answer to the first question:"),
    "feedback": ("这个回答有帮助吗？", "Was this answer helpful?"),
    "comment": ("补充意见（可选；身份证号、电话、姓名会被自动隐去）", "Comment (optional; ID numbers, phones and names are removed)"),
    "send": ("提交反馈", "Send feedback"),
    "thanks": ("已记录，谢谢！", "Saved, thank you!"),
    "pick_rating": ("请先选择好评或差评", "Choose thumbs up or down first"),
    "ratings": ("好评 / 差评", "Up / down"),
    "subject": ("当事人", "Who"),
    "conduct": ("发生了什么", "What happened"),
    "provision": ("已知条款（可选）", "Provision, if known (optional)"),
    "date": ("处理决定日期", "Date of the decision"),
    "facts": ("已知事实（不清楚的留空）", "Known facts (leave blank when unknown)"),
    "reminded_and_refused": ("经提醒拒不改正", "Reminded and refused to correct"),
    "prior_talks_in_cycle": ("本备案周期内此前谈话提醒次数", "Earlier talk-reminders this filing cycle"),
    "prior_criticisms_in_cycle": ("本备案周期内此前通报批评次数", "Earlier public criticisms this filing cycle"),
    "prior_interviews_in_cycle": ("本备案周期内此前约谈次数", "Earlier interviews this filing cycle"),
    "warned_under_art22": ("曾依第二十二条受警告", "Warned under art. 22 before"),
    "adverse_impact": ("对评价工作造成不良影响", "Adverse impact on the evaluation"),
    "supervisor_kind": ("质量督导员类型", "Quality supervisor kind"),
    "score_errors_in_year": ("1年内成绩汇总、录入错误次数（机构）", "Score errors in a year (institution)"),
    "score_corrections_in_year": ("1年内申请成绩更正人次（机构）", "Score corrections in a year (institution)"),
    "self_reported": ("自查发现并主动上报", "Self-reported"),
    "unknown": ("不清楚", "unknown"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "internal": ("内部", "internal"),
    "external": ("外部", "external"),
    "assess": ("判断", "Assess"),
    "download_md": ("下载处理意见摘要（Markdown）", "Download the decision summary (Markdown)"),
    "received": ("收到处理决定（或公告）的日期", "Day the decision (or notice) was received"),
    "filed": ("已提交陈述和申辩的日期（可选）", "Day the statement was filed (optional)"),
    "statement_deadline": ("陈述和申辩截止", "Last day to state one's case"),
    "review_deadline": ("复核决定最迟", "Review decision due by"),
    "holidays": ("跳过的法定节假日", "Public holidays skipped"),
    "makeup": ("计入的调休上班日", "Make-up working days counted"),
    "steps": ("可以怎么做（逐步）", "What you can do, step by step"),
    "search": ("搜索条文", "Search the text"),
    "no_hits": ("没有条文包含这个词；以下是最相关的条文：", "No provision contains that word; the closest provisions:"),
    "open_label": ("打开条文", "Open a provision"),
    "gap": ("注：原文该条无第{items}项，编号按原文保留。", "Note: the published text skips item {items}; numbering kept as published."),
    "link": ("链接", "link"),
    "quiz_size": ("题数", "Questions"),
    "new_quiz": ("换一组题", "New quiz"),
    "which_provision": ("适用哪一条款？", "Which provision applies?"),
    "which_measure": ("处理措施是？", "Which measures?"),
    "check_answers": ("交卷", "Check answers"),
    "score": ("得分", "Score"),
    "sheet": ("下载练习卷（含答案）", "Download the practice sheet (with answer key)"),
    "correct": ("✓ 正确", "✓ correct"),
    "wrong": ("✗ 应为", "✗ answer:"),
    "no_feedback": ("还没有反馈。", "No feedback yet."),
}


def t(key: str, en: bool = False, **fmt) -> str:
    text = STRINGS[key][1 if en else 0]
    return text.format(**fmt) if fmt else text


# ---- text shown safely -------------------------------------------------------------------------

_MD = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>#+-.!|~$"})
_STOP = {"怎么", "什么", "如何", "可以", "是否", "哪些", "多少", "处理", "一个", "这个", "那个", "时候", "问题", "请问",
         "the", "what", "how", "an", "is", "was", "to", "of", "in", "on", "at", "this", "that", "after", "again"}
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z0-9]{2,}")


def plain(text: str) -> str:
    """User or corpus text made inert for st.markdown: HTML escaped, Markdown marks as entities."""
    return html.escape(text, quote=False).translate(_MD)


def terms(question: str) -> set[str]:
    """The question's words worth marking: Chinese words of 2+ characters (jieba) and Latin words."""
    import jieba

    out = {w.lower() for w in _LATIN.findall(question or "")}
    for run in _HAN.findall(question or ""):
        out.update(w for w in jieba.lcut_for_search(run) if len(w) >= 2)
    return out - _STOP


def highlight(text: str, question: str, exact: bool = False) -> str:
    """`text` escaped, with the stretches that share words with `question` (or, `exact`, the whole
    of it, as in a search) in <mark>...</mark>."""
    hit = [False] * len(text)
    low = text.lower()
    for term in {question.strip().lower()} - {""} if exact else terms(question):
        start = low.find(term)
        while start >= 0:
            hit[start : start + len(term)] = [True] * len(term)
            start = low.find(term, start + 1)
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and hit[j] == hit[i]:
            j += 1
        chunk = plain(text[i:j])
        out.append(f"<mark>{chunk}</mark>" if hit[i] else chunk)
        i = j
    return "".join(out)


# ---- chat ---------------------------------------------------------------------------------------

_REPLIES = {
    "reminded_and_refused": (("是，拒不改正", "yes, refused"), ("否，提醒后改正了", "no, corrected after the reminder")),
    "prior_talks_in_cycle": (("没有（0次）", "none (0 times)"), ("1次", "1 time"), ("2次", "2 times")),
    "prior_criticisms_in_cycle": (("没有（0次）", "none (0 times)"), ("1次", "1 time")),
    "prior_interviews_in_cycle": (("没有（0次）", "none (0 times)"), ("1次", "1 time")),
    "adverse_impact": (("造成了不良影响", "yes, an adverse impact"), ("没有造成不良影响", "no adverse impact")),
}


def quick_replies(fact: str | None, en: bool = False) -> list[str]:
    """Short replies to the first open question of a case (the assistant completes the case with them)."""
    return [r[1] if en else r[0] for r in _REPLIES.get(fact or "", ())]


# ---- the case checker --------------------------------------------------------------------------


SUBJECT_EN = {"candidate": "candidate", "examiner": "examiner", "quality_supervisor": "quality supervisor",
              "item_expert": "item-development expert", "institution_staff": "other institution staff",
              "institution": "evaluation institution"}
_STAFF = ("prior_talks_in_cycle", "prior_criticisms_in_cycle", "adverse_impact")
FACTS_FOR = {  # the facts the form asks about, per subject
    "candidate": ("reminded_and_refused",),
    "examiner": _STAFF,
    "quality_supervisor": (*_STAFF, "supervisor_kind"),
    "item_expert": _STAFF,
    "institution_staff": _STAFF,
    "institution": ("prior_interviews_in_cycle", "warned_under_art22", "score_errors_in_year",
                    "score_corrections_in_year", "adverse_impact", "self_reported"),
}
COUNT_FACTS = {"prior_talks_in_cycle", "prior_criticisms_in_cycle", "prior_interviews_in_cycle",
               "score_errors_in_year", "score_corrections_in_year"}


def subject_name(subject: str, en: bool = False) -> str:
    return (SUBJECT_EN if en else SUBJECT_ZH).get(subject, subject)


def case_dict(subject: str, conduct: str, provision: str, date, facts: dict) -> dict:
    """The case for rules.assess, leaving out what the form left blank (unknown, not false)."""
    case = {"subject": subject, "conduct": (conduct or "").strip(), "provision": (provision or "").strip()}
    case = {k: v for k, v in case.items() if v}
    if date:
        case["date"] = date.isoformat()
    known = {k: v for k, v in facts.items() if v is not None and v != ""}
    if known:
        case["facts"] = {k: int(v) if isinstance(v, float) else v for k, v in known.items()}
    return case


_STATUS = {
    "decided": ("已可认定", "decided"),
    "provisional": ("按已知事实认定（仍有待补充的事实，可能改变结论）", "provisional: open facts may change the outcome"),
    "needs_facts": ("缺少决定结论的事实，暂不能认定", "needs facts before a decision"),
    "no_sanction": ("依所述事实不予处理", "no sanction on the facts given"),
    "no_match": ("未找到相符条款", "no matching provision"),
}
_DEADLINES = {"statement": "statement_deadline", "review": "review_deadline"}
_DEADLINE_NAMES = {"report": ("向监管部门报告截止", "Report to the regulator by"),
                   "rectification_plan": ("提交整改方案截止", "Rectification plan due")}


def outcome(d, en: bool = False) -> str:
    return _STATUS[d.status][en]


def cited_labels(d) -> list[str]:
    """Every provision a Decision relies on, in order of first mention."""
    labels = [*d.provisions, *(m.provision for m in d.measures), *(c.provision for c in d.institution_consequences)]
    labels += [d.certificate.provision] if d.certificate else []
    labels += [x.provision for x in d.deadlines.values()] + [s.label for s in d.trace] + [p.label for p in d.procedure]
    return list(dict.fromkeys(labels))


def deadline_name(key: str, en: bool) -> str:
    return t(_DEADLINES[key], en) if key in _DEADLINES else _DEADLINE_NAMES.get(key, (key, key))[en]


def decision_markdown(d, corpus, case: dict, en: bool = False) -> str:
    """The Decision as a Markdown summary that quotes every provision it cites."""
    h = (lambda zh, e: e if en else zh)
    meta = corpus.default.meta
    lines = [f"# {h('处理意见摘要', 'Decision summary')}", "",
             f"- {h('依据', 'Regulation')}: {meta.title}（{meta.number}）",
             f"- {h('当事人', 'Subject')}: {subject_name(d.subject, en)}",
             f"- {h('案情', 'Case')}: {case.get('conduct') or case.get('provision', '')}",
             f"- {h('结论', 'Outcome')}: {outcome(d, en)}"]
    if d.provisions:
        lines.append(f"- {h('适用', 'Applies')}: {'、'.join(d.provisions)}")
    lines += [f"- {heading}: {value}" for heading, value in consequence_rows(d, en)]
    if d.no_sanction_reason:
        lines.append(f"- {h('说明', 'Reason')}: {d.no_sanction_reason}")
    if d.deadlines:
        lines += ["", f"## {h('期限', 'Deadlines')}"]
        for key, x in d.deadlines.items():
            lines.append(f"- {deadline_name(key, en)}: **{x.due}**（{x.provision}，{x.working_days}{h('个工作日', ' working days')}）")
            if x.counted_holidays:
                lines.append(f"  - {t('holidays', en)}: " + "、".join(f"{o.date} {o.name}" for o in x.counted_holidays))
            if x.makeup_workdays:
                lines.append(f"  - {t('makeup', en)}: " + "、".join(map(str, x.makeup_workdays)))
    for title, items in ((h("待补充的问题", "Open questions"), [f.question for f in d.follow_up]),
                         (h("提示", "Notes"), d.notes), (h("假定", "Assumptions"), d.assumptions)):
        if items:
            lines += ["", f"## {title}", *(f"- {i}" for i in items)]
    if d.procedure:
        lines += ["", f"## {h('程序', 'Procedure')}"]
        lines += [f"{n}. {p.step}（{p.actor}，{p.label}）" + (f" — {p.due}" if p.due else "") for n, p in enumerate(d.procedure, 1)]
    lines += ["", f"## {h('认定过程', 'Trace')}"]
    for n, s in enumerate(d.trace, 1):
        lines += [f"{n}. **{s.label}** {s.note}", f"   > 「{s.quote}」"]
    lines += ["", f"## {h('所引条文原文', 'Provisions cited (verbatim)')}"]
    for label in cited_labels(d):
        p = corpus.get(label)
        lines.append(f"- **{label}**（{p.chapter}）：「{p.full_text}」")
    return "\n".join(lines) + "\n"


RIGHTS_STEPS = ("第二十八条第一款", "第二十八条第二款", "第二十九条", "第三十三条")


def rights_steps(rulebook) -> list:
    """The procedure steps a person facing a decision can act on (arts 28, 29, 33), in order."""
    return [p for label in RIGHTS_STEPS for p in rulebook.procedure if p.label == label]


# ---- trainer practice --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizItem:
    scenario: str
    label: str
    provision_options: tuple[str, ...]  # labels
    measures: str
    measure_options: tuple[str, ...]
    quote: str  # the lead-in and the item, verbatim


def measure_text(rule, measures, en: bool = False) -> str:
    return "；".join(measures[c].en if en else measures[c].zh for c in rule.measures)


def draw_quiz(rulebook, n: int = 5, seed: int = 0, en: bool = False) -> list[QuizItem]:
    """`n` scenarios from different rules, each with four provisions and four measure sets to choose from."""
    rng = random.Random(seed)
    rules = list(rulebook.rules.values())
    items = []
    for rule in rng.sample(rules, min(n, len(rules))):
        same = [r for r in rules if r.subject == rule.subject and r.label != rule.label]
        other = [r for r in rules if r.subject != rule.subject]
        wrong = rng.sample(same, min(3, len(same)))
        wrong += rng.sample(other, 3 - len(wrong))
        labels = [rule.label, *(r.label for r in wrong)]
        rng.shuffle(labels)
        right = measure_text(rule, rulebook.measures, en)
        near = [s for s in dict.fromkeys(measure_text(r, rulebook.measures, en) for r in same) if s != right]
        far = [s for s in dict.fromkeys(measure_text(r, rulebook.measures, en) for r in other) if s not in (right, *near)]
        choice = rng.sample(near, min(3, len(near)))
        choice += rng.sample(far, 3 - len(choice))
        options = [right, *choice]
        rng.shuffle(options)
        items.append(QuizItem(rng.choice(rule.examples), rule.label, tuple(labels), right, tuple(options),
                              f"{rule.lead_in_quote}……{rule.quote}"))
    return items


def option_text(label: str, rulebook, en: bool = False) -> str:
    rule = rulebook.rules[label]
    return f"{label}：{rule.conduct.en if en else rule.conduct.zh}"


def score(items: list[QuizItem], provisions: list, measures: list) -> int:
    """One point for each right provision and each right measure set."""
    return sum((p == q.label) + (m == q.measures) for q, p, m in zip(items, provisions, measures))


def practice_sheet(items: list[QuizItem], rulebook, en: bool = False) -> str:
    """A printable Markdown sheet: the questions with lettered options, then the answer key with quotes."""
    h = (lambda zh, e: e if en else zh)
    out = [f"# {h('技能人才评价违纪违规处理：情景练习', 'Skill-evaluation misconduct: scenario practice')}", ""]
    for n, q in enumerate(items, 1):
        out += [f"## {n}. {q.scenario}", "", f"{t('which_provision', en)}", ""]
        out += [f"- {chr(65 + i)}. {option_text(o, rulebook, en)}" for i, o in enumerate(q.provision_options)]
        out += ["", f"{t('which_measure', en)}", ""]
        out += [f"- {chr(65 + i)}. {o}" for i, o in enumerate(q.measure_options)]
        out.append("")
    out += ["---", "", f"# {h('答案', 'Answer key')}", ""]
    for n, q in enumerate(items, 1):
        p, m = chr(65 + q.provision_options.index(q.label)), chr(65 + q.measure_options.index(q.measures))
        out.append(f"{n}. {p} / {m} — **{q.label}**：{q.measures}。「{q.quote}」")
    return "\n".join(out) + "\n"
