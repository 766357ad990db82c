"""A second person's part of a story (assistant/focus.py): the clauses that tell of them acting."""

import pytest

from assistant.focus import about


@pytest.mark.parametrize("text, subject, part", [
    # a clause that names no one continues the last one named
    ("我考试的时候看到后排两个人明目张胆地抄，监考老师就在旁边玩手机，不管也不上报。那两个人和这个监考分别会怎样？",
     "institution_staff", "监考老师就在旁边玩手机，不管也不上报。那两个人和这个监考分别会怎样？"),
    # the supervisor's clauses; the question's last clause names the candidate first (和督导员 reads as an object)
    ("考生跟监考说要上厕所，出去看了手机；督导员一直在刷视频，什么也没管。考生和督导员分别怎么处理？",
     "quality_supervisor", "督导员一直在刷视频，什么也没管。"),
    # English clauses end at a full stop, semicolon or comma
    ("The examiner refused every assignment this year. The candidate, Li, copied from her neighbour. "
     "What applies to the examiner and to the candidate?",
     "candidate", "The candidate, Li, copied from her neighbour. What applies to the examiner and to the candidate?"),
])
def test_the_clauses_about_a_person(text, subject, part):
    assert about(text, subject) == part


@pytest.mark.parametrize("text, subject", [
    # the whole story is about the person: nothing to focus
    ("考评员这个周期已经被谈过两次话，今天又早退了，怎么处理？", "examiner"),
    # the person is only the speaker introducing themself
    ("我是监考，考生用耳机作弊被我抓到了，考生怎么处理？", "institution_staff"),
    # never named acting
    ("考生带了小抄进考场，被发现了。", "institution"),
    # named only as whom one spoke to ("跟监考说"), never as acting
    ("考生跟监考说要上厕所，出去看了手机；督导员一直在刷视频，什么也没管。考生和督导员分别怎么处理？", "institution_staff"),
])
def test_no_part_when_there_is_nothing_to_focus(text, subject):
    assert about(text, subject) is None
