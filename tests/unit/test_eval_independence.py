"""Nothing the system learns from or is tuned with copies an evaluation question: the rules' example
scenarios and the asked questions (indexed for retrieval), the training questions (the understanding
models learn them) and the calibration set (it sets how sure a conclusion must be). A copied
question would measure memory, not understanding."""

import functools
import json
import re

import numpy as np
import pytest
import yaml

from tests.helpers import ROOT

SETS = [ROOT / "eval" / name for name in ("questions.jsonl", "holdout.jsonl", "holdout2.jsonl", "fresh.jsonl")]
# Character-bigram Jaccard similarity above which two sentences are near-copies; paraphrases of
# the same situation in other words stay well below it.
LIMIT = 0.35


def _bigrams(text: str) -> frozenset[str]:
    """Character bigrams of Chinese; word bigrams of English, whose letter pairs any two sentences
    share (two unrelated 30-word English sentences reach 0.35 on letters)."""
    if len(re.findall(r"[A-Za-z]", text)) > 2 * len(re.findall(r"[\u4e00-\u9fff]", text)):
        words = re.findall(r"[a-z0-9]+", text.lower())
        return frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))
    text = "".join(ch for ch in text if ch.isalnum())
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _jsonl(path, key: str) -> list[str]:
    return [json.loads(line)[key] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rulebook() -> list[str]:
    out = []
    for path in sorted((ROOT / "rules" / "rulebook").glob("*.yaml")):
        for article in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("articles", []):
            for rule in article.get("rules") or []:
                out.extend(rule.get("examples", []))
    return out


def _asked() -> list[str]:
    asked = yaml.safe_load((ROOT / "retrieval" / "asked.yaml").read_text(encoding="utf-8")) or {}
    return [q for entry in asked.values() for q in entry["questions"]]


SOURCES = {
    "rulebook examples": _rulebook,
    "asked.yaml": _asked,
    **{f"training/{p.name}": functools.partial(_jsonl, p, "text")
       for p in sorted((ROOT / "assistant" / "training").glob("*.jsonl"))},
    **{f"calibration/{p.name}": functools.partial(_jsonl, p, "question")
       for p in sorted((ROOT / "assistant" / "calibration").glob("*.jsonl"))},
}


@functools.cache
def _questions():
    """The eval questions as one binary bigram matrix (scikit-learn's vectorizer over `_bigrams`):
    comparing a source with every question is then one sparse product instead of ~10^7 set
    intersections in Python (over a minute of CI per source)."""
    from sklearn.feature_extraction.text import CountVectorizer

    questions = [q for path in SETS for q in _jsonl(path, "question")]
    vectorizer = CountVectorizer(analyzer=_bigrams, binary=True, dtype=np.int32)
    matrix = vectorizer.fit_transform(questions)
    return questions, vectorizer, matrix, np.asarray(matrix.sum(axis=1)).ravel()


def near_copies(texts: list[str]) -> list[tuple[str, str]]:
    """(text, eval question) for each text whose bigram Jaccard similarity with some question
    exceeds LIMIT (the most similar question)."""
    questions, vectorizer, matrix, sizes = _questions()
    # a text's own size counts all its bigrams, also those no question has (the vectorizer drops them)
    mine = np.array([len(_bigrams(t)) for t in texts])
    inter = (vectorizer.transform(texts) @ matrix.T).toarray()
    union = mine[:, None] + sizes[None, :] - inter
    sim = np.divide(inter, union, out=np.zeros(inter.shape), where=union > 0)
    return [(texts[i], questions[int(sim[i].argmax())]) for i in np.flatnonzero((sim > LIMIT).any(axis=1))]


def test_there_are_examples_and_questions_to_compare():
    assert len(_questions()[0]) >= 600 and all(len(load()) >= 50 for load in SOURCES.values())


def test_the_matrix_comparison_finds_a_near_copy_and_passes_an_unrelated_sentence():
    question = _questions()[0][0]
    assert near_copies([question, question + "吗", "完全不同的一句话，和任何问题都无关"]) == [
        (question, question), (question + "吗", question)]
    assert len(near_copies(["完全不同的一句话，和任何问题都无关"])) == 0


@pytest.mark.parametrize("source", SOURCES)
def test_no_example_is_a_near_copy_of_an_eval_question(source):
    copies = near_copies(SOURCES[source]())
    assert copies == [], f"{source}: {len(copies)} near-copies of eval questions, e.g. {copies[:3]}"
