import pytest

from corpus import load_corpus


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def doc(corpus):
    return corpus.default


@pytest.fixture(scope="session")
def assistant():
    """The assistant over the test session's shared index (built once, offline)."""
    from assistant.pipeline import Assistant
    from retrieval.testing import settings_for, shared_default_retriever
    from rules import load_rulebook

    retriever = shared_default_retriever()
    return Assistant(load_corpus(), load_rulebook(), retriever, settings_for(retriever.index_dir))
