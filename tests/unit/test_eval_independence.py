"""The rules' example scenarios, the example questions of retrieval/asked.yaml and aliases are indexed for retrieval, so none may be a copy of
an evaluation question: a copied question would measure memory, not retrieval."""

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

SETS = [ROOT / "eval" / "questions.jsonl", ROOT / "eval" / "holdout.jsonl", ROOT / "eval" / "holdout2.jsonl"]
# Character-bigram Jaccard similarity above which two sentences are near-copies; paraphrases of
# the same situation in other words stay well below it.
LIMIT = 0.35


def _bigrams(text: str) -> set[str]:
    """Character bigrams of Chinese; word bigrams of English, whose letter pairs any two sentences
    share (two unrelated 30-word English sentences reach 0.35 on letters)."""
    if len(re.findall(r"[A-Za-z]", text)) > 2 * len(re.findall(r"[\u4e00-\u9fff]", text)):
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {f"{a} {b}" for a, b in zip(words, words[1:])}
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _examples() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "rules" / "rulebook").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for article in data.get("articles", []):
            for rule in article.get("rules") or []:
                out.extend((rule["label"], ex) for ex in rule.get("examples", []))
    asked = yaml.safe_load((ROOT / "retrieval" / "asked.yaml").read_text(encoding="utf-8")) or {}
    for label, entry in asked.items():
        out.extend((label, q) for q in entry["questions"])
    return out


def _questions() -> list[str]:
    return [json.loads(line)["question"] for path in SETS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_there_are_examples_and_questions_to_compare():
    assert len(_examples()) >= 300 and len(_questions()) >= 300


@pytest.mark.parametrize("label,example", _examples())
def test_no_example_is_a_near_copy_of_an_eval_question(label, example):
    mine = _bigrams(example)
    worst = max(_questions(), key=lambda q: len(mine & _bigrams(q)) / max(1, len(mine | _bigrams(q))))
    similarity = len(mine & _bigrams(worst)) / max(1, len(mine | _bigrams(worst)))
    assert similarity <= LIMIT, f"{label} example {example!r} copies eval question {worst!r}"
