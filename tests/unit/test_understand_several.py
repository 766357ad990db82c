"""The shipped `several` reader (assistant/understand/models.py): a case that asks about people of more
than one role in words no cue lists, and one that asks about a single person while naming others.
Examples written for this test, not taken from any evaluation or training set."""

import pytest

from assistant import people
from tests.helpers import shared_assistant


@pytest.fixture(scope="module")
def assistant():
    return shared_assistant()


@pytest.mark.parametrize("text", [
    "外部督导员老钱中途去办私事，这期间考评员把一个考生的分数改高了。这俩人怎么处理？",
    "考评员老韩和考务小丁怎么处理？",
    "Our site manager let an unregistered examiner mark papers. What happens to the manager, and does the examiner get anything too?",
])
def test_a_question_about_several_roles_is_read_so(assistant, text):
    u, _ = assistant.understand(text)
    assert u.several >= people.SEVERAL_SURE and people.asks_several(text, u)


@pytest.mark.parametrize("text", [
    "监考发现考生带了小抄，考生会怎样？",
    "I'm an invigilator and the candidate copied from his neighbour. What happens to him?",
    "考评员本周期内已经两次被谈话提醒，今天又早退了",
])
def test_a_question_about_one_person_is_not(assistant, text):
    u, _ = assistant.understand(text)
    assert u.several < people.SEVERAL_SURE and not people.asks_several(text, u)
