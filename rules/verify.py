"""verify(text) -> findings: citations that do not exist, sanctions the cited provision does not impose.

Reads the citation labels (corpus.find_citations) and the sanction phrases (Chinese, and common
English ones) in free text, sentence by sentence. A sanction phrase is checked against the nearest
citation before it in the same sentence (else the first one after it); it is right when that
provision, or another one cited in the same sentence, imposes it on the subject the sentence names.
"第七条 … 2年内不得参加" is wrong: 第七条 bars for the rest of that year. Text with no finding is
not proven right: only what can be read is checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from corpus import UnknownLabel, find_citations
from corpus.messages import text as said
from rules.case import Finding
from rules.loader import Rulebook
from rules.schema import SUBJECT_ZH

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}

# (pattern, codes it may stand for). Longer, more specific phrases first; matches do not overlap.
_N = r"(?:\d+|[一二两三四五六七八九十]|one|two|three|four|five|six|ten)"
_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    # bans (Chinese)
    (r"当年(内)?(不得|不能|不准|禁止)(再)?(参加|报考|报名)|本年度?内?(不得|不能)(再)?(参加|报考)|今年(内)?(不得|不能|不准)(再)?(参加|报考)|当年禁考", ("ban_rest_of_year",)),
    (rf"{_N}\s*年内?(不得|不能|不准|禁止)(再)?(参加|报考|报名)|禁考\s*{_N}\s*年|{_N}\s*年禁考", ("ban_N",)),
    # bans (English)
    (r"\b(for\s+)?the\s+(rest|remainder|end)\s+of\s+(the|that|this)\s+(calendar\s+)?year\b", ("ban_rest_of_year",)),
    (rf"\b(bar|bars|barred|ban|bans|banned|excluded)\b[^.;。；]{{0,40}}?\b{_N}[\s-]+years?\b|\b{_N}[\s-]+year\s+(ban|bar)\b", ("ban_N",)),
    # scores
    (r"取消(其)?(当次)?全部科目(的)?(评价)?成绩|全部科目(的)?成绩(作废|无效|被?取消)", ("cancel_all_scores",)),
    (r"取消(其)?(当次)?(该|此|本|这一?)科目?(的)?(评价)?成绩|取消(其)?当科成绩", ("cancel_subject_score",)),
    (r"\b(cancel\w*|void\w*|annul\w*)\s+(all|every)\b[^.;]{0,20}\b(scores?|results?)\b", ("cancel_all_scores",)),
    (r"\b(cancel\w*|void\w*)\s+(the|this|that)\s+subject'?s?\s+(score|result)", ("cancel_subject_score",)),
    # staff
    (r"谈话提醒", ("talk_reminder",)),
    (r"\btalk[\s-]+reminders?\b|\bverbal\s+reminders?\b", ("talk_reminder",)),
    (r"责令(其)?改正", ("order_correction",)),
    (r"通报批评", ("public_criticism",)),
    (r"\bpublic(ly)?\s+critici\w+", ("public_criticism",)),
    (r"按相关规定进行处理", ("handle_per_rules",)),
    (r"吊销(其)?考评(人员|员)证(卡)?", ("revoke_examiner_card",)),
    (r"吊销(其)?(技能人才评价)?(质量)?督导员?证(卡)?", ("revoke_supervisor_card",)),
    (r"吊销(其)?证卡|吊销证件", ("revoke_examiner_card", "revoke_supervisor_card")),
    (r"\brevok\w*\b[^.;]{0,30}\b(card|badge|licen[cs]e)\b", ("revoke_examiner_card", "revoke_supervisor_card")),
    (r"取消(其)?(在本单位的)?评价工作资格", ("disqualify_at_institution",)),
    # institutions
    (r"对评价机构进行约谈|约谈(该|这家)?评价机构", ("interview_institution",)),
    (r"对(其)?负责人(（或执行负责人）|\(或执行负责人\))?进行约谈|约谈(其)?负责人", ("interview_head",)),
    (r"约谈", ("interview_institution", "interview_head")),
    (r"对评价机构予以警告[，,]\s*限期整改", ("warn_institution",)),
    (r"整改期间暂停评价(活动)?|暂停(其)?评价(活动)?", ("suspend_evaluation",)),
    (r"(予以|给予|处以|受到|被|并|会被|将被)警告|警告[，,、]\s*限期整改", ("warning", "warn_institution")),
    (r"\bwarn(ing|ed|s)?\b", ("warning", "warn_institution")),
    (r"限期整改(?!方案)", ("rectify_by_deadline", "warn_institution")),  # "限期整改方案" (art. 32) names a document, not a measure
    (r"终止(其)?备案|取消(其)?备案", ("terminate_filing",)),
    (r"\bterminat\w+\b[^.;]{0,20}\b(filing|registration)\b|\bderegist\w+"
     r"|\b(filing|registration)\s+(is\s+|was\s+|will\s+be\s+|be\s+)?(terminated|revoked|cancell?ed|withdrawn)", ("terminate_filing",)),
    (r"追究相关人员责任", ("hold_staff_accountable",)),
    (r"(证书|成绩)[^，,。；;]{0,8}无效", ("invalidate_results",)),
    # certificates
    (r"不得(向其)?颁发证书|不(予|发)发?证", ("no_certificate",)),
    (r"(证书)?应予撤销|撤销(其)?(已颁发的)?证书", ("revoke_certificate",)),
    (r"向社会公布违规证书信息", ("publish_certificate_info",)),
    (r"向社会公布", ("publish", "publish_certificate_info")),
]
_COMPILED = [(re.compile(p, re.I), codes) for p, codes in _PHRASES]
# "被谈话提醒2次后", "通报批评过一次": a prior record the sentence describes, not a sanction it states.
_HISTORY_AFTER = re.compile(r"^(过|了)?\s*(\d+|[一二两三四五])?\s*(次|回)?\s*(后|以后|之后)|^(过|了)?\s*(\d+|[一二两三四五])\s*(次|回)")
_NEGATION = re.compile(r"(不会|不用|无需|不必|不予|并非|不是|没有|不应|not|no|never)\s*(被|be|get)?\s*$", re.I)

# Subject words; an earlier, longer match wins. Phrases naming the decider are removed first.
# an external quality supervisor named in a sentence: the institution's consequences of 第十五条 and
# 第十六条 follow only from internal supervisors' conduct
_EXTERNAL = re.compile(r"外部(?:质量)?督导|external (?:quality )?supervisor", re.I)
_DECIDER = re.compile(r"评价机构监管部门|由评价机构|对评价机构|向评价机构|评价机构对|评价机构或")
_SUBJECT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("评价机构其他人员", ("institution_staff",)),
    ("评价项目开发专家", ("item_expert",)),
    ("内部质量督导员", ("quality_supervisor",)), ("外部质量督导员", ("quality_supervisor",)),
    ("质量督导员", ("quality_supervisor",)), ("督导员", ("quality_supervisor",)),
    ("考评人员", ("examiner",)), ("考评员", ("examiner",)), ("考官", ("examiner",)),
    ("开发专家", ("item_expert",)), ("命题专家", ("item_expert",)), ("出题专家", ("item_expert",)),
    ("参评人员", ("candidate",)), ("考生", ("candidate",)), ("应试者", ("candidate",)),
    ("考务人员", ("institution_staff",)),
    ("工作人员", ("examiner", "quality_supervisor", "item_expert", "institution_staff")),
    ("评价机构", ("institution",)), ("培训机构", ("institution",)),
    ("candidate", ("candidate",)), ("examiner", ("examiner",)), ("supervisor", ("quality_supervisor",)),
    # "other institution staff" names staff, not the institution (the English summaries of 第十八条-第二十条)
    ("institution staff", ("institution_staff",)), ("centre staff", ("institution_staff",)),
    ("item-development expert", ("item_expert",)), ("item development expert", ("item_expert",)),
    ("institution", ("institution",)), ("centre", ("institution",)), ("center", ("institution",)),
]


@dataclass(frozen=True)
class _Claim:
    codes: tuple[str, ...]
    start: int
    end: int
    text: str


def verify(text: str, rulebook: Rulebook) -> list[Finding]:
    """Every citation that names no provision, every sanction the cited provision does not impose,
    and every subject the cited provision does not concern, in order of appearance."""
    rb = rulebook
    corpus = rb.corpus
    findings: list[Finding] = []
    resolved: dict[int, object] = {}
    cites = find_citations(text)
    for c in cites:
        try:
            resolved[c.start] = corpus.resolve(c.ref)
        except UnknownLabel as exc:
            findings.append(Finding(
                kind="unknown_citation", label=c.ref.canonical(), cited=c.text, start=c.start, end=c.end,
                claim=_sentence_of(text, c.start), expected=list(exc.suggestions),
                message=f"{c.text} 不存在：{exc} / cited provision does not exist",
            ))

    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        here = [c for c in cites if s_start <= c.start < s_end and c.start in resolved]
        if not here:
            continue
        claims = _claims(text, s_start, s_end)
        stated_subject = _subject(sentence)
        checked_subject: set[str] = set()
        for claim in claims:
            gov = _governing(here, claim)
            prov = resolved[gov.start]
            allowed = _imposes(rb, prov)
            if any(code in allowed for code in claim.codes):
                internal = _internal_only(rb, prov)
                if _EXTERNAL.search(sentence) and not set(claim.codes) - internal:
                    findings.append(Finding(
                        kind="wrong_sanction", label=prov.label, cited=gov.text, start=claim.start, end=claim.end,
                        claim=sentence.strip(), stated=claim.codes[0],
                        expected=sorted(allowed - internal, key=_order(rb)),
                        message=str(said("verify.internal_only", label=prov.label, claim=claim.text)),
                    ))
                continue
            if any(code in _imposes(rb, resolved[c.start]) for c in here for code in claim.codes):
                continue  # another provision cited in the same sentence imposes it
            expected = sorted(allowed, key=_order(rb))
            stated = claim.codes[0]
            wrong_ban = [c for c in expected if c.startswith("ban_")]
            what = "、".join(rb.measures[c].zh for c in (wrong_ban or expected) if c in rb.measures) or "无处理措施"
            findings.append(Finding(
                kind="wrong_sanction", label=prov.label, cited=gov.text, start=claim.start, end=claim.end,
                claim=sentence.strip(), stated=stated, expected=expected,
                message=f"{prov.label}不规定“{claim.text}”；该条规定：{what} / "
                        f"{prov.label} does not impose '{claim.text}'",
            ))
        # the subject the sentence names against what the cited provisions concern
        if stated_subject:
            for c in here:
                prov = resolved[c.start]
                concerns = _subjects(rb, prov)
                if not concerns or prov.label in checked_subject:
                    continue
                checked_subject.add(prov.label)
                word, subjects = stated_subject
                if "institution" in subjects and _institution_measures_only(rb, prov, claims):
                    continue  # "对评价机构：约谈（第十二条；造成不良影响）": the article's closing sentence
                if not set(subjects) & concerns:
                    findings.append(Finding(
                        kind="wrong_subject", label=prov.label, cited=c.text, start=c.start, end=c.end,
                        claim=sentence.strip(), stated=word, expected=sorted(concerns),
                        message=f"{prov.label}规定的是{'、'.join(SUBJECT_ZH[s] for s in sorted(concerns))}的行为，不是“{word}” / "
                                f"{prov.label} concerns {', '.join(sorted(concerns))}",
                    ))
    return sorted(findings, key=lambda f: (f.start, f.kind))


# --- helpers -------------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[。；;！!？?\n]|(?<!\bart)(?<!\bArt)(?<!\bpara)(?<!\bArticle \d)\.(?=\s|$)", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _sentence_of(text: str, pos: int) -> str:
    for a, b in _sentences(text):
        if a <= pos < b:
            return text[a:b].strip()
    return text.strip()


def _claims(text: str, start: int, end: int) -> list[_Claim]:
    taken: list[tuple[int, int]] = []
    out: list[_Claim] = []
    chunk = text[start:end]
    for pattern, codes in _COMPILED:
        for m in pattern.finditer(chunk):
            a, b = start + m.start(), start + m.end()
            if any(a < y and x < b for x, y in taken):
                continue
            if _NEGATION.search(unicodedata.normalize("NFKC", text[max(start, a - 6) : a])):
                continue
            if _HISTORY_AFTER.match(text[b : b + 8]):
                continue
            taken.append((a, b))
            if codes == ("ban_N",):
                codes = (_ban_code(m.group(0)),)
            out.append(_Claim(codes, a, b, m.group(0)))
    return sorted(out, key=lambda c: c.start)


def _governing(cites, claim: _Claim):
    before = [c for c in cites if c.start < claim.start]
    return before[-1] if before else cites[0]


def _ban_code(phrase: str) -> str:
    m = re.search(r"\d+|[一二两三四五六七八九十]|one|two|three|four|five|six|ten", phrase, re.I)
    token = m.group(0).lower() if m else "?"
    n = int(token) if token.isdigit() else _CN_NUM.get(token) or _EN_NUM.get(token)
    return f"ban_{n}_years" if n else "ban_unknown"


def _imposes(rb: Rulebook, prov) -> set[str]:
    """Measure codes the provision imposes: its rules' measures and institution consequences,
    and its certificate measures. An article covers all its items; 第十二条第（一）项 its own."""
    codes: set[str] = set()
    rules = [r for r in rb.rules.values() if r.label == prov.label or (prov.kind == "article" and r.article == prov.article)]
    if prov.kind == "paragraph":
        rules = [r for r in rules if r.label == prov.label]
    for r in rules:
        codes.update(r.measures)
        if r.institution_consequence:
            codes.update(r.institution_consequence.measures)
    for label, cert in rb.certificates.items():
        if label == prov.label or (prov.kind == "article" and rb.corpus.get(label).article == prov.article):
            codes.update(cert.measures)
    return codes


def _internal_only(rb: Rulebook, prov) -> set[str]:
    """Codes the provision imposes only as an institution consequence of internal supervisors' conduct."""
    rules = [r for r in rb.rules.values() if r.label == prov.label or (prov.kind == "article" and r.article == prov.article)]
    internal = {c for r in rules if r.institution_consequence and r.institution_consequence.internal_supervisors_only
                for c in r.institution_consequence.measures}
    others = {c for r in rules for c in r.measures}
    others |= {c for r in rules if r.institution_consequence and not r.institution_consequence.internal_supervisors_only
               for c in r.institution_consequence.measures}
    return internal - others


def _institution_measures_only(rb: Rulebook, prov, claims) -> bool:
    """Articles 12, 13, 15-17, 19 and 20 concern a staff member, and end with what the regulator does
    to the institution when the act has an adverse impact: a sentence naming the institution with
    only those measures (or none the reader knows, as in English) claims what the article says.
    A claim read more than one way counts as the institution's when one of its readings is: "warns"
    is a warning or the institution's warning, and in a sentence about the institution it is the
    latter (English answers with the warning of articles 13, 16 and 20's closing sentences failed before)."""
    codes = {c for r in rb.rules.values() if r.article == prov.article and r.institution_consequence
             for c in r.institution_consequence.measures}
    return bool(codes) and all(set(claim.codes) & codes for claim in claims)


def _subjects(rb: Rulebook, prov) -> set[str]:
    entry = rb.articles.get(prov.article)
    if entry is None:
        return set()
    if entry.sanction is None:
        return {entry.certificate.subject} if entry.certificate else set()
    if prov.kind == "paragraph" and entry.certificate and prov.label == entry.certificate.label:
        return {entry.certificate.subject}
    return {entry.sanction.subject, *entry.sanction.also_subjects}


def _subject(sentence: str) -> tuple[str, tuple[str, ...]] | None:
    cleaned = _DECIDER.sub(lambda m: "＿" * len(m.group(0)), sentence)
    low = cleaned.lower()
    best = None
    for word, subjects in _SUBJECT_WORDS:
        i = low.find(word.lower())
        if i >= 0 and (best is None or i < best[0] or (i == best[0] and len(word) > len(best[1]))):
            best = (i, word, subjects)
    return (best[1], best[2]) if best else None


def _order(rb: Rulebook):
    keys = list(rb.measures)
    return lambda code: keys.index(code) if code in keys else len(keys)
