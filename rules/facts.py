"""Facts stated in the conduct's own words ("被谈话提醒两次后又迟到", "提醒后马上改正了").

Only explicit phrasings are read; a fact given in `case.facts` always wins, and every fact read
from words is reported in the Decision's trace and assumptions, so nothing is silently guessed.
"""

from __future__ import annotations

import re
import unicodedata

from corpus.text import detect_lang

_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_N = r"(\d+|[零〇一二两俩三四五六七八九十]+)"


_EN_NUM = {"once": 1, "one": 1, "a": 1, "twice": 2, "two": 2, "thrice": 3, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _int(token: str) -> int | None:
    token = token.strip().lower().removesuffix(" times").strip()
    if token in _EN_NUM:
        return _EN_NUM[token]
    if token.isdigit():
        return int(token)
    if token in _NUM:
        return _NUM[token]
    if len(token) == 2 and token[0] == "十":
        return 10 + _NUM.get(token[1], 0)
    if len(token) >= 2 and token[-1] == "十":
        return _NUM.get(token[0], 0) * 10
    if len(token) == 3 and token[1] == "十":
        return _NUM.get(token[0], 0) * 10 + _NUM.get(token[2], 0)
    return None


_NEGATED = re.compile(r"(没有?|未|从未|从没|不曾)(被)?$")
_QUESTION_AFTER = re.compile(r"^.{0,3}(吗|么|？|\?)")

# English questions state the same facts ("after two talks this cycle", "4 score errors this year").
_EN_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|once|twice|thrice|\d+ times)"
_COUNTED = {
    "prior_talks_in_cycle": [rf"谈话提醒(?:过|了)?{_N}(?:次|回)", rf"{_N}(?:次|回)谈话提醒",
                             rf"(?i){_EN_N}\s+(?:talk-?reminders?|talks|reminder talks|verbal reminders?)",
                             rf"(?i)(?:talked to|had (?:a )?talks?|been reminded|(?:verbal|talk-?) ?reminders?)\s+{_EN_N}"],
    "prior_criticisms_in_cycle": [rf"通报批评(?:过|了)?{_N}(?:次|回)", rf"{_N}(?:次|回)通报批评",
                                  rf"(?i)critici[sz]ed\s+(?:publicly\s+)?{_EN_N}", rf"(?i){_EN_N}\s+public criticisms?"],
    "prior_interviews_in_cycle": [rf"约谈(?:过|了)?{_N}(?:次|回)", rf"{_N}(?:次|回)约谈", rf"(?i)interviewed\s+{_EN_N}"],
    "score_errors_in_year": [rf"(?:录|输|汇总|登记|算)[入错]?了?{_N}次", rf"错(?:误|了)?(?:已经|已)?(?:累计|一共|总共|共)?(?:了)?{_N}次", rf"{_N}次(?:成绩)?(?:录入|汇总)?错误",
                             rf"(?i){_EN_N}\s+(?:score |grading |data[- ]entry |entry |compilation |scoring )*(?:errors|mistakes)"],
    "score_corrections_in_year": [rf"{_N}人次", r"(?i)(\d+)\s+(?:person-times|score corrections|corrections)"],
}
_ONCE = {  # "被通报批评过", "was publicly criticised" without a number: at least once
    "prior_criticisms_in_cycle": r"(被|已)通报批评(过|了)|(?i:\b(?:was|were|got|(?:has|have|had)\s+(?:already\s+)?been)\s+(?:already\s+)?(?:publicly\s+)?critici[sz]ed|\b(?:got|received|was given|has had|had)\s+(?:already\s+)?(?:a|one)\s+(?:formal\s+|public\s+)?(?:criticism|reprimand))",
    "prior_interviews_in_cycle": r"(被|已)?约谈(过|了)|(?i:\b(?:was|were|(?:has|have|had)\s+(?:already\s+)?been)\s+(?:already\s+)?(?:formally\s+)?interviewed)",
    "prior_talks_in_cycle": r"(被|已)谈话提醒(过|了)",
}
_WARNED = re.compile(r"(已经?|曾|之前|此前|已)被警告|被警告(过|了|后)|警告(过|后)|(?:上次|上回|之前|以前|此前|去年|曾经?)[^。？?]{0,20}被警告|(?i:already (?:been )?warned|was warned|after (?:a|the) warning)")
_REFUSED = re.compile(
    r"(提醒|劝|制止|要求|让他|叫他|警告|指出).{0,14}?(拒不|不肯|不听|拒绝|仍然|仍旧|依然|依旧|还是不|照样|继续|不理|不配合|死活不|就是不|硬是不|偏不)"
    r"|拒不改正|拒不收|拒不交|拒不放"
    r"|(?i:refus|ignored (?:the|a|our|my) (?:reminder|warning)|kept (?:using|talking|smoking)|would not|wouldn't|did not comply|didn't comply)"
)
_COMPLIED = re.compile(
    r"(提醒|要求|让|叫|劝|指出|制止).{0,16}?(后|之后|马上|立即|立刻|随即|当即|就)+.{0,3}?"
    r"(改正|收起|收好|放好|放过去|放到|交出|上交|交了|照做|配合|回到|坐回|安静|停止|停了|灭了|熄灭|改了)"
)
_ADVERSE_NO = re.compile(r"(没有?|未|并未)(造成|产生)(什么|任何)?(不良)?影响|没什么影响|影响不大|没有影响"
                         r"|(?i:no (?:adverse|real) (?:impact|effect)|did(?:n't| not) (?:cause|have) any (?:impact|effect|harm))")
_ADVERSE_YES = re.compile(r"造成(了)?(较大|严重|很大)?不良影响|影响(很|极|非常)?(坏|恶劣|不好)|引发(社会)?舆论|上了?热搜|媒体(报道|曝光)"
                          r"|(?i:adverse (?:impact|effect)|went viral|in the (?:news|media)|public outcry|bad publicity)")
_INTERNAL = re.compile(r"内部(质量)?督导|内督|(?i:internal (?:quality )?supervisor)")
_EXTERNAL = re.compile(r"外部(质量)?督导|外督|外派督导|委派的督导|(?i:external (?:quality )?supervisor)")
_SELF_REPORT = re.compile(r"自查|主动(上报|报告|向.{0,10}报告)|自行上报"
                          r"|(?i:self-?report|reported (?:it|this|the (?:error|mistake)) (?:ourselves|themselves|itself|voluntarily)|came forward)")

SEVERITY_WORDS = {
    # a pass turned into a fail (or back) is grave on its face: it is what "影响评价活动客观公正" means
    "grave": re.compile(r"重大错误|重大差错|严重错误|严重差错|严重失误|大面积|大批"
                        r"|(合格|及格)[^。；;]{0,10}(反了|颠倒)|没(考|通)过的(人|考生)?[^。；;]{0,10}(合格通知|发了证|拿到了?证)"
                        r"|(?i:\b(?:serious|major|grave|massive|huge)\s+(?:\w+\s+)?(?:error|mistake|blunder)s?\b"
                        r"|pass(?:/| or | and )fail[^.]{0,40}\b(?:reversed|flipped|swapped|the wrong way round)"
                        r"|\b(?:reversed|flipped|swapped)\b[^.]{0,30}pass(?:/| or | and )fail)"),
    "major": re.compile(r"较大错误|较大差错|较大偏差|偏差.{0,4}(较大|很大)|错误较大|较大"
                        r"|(?i:\b(?:significant|sizeable|considerable|larger)\s+(?:\w+\s+)?(?:error|mistake|discrepanc)\w*)"),
    "minor": re.compile(r"少量|轻微|个别|小错|一两处|一处|一两分|一两道|一两题|差[一1两2]分"
                        r"|(?i:\b(?:minor|small|slight|tiny)\s+(?:\w+\s+)?(?:error|mistake|slip|discrepanc)\w*"
                        r"|\b(?:a couple of|one or two|a single|one)\s+(?:small\s+|careless\s+)?(?:\w+\s+)?(?:error|mistake|slip)s?\b)"),
}
SERIOUS = re.compile(r"情节(特别|比较|较为|十分)?严重")


# "publicly criticised (通报批评) once": an English sentence glossing the regulation's term in
# Chinese; the gloss would split the words the English patterns read.
_GLOSS = re.compile(r"\s*\([^()]*[\u4e00-\u9fff][^()]*\)")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if detect_lang(text) == "en":
        text = _GLOSS.sub("", text)
    return text


def infer_facts(text: str | None) -> dict[str, tuple[object, str]]:
    """{fact: (value, the words it was read from)} for facts the text states explicitly."""
    if not text:
        return {}
    t = _clean(text)
    found: dict[str, tuple[object, str]] = {}
    for fact, patterns in _COUNTED.items():
        for pat in patterns:
            m = re.search(pat, t)
            if m and (n := _int(m.group(1))) is not None:
                found[fact] = (n, m.group(0))
                break
    for fact, pat in _ONCE.items():
        if fact in found:
            continue
        for m in re.finditer(pat, t):
            before, after = t[max(0, m.start() - 4) : m.start()], t[m.end() :]
            if _QUESTION_AFTER.match(after) or before.endswith(("会", "会不会", "是否", "能否")):
                continue
            found[fact] = (0 if _NEGATED.search(before) else 1, m.group(0))
            break
    if (m := _WARNED.search(t)) and not _QUESTION_AFTER.match(t[m.end() :]):
        found["warned_under_art22"] = (True, m.group(0))
    if m := _REFUSED.search(t):
        found["reminded_and_refused"] = (True, m.group(0))
    elif m := _COMPLIED.search(t):
        found["reminded_and_refused"] = (False, m.group(0))
    if m := _ADVERSE_NO.search(t):
        found["adverse_impact"] = (False, m.group(0))
    elif m := _ADVERSE_YES.search(t):
        found["adverse_impact"] = (True, m.group(0))
    if m := _INTERNAL.search(t):
        found["supervisor_kind"] = ("internal", m.group(0))
    elif m := _EXTERNAL.search(t):
        found["supervisor_kind"] = ("external", m.group(0))
    if m := _SELF_REPORT.search(t):
        found["self_reported"] = (True, m.group(0))
    return found


def infer_severity(text: str | None) -> tuple[str, str] | None:
    """('minor'|'major'|'grave', words) when the text grades a grading error, else None."""
    if not text:
        return None
    t = _clean(text)
    for level in ("grave", "major", "minor"):
        if m := SEVERITY_WORDS[level].search(t):
            return level, m.group(0)
    return None


def says_serious(text: str | None, words: list[str]) -> str | None:
    if not text:
        return None
    t = _clean(text)
    for w in words:
        if w == "情节严重":
            if m := SERIOUS.search(t):
                return m.group(0)
        elif w in t:
            return w
    return None
