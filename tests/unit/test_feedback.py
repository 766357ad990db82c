"""Feedback: what staff may read back is redacted before it is stored (SQLite, local)."""

import sqlite3

import pytest

from assistant.feedback import FeedbackError, FeedbackStore, redact

CASES = [
    # (text, redacted) — identifiers replaced
    ("身份证号310101199001011234", "身份证号[身份证号]"),
    ("证件 31010119900101123X 考生", "证件 [身份证号] 考生"),
    ("证件31010119900101123x", "证件[身份证号]"),
    ("电话13812345678", "电话[手机号]"),
    ("手机 +86 138 1234 5678 谢谢", "手机 [手机号] 谢谢"),
    ("138-1234-5678", "[手机号]"),
    ("+8613812345678", "[手机号]"),
    ("座机021-12345678转", "座机[电话]转"),
    ("(021)12345678", "[电话]"),
    ("0571 8888 8888", "[电话]"),
    ("邮箱 a.b@example.com", "邮箱 [邮箱]"),
    ("我叫张三，考生用手机怎么处理", "我叫[姓名]，考生用手机怎么处理"),
    ("姓名：欧阳娜娜，电话", "姓名：[姓名]，电话"),
    ("名字是赵敏", "名字是[姓名]"),
    ("我是陈静，考生", "我是[姓名]，考生"),
    ("考生李华抄袭", "考生[姓名]抄袭"),
    ("考生张三用手机查答案", "考生[姓名]用手机查答案"),
    ("考官刘洋中途离开", "考官[姓名]中途离开"),
    ("王先生说不公平", "[姓名]先生说不公平"),
    ("李女士", "[姓名]女士"),
    ("My name is Li Wei and I failed", "My name is [name] and I failed"),
    ("Mr. Smith was late", "[name] was late"),
    # (text, text) — nothing personal: left alone
    ("第七条", "第七条"),
    ("第七条第（一）项", "第七条第（一）项"),
    ("2026-09-28", "2026-09-28"),
    ("15个工作日", "15个工作日"),
    ("沪人社职〔2025〕176号", "沪人社职〔2025〕176号"),
    ("考生用手机查答案怎么处理", "考生用手机查答案怎么处理"),
    ("考生马上改正了", "考生马上改正了"),
    ("我是考生家长", "我是考生家长"),
    ("考评人员迟到", "考评人员迟到"),
    ("1年内超过20人次", "1年内超过20人次"),
    ("An examiner was late again after two talks", "An examiner was late again after two talks"),
    ("", ""),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_redact(text, expected):
    assert redact(text) == expected


def test_round_trip_stores_only_redacted_text(tmp_path):
    db = tmp_path / "nested" / "feedback.sqlite3"
    store = FeedbackStore(db)
    assert store.list() == []
    first = store.add("我叫张三，考生用手机怎么处理", "case; 第七条第（一）项", 1, "电话13812345678")
    second = store.add("被抓到替考要停考几年", "rights; 第八条第（二）项", -1)
    rows = store.list()
    assert [r["id"] for r in rows] == [second, first]  # newest first
    assert rows[1]["question"] == "我叫[姓名]，考生用手机怎么处理"
    assert rows[1]["comment"] == "电话[手机号]" and rows[1]["rating"] == 1
    assert rows[0]["comment"] == "" and rows[0]["rating"] == -1
    raw = db.read_bytes().decode("utf-8", "ignore")
    assert "13812345678" not in raw and "张三" not in raw
    with sqlite3.connect(db) as con:  # a plain SQLite file staff can open
        assert con.execute("SELECT count(*) FROM feedback").fetchone()[0] == 2


@pytest.mark.parametrize("rating", [0, 2, "up", None])
def test_rating_must_be_plus_or_minus_one(tmp_path, rating):
    with pytest.raises(FeedbackError, match="rating"):
        FeedbackStore(tmp_path / "f.sqlite3").add("q", "a", rating)
