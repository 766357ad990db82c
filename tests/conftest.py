"""Shared fixtures: the corpus and rulebook (built once a session, passed explicitly), and the
Assistant over the shared test index."""

import pytest

from corpus import load_corpus
from rules import load_rulebook


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def doc(corpus):
    return corpus.default


@pytest.fixture(scope="session")
def rulebook(corpus):
    return load_rulebook(corpus)


@pytest.fixture(scope="session")
def assistant():
    """The assistant over the test session's shared index (built once, offline)."""
    from tests.helpers import shared_assistant

    return shared_assistant()


# Each folder is a kind of test, marked so that a subset runs alone (`pytest -m "unit or law"`).
KINDS = ("unit", "law", "integration", "e2e", "load")


def pytest_collection_modifyitems(config, items):
    for item in items:
        kind = next((k for k in KINDS if f"/tests/{k}/" in str(item.path)), None)
        if kind:
            item.add_marker(getattr(pytest.mark, kind))
