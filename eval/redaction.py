"""What redaction takes out of text that holds no personal data: the false positives of
`assistant.privacy.redact` on the project's own questions and on the regulation.

    python -m eval.redaction            # a table per source, then every span redacted, to review by hand

The evaluation questions (eval/*.jsonl) and the training questions (assistant/training/*.jsonl) were
written as stories, some with made-up names (张老师, 小王); the regulation names no one, so every span
redacted there is a false positive. Which of the question spans are names is a person's call: this
prints them all, with their question, and counts them by the kind of placeholder.
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections import Counter
from pathlib import Path

from assistant.privacy import redact
from corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def _questions(pattern: str) -> list[tuple[str, str]]:
    out = []
    for path in sorted(ROOT.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                out.append((str(q.get("id", path.stem)), q.get("question") or q.get("text") or ""))
    return out


def sources() -> dict[str, list[tuple[str, str]]]:
    corpus = load_corpus()
    return {
        "eval questions (eval/*.jsonl)": _questions("eval/*.jsonl"),
        "training questions (assistant/training/*.jsonl)": _questions("assistant/training/*.jsonl"),
        "the regulation (every provision)": [(p.label, p.text) for p in corpus.provisions()],
    }


# Every character a placeholder is written with: only these can be shared with the name it replaces.
_PLACEHOLDER_CHARS = frozenset("[]name姓名手机号电话身份证号邮箱")


def removed(text: str, redacted: str) -> list[tuple[str, str]]:
    """(original span, placeholder) for each change redaction made. Changes up to four characters apart
    are one change when only placeholder characters lie between them (a placeholder can share letters
    with the name it replaces: "Ms. Chen" -> "[name]" shares "n", "Kwame" shares "ame"), or when one of
    them only deletes or only inserts (the diff can split a name from its placeholder at a shared
    "."); two names a few words apart ("小周弄的，小周", "张伟 李娜") stay two changes."""
    changes: list[list[int]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, text, redacted, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if changes and a1 - changes[-1][1] <= 4 and b1 - changes[-1][3] <= 4 and (
                set(text[changes[-1][1]:a1]) <= _PLACEHOLDER_CHARS or op != "replace"
                or changes[-1][0] == changes[-1][1] or changes[-1][2] == changes[-1][3]):
            changes[-1][1], changes[-1][3] = a2, b2
        else:
            changes.append([a1, a2, b1, b2])
    return [(text[a1:a2], redacted[b1:b2]) for a1, a2, b1, b2 in changes]


def measure() -> dict:
    report = {}
    for name, items in sources().items():
        spans = [(qid, text, span, tag) for qid, text in items for span, tag in removed(text, redact(text))]
        report[name] = {
            "texts": len(items),
            "texts_changed": len({qid for qid, *_ in spans}),
            "spans": len(spans),
            "by_placeholder": dict(Counter(tag.strip() for *_, tag in spans)),
            "examples": [{"id": qid, "span": span, "as": tag.strip(), "text": text} for qid, text, span, tag in spans],
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = measure()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for name, r in report.items():
        print(f"{name}: {r['texts']} texts, {r['texts_changed']} changed, {r['spans']} spans {r['by_placeholder']}")
    for name, r in report.items():
        for e in r["examples"]:
            i = e["text"].find(e["span"])
            print(f"  {e['id']}: {e['span']!r} -> {e['as']}   …{e['text'][max(0, i - 12): i + len(e['span']) + 12]}…")


if __name__ == "__main__":
    main()
