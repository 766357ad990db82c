"""Normalise a question before anything reads it: language, script, noise, length."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.errors import UserError
from corpus.messages import text as message
from corpus.text import HAN, LATIN, detect_lang
from retrieval.script import to_simplified

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]")
# Emoji and pictographs carry nothing the regulation can match; keep the words around them.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE00-\uFE0F\U000E0000-\U000E007F]")
# Lone surrogates: bytes that were not UTF-8 (argv from a terminal in another encoding). They cannot
# be printed or stored as UTF-8, so they become U+FFFD in the echoed question and vanish from the text.
SURROGATE = re.compile("[\ud800-\udfff]")
# Anything longer is cut before cleaning, so that cleaning stays fast and memory bounded.
MAX_RAW_CHARS = 1_000_000

# A question in a script the assistant does not read is told so in the language that script is most
# used for (Uyghur where its own letters show), and in Chinese and English.
READS_ONLY = {
    "ARABIC": "هذا المساعد يقرأ الأسئلة باللغة الصينية أو الإنجليزية فقط، يُرجى كتابة سؤالك بالصينية أو الإنجليزية.",
    "UYGHUR": "بۇ ياردەمچى پەقەت خەنزۇچە ياكى ئىنگلىزچە سوئاللارنى ئوقۇيدۇ، سوئالىڭىزنى خەنزۇچە ياكى ئىنگلىزچە يېزىڭ.",
    "CYRILLIC": "Этот помощник читает вопросы только на китайском или английском языке, задайте вопрос на одном из них.",
    "HANGUL": "이 도우미는 중국어 또는 영어로 된 질문만 읽습니다. 중국어나 영어로 질문해 주세요.",
    "KANA": "このアシスタントは中国語または英語の質問のみを読みます。中国語か英語で質問してください。",
    "THAI": "ผู้ช่วยนี้อ่านเฉพาะคำถามภาษาจีนหรือภาษาอังกฤษ กรุณาถามเป็นภาษาจีนหรือภาษาอังกฤษ",
    "DEVANAGARI": "यह सहायक केवल चीनी या अंग्रेज़ी में लिखे प्रश्न पढ़ता है, कृपया चीनी या अंग्रेज़ी में पूछें।",
    "GREEK": "Αυτός ο βοηθός διαβάζει ερωτήσεις μόνο στα κινεζικά ή στα αγγλικά· γράψτε την ερώτησή σας σε μία από αυτές.",
    "HEBREW": "העוזר הזה קורא שאלות בסינית או באנגלית בלבד, נא לשאול בסינית או באנגלית.",
}
SCRIPT_NAME = {"ARABIC": ("阿拉伯文", "Arabic script"), "UYGHUR": ("维吾尔文", "Uyghur"),
               "CYRILLIC": ("西里尔字母", "Cyrillic"), "HANGUL": ("韩文", "Korean"), "KANA": ("日文假名", "Japanese kana"),
               "THAI": ("泰文", "Thai"), "DEVANAGARI": ("天城文", "Devanagari"), "GREEK": ("希腊字母", "Greek"),
               "HEBREW": ("希伯来文", "Hebrew")}
UYGHUR_LETTERS = re.compile("[\u06C7\u06C6\u06C8\u06D0\u0626\u06D5]")  # ۇ ۆ ۈ ې ئ ە


def script_of(text: str) -> str | None:
    """The script most of the letters of `text` are in, when none is Han or Latin; None otherwise."""
    if HAN.search(text) or LATIN.search(text):
        return None
    counts: dict[str, int] = {}
    for ch in text:
        if unicodedata.category(ch).startswith("L"):
            script = unicodedata.name(ch, "OTHER").split()[0]
            script = "KANA" if script in ("HIRAGANA", "KATAKANA") else script
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script = max(counts, key=counts.get)
    return "UYGHUR" if script == "ARABIC" and UYGHUR_LETTERS.search(text) else script


def reads_only(script: str) -> str:
    """The message for a question written in `script`: its own language first where known."""
    own = READS_ONLY.get(script)
    zh, en = SCRIPT_NAME.get(script, (f"{script.title()} 文字", f"{script.title()} script"))
    message = (f"本助手只读中文或英文的问题（这个问题用的是{zh}），请用中文或英文提问 / this assistant reads "
               f"questions in Chinese or English only (this one is in {en}): please ask in one of them")
    return f"{own} / {message}" if own else message


@dataclass(frozen=True)
class Question:
    text: str  # cleaned, simplified Chinese where it was traditional
    original: str
    lang: str  # "zh" or "en"
    converted_from_traditional: bool = False
    truncated: bool = False


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = CONTROL.sub("", text)
    text = EMOJI.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def as_read(text: str) -> str:
    """The form in which the understanding models read a question: what `normalise` makes of it
    (widths, blanks, simplified characters). Training examples and calibration questions are put in
    the same form, so the models learn on the text they will be given: the n-grams of "处理？" and
    "处理?" differ (found 2026-12-05: "考生使用手机查答案，会怎么处理？" read as a case 0.74 as written,
    as an overview 0.41 as the pipeline gives it)."""
    return to_simplified(_clean(text))


def normalise(raw: str | None, max_chars: int = 2000) -> Question:
    """Clean a question; raise UserError when there is nothing to answer."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    elif raw is not None and not isinstance(raw, str):
        raise UserError(message("input.not_text", got=type(raw).__name__))
    original = SURROGATE.sub("\ufffd", raw or "")
    # Noise (control characters, emoji, runs of blanks) goes first, so a question pasted after a
    # long run of it is still read. A huge paste is then cut, not refused: the start of a question
    # carries its subject and act.
    text = _clean(original[:MAX_RAW_CHARS])
    truncated = len(text) > max_chars or len(original) > MAX_RAW_CHARS
    if truncated:
        text = text[:max_chars].rstrip()
    script = script_of(text)
    if script is not None:
        raise UserError(reads_only(script))
    if not text or not (HAN.search(text) or LATIN.search(text) or re.search(r"\d", text)):
        raise UserError(message("input.empty"))
    simplified = to_simplified(text)
    return Question(
        text=simplified,
        original=original,
        lang=detect_lang(simplified),
        converted_from_traditional=simplified != text,
        truncated=truncated,
    )
