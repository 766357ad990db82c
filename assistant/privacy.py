"""Personal data out of text before anything stores or logs it: ID-card and phone numbers, e-mail
addresses and people's names become placeholders ([身份证号], [手机号], [电话], [邮箱], [姓名], [name]).

    redact("我叫张三，身份证１１０１０１１９９００３０７１２３４")   # '我叫[姓名]，身份证[身份证号]'
    redact("王小明用手机作弊了，电话138.1234.5678")              # '[姓名]用手机作弊了，电话[手机号]'

Matching runs on a copy of the text with full-width forms folded to ASCII (１ -> 1, ＠ -> @, － -> -),
one character for one, so the spans found there are the spans of the original, and only what was
matched changes. Names are found three ways: after a cue (我叫, 姓名, 考生 …), before a title
(先生, 老师 …), and bare: a word jieba tags as a person's name that starts with a common surname.
The feedback store (assistant/feedback.py) and the log filter (assistant/logging_setup.py) both
call `redact`, so stored feedback and logs hide the same things.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator

# Full-width ASCII (U+FF01-FF5E) and the ideographic space, folded one for one.
_WIDTH = str.maketrans({**{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}, "\u3000": " "})
SEP = r"[ \t\-.\u2010-\u2015]"  # between groups of digits: space, hyphen, dot, dashes

ID_CARD = re.compile(  # 18 digits (the last may be X), in groups 6-8-4 or 6-4-4-4 or none
    rf"(?<![0-9A-Za-z])\d{{6}}{SEP}?(?:18|19|20)\d{{2}}{SEP}?\d{{2}}{SEP}?\d{{2}}{SEP}?\d{{3}}[0-9Xx](?![0-9A-Za-z])"
)
OLD_ID_CARD = re.compile(  # 15 digits, before 1999: area, YYMMDD, sequence
    rf"(?<![0-9A-Za-z])\d{{6}}{SEP}?\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]){SEP}?\d{{3}}(?![0-9A-Za-z])"
)
MOBILE = re.compile(rf"(?<![\d+])(?:(?:\+|00)?86{SEP}?)?1[3-9]\d{SEP}?\d{{4}}{SEP}?\d{{4}}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[\s-])\s?\d{3,4}[\s-]?\d{4}(?:-\d{1,5})?(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# "I'm Korean", "I am Vietnamese": a nationality after "I am" is not a name (found by an eval round, 2026-12-05).
DEMONYM = (r"(?:Korean|Japanese|Chinese|Vietnamese|Malaysian|Filipino|Filipina|Indonesian|Thai|Indian|German|French|"
           r"American|British|English|Canadian|Australian|Russian|Italian|Spanish|Singaporean|Brazilian|Mexican|"
           r"Pakistani|Nepali|Burmese|Cambodian|Laotian|Mongolian|African|European|Asian|Dutch|Swiss|Irish|Polish)\b")
# Latin letters with accents count as letters of a name: "Tomás" must not leave "ás" behind
UPPER, LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
EN_NAME = re.compile(r"(?i:\b(my name is|my name's|name\s*:|this is|i am|i'm))"
                     r"(?!\s+" + DEMONYM + r")(\s+(?:(?:Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s*)?"
                     rf"[{UPPER}][{LOWER}]+(?:[ -][{UPPER}][{LOWER}]+){{0,2}})")
# after Chinese too ("请找Ms. Chen"): \b sees no boundary between 找 and M, both word characters
EN_TITLE = re.compile(rf"(?<![A-Za-z])(Mr|Ms|Mrs|Miss|Dr)\.?\s+[{UPPER}][{LOWER}]+(?:[ -][{UPPER}][{LOWER}]+)?")
# After these words a name follows for certain: whatever Chinese word comes next is taken.
# Not when a particle or a question word comes next ("你记我名字是吧", "我叫什么不重要"): nothing is named.
STRONG_CUE = re.compile(r"(?:我叫|我的名字[是叫]|名字[是叫]|名叫|姓名\s*(?:[:：]\s*(?:为|是)?|为|是)\s*)(?![吧吗呢啊呀嘛么什谁哪多])")
# After these a name may follow: taken only when the next word looks like one (`_looks_like_name`).
# (本人 is mostly "oneself": 他本人要处理; 姓名 alone is often the field: 姓名打错了.)
WEAK_CUE = re.compile(r"考生|参评人员|考评员|考评人员|考官|监考|督导员|工作人员|同学|学员|员工|同事|我是|叫|本人|姓名")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
# The characters most given names are made of (one or two of them follow the surname). A word that
# jieba tags as a name but whose "given name" is another word (马虎 careless, 张贴 to post, 雷同 alike,
# 段时间) is not taken.
GIVEN = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅鹏辉斌宇浩凯健俊帆帅旭宁龙林欢阳建国晓小文婷雪琳晨"
    "博鑫颖慧佳嘉子梓轩涵欣怡萱雨思可一诺睿泽宏志海波丹萍燕玲莉芬新立东亮成峰春冬云飞三四五六德生荣福贵祥瑞庆"
    "永长发金银宝珍珠琴凤翠菊莲花香月美淑惠贤良忠孝仁义礼智信乐康泰和顺昌盛兴旺达光耀辰星晶宸瑶璐露蕾薇蓉菲妍"
    "媛妮娇婉倩茜彤彬彦毅坚钢锋锐钧铭鸣振震威武雄豪彪松柏桦森楠桐枫竹青蓝紫翔鹤鹰莺凰麟骏驰腾跃远航舟润清源江"
    "河湖洪涌浪潮淼沛澜溪渊冰霜霖虹彩曦晖昊晗昕晟暄曼景聪哲理学书诗琪琦瑜璇瑾瑛璋珊玮玥珂珏琛鸿弘致至之正政治"
    "兵卫保守家邦民众秋夏梦萌敬婧菁京卿倩乔巧琼全泉群然冉容如儒若善少绍胜石世仕舒树双爽朔硕斯颂素天添田甜庭"
    "廷童万维蔚雯闻舞西希熙喜娴宪献翔向潇笑心馨幸宣勋雅亚岩言扬耀业依仪宜颐以艺亦益逸懿茵音寅莹盈影咏友有佑"
    "羽育钰裕元园圆苑悦越运韵增展湛章彰昭照峥芝钟洲卓宗祖尊丰")
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "令狐", "皇甫", "慕容")
NOT_NAME_START = "不没也都很就还在是的了这那哪什怎"
FUNCTION_CHARS = "用在被把给对向从和与跟的了是将因也都就又还说会去要能"
TITLES = ("先生", "女士", "老师", "小姐", "同学", "师傅")
TITLED = re.compile(rf"(?:{'|'.join(COMPOUND)}|[{SURNAMES}])[\u4e00-\u9fff]{{0,2}}?(?={'|'.join(TITLES)})")
# Shanghai's districts: jieba tags several as names (徐汇, 闵行), and questions name them often.
DISTRICTS = frozenset("黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东 金山 松江 青浦 奉贤 崇明".split())
# A bare name whose first two characters are a common word is taken for that word: jieba's dictionary
# tags some common words as names (顾问 1,697 times, 安静 1,199), and a name like 高明 is rarer than the word.
COMMON_WORD = 500
NAME = "[姓名]"
CLAUSE = re.compile(r"[\u4e00-\u9fff]+")
CANDIDATE = re.compile(rf"(?:{'|'.join(COMPOUND)}|[{SURNAMES}])[{''.join(sorted(GIVEN))}]|[小老][{SURNAMES}]")

Span = tuple[int, int, str]  # start, end, what replaces it


def _fold(text: str) -> str:
    return text.translate(_WIDTH)


def _tagger():
    """jieba's part-of-speech tagger, imported on first use (the import alone takes ~0.5 s)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # importing resets its logger; loading would print to stderr
    return jieba.posseg


def _frequency(word: str) -> int:
    """How often jieba's dictionary has seen `word` as a word (0 when never)."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0


def _looks_like_name(word: str) -> bool:
    """A common surname with a given name of one or two name characters (王小明, 欧阳娜娜), or 小王 /
    老李 (how colleagues are named). Not 王某 (already anonymous), not a district, not a word whose
    first two characters are a common word (顾问费, 安静: jieba's dictionary tags these as names)."""
    if word in DISTRICTS:
        return False
    if len(word) == 2 and word[0] in "小老" and word[1] in SURNAMES:
        return True
    surname = word[:2] if word[:2] in COMPOUND else word[:1]
    given = word[len(surname):]
    if surname not in SURNAMES and surname not in COMPOUND or not 1 <= len(given) <= 2:
        return False
    return all(ch in GIVEN for ch in given) and _frequency(word[:2]) < COMMON_WORD


def _name_at(text: str, start: int, strong: bool) -> tuple[int, int] | None:
    """The span of the name that follows a cue ending at `start`, if one does."""
    begin = start + len(text[start : start + 4]) - len(text[start : start + 4].lstrip(" ：:"))
    run = re.match(r"[\u4e00-\u9fff]*", text[begin:]).group()
    if not run or run[0] in NOT_NAME_START:
        return None
    if strong and len(run) <= 4:
        return begin, begin + len(run)
    words = list(_tagger().cut(run[:10]))
    first = words[0].word
    if strong and (first in SURNAMES or first in COMPOUND) and len(words) > 1 and len(words[1].word) <= 2:
        return begin, begin + len(first) + len(words[1].word)  # jieba split the surname from the given name
    if len(first) == 3 and first[-1] in FUNCTION_CHARS:  # "张三用手机": the verb's preposition is not the name
        first = first[:2]
    if 2 <= len(first) <= 4 and (strong or words[0].flag.startswith("nr") and _looks_like_name(first)):
        return begin, begin + len(first)
    return None


def _bare_names(text: str) -> Iterator[tuple[int, int]]:
    # tagging is slow (~1 ms for 20 characters): only the clauses where a name could begin are tagged
    for clause in CLAUSE.finditer(text):
        if CANDIDATE.search(clause.group()):
            yield from ((clause.start() + a, clause.start() + b) for a, b in _bare_names_in(clause.group()))


def _bare_names_in(text: str) -> Iterator[tuple[int, int]]:
    pairs = list(_tagger().cut(text))
    pos = 0
    for i, pair in enumerate(pairs):
        word, start, pos = pair.word, pos, pos + len(pair.word)
        after = pairs[i + 1] if i + 1 < len(pairs) else None
        if after is not None and (  # jieba cut the name in two: 小|李, 欧阳|娜娜
            word in ("小", "老") and after.word in SURNAMES and after.flag.startswith("nr")
            or word in COMPOUND and _frequency(word) < COMMON_WORD and _looks_like_name(word + after.word)
        ):
            yield start, pos + len(after.word)
            continue
        if len(word) == 3 and word[-1] in FUNCTION_CHARS:  # "张三用手机": the verb's preposition is not the name
            word = word[:2]
        if pair.flag.startswith("nr") and not word.endswith(TITLES) and _looks_like_name(word):
            yield start, start + len(word)


def _name_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in TITLED.finditer(text) if len(m.group()) == 1 or _looks_like_name(m.group())]
    for cue, strong in ((STRONG_CUE, True), (WEAK_CUE, False)):
        spans += [span for m in cue.finditer(text) if (span := _name_at(text, m.end(), strong))]
    if re.search(r"[\u4e00-\u9fff]", text):
        spans += list(_bare_names(text))
    return spans


def _apply(text: str, folded: str, spans: list[Span]) -> tuple[str, str]:
    """Both texts with the spans (found in `folded`) replaced; overlapping spans merge into the first."""
    out, fout, last = [], [], 0
    for a, b, tag in sorted(spans):
        if a < last:  # overlaps the previous one: extend it
            last = max(last, b)
            continue
        out += [text[last:a], tag]
        fout += [folded[last:a], tag]
        last = b
    return "".join(out) + text[last:], "".join(fout) + folded[last:]


def _matches(pattern: re.Pattern, tag: str) -> Callable[[str], list[Span]]:
    return lambda folded: [(m.start(), m.end(), tag) for m in pattern.finditer(folded)]


# In order: each step sees the placeholders of the steps before it, never what they replaced.
STEPS: tuple[Callable[[str], list[Span]], ...] = (
    _matches(ID_CARD, "[身份证号]"),
    _matches(OLD_ID_CARD, "[身份证号]"),
    _matches(MOBILE, "[手机号]"),
    _matches(LANDLINE, "[电话]"),
    _matches(EMAIL, "[邮箱]"),
    lambda t: [(m.start(2), m.end(2), " [name]") for m in EN_NAME.finditer(t)],
    _matches(EN_TITLE, "[name]"),
    lambda t: [(a, b, NAME) for a, b in _name_spans(t)],
)


def redact(text: str) -> str:
    """The text with ID-card numbers, phone numbers, e-mail addresses and people's names replaced."""
    if not text:
        return ""
    folded = _fold(text)
    for step in STEPS:
        spans = step(folded)
        if spans:
            text, folded = _apply(text, folded, spans)
    return text
