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
