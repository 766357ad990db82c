"""The person reader (assistant/understand/person.py): one person's item in a story about several, read
from the story and from that person's own clauses. Examples written for this test, not taken from any
evaluation, calibration or training set."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from assistant.understand import examples as ex
from assistant.understand import models, person
from tests.helpers import shared_assistant


@pytest.fixture(scope="module")
def assistant():
    return shared_assistant()


def _first_own(ranked, subject, rules):
    return next(lbl for lbl, _ in ranked if lbl in rules and subject in rules[lbl].subjects)


def _share(ranked, label, subject, rules):
    own = sum(p for lbl, p in ranked if lbl in rules and subject in rules[lbl].subjects)
    return dict(ranked)[label] / own


STORIES = [
    ("考评员老周把理论试题拍照发给了他外甥，外甥考试前把题转发到了好几个微信群。两人分别怎么处理？",
     {"examiner": "第十三条第（五）项", "candidate": "第九条第（一）项"}),
    ("Wang's cousin sat the welding practical in Wang's place with Wang's ID card, and the examiner on duty "
     "turned out to be Wang's own trainer from his training school. What happens to Wang and to the examiner?",
     {"candidate": "第八条第（二）项", "examiner": "第十二条第（三）项"}),
]


@pytest.mark.parametrize("text,want", STORIES)
def test_each_person_of_a_story_about_several_gets_their_own_item(assistant, text, want):
    u, _ = assistant.understand(text)
    rules = assistant.rulebook.rules
    assert u.for_person is not None
    for subject, label in want.items():
        assert _first_own(u.for_person(subject), subject, rules) == label, subject


def test_the_second_persons_item_holds_more_of_their_probability_than_the_whole_story_gives_it(assistant):
    text, want = STORIES[0]
    u, _ = assistant.understand(text)
    rules = assistant.rulebook.rules
    # the candidate is the second person: the whole story's model leaves their items what the examiner's do not take
    assert _share(u.for_person("candidate"), want["candidate"], "candidate", rules) > \
        _share(u.provisions, want["candidate"], "candidate", rules)


def test_each_person_of_a_story_about_several_carries_the_readers_second_opinion(assistant):
    text, want = STORIES[0]
    u, hits = assistant.understand(text)
    from assistant import people
    found = people.everyone(text, u, hits, assistant.rulebook, None, assistant.sureness, False)
    assert {c.subject: c.best.label for c in found} == want
    # both readings agree on each person's item, and the reader's own probability of that item is what
    # the calibration reads (not the whole story's, not a share)
    for c in found:
        assert c.person_read
        assert c.person_p == pytest.approx(dict(u.for_person(c.subject))[c.best.label])
        assert c.person_p != pytest.approx(c.best.p)


def test_a_story_about_one_person_keeps_the_provision_model(assistant):
    text = "考评员本周期内已经两次被谈话提醒，今天又早退了"
    u, hits = assistant.understand(text)
    from assistant import people
    found = people.everyone(text, u, hits, assistant.rulebook, None, assistant.sureness, False)
    assert [(c.person_read, c.person_p) for c in found] == [(False, 0.0)]


def test_rows_read_each_labelled_person_from_their_own_clauses():
    story = ex.Example("考评员在评分时给熟人打了高分。考生把手机带进考场用了。两人怎么处理？", "case",
                       (ex.Person("examiner", "第十二条第（四）项"), ex.Person("candidate", "第七条第（一）项")))
    alone = ex.Example("考生把手机带进考场用了", "case", (ex.Person("candidate", "第七条第（一）项"),))
    answer = ex.Example("多久内可以申请复核？", "rights", (), ("第二十九条", "第二十八条第二款"))
    index, told, labels, weights = person.rows([story, alone, answer])
    assert index == [0, 0, 1, 2, 2]
    assert "熟人" in told[0] and "手机" not in told[0]
    assert "手机" in told[1] and "熟人" not in told[1]
    assert told[2] == alone.text and told[3] == answer.text
    assert weights == [1.0, 1.0, 1.0, 0.5, 0.5]


def _tiny() -> models.Models:
    lr = LogisticRegression()
    lr.classes_ = np.array(["第七条第（一）项", "第八条第（二）项"])
    lr.coef_ = np.array([[0.5, -1.0, 0.25], [-0.5, 1.0, 2.0]])
    lr.intercept_ = np.array([0.1, -0.1])
    return models.Models(None, None, None, None, fingerprint="test", person=person.PersonReader(lr))


def test_the_part_is_saved_and_loaded_and_one_of_another_format_is_not(tmp_path, monkeypatch):
    [path] = models.save_person(_tiny(), tmp_path)
    back = models._load_person(path)
    assert list(back.model.classes_) == ["第七条第（一）项", "第八条第（二）项"]
    assert np.allclose(back.model.coef_, _tiny().person.model.coef_, atol=0.02)
    monkeypatch.setattr(models, "PERSON_FORMAT", "another")
    assert models._load_person(path) is None
