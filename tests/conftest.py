"""Shared fixtures: the corpus and rulebook (built once a session, passed explicitly), and the
Assistant over the shared test index."""

import os
import shutil
import tempfile

import pytest
from hypothesis import settings

from corpus import load_corpus
from rules import load_rulebook


# Property tests check what holds, not how fast: on a shared 2-core machine one example may take
# longer than Hypothesis's default 200 ms deadline, which would fail a correct property.
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")


# Every first start with the test embedding trains the understanding models (about two minutes on
# 2 cores). One folder for the whole run, made by the first process (the xdist controller, before it
# starts the workers) and inherited by the workers and every process a test starts: the models are
# trained once under its file lock and loaded everywhere else, instead of once per process.
_MADE_HERE = "REGQA_UNDERSTANDING_DIR" not in os.environ


def pytest_configure(config):
    if _MADE_HERE and "REGQA_UNDERSTANDING_DIR" not in os.environ:
        os.environ["REGQA_UNDERSTANDING_DIR"] = tempfile.mkdtemp(prefix="regqa-test-understanding-")


def pytest_unconfigure(config):
    if _MADE_HERE and not hasattr(config, "workerinput"):  # the process that made it removes it
        shutil.rmtree(os.environ.pop("REGQA_UNDERSTANDING_DIR", ""), ignore_errors=True)


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
