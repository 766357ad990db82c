"""Question -> ranked provisions: direct route, BM25 + dense (provisions, example questions)
fused by RRF, then small steps that lower what the question speaks against (retrieval/steps.py).
Retrieval ranks; it decides nothing (the rules' conditions are the assistant's decide step).

    r = Retriever(load_index(config, corpus, knowledge))
    hits = r.search("考生带智能手表进考场还用了", k=10)
    hits[0].label                         # '第七条第（一）项'
    r.notice                              # None, or why ranking is lexical-only

`as_langchain(k)` gives a langchain BaseRetriever returning Documents (page_content = the
provision's verbatim text with its lead-in; metadata: label, score, sources).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, replace

import numpy as np

from corpus import Provision
from corpus.text import detect_lang, fold
from retrieval import culpability, steps
from retrieval.chunks import PROVISION, Chunk
from retrieval.definitions import Definitions
from retrieval.expand import Expansion, expand
from retrieval.fusion import dedupe, rrf
from retrieval.index import Index
from retrieval.lexical import DEFAULT_TOKENIZER, LexicalIndex
from retrieval.route import route
from retrieval.script import to_simplified


DENSE_QUERY_CHARS = 512


@dataclass(frozen=True)
class Params:
    """Ranking knobs. Chosen on the even-id half of the public set, and since 2026-11-28 on the public
    set and eval/holdout.jsonl together (eval/holdout2.jsonl is reported, never used to choose)."""

    tokenizer: str = DEFAULT_TOKENIZER
    lexical: bool = True
    dense: bool = True
    expand: bool = True
    subject_boost: bool = True
    route: bool = True
    definitions: bool = True  # "X算不算工作人员" / "who counts as staff": the defining paragraph first
    w_cited: float = 0.5  # a provision cited as context ("第十一条所列行为") as one more ranked list
    expansion_weight: float = 0.5  # BM25 weight of the expansion terms against the question's own words
    cap_expansion: bool = True  # expansion terms never outweigh the question's own tokens
    dense_expanded: bool = False  # embed the question with its expansion terms appended
    w_lexical: float = 1.0
    w_dense: float = 0.5
    w_dense_examples: float = 0.35  # the question against the example questions, nearest per provision
    # English questions against the (mostly Chinese) example questions: "off", "raw" (measured: English
    # hit@1 0.80 without the list, 0.66 with it: e5-small ranks by language first), or "shifted" by the
    # difference of the two languages' centroids (Index.language_shift)
    examples_for_english: str = "shifted"
    rrf_k: int = 10
    depth: int = 60  # how deep each ranker's list goes into the fusion
    # Subject routing, in RRF units of 1/(k+1). A flat boost for the question's subject measured
    # worse than a penalty for the subjects it does not name (eval/ablation.py).
    penalty_other: float = 0.5  # provisions about a subject the question does not name
    penalty_witness: float = 0.5  # provisions about a subject named only as the one who caught someone
    penalty_culpability: float = 0.5  # provisions of the other state of mind (retrieval/culpability.py)
    penalty_general: float = 1.0  # sanction provisions, when the question asks who/whether/what/how
    keep_parents: bool = False  # rank whole articles that have items/paragraphs (worse at item level)


def _unit(v: np.ndarray) -> list[float]:
    n = float(np.linalg.norm(v))
    return (v / n).tolist() if n else v.tolist()


@dataclass(frozen=True)
class Hit:
    """One ranked provision and how it got there."""

    label: str
    score: float
    provision: Provision
    subject: str | None = None  # whose conduct the provision sanctions, if any
    lexical_rank: int | None = None  # 1-based rank in each ranker's list, None when absent from it
    dense_rank: int | None = None
    examples_rank: int | None = None  # by the nearest example question
    cited_rank: int | None = None  # cited as context ("第十一条所列行为")
    route: bool = False  # the question names this provision
    definition: bool = False  # the paragraph defining a term the question asks about

    @property
    def article_label(self) -> str:
        return self.provision.article_label

    @property
    def article(self) -> int:
        return self.provision.article


_RANKS = {"lexical": "lexical_rank", "dense": "dense_rank", "dense_examples": "examples_rank", "cited": "cited_rank"}


class Retriever:
    """Ranks provisions for a question. Thread-safe for search; build once, search many times."""

    def __init__(self, index: Index, params: Params | None = None):
        self.index = index
        self.params = params or Params()
        self.corpus = index.corpus
        self.chunks: list[Chunk] = index.chunks
        self._provisions = self.corpus.by_id()
        self._chunk_of = {c.id: c for c in self.chunks}
        self._definitions = Definitions(self.corpus)
        self._culpability = {pid: culpability.of_provision(fold(prov.text)) for pid, prov in self._provisions.items()}
        self._n_provisions = sum(1 for c in self.chunks if c.role == PROVISION)
        self._n_examples = len(self.chunks) - self._n_provisions
        self._lexicon: dict[str, LexicalIndex] = {}
        self._lock = threading.Lock()

    # ---- construction ----
    def with_params(self, **changes) -> Retriever:
        """The same index with other ranking knobs (for baselines and ablations)."""
        r = Retriever(self.index, replace(self.params, **changes))
        r._lexicon = self._lexicon  # noqa: SLF001 - BM25 indexes are per tokenizer, shareable
        return r

    @property
    def notice(self) -> str | None:
        return self.index.notice

    @property
    def dense_available(self) -> bool:
        return self.index.dense

    def lexicon(self) -> LexicalIndex:
        tok = self.params.tokenizer
        with self._lock:
            if tok not in self._lexicon:
                self._lexicon[tok] = LexicalIndex([c.lexical_text for c in self.chunks], tokenizer=tok)
            return self._lexicon[tok]

    # ---- ranking ----
    def _label_key(self, chunk: Chunk) -> str:
        return chunk.id.split("#", 1)[0]

    def lexical_ranking(self, question: str, exp: Expansion) -> list[str]:
        p = self.params
        extra = exp.terms if p.expand else ()
        hits = self.lexicon().rank(question, extra, p.expansion_weight, n=p.depth * 3, cap_extra=p.cap_expansion)
        return dedupe(self._label_key(self.chunks[i]) for i, _ in hits)[: p.depth]

    def embed(self, question: str) -> list[float] | None:
        """The question's vector (e5's query side), or None without a model. The assistant embeds a
        question once and passes the vector to `search` and to its own models."""
        if self.index.embeddings is None:
            return None
        # e5 reads 512 tokens at most; cutting first keeps a 2,000-character question from costing
        # seconds in tokenisation for words the model would drop anyway
        return self.index.embeddings.embed_query(to_simplified(question)[:DENSE_QUERY_CHARS])

    def dense_rankings(self, question: str, exp: Expansion, vector=None) -> tuple[list[str], list[str]]:
        """Provisions ranked by their own text, and by their example questions (best example per
        provision), for one embedding of the question."""
        p = self.params
        if not self.index.ready():  # no store, or a Chroma server that has not come back yet
            return [], []
        if p.expand and p.dense_expanded and exp.terms:
            vec = self.index.embeddings.embed_query(f"{question} {exp.text()}"[:DENSE_QUERY_CHARS])
        else:
            vec = vector if vector is not None else self.embed(question)
        k = min(p.depth * 2, self._n_provisions)
        ids = self.index.nearest_provisions(vec, k)
        if ids is None:  # a Chroma server: asked each time; [] with a notice when it fails
            ids = [d.id for d, _ in self.index.dense_search(vec, k=k)]
        provisions = dedupe(i.split("#", 1)[0] for i in ids)[: p.depth]
        examples: list[str] = []
        mode = "raw" if detect_lang(question) == "zh" else p.examples_for_english
        if p.w_dense_examples and self._n_examples and mode != "off":
            qvec = vec
            if mode == "shifted":
                shift = self.index.language_shift("en", "zh")
                qvec = None if shift is None else _unit(np.asarray(vec, dtype=np.float32) + shift)
            if qvec is not None:
                ids = self.index.nearest_examples(qvec, k=min(p.depth * 4, self._n_examples))
                examples = dedupe(i.split("#", 1)[0] for i in ids)[: p.depth]
        return provisions, examples

    def rankings(self, question: str, exp: Expansion, routed, vector=None) -> dict[str, list[str]]:
        """Each ranker's list of provision ids, best first; fused by RRF with `weights()`."""
        p = self.params
        lists: dict[str, list[str]] = {}
        if p.lexical:
            lists["lexical"] = self.lexical_ranking(question, exp)
        if p.dense:
            lists["dense"], lists["dense_examples"] = self.dense_rankings(question, exp, vector)
        if any(not r.topic for r in routed):  # cited as context: evidence, not the answer
            lists["cited"] = [r.provision.id for r in routed if not r.topic]
        return lists

    def weights(self) -> dict[str, float]:
        p = self.params
        return {"lexical": p.w_lexical, "dense": p.w_dense, "dense_examples": p.w_dense_examples, "cited": p.w_cited}

    def search(self, question: str, k: int = 10, vector=None) -> list[Hit]:
        """The k best provisions, best first. Provisions the question names come first.
        `vector`: the question's embedding when the caller has it (Retriever.embed)."""
        p = self.params
        question = to_simplified(question)
        q = steps.Query.of(question)
        if not p.subject_boost:
            q = replace(q, witnesses=(), asks_general=False, subjects=q.subjects)
        # a witness's or victim's own vocabulary ("监考" -> 考场秩序) is not the conduct asked about
        exp = expand(question, [s for s in q.subjects if s not in q.witnesses]) if p.expand else Expansion()
        routed = route(question, self.corpus) if p.route else []
        lists = self.rankings(question, exp, routed, vector)
        scores = rrf(lists, self.weights(), k=p.rrf_k)
        unit = 1.0 / (p.rrf_k + 1)
        chunk_of = self._chunk_of
        if scores:
            if p.subject_boost:
                steps.general_questions(scores, q, chunk_of, p.penalty_general * unit)
                steps.other_subjects(scores, q, chunk_of, p.penalty_other * unit)
            if p.penalty_witness:
                steps.witnesses(scores, q, chunk_of, p.penalty_witness * unit)
            if p.penalty_culpability:
                steps.other_culpability(scores, q, chunk_of, p.penalty_culpability * unit, self._culpability)
            if not p.keep_parents:
                steps.leaves_only(scores, chunk_of)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        ranks = {name: {pid: r for r, pid in enumerate(lst, 1)} for name, lst in lists.items()}
        hits: list[Hit] = []
        top = (ranked[0][1] if ranked else 0.0) + 1.0
        for n, prov in enumerate(r.provision for r in routed if r.topic):
            hits.append(Hit(prov.label, top - n * 1e-3, prov, route=True))
        for prov in self._definitions.asked(question) if p.definitions else []:
            if all(h.provision.id != prov.id for h in hits):
                hits.append(Hit(prov.label, top - len(hits) * 1e-3, prov, definition=True))
        seen = {h.provision.id for h in hits}
        for pid, score in ranked:
            if len(hits) >= k:
                break
            if pid in seen:
                continue
            prov = self._provisions[pid]
            found = {_RANKS[name]: r[pid] for name, r in ranks.items() if pid in r}
            hits.append(Hit(prov.label, round(score, 6), prov, chunk_of[pid].subject, **found))
        return hits[:k]

    def as_langchain(self, k: int = 5):
        """A langchain BaseRetriever over this retriever."""
        return _langchain_retriever_class()(retriever=self, k=k)


@functools.lru_cache(maxsize=1)
def _langchain_retriever_class():
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

    class LangchainRetriever(BaseRetriever):
        """langchain adapter: Documents for provisions, best first."""

        model_config = ConfigDict(arbitrary_types_allowed=True)
        retriever: Retriever
        k: int = 5

        def _get_relevant_documents(
            self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None
        ) -> list[Document]:
            return [
                Document(
                    page_content=h.provision.full_text,
                    id=h.provision.id,
                    metadata={
                        "label": h.label,
                        "article": h.article_label,
                        "document": h.provision.document,
                        "chapter": h.provision.chapter,
                        "score": h.score,
                        "subject": h.subject,
                        "ranks": {"lexical": h.lexical_rank, "dense": h.dense_rank, "examples": h.examples_rank},
                        "route": h.route,
                    },
                )
                for h in self.retriever.search(query, k=self.k)
            ]

    return LangchainRetriever


def __getattr__(name: str):
    if name == "LangchainRetriever":  # built on first use: langchain_core's import is not free
        return _langchain_retriever_class()
    raise AttributeError(name)
