"""The regulation as data: source files, their parser, and label lookup."""

from corpus.labels import Citation, LabelRef, find_citations, parse_label
from corpus.model import Article, Chapter, Document, Provision
from corpus.parser import CorpusError
from corpus.store import Corpus, UnknownLabel, load_corpus

__all__ = [
    "Article", "Chapter", "Citation", "Corpus", "CorpusError", "Document", "LabelRef",
    "Provision", "UnknownLabel", "find_citations", "load_corpus", "parse_label",
]
