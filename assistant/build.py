"""The one place that builds the objects: settings -> corpus -> rulebook -> what makes provisions
findable -> embedding model and its vector cache -> index -> retriever -> the understanding models
-> (optional chat model) -> Assistant, each passed down explicitly.

    assistant = create(Settings())                 # a CLI command, a test, a tool
    assistant = shared(Settings())                 # the app and `regqa` reuse one per settings

The index is built, and the models trained, on first use; `progress` is told how far they are.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant import decide, llm
from assistant.calibration import Calibration
from assistant.knowledge import asked_questions, gather
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.understand import Reader
from assistant.understand.examples import load_examples
from assistant.understand.models import fit, is_shipped, save_compact, save_person, save_several, train_several
from assistant.understand.person import train_person
from corpus import Corpus, load_corpus
from retrieval import Index, Knowledge, Progress, Retriever, build_index, load_index
from retrieval.asked import Asked
from retrieval.chunks import PROVISION, build_chunks
from retrieval.embeddings import embed_questions
from retrieval.index import embedding_model, vector_cache
from retrieval.vectors import DOCUMENT, QUERY, SHIPPED, key, write
from rules import Rulebook, load_rulebook


def _stderr(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


@dataclass(frozen=True)
class Sources:
    """What the assistant knows, read from the project's files: the corpus, its rulebook, the asked
    questions, what makes each provision findable, and what could not be read."""

    corpus: Corpus
    rulebook: Rulebook
    asked: dict[str, Asked]
    knowledge: dict[str, Knowledge]
    notices: list[str]


def sources() -> Sources:
    corpus = load_corpus()
    rulebook = load_rulebook(corpus)
    notices: list[str] = []
    asked = asked_questions(corpus, rulebook, notices)
    return Sources(corpus, rulebook, asked, gather(corpus, rulebook, asked), notices)


def index(settings: Settings, *, rebuild: bool = True, progress: Progress | None = None,
          say: Callable[[str], None] = _stderr) -> Index:
    """Build (or, with rebuild=False, reuse when current) the configured index: `regqa index`."""
    src = sources()
    return build_index(settings.index_config(), src.corpus, src.knowledge, progress=progress, rebuild=rebuild,
                       say=say, notices=list(src.notices))


def create(settings: Settings, *, progress: Progress | None = None, say: Callable[[str], None] = _stderr,
           chat_model=None, embeddings: tuple[object, str] | None = None) -> Assistant:
    """A new Assistant over the configured index (built first when missing or out of date).

    `embeddings` = (langchain Embeddings, model id) overrides the configured model (tests, tools).
    """
    src = sources()
    notices = list(src.notices)
    config = settings.index_config()
    model, model_id = embeddings or embedding_model(config, notices)
    cache = vector_cache(config, model_id)
    index = load_index(config, src.corpus, src.knowledge, progress=progress, say=say,
                       embeddings=(model, model_id), notices=notices, cache=cache)
    def vectors_of(texts: list[str]):
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress("embedding the training questions", done, len(texts))

        return cache.embed(QUERY, texts, lambda t: embed_questions(model, t), progress=step)

    reader = Reader.create(src.corpus, src.rulebook, src.asked, vectors_of if model is not None else None, model_id,
                           Path(settings.understanding_dir or Path(config.index_dir) / "understanding"), say)
    cache.save()
    calibration = Calibration.load()
    if calibration is not None and calibration.fingerprint != reader.models.fingerprint:
        # calibrated for other examples or another embedding model: still the best estimate there is
        # (an operator's matter, said at start-up, not a reader's: it does not change what is stated)
        say("note: the confidence calibration was made for other training questions or another embedding "
            "model (run `python -m eval.calibrate`); conclusions are stated on it all the same.")
    llm_notice = None
    if chat_model is None and settings.llm_model:
        try:
            chat_model = llm.make_chat_model(settings)
        except llm.LLMUnavailable as exc:
            llm_notice = str(exc)
    return Assistant(src.corpus, src.rulebook, Retriever(index), reader, settings, chat_model, llm_notice,
                     decide.Sureness(calibration))


SHIP_ROWS = 2400  # vectors per shipped file: ~1 MB each, under the repository's 2 MB a file


def ship(settings: Settings, say: Callable[[str], None] = _stderr) -> list[Path]:
    """Write the configured model's vectors of every provision, example and training question to
    retrieval/vectors/, and the understanding models trained on them to assistant/understand/shipped/,
    so that a fresh clone embeds and trains nothing (`regqa index --ship`, after the knowledge or the
    training questions change; then `python -m eval.calibrate`)."""
    src = sources()
    config = settings.index_config()
    notices: list[str] = []
    model, model_id = embedding_model(config, notices)
    if model is None:
        raise RuntimeError(f"no embedding model to ship vectors of: {' '.join(notices)}")
    cache = vector_cache(config, model_id)
    chunks = build_chunks(src.corpus, src.knowledge)
    wanted = [(DOCUMENT, c.text) for c in chunks if c.role == PROVISION]
    wanted += [(QUERY, c.text) for c in chunks if c.role != PROVISION]
    wanted += [(QUERY, e.text) for e in load_examples(src.corpus, src.rulebook, src.asked)]
    wanted = list(dict.fromkeys(wanted))
    rows = {}
    for side in (DOCUMENT, QUERY):
        texts = [t for s, t in wanted if s == side]
        compute = model.embed_documents if side == DOCUMENT else (lambda t: embed_questions(model, t))
        rows.update({key(side, t): v for t, v in zip(texts, cache.embed(side, texts, compute), strict=True)})
    cache.save()
    slug = "".join(ch if ch.isalnum() else "-" for ch in model_id).strip("-")[:80]
    for old in SHIPPED.glob(f"{slug}*.npz"):
        old.unlink()
    keys = sorted(rows)
    paths = []
    for n, start in enumerate(range(0, len(keys), SHIP_ROWS), 1):
        part = keys[start : start + SHIP_ROWS]
        path = SHIPPED / f"{slug}-{n}.npz"
        write(path, model_id, part, [rows[k] for k in part])
        paths.append(path)
    say(f"shipped {len(keys)} vectors of {model_id} in {len(paths)} files under {SHIPPED}")
    def vectors_of(texts):
        return cache.embed(QUERY, texts, lambda t: embed_questions(model, t))

    reader = Reader.create(src.corpus, src.rulebook, src.asked, vectors_of, model_id, None, say)
    models = reader.models
    if is_shipped(models.fingerprint):
        # shipped models from before the `several` or the person reader: the missing ones join them,
        # the others stay as calibrated, byte for byte (rewriting re-rounds their weights)
        paths += _join_readers(models, src, vectors_of, say)
    else:
        paths += save_compact(models)
    say(f"shipped the understanding models ({models.fingerprint})")
    return paths


def _join_readers(models, src: Sources, vectors_of, say) -> list[Path]:
    """Train the readers that shipped models lack from the same examples and save them beside."""
    if models.several is not None and models.person is not None:
        return []
    examples = load_examples(src.corpus, src.rulebook, src.asked)
    texts = [e.text for e in examples]
    x = models.featurizer(texts, vectors_of(texts))
    paths = []
    if models.several is None:
        say("Training the `several` reader.")
        models.several = train_several(examples, x)
        paths += save_several(models)
    if models.person is None:
        say("Training the person reader.")
        models.person = train_person(examples, x, models.featurizer, fit)
        paths += save_person(models)
    return paths


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
