"""Redaction (assistant/privacy.py): full-width and separated numbers, old ID numbers, e-mail with ＠,
bare Chinese names; and what it must leave alone, measured on the project's own questions."""

from __future__ import annotations

import re

import pytest

from assistant import feedback, privacy
from assistant.privacy import redact
from eval.redaction import measure

FOUND = [
    # a name with accented Latin letters is taken whole, not up to its first accent
    ("Hi, I'm Tomás from Argentina", "Hi, I'm [name] from Argentina"),
    ("Ms. Núñez saw it", "[name] saw it"),
    # a title right after Chinese, where \b sees no word boundary
    ("有问题请找Ms. Chen。", "有问题请找[name]。"),
    # numbers written full width, or in groups, or the 15-digit ID numbers issued before 1999
    ("身份证１１０１０１１９９００３０７１２３４", "身份证[身份证号]"),
    ("证件号 110101-19900307-1234 考生", "证件号 [身份证号] 考生"),
    ("110101 1990 0307 123X", "[身份证号]"),
    ("老身份证110101900307123", "老身份证[身份证号]"),
    ("电话１３８１２３４５６７８", "电话[手机号]"),
    ("电话138.1234.5678", "电话[手机号]"),
    ("手机１３８－１２３４－５６７８", "手机[手机号]"),
    ("邮箱 abc＠example.com", "邮箱 [邮箱]"),
    ("邮箱ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ谢谢", "邮箱[邮箱]谢谢"),
    ("联系我abc@qq.com谢谢", "联系我[邮箱]谢谢"),  # the Chinese before an address is not part of it
    # names with no cue before them
    ("王小明用手机作弊了", "[姓名]用手机作弊了"),
    ("请回电 13812345678，张三丰", "请回电 [手机号]，[姓名]"),
    ("李华和王芳一起作弊", "[姓名]和[姓名]一起作弊"),
    ("我们考点的张伟把试卷带走了", "我们考点的[姓名]把试卷带走了"),
    ("考务小李去保密室领卷晚了", "考务[姓名]去保密室领卷晚了"),
    ("联系人小吴，这个周期", "联系人[姓名]，这个周期"),
    ("内部督导员老李去年被谈话提醒过一次", "内部督导员[姓名]去年被谈话提醒过一次"),
    ("考生欧阳娜娜作弊", "考生[姓名]作弊"),
]

KEPT = [  # words jieba tags as names, cue words that are not followed by one, places, anonymised names
    "他冲考评员喊：你记我名字是吧，走着瞧", "我叫什么不重要，想问怎么处理", "审核报名材料马虎了", "考场张贴的考生须知", "每个月给他顾问费", "他本人要处理吗", "姓名打了错字",
    "我是高中老师", "培训班的任课老师", "徐汇考点的考评员", "东方明珠旁边的考点", "用小程序报名", "老方法",
    "考生王某（男，34岁）", "考评员对考生态度恶劣，张口就骂", "跟正式题库高度雷同", "沪人社职〔2025〕176号",
    "2026年9月28日，15个工作日", "第七条第（一）项", "Our examiner was late again", "I am Vietnamese and sat the cook test",
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_personal_data_is_found_in_every_width_and_format(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_words_that_are_not_personal_data_are_kept(text):
    assert redact(text) == text


def test_only_what_was_matched_changes_and_full_width_punctuation_stays():
    assert redact("（考生）说：电话１３８１２３４５６７８，完毕！") == "（考生）说：电话[手机号]，完毕！"


def test_feedback_keeps_redact_importable_from_its_old_place():
    assert feedback.redact is privacy.redact


# a surname alone or with one or two given-name characters (张三 and 李四 are names in form, if placeholders);
# a titled English name may carry the sentence's full stop, which the diff finds on both sides ("Mr. Bao." ->
# "[name].": eval/redaction.py `removed`)
NAMEISH = re.compile(rf"[小老]?[{privacy.SURNAMES}][{''.join(privacy.GIVEN)}三四五六]{{0,2}}|(?:Mr|Ms|Mrs|Miss|Dr)\.? [A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?\.?")


def introduced(e: dict) -> bool:
    """A name the writer gives as their own ("I'm Ahmed from Pakistan", "my name is Maria", "Hi Ms. Lambert,
    this is Jenny")."""
    return bool(re.search(rf"(?:\bI am|\bI'm|\bname is|\bcalled|\b[Tt]his is) {re.escape(e['span'])}\b", e["text"]))


def test_no_false_positives_on_the_projects_questions_and_none_in_the_regulation():
    """eval/*.jsonl (2,395 questions) and the training questions: every span redacted is a name (a
    surname, 小王 / 老李, or Mr. Liu); the regulation names no one, so nothing in it is redacted."""
    report = measure()
    regulation = next(r for name, r in report.items() if "regulation" in name)
    assert regulation["spans"] == 0
    for name, r in report.items():
        wrong = [e for e in r["examples"] if not NAMEISH.fullmatch(e["span"]) and not introduced(e)]
        assert wrong == [], f"{name}: {wrong[:5]}"
        # every span above is a name; the share bounds over-redaction. It follows how often writers name
        # people: 2.0% of the 2,395 eval questions as of 2026-12-05 (小李, 王某某's colleagues, 张三 and 李四),
        # 3.1% of 6,558 on 2026-12-06 after rounds of staff memos and chat that name colleagues (r82-r84: 20
        # of 263, every span 小李 / 老孙 / Ms Tan); the bound is set well above that, not at it
        assert r["texts_changed"] < 0.05 * r["texts"]


@pytest.mark.parametrize("text, spans", [
    ("I am Kwame from Ghana", 1),  # the placeholder shares "ame" with the name: one change
    ("小周弄的，小周这次又错了", 2),  # two names a few characters apart: two changes
    ("张伟 李娜都来了", 2),
    ("Ask Ms. Chen, Ms. Lin.", 2),  # a "." shared by the diff does not split a name from its placeholder
])
def test_the_redaction_measure_counts_each_name_once(text, spans):
    from eval.redaction import removed
    found = removed(text, redact(text))
    assert len(found) == spans and all(placeholder.strip() for _, placeholder in found)
