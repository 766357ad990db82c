"""Feedback on answers, for staff review, redacted before it is stored in the shared store.

    store = FeedbackStore.for_settings(settings)   # REGQA_DATABASE_URL, else the SQLite file REGQA_FEEDBACK_DB
    store.add("我叫张三，考生用手机怎么处理", "第七条第（一）项", +1, "电话13812345678")
    store.list()   # newest first; names, ID-card and phone numbers already replaced
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant import store
from assistant.store import Store

ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{6}\s?(?:18|19|20)\d{2}\s?\d{4}\s?\d{3}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[\s-])\s?\d{3,4}[\s-]?\d{4}(?:-\d{1,5})?(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EN_NAME = re.compile(r"(?i:\b(my name is|my name's|name\s*:|this is|i am|i'm)\s+)((?:Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s*)?([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})")
EN_TITLE = re.compile(r"\b(Mr|Ms|Mrs|Miss|Dr)\.?\s+[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?")
# After these words a name follows for certain: whatever Chinese word comes next is taken.
STRONG_CUE = re.compile(r"我叫|我的名字[是叫]|名字[是叫]|名叫|姓名\s*[:：]?\s*(?:为|是)?\s*|本人")
# After these a name may follow: taken only when the next word is tagged as a person's name.
WEAK_CUE = re.compile(r"考生|参评人员|考评员|考评人员|考官|监考|督导员|工作人员|同学|学员|员工|同事|我是|叫")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "令狐", "皇甫", "慕容")
NOT_NAME_START = "不没也都很就还在是的了这那哪什怎"
FUNCTION_CHARS = "用在被把给对向从和与跟的了是将因也都就又还说"
TITLED = re.compile(rf"(?:{'|'.join(COMPOUND)}|[{SURNAMES}])[\u4e00-\u9fff]{{0,2}}?(?=先生|女士|老师|小姐|同学|师傅)")
NAME = "[姓名]"


def _name_at(text: str, start: int, strong: bool) -> tuple[int, int] | None:
    """The span of the name that follows a cue ending at `start`, if one does."""
    import jieba.posseg

    begin = start + len(text[start : start + 4]) - len(text[start : start + 4].lstrip(" ：:"))
    run = re.match(r"[\u4e00-\u9fff]*", text[begin:]).group()
    if not run or run[0] in NOT_NAME_START:
        return None
    if strong and len(run) <= 4:
        return begin, begin + len(run)
    words = [w for w in jieba.posseg.cut(run[:10])]
    first = words[0].word
    if strong and (first in SURNAMES or first in COMPOUND) and len(words) > 1 and len(words[1].word) <= 2:
        return begin, begin + len(first) + len(words[1].word)  # jieba split the surname from the given name
    if 2 <= len(first) <= 4 and (strong or words[0].flag.startswith("nr")):
        if len(first) == 3 and first[-1] in FUNCTION_CHARS:  # "张三用手机": the verb's preposition is not the name
            first = first[:2]
        return begin, begin + len(first)
    return None


def _chinese_names(text: str) -> str:
    spans = [(m.start(), m.end()) for m in TITLED.finditer(text)]
    for cue, strong in ((STRONG_CUE, True), (WEAK_CUE, False)):
        spans += [span for m in cue.finditer(text) if (span := _name_at(text, m.end(), strong))]
    out, last = [], 0
    for a, b in sorted(set(spans)):
        if a < last:  # overlaps the previous name: extend it
            last = max(last, b)
            continue
        out += [text[last:a], NAME]
        last = b
    return "".join(out) + text[last:]


def redact(text: str) -> str:
    """The text with ID-card numbers, phone numbers, e-mail addresses and people's names replaced."""
    if not text:
        return ""
    text = ID_CARD.sub("[身份证号]", text)
    text = MOBILE.sub("[手机号]", text)
    text = LANDLINE.sub("[电话]", text)
    text = EMAIL.sub("[邮箱]", text)
    text = EN_NAME.sub(lambda m: f"{m.group(1)} [name]", text)
    text = EN_TITLE.sub("[name]", text)
    return _chinese_names(text)


class FeedbackError(ValueError):
    """Feedback that cannot be stored (a rating other than +1 or -1)."""


class FeedbackStore:
    """Thumbs up or down on an answer, with an optional comment; only redacted text is written.

    Rows go to the shared store (assistant/store.py), so the app and every API replica read the
    same feedback: `FeedbackStore.for_settings(settings)`; `FeedbackStore(path)` is a SQLite file."""

    def __init__(self, where: str | Path | Store):
        self._store = where if isinstance(where, Store) else None
        self.path = None if self._store or "://" in str(where) else Path(where)
        self.url = self._store.url if self._store else str(where) if self.path is None else f"sqlite:///{self.path}"

    @classmethod
    def for_settings(cls, settings) -> FeedbackStore:
        return cls(store.for_settings(settings))

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = store.shared(self.url)
        return self._store

    def add(self, question: str, answer_summary: str, rating: int, comment: str = "") -> int:
        if rating not in (1, -1):
            raise FeedbackError(f"rating must be +1 or -1, got {rating!r}")
        return self.store.add_feedback(rating, redact(question)[:2000], redact(answer_summary)[:4000],
                                       redact(comment or "")[:2000])

    def list(self, limit: int = 500) -> list[dict]:
        """Newest first."""
        if self.path is not None and not self.path.exists():  # nothing written yet: no file made
            return []
        return self.store.feedback(limit)
