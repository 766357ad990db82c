"""The message catalogue (corpus/messages.yaml): every message in both languages with the same
placeholders, every key the code uses present, and a Text read in one language only."""

import ast
import re
import string

import pytest

from corpus.messages import MissingMessage, Text, catalogue, read_catalogue, t, text
from tests.helpers import ROOT

PACKAGES = ("corpus", "rules", "retrieval", "assistant", "eval", "cli", "views", "api")
# messages that say nothing in one language on purpose (a mark only the English reply needs)
OPTIONAL_IN_ONE = {"answer.verbatim", "engine.adverse_required"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_both_languages_take_the_same_placeholders(key):
    entry = catalogue()[key]
    assert entry["zh"].strip() and entry["en"].strip() or key in OPTIONAL_IN_ONE
    assert _fields(entry["zh"]) == _fields(entry["en"]), key


def _keys_used() -> set[str]:
    """Literal message ids passed to text()/t() anywhere in the code, and to the pages' T() (which
    reads under `ui.`); f-string ids are checked by the prefixes they start with."""
    used = set()
    for path in [*ROOT.glob("*/*.py"), *ROOT.glob("*/*/*.py"), ROOT / "app.py"]:
        if path.parts[len(ROOT.parts)] not in (*PACKAGES, "app.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # only the catalogue's text(): SQLAlchemy's text() takes SQL
        ours = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                and n.module == "corpus.messages" for a in n.names} | {"T"}
        for node in ast.walk(tree):
            name = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
            if name in ("text", "t", "T") and name in ours and node.args:
                prefix = "ui." if name == "T" else ""
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.add(prefix + arg.value)
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    used.add(prefix + arg.values[0].value + "*")
    return used


def test_every_message_the_code_uses_is_in_the_catalogue():
    keys = set(catalogue())
    missing = [k for k in _keys_used() if (not any(c.startswith(k[:-1]) for c in keys) if k.endswith("*") else k not in keys)]
    assert missing == []


def test_a_text_is_read_in_one_language():
    said = text("engine.escalation_by_words", words="上次被谈过话")
    assert said.in_("zh") == "案情称“上次被谈过话”" and not re.search(r"[A-Za-z]", said.in_("zh"))
    assert said.in_("en").startswith("the case says")
    assert t("subject.examiner", "en") == "examiner"


def test_a_text_placeholder_is_filled_in_its_own_language():
    said = text("engine.escalation_below", prior=text("fact.prior_talks_in_cycle"), value=Text(zh="1", en="1"))
    assert "谈话提醒" in said.zh and "talk-reminders" in said.en and "谈话" not in said.en


def test_an_unknown_message_is_a_clear_error():
    with pytest.raises(MissingMessage):
        text("engine.no_such_message")


@pytest.mark.parametrize("body, problem", [
    ("ui:\n  yes:\n    zh: 是\n    en: 'yes'\n", "not a string"),  # YAML 1.1 reads `yes` as True
    ("ui:\n  a:\n    zh: 甲\n    en: a\n  a:\n    zh: 乙\n    en: b\n", "given twice"),
    ("ui:\n  a:\n    zh: 甲\n", "both 'zh' and 'en'"),
])
def test_a_catalogue_that_would_lose_a_message_is_refused(tmp_path, body, problem):
    path = tmp_path / "messages.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        read_catalogue(path)
