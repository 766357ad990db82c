"""Several people of one kind, or one person's listed acts, told one after another: the story is cut
where each one's part starts (assistant/individuals.py). Examples written for this test."""

import pytest

from assistant.individuals import parts


def names(text):
    return [p.name for p in parts(text)]


def test_two_examiners_marked_jia_yi_get_a_part_each_with_the_words_before_and_after():
    text = "电工实操那天有两名考评员出了问题：考评员甲迟到了半小时；考评员乙把评分表带回了家。两人都是第一次，分别怎么处理？"
    got = parts(text)
    assert [p.name for p in got] == ["考评员甲", "考评员乙"]
    assert "迟到" in got[0].text and "评分表" not in got[0].text
    assert "评分表" in got[1].text and "迟到" not in got[1].text
    assert all(p.text.startswith("电工实操那天") and p.text.endswith("两人都是第一次，分别怎么处理？") for p in got)


def test_institutions_marked_by_letters_and_asked_together():
    assert names("检查发现：A机构没有按时上报考务计划；B机构临时更换了考场没报备。A和B怎么处理？") == ["A机构", "B机构"]


def test_a_numbered_list_of_people_asked_about_each():
    text = "上次茶艺师考试出了几件事：1）督导员小郑没戴证卡；2）考务组老杨发卷晚了十分钟。分别按哪一项？"
    assert names(text) == ["1", "2"]


def test_a_numbered_list_of_one_acts_facts_is_not_split_unless_each_is_asked():
    assert parts("情况是这样：1）考生带了手机进考场；2）考试中拿出来看了；3）被监考当场发现。怎么处理？") == []


def test_one_and_the_other_and_another_alone():
    assert names("两家机构：一家把考场设在了没备案的地方；另一家把试卷提前发给了学员。分别怎么处理？") == ["1", "2"]
    got = parts("焊工考试那天，外部督导员老郭中途离场一个多小时；另一位内部督导员小何没戴证卡。这两位各怎么处理？")
    assert len(got) == 2 and "老郭" in got[0].text and "小何" in got[1].text


def test_people_named_first_in_their_clauses():
    got = parts("考务的事：小韩这个周期已经被谈话提醒两次，这次又漏收了一份答卷；老彭把两个考生的成绩录反了。两人分别怎么处理？")
    assert [p.name for p in got] == ["小韩", "老彭"]


def test_a_person_named_inside_anothers_act_is_not_a_list():
    # B is whom A showed the answers to, not where a part of the story starts
    assert parts("考生A把答题卡挪到桌边让考生B看，两人分别怎么处理？") == []
    assert parts("小冯把手机借给小钱查答案，两人分别怎么处理？") == []


def test_words_that_begin_with_a_stem_or_a_nickname_are_not_marks():
    assert parts("化工总控工考试，甲醛泄漏以后考生都跑了出去，乙醇也洒了一地，各自怎么处理？") == []
    assert parts("考生小于60分就不合格，小白考了59分，老是差一点，怎么处理？") == []


def test_english_letters_and_one_and_the_other():
    got = parts("At a welding practical, Candidate A used a phone to look up answers. Candidate B finished "
                "late but stopped when told to. What happens to each?")
    assert [p.name for p in got] == ["Candidate A", "Candidate B"]
    assert got[0].text.endswith("What happens to each?")
    assert parts("The examiner was late. Then he moved to another booth to chat. What happens to him?") == []


@pytest.mark.parametrize("text", [
    "考评员甲迟到了，怎么处理？",
    "两个考生作弊怎么处理？",
    "",
])
def test_one_mark_or_none_is_not_a_list(text):
    assert parts(text) == []


def test_parts_that_name_each_other_are_one_story_and_not_cut():
    # 孙某's part tells only that he wore an earpiece; the organised cheat is in 周某's part
    text = ("经查，考生孙某右耳藏有无线耳机，正在接收答案；考生周某事先与孙某等4人约定，考试时在场外统一报答案。"
            "孙某、周某分别怎么认定？")
    assert parts(text) == []
    numbered = ("经查：1.督导员吴某全程待在休息室；2.监考人员邹某发现考生郑某偷看考生冯某的答卷，未制止；"
                "3.冯某对郑某偷看并不知情。请分别认定。")
    assert parts(numbered) == []


def test_one_persons_listed_acts_are_parts_of_their_own():
    got = parts("考评员老杜这次出了两件事：1）老杜迟到了四十分钟；2）老杜把手机带进了考场没交。两件事分别怎么处理？")
    assert [p.name for p in got] == ["1", "2"]
