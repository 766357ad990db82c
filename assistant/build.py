"""The one place that builds the objects: settings -> corpus -> rulebook -> what makes provisions
findable -> index -> retriever -> (optional chat model) -> Assistant, each passed down explicitly.

    assistant = create(Settings())                 # a CLI command, a test, a tool
    assistant = shared(Settings())                 # the app and `regqa` reuse one per settings

The index is built on first use; `progress` is told how far the build has come.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from corpus import Corpus, load_corpus
from retrieval import Index, Knowledge, Progress, Retriever, build_index, load_index
from rules import Rulebook, load_rulebook

from assistant import llm
from assistant.knowledge import gather
from assistant.pipeline import Assistant
from assistant.settings import Settings


def _stderr(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def knowledge() -> tuple[Corpus, Rulebook, dict[str, Knowledge], list[str]]:
    """The corpus, its rulebook, what makes each provision findable, and what could not be read."""
    corpus = load_corpus()
    rulebook = load_rulebook(corpus)
    notices: list[str] = []
    return corpus, rulebook, gather(corpus, rulebook, notices), notices


def index(settings: Settings, *, rebuild: bool = True, progress: Progress | None = None,
          say: Callable[[str], None] = _stderr) -> Index:
    """Build (or, with rebuild=False, reuse when current) the configured index: `regqa index`."""
    corpus, _, found, notices = knowledge()
    return build_index(settings.index_config(), corpus, found, progress=progress, rebuild=rebuild, say=say,
                       notices=notices)


def create(settings: Settings, *, progress: Progress | None = None, say: Callable[[str], None] = _stderr,
           chat_model=None, embeddings: tuple[object, str] | None = None) -> Assistant:
    """A new Assistant over the configured index (built first when missing or out of date).

    `embeddings` = (langchain Embeddings, model id) overrides the configured model (tests, tools).
    """
    corpus, rulebook, found, notices = knowledge()
    index = load_index(settings.index_config(), corpus, found, progress=progress, say=say,
                       embeddings=embeddings, notices=notices)
    llm_notice = None
    if chat_model is None and settings.llm_model:
        try:
            chat_model = llm.make_chat_model(settings)
        except llm.LLMUnavailable as exc:
            llm_notice = str(exc)
    return Assistant(corpus, rulebook, Retriever(index), settings, chat_model, llm_notice)


_shared: dict[str, Assistant] = {}
_shared_lock = threading.Lock()


def existing(settings: Settings) -> Assistant | None:
    """The shared Assistant for these settings if one was built already."""
    return _shared.get(settings.model_dump_json())


def shared(settings: Settings, **kwargs) -> Assistant:
    """One Assistant per settings in this process: the model, the index and BM25 stay warm
    between questions. Keyed by the settings themselves, so other settings get their own."""
    key = settings.model_dump_json()
    with _shared_lock:
        if key not in _shared:
            _shared[key] = create(settings, **kwargs)
        return _shared[key]
