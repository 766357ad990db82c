"""Ranks the regulation's provisions for a question: BM25 and dense retrieval fused, with small
steps for who the question is about. It is given what makes provisions findable (`Knowledge`) and
where the index lives (`IndexConfig`); it knows no rule engine and no assistant.

    index = load_index(IndexConfig(), corpus, knowledge)
    hits = Retriever(index).search("考生带智能手表进考场还用了")
"""

from retrieval.chunks import Knowledge
from retrieval.config import IndexConfig
from retrieval.index import Index, IndexError_, Progress, build_index, load_index
from retrieval.retriever import Hit, Params, Retriever

__all__ = ["Hit", "Index", "IndexConfig", "IndexError_", "Knowledge", "Params", "Progress", "Retriever",
           "build_index", "load_index"]
