"""Fuzzing the parser with Hypothesis: what PDF conversion does to a text (blank lines, stray spaces,
sentences split across a page break) must not change the provision tree it parses to.

The published source is perturbed at random and parsed again; every provision keeps its id, label,
kind, chapter, verbatim text and lead-in, and the chapters and declared gaps stay the same. Added
spaces are kept as the source's characters (quotes are shown as published, issue 15 item 13), so
with them the text is compared in the form it is matched in (corpus.text.fold). The perturbations
are the ones the parser claims to repair (corpus/parser.py):
- blank or whitespace-only lines anywhere;
- spaces, tabs and ideographic spaces wherever they do not fall between two Han characters (a space
  between two Han characters is kept verbatim: art. 1 separates joint issuers with one) and not
  inside a heading's number;
- a line split in two mid-sentence (not after a sentence-ending mark, not so that the second half
  reads as a heading or an item), with a blank line, several, or a form feed between the halves.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.parser import (
    ARTICLE_RE,
    CHAPTER_RE,
    HEADING_LIKE_RE,
    ITEM_RE,
    TERMINAL,
    load_meta,
    parse_document,
)
from corpus.store import SOURCES
from corpus.text import fold

SOURCE = sorted(SOURCES.glob("*.txt"))[0]
META = load_meta(SOURCE.with_suffix(".meta.yaml"))
LINES = SOURCE.read_text(encoding="utf-8").split("\n")
BODY_START = next(i for i, ln in enumerate(LINES) if CHAPTER_RE.match(ln.strip()))
BODY_END = next((i for i, ln in enumerate(LINES) if any(ln.strip().startswith(m) for m in META.end_markers)), len(LINES))
HAN = re.compile(r"[\u3400-\u9fff]")
SPACES = [" ", "  ", "\t", "\u3000", " \u3000 "]
BREAKS = ["\n\n", "\n\n\n", "\n\f\n", "\n  \n", "\n\u3000\n"]
BLANKS = ["", " ", "\t", "\u3000", "  \t "]
# REGQA_FUZZ_EXAMPLES raises the count for a long run (eval/reports/robustness.md); the suite runs 100.
FUZZ = settings(max_examples=int(os.environ.get("REGQA_FUZZ_EXAMPLES", "100")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def shape(doc, folded: bool = False) -> tuple:
    form = fold if folded else str
    provisions = tuple((p.id, p.label, p.kind, p.chapter, form(p.text), form(p.lead_in)) for p in doc.provisions())
    chapters = tuple((c.number, c.label, c.title, len(c.articles)) for c in doc.chapters)
    return provisions, chapters, tuple(sorted(doc.gaps.items()))


def parse(text: str):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / SOURCE.name
        path.write_text(text, encoding="utf-8")
        return parse_document(path, META)


BASELINE = shape(parse(SOURCE.read_text(encoding="utf-8")))
FOLDED = shape(parse(SOURCE.read_text(encoding="utf-8")), folded=True)


def protected(line: str) -> int:
    """How many leading characters a perturbation must leave alone (a heading and its number)."""
    s = line.strip()
    lead = len(line) - len(line.lstrip())
    if m := CHAPTER_RE.match(s):
        return len(line)  # chapter headings are never split or spaced
    if m := ARTICLE_RE.match(s):
        return lead + m.start(2)
    if m := ITEM_RE.match(s):
        return lead + m.start(2)
    return lead


def _space_ok(line: str, i: int) -> bool:
    left, right = line[i - 1], line[i]
    return not (HAN.match(left) and HAN.match(right)) and not left.isspace() and not right.isspace()


def _split_ok(line: str, i: int) -> bool:
    first, second = line[:i].strip(), line[i:].strip()
    if not first or not second or line[i - 1].isspace() or line[i].isspace() or first.endswith(TERMINAL):
        return False
    looks_structural = CHAPTER_RE.match(second) or ARTICLE_RE.match(second) or ITEM_RE.match(second)
    return not looks_structural and not HEADING_LIKE_RE.match(second) and not second.startswith(tuple(META.end_markers))


BODY = list(range(BODY_START, BODY_END))
TEXT_LINES = [n for n in BODY if LINES[n].strip() and not CHAPTER_RE.match(LINES[n].strip())]


def perturb(lines: list[str], ops) -> tuple[str, int]:
    """The text with `ops` applied, and how many of them changed it."""
    lines = list(lines)
    inserted_after: dict[int, list[str]] = {}
    applied = 0
    for kind, where, at, variant in ops:
        targets = BODY if kind == "blank" else TEXT_LINES
        n = targets[int(where * (len(targets) - 1))]
        line = lines[n]
        if kind == "blank":
            inserted_after.setdefault(n, []).append(BLANKS[variant % len(BLANKS)])
            applied += 1
            continue
        lo = max(protected(line), 1)
        spots = [i for i in range(lo, len(line)) if (_space_ok if kind == "space" else _split_ok)(line, i)]
        if not spots:
            continue
        i = spots[int(at * (len(spots) - 1))]
        glue = SPACES[variant % len(SPACES)] if kind == "space" else BREAKS[variant % len(BREAKS)]
        lines[n] = line[:i] + glue + line[i:]
        applied += 1
    out = []
    for n, line in enumerate(lines):
        out.append(line)
        out.extend(inserted_after.get(n, []))
    return "\n".join(out), applied


ops = st.lists(
    st.tuples(st.sampled_from(["blank", "space", "split"]), st.floats(0, 1), st.floats(0, 1), st.integers(0, 9)),
    min_size=1,
    max_size=40,
)


@FUZZ
@given(ops=ops)
def test_blank_lines_spaces_and_page_breaks_keep_the_structure(ops):
    text, applied = perturb(LINES, ops)
    assert applied >= 1
    doc = parse(text)
    assert shape(doc, folded=True) == FOLDED
    if not any(kind == "space" for kind, *_ in ops):  # blank lines and splits: the very characters
        assert shape(doc) == BASELINE


@FUZZ
@given(ops=st.lists(st.tuples(st.just("split"), st.floats(0, 1), st.floats(0, 1), st.integers(0, 9)), min_size=5, max_size=60))
def test_many_page_break_splits_keep_the_structure(ops):
    text, applied = perturb(LINES, ops)
    assert applied >= len(ops) // 2  # most lines have somewhere to split
    assert shape(parse(text)) == BASELINE


def test_the_perturbations_do_change_the_text():
    """The fuzzer is not vacuous: its edits reach the body."""
    text, applied = perturb(LINES, [("split", 0.5, 0.5, 2), ("space", 0.3, 0.5, 3), ("blank", 0.7, 0, 4)])
    assert applied == 3 and text != "\n".join(LINES) and "\f" in text and "\u3000" in text
    assert shape(parse(text), folded=True) == FOLDED and shape(parse(text)) != BASELINE
