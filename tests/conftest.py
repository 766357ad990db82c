import pytest

from corpus import load_corpus


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def doc(corpus):
    return corpus.default
