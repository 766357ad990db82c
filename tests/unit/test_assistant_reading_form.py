"""The understanding models learn on the text they will be given: training examples are put in the
form the pipeline gives a question (widths, blanks, simplified characters), since their character
n-grams differ otherwise ("处理？" against "处理?")."""

import json

import pytest

from assistant.language import as_read, normalise
from assistant.understand.examples import TRAINING, load_examples
from corpus import load_corpus
from rules import load_rulebook


@pytest.mark.parametrize("raw", ["考生使用手機查答案，會怎麼處理？", "考评员  迟到了（第二次）！", "Ｉ used my phone…  what now?",
                                 "监考说：“把手机交上来”，我没交"])
def test_the_read_form_is_what_the_pipeline_reads(raw):
    assert normalise(raw).text == as_read(raw)


def test_every_training_example_is_in_the_read_form():
    corpus = load_corpus()
    examples = load_examples(corpus, load_rulebook(corpus), {})
    assert examples and all(e.text == as_read(e.text) for e in examples)
    # the Chinese files are written with full-width question marks and commas, which the read form
    # makes half-width, so the check above would catch a loader that skipped it (a share of all the
    # files, once over half, falls as English waves are added: 11,526 of 23,320 on 2026-12-07)
    raw = [json.loads(line)["text"] for path in sorted(TRAINING.glob("*.jsonl"))
           for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    full_width = [text for text in raw if "？" in text or "，" in text]
    assert len(full_width) > len(raw) // 3
    assert all(text.strip() != as_read(text) for text in full_width)
