"""The rulebook loads only when it agrees with the corpus; otherwise it fails naming file and entry."""

import shutil
from pathlib import Path

import pytest

from corpus import load_corpus
from rules import RuleError, load_rulebook
from rules.loader import RULEBOOK_DIR


@pytest.fixture
def book(tmp_path) -> Path:
    """A private copy of rules/rulebook/ to break."""
    target = tmp_path / "rulebook"
    shutil.copytree(RULEBOOK_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_packaged_rulebook_loads_and_accounts_for_every_article():
    rb = load_rulebook(load_corpus())
    assert sorted(rb.articles) == list(range(1, 37))
    assert len(rb.rules) == 111  # every item of arts 6-9, 11-23, plus 第二十四条第二款
    assert "第二十一条第（五）项" not in rb.rules  # the published text skips it; never renumbered


def test_every_article_is_accounted_for_with_a_role(corpus):
    """Articles 1-5 and 35-36 are purpose, scope, definitions, authorities, principles, final."""
    rb = load_rulebook(load_corpus())
    roles = {n: rb.articles[n].role for n in rb.articles}
    assert [roles[n] for n in (1, 2, 3, 4, 5)] == ["purpose", "scope", "definitions", "authorities", "principles"]
    assert roles[35] == roles[36] == "final"
    assert {roles[n] for n in range(6, 10)} == {"sanctions"} and roles[10] == "certificates"
    assert {roles[n] for n in range(25, 34)} == {"procedure"} and roles[34] == "referral"


@pytest.mark.parametrize(
    "file, old, new, names",
    [
        pytest.param(
            "art-07.yaml", "quote: （二）抄袭或协助他人抄袭", "quote: （二）抄袭或帮助他人抄袭",
            ["art-07.yaml", "第七条第（二）项", "not verbatim"], id="an item quote not in the corpus",
        ),
        pytest.param(
            "art-08.yaml", "lead_in_quote: 参评人员有下列行为之一的,取消其当次全部科目评价成绩,",
            "lead_in_quote: 参评人员有下列行为之一的，取消其当次全部科目评价成绩，",
            ["art-08.yaml", "第八条", "lead_in_quote", "half-width"], id="full-width commas where the source has half-width",
        ),
        pytest.param(
            "art-09.yaml", "label: 第九条第（三）项", "label: 第九条第（八）项",
            ["art-09.yaml", "第九条第（八）项", "names no provision"], id="a label that names no provision",
        ),
        pytest.param(
            "art-21.yaml", "label: 第二十一条第（六）项", "label: 第二十一条第（五）项",
            ["art-21.yaml", "第二十一条第（五）项", "skips item"], id="item 21(5), which the published text skips",
        ),
        pytest.param(
            "art-07.yaml", "measures: [cancel_all_scores, ban_rest_of_year]", "measures: [cancel_all_scores, ban_2_years]",
            ["art-07.yaml", "第七条", "ban_2_years", "not imposed by the quote"], id="a measure the quote does not impose",
        ),
        pytest.param(
            "art-11.yaml", "measures: [talk_reminder, order_correction]", "measures: [talk_reminder, scold]",
            ["art-11.yaml", "第十一条", "unknown measure code 'scold'"], id="an unknown measure code",
        ),
        pytest.param(
            "art-12.yaml", "    role: sanctions\n", "    role: sanctions\n    severity: high\n",
            ["art-12.yaml", "第十二条", "severity", "Extra inputs are not permitted"], id="an unknown key (extra=forbid)",
        ),
        pytest.param(
            "art-13.yaml", "label: 第十三条\n", "label: 第十四条\n",
            ["art-13.yaml", "第十四条", "is not article 13"], id="an article label that is another article",
        ),
        pytest.param(
            "chapter-5.yaml", "quote: 经复核后，评价机构", "quote: 经复核后,评价机构",
            ["chapter-5.yaml", "第二十九条", "procedure"], id="a procedure quote not in the corpus",
        ),
        pytest.param(
            "art-12.yaml", "from_articles: [11]", "from_articles: [14]",
            ["art-12.yaml", "第十二条第（一）项", "escalation", "quality_supervisor"], id="escalation from another subject's article",
        ),
    ],
)
def test_a_broken_rulebook_fails_naming_file_and_entry(book, file, old, new, names):
    edit(book / file, old, new)
    with pytest.raises(RuleError) as exc:
        load_rulebook(load_corpus(), directory=book)
    for piece in names:
        assert piece in str(exc.value)


def test_a_rule_with_fewer_than_three_examples_fails_naming_it(book):
    path = book / "art-08.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("examples:", text.index("label: 第八条第（三）项"))
    first = text.index("\n          - ", start)
    third = text.index("\n          - ", text.index("\n          - ", first + 1) + 1)
    end = text.find("\n      - label:", third)
    # keep the first two examples, drop the rest of the list (however long it has grown)
    path.write_text(text[:third] + "\n" + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rulebook(load_corpus(), directory=book)
    for piece in ("art-08.yaml", "第八条第（三）项", "examples", "at least 3"):
        assert piece in str(exc.value)


def test_a_missing_article_fails_naming_it(book):
    (book / "chapter-6.yaml").unlink()
    with pytest.raises(RuleError, match="第三十五条.*not accounted for"):
        load_rulebook(load_corpus(), directory=book)


def test_an_item_without_a_rule_fails_naming_it(book):
    path = book / "art-08.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - label: 第八条第（三）项")
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rulebook(load_corpus(), directory=book)
    assert "art-08.yaml" in str(exc.value) and "第八条第（三）项 has no rule record" in str(exc.value)


def test_an_article_in_two_files_fails_naming_both(book):
    shutil.copy(book / "art-07.yaml", book / "art-07-copy.yaml")
    with pytest.raises(RuleError) as exc:
        load_rulebook(load_corpus(), directory=book)
    assert "art-07-copy.yaml" in str(exc.value) and "already accounted for" in str(exc.value)


def test_invalid_yaml_fails_naming_the_file(book):
    (book / "art-10.yaml").write_text("articles: [\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"art-10\.yaml.*not valid YAML"):
        load_rulebook(load_corpus(), directory=book)


def test_a_valid_copy_loads(book):
    assert len(load_rulebook(load_corpus(), directory=book).rules) == 111
