"""The case files in tests/cases/art-*.yaml, one per article, each case a sentence of the law.

A case gives `case` (as `regqa check` reads it) and `expect`; only the keys given are checked:
  status, provisions (exact, in order), measures (codes, in order), ban_until, follow_up (the facts
  asked, as a set), institution_consequences (codes), certificate (codes, or null), decided_by,
  escalated_from, deadlines ({key: due}), alternatives (provisions), notes_contain (substrings).
"""

from pathlib import Path

import pytest
import yaml

from corpus import load_corpus
from corpus import load_corpus as _load_corpus
from rules import assess, load_rulebook
from rules import load_rulebook as _load_rulebook

RULEBOOK = _load_rulebook(_load_corpus())

CASES_DIR = Path(__file__).parent / "cases"
EXPECT_KEYS = {
    "status", "provisions", "measures", "ban_until", "follow_up", "institution_consequences", "certificate",
    "decided_by", "escalated_from", "deadlines", "alternatives", "notes_contain", "assumptions_contain",
}


def _load():
    out = []
    for path in sorted(CASES_DIR.glob("art-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, c in enumerate(data["cases"]):
            out.append(pytest.param(path.name, data["article"], c, id=f"{path.stem}: {c['name']}"))
    return out


CASES = _load()


@pytest.mark.parametrize("file, article, spec", CASES)
def test_case(file, article, spec):
    assert set(spec) <= {"name", "case", "expect"}, f"{file}: unknown keys in case {spec['name']!r}"
    expect = spec["expect"]
    assert set(expect) <= EXPECT_KEYS, f"{file}: unknown expect keys {set(expect) - EXPECT_KEYS}"
    d = assess(spec["case"], RULEBOOK)
    got = {
        "status": d.status,
        "provisions": d.provisions,
        "measures": [m.code for m in d.measures],
        "ban_until": d.ban_until.isoformat() if d.ban_until else None,
        "follow_up": sorted(f.fact for f in d.follow_up),
        "institution_consequences": [c.code for c in d.institution_consequences],
        "certificate": [m.code for m in d.certificate.measures] if d.certificate else None,
        "decided_by": d.decided_by,
        "escalated_from": d.escalated_from,
        "deadlines": {k: v.due.isoformat() for k, v in d.deadlines.items()},
        "alternatives": [a.provision for a in d.alternatives],
    }
    for key, want in expect.items():
        if key in ("notes_contain", "assumptions_contain"):
            lines = d.notes if key == "notes_contain" else d.assumptions
            for piece in want:
                assert piece in "\n".join(map(str, lines)), f"{spec['name']}: {key} lacks {piece!r}: {lines}"
            continue
        if key == "follow_up":
            want = sorted(want)
        if key == "ban_until" and want is not None:
            want = str(want)
        if key == "deadlines":
            want = {k: str(v) for k, v in want.items()}
            assert {k: got[key].get(k) for k in want} == want, spec["name"]
            continue
        assert got[key] == want, f"{spec['name']}: {key} is {got[key]!r}, expected {want!r}\ntrace: {d.trace}"


def test_every_sanctioning_item_has_a_case():
    """One case file per article 6-24, and every item of articles 6-24 is the answer to some case."""
    rb = load_rulebook(load_corpus())
    files = {p.name for p in CASES_DIR.glob("art-*.yaml")}
    assert {f"art-{n:02d}.yaml" for n in range(6, 25)} <= files
    covered = {p for _, _, spec in (c.values for c in CASES) for p in spec["expect"].get("provisions", [])}
    missing = [label for label in rb.rules if label not in covered]
    assert not missing, f"items without a case: {missing}"
